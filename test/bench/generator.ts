/**
 * Generator benchmark: a synthetic org (default 100 modules × 200 fields, with picklists, lookups,
 * multi-lookups and subforms — test/bench/synthetic-org.ts), written to a snapshot file, then:
 *   generation   readSnapshot → loadSpec → buildOrgModel → generateClient (augment, openapi-typescript,
 *                ts-morph, prettier, write) into a temp dir — wall time, process CPU time, peak RSS
 *   type-check   node_modules/.bin/tsc -p <out>/tsconfig.json --noEmit (peak RSS from getrusage)
 *   baseline     openapi-typescript alone on the same augmented document (openapiTS + astToString),
 *                measured in the same run; the ratio generation / baseline
 *   breakdown    (when a target is missed, or --breakdown) the same work split by stage
 * Each measurement runs in its own child process (cold heap, its own peak RSS).
 *
 *   npx tsx test/bench/generator.ts [--modules 100] [--fields 200] [--repeats 1] [--breakdown auto|always|never] [--keep]
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { serializeSnapshot } from '../../generator/metadata/snapshot.ts';
import type { RunResult } from './generator-run.ts';
import { mb, seconds, summarize, table } from './stats.ts';
import { syntheticSnapshot } from './synthetic-org.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const RUNNER = fileURLToPath(new URL('./generator-run.ts', import.meta.url));

export const GENERATOR_TARGETS = { generationMs: 10_000, generationRssBytes: 1024 ** 3, typecheckMs: 15_000, ratio: 3 } as const;

export interface GeneratorOptions {
  modules: number;
  fields: number;
  repeats: number;
  breakdown: 'auto' | 'always' | 'never';
  keep: boolean;
}

export interface GeneratorReport {
  full: RunResult[];
  baseline: RunResult[];
  typecheck: TypecheckResult;
  /** The same check with --declaration false: what the declaration-diagnostics pass costs. */
  typecheckNoDeclaration: TypecheckResult;
  breakdown?: RunResult;
  outputBytes: { file: string; chars: number }[];
  text: string;
}

interface ChildOutcome {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

function runChild(command: string, args: readonly string[], cwd: string): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr, ms: performance.now() - t0 }));
  });
}

async function generatorRun(mode: string, snapshotFile: string, outDir: string): Promise<RunResult> {
  const r = await runChild(process.execPath, ['--import', 'tsx', RUNNER, mode, snapshotFile, outDir], REPO);
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.code !== 0 || !line.startsWith('{')) {
    throw new Error(`generator-run ${mode} failed (exit ${r.code}):\n${r.stderr.split('\n').filter((l) => !l.includes('nodedir')).slice(-20).join('\n')}`);
  }
  return JSON.parse(line) as RunResult;
}

export interface TypecheckResult {
  ms: number;
  cpuMs: number;
  maxRssBytes: number;
  exitCode: number;
  errors: string[];
  /** From --extendedDiagnostics: Parse/Bind/Check/transformTime… in seconds. */
  phases: [string, number][];
}

/**
 * tsc in a child process, with --extendedDiagnostics for its phase times; its peak RSS and CPU from
 * getrusage inside that process. The generated tsconfig has `declaration: true`, and then even
 * --noEmit runs the declaration transform to report declaration errors (tsc's "transformTime").
 */
async function typecheck(outDir: string, extra: readonly string[] = []): Promise<TypecheckResult> {
  // A wrapper so the peak RSS is tsc's own: node -e runs tsc's entry in-process and prints ru_maxrss.
  const script = [
    `process.argv = [process.argv[0], ${JSON.stringify(join(REPO, 'node_modules', 'typescript', 'lib', 'tsc.js'))}, '-p', ${JSON.stringify(join(outDir, 'tsconfig.json'))}, '--noEmit', '--extendedDiagnostics', ...${JSON.stringify(extra)}];`,
    `process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write('\\nZCRM_BENCH_MAXRSS=' + u.maxRSS * 1024 + ' CPU_MS=' + (u.userCPUTime + u.systemCPUTime) / 1000 + '\\n'); });`,
    `require(process.argv[1]);`,
  ].join('\n');
  const r = await runChild(process.execPath, ['-e', script], outDir);
  const match = /ZCRM_BENCH_MAXRSS=(\d+) CPU_MS=([\d.]+)/.exec(r.stderr);
  const errors = r.stdout
    .split('\n')
    .filter((l) => /error TS\d+/.test(l))
    .slice(0, 10);
  const phases = [...r.stdout.matchAll(/^(Parse time|Bind time|Check time|transformTime time|Total time):\s+([\d.]+)s$/gm)].map(
    (m): [string, number] => [(m[1] ?? '').replace(/ time$/, ''), Number(m[2])],
  );
  return {
    ms: r.ms,
    cpuMs: match?.[2] !== undefined ? Number(match[2]) : Number.NaN,
    maxRssBytes: match?.[1] !== undefined ? Number(match[1]) : Number.NaN,
    exitCode: r.code,
    errors,
    phases,
  };
}

function stageTable(run: RunResult): string {
  const cpu = new Map(run.stageCpu ?? []);
  const totalCpu = [...cpu.values()].reduce((n, ms) => n + ms, 0);
  return table([
    ['stage', 'wall', 'CPU (all threads)', '% of CPU'],
    ...run.stages.map(([name, ms]) => {
      const c = cpu.get(name) ?? Number.NaN;
      return [name, seconds(ms), seconds(c), `${((100 * c) / totalCpu).toFixed(1)}%`];
    }),
  ]);
}

function render(report: Omit<GeneratorReport, 'text'>, options: GeneratorOptions): string {
  const full = summarize(report.full.map((r) => r.totalMs));
  const fullCpu = summarize(report.full.map((r) => r.cpuMs));
  const rss = Math.max(...report.full.map((r) => r.maxRssBytes));
  const base = summarize(report.baseline.map((r) => r.totalMs));
  const baseCpu = summarize(report.baseline.map((r) => r.cpuMs));
  const ratio = full.median / base.median;
  const t = GENERATOR_TARGETS;
  const ok = (pass: boolean): string => (pass ? 'ok' : 'MISS');
  const lines: string[] = [];
  lines.push(`Generator — synthetic org ${options.modules} modules × ${options.fields} fields, ${options.repeats} run(s) each, every run in a fresh child process`);
  const range = (s: ReturnType<typeof summarize>): string => (s.runs > 1 ? ` (range ${seconds(s.min)}–${seconds(s.max)})` : '');
  lines.push(
    table([
      ['figure', 'measured', 'target', 'verdict'],
      ['generation, wall (median)', `${seconds(full.median)}${range(full)}`, `< ${seconds(t.generationMs)}`, ok(full.median < t.generationMs)],
      ['generation, process CPU (all threads)', seconds(fullCpu.median), '', ''],
      ['generation, peak RSS', mb(rss), `< ${mb(t.generationRssBytes)}`, ok(rss < t.generationRssBytes)],
      [
        'tsc --noEmit of the output',
        `${seconds(report.typecheck.ms)} wall, ${seconds(report.typecheck.cpuMs)} CPU, ${mb(report.typecheck.maxRssBytes)}${report.typecheck.exitCode === 0 ? '' : `, exit ${report.typecheck.exitCode}`}`,
        `< ${seconds(t.typecheckMs)}`,
        report.typecheck.exitCode === 0 ? ok(report.typecheck.ms < t.typecheckMs) : 'ERRORS',
      ],
      [
        'tsc --noEmit --declaration false',
        `${seconds(report.typecheckNoDeclaration.ms)} wall, ${seconds(report.typecheckNoDeclaration.cpuMs)} CPU, ${mb(report.typecheckNoDeclaration.maxRssBytes)}`,
        '',
        '',
      ],
      ['openapi-typescript alone, wall (median)', `${seconds(base.median)}${range(base)}`, '', ''],
      ['openapi-typescript alone, process CPU', seconds(baseCpu.median), '', ''],
      ['ratio generation / openapi-typescript (wall)', ratio.toFixed(2), `≤ ${t.ratio}`, ok(ratio <= t.ratio)],
      ['ratio generation / openapi-typescript (CPU)', (fullCpu.median / baseCpu.median).toFixed(2), '', ''],
    ]),
  );
  lines.push(`output: ${report.outputBytes.map((o) => `${o.file} ${(o.chars / 1e6).toFixed(1)} MB`).join(', ')}`);
  const first = report.full[0];
  if (first !== undefined) {
    lines.push('');
    lines.push('generation (CLI path), by call:');
    lines.push(stageTable(first));
  }
  const phases = (t: TypecheckResult): string => t.phases.map(([name, sec]) => `${name} ${sec.toFixed(2)} s`).join(', ');
  lines.push('');
  lines.push(`tsc phases (--extendedDiagnostics; "Total" leaves out transformTime): ${phases(report.typecheck)}`);
  lines.push(`  with --declaration false: ${phases(report.typecheckNoDeclaration)}`);
  if (report.typecheck.errors.length > 0) {
    lines.push('');
    lines.push('tsc errors in the generated output (first 10):');
    lines.push(...report.typecheck.errors);
  }
  if (report.breakdown !== undefined) {
    lines.push('');
    lines.push(
      `breakdown (the same work, stage by stage, one process — ${seconds(report.breakdown.totalMs)} wall, ${seconds(report.breakdown.cpuMs)} CPU, peak ${mb(report.breakdown.maxRssBytes)}):`,
    );
    lines.push(stageTable(report.breakdown));
  }
  return lines.join('\n');
}

export async function runGeneratorBench(options: GeneratorOptions): Promise<GeneratorReport> {
  const dir = await mkdtemp(join(tmpdir(), 'zcrm-bench-gen-'));
  try {
    // The output must resolve undici and @types/node like a real project: node_modules beside it.
    await symlink(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const snapshotFile = join(dir, 'snapshot.json');
    await writeFile(snapshotFile, serializeSnapshot(syntheticSnapshot({ modules: options.modules, fieldsPerModule: options.fields, seed: 1 })));
    const full: RunResult[] = [];
    const baseline: RunResult[] = [];
    const outDir = join(dir, 'client');
    for (let i = 0; i < options.repeats; i++) {
      // Alternate, so slow spells on a shared machine hit both.
      await rm(outDir, { recursive: true, force: true });
      await mkdir(outDir, { recursive: true });
      full.push(await generatorRun('full', snapshotFile, outDir));
      baseline.push(await generatorRun('openapi-ts', snapshotFile, join(dir, 'unused')));
    }
    const tc = await typecheck(outDir);
    const tcNoDecl = await typecheck(outDir, ['--declaration', 'false']);
    const outputBytes = await Promise.all(
      ['types.ts', 'openapi.json', 'client.ts'].map(async (file) => ({ file, chars: (await stat(join(outDir, file)).catch(() => ({ size: 0 }))).size })),
    );
    const fullMedian = summarize(full.map((r) => r.totalMs)).median;
    const missed =
      fullMedian >= GENERATOR_TARGETS.generationMs ||
      Math.max(...full.map((r) => r.maxRssBytes)) >= GENERATOR_TARGETS.generationRssBytes ||
      fullMedian / summarize(baseline.map((r) => r.totalMs)).median > GENERATOR_TARGETS.ratio;
    let breakdown: RunResult | undefined;
    if (options.breakdown === 'always' || (options.breakdown === 'auto' && missed)) {
      breakdown = await generatorRun('breakdown', snapshotFile, join(dir, 'breakdown'));
    }
    const partial = { full, baseline, typecheck: tc, typecheckNoDeclaration: tcNoDecl, outputBytes, ...(breakdown !== undefined ? { breakdown } : {}) };
    return { ...partial, text: render(partial, options) };
  } finally {
    if (options.keep) process.stderr.write(`generator bench: kept ${dir}\n`);
    else await rm(dir, { recursive: true, force: true });
  }
}

export function parseGeneratorArgs(argv: readonly string[]): GeneratorOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      modules: { type: 'string', default: '100' },
      fields: { type: 'string', default: '200' },
      repeats: { type: 'string', default: '1' },
      breakdown: { type: 'string', default: 'auto' },
      keep: { type: 'boolean', default: false },
    },
    strict: false,
    allowPositionals: true,
  });
  const int = (name: string, v: unknown): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${String(v)}`);
    return n;
  };
  const breakdown = String(values.breakdown);
  if (breakdown !== 'auto' && breakdown !== 'always' && breakdown !== 'never') throw new Error(`--breakdown must be auto, always or never, got ${breakdown}`);
  return {
    modules: int('modules', values.modules),
    fields: int('fields', values.fields),
    repeats: int('repeats', values.repeats),
    breakdown,
    keep: values.keep === true,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runGeneratorBench(parseGeneratorArgs(process.argv.slice(2)))
    .then((report) => process.stdout.write(`${report.text}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`generator bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
}
