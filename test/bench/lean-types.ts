/**
 * What the generated types cost the people who use them (issue "Lean types"), on the frozen synthetic
 * orgs (synthetic-org.ts: 100 modules × 200 fields, and 120 × 40), every figure beside its baseline
 * measured in the same run:
 *   size         bytes of generated type text per field of the snapshot (everything emitted for the org:
 *                .d.ts, .js and .ts outside runtime/; the org-independent runtime is counted once, apart)
 *   consumer tsc a five-line script (strict, skipLibCheck, NodeNext) that imports the client and lists one
 *                module with `fields`, against the same script with a local stand-in instead of the client
 *   completion   the TypeScript language service answering a completion inside `fields: ['`: opening the
 *                project (process start, TypeScript loaded, first answer), the first request alone, and
 *                after an edit, against the same request in the stand-in script (same entries offered)
 *   generation   in-process (cold child process) and through the CLI as users run it, with the cost of
 *                loading the generator's modules printed beside it; peak RSS
 *   folder tsc   tsc over the whole generated folder with its own tsconfig, against an empty project with
 *                the same tsconfig
 * With --before DIR (a folder holding client-<modules>x<fields>/ made by an older generator), the consumer
 * and completion figures are measured for that client too, in the same run.
 *
 *   npx tsx test/bench/lean-types.ts [--orgs 100x200,120x40] [--runs 3] [--before DIR] [--keep]
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { serializeSnapshot } from '../../generator/metadata/snapshot.ts';
import type { RunResult } from './generator-run.ts';
import { summarize, table } from './stats.ts';
import { syntheticSnapshot } from './synthetic-org.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TSC = join(REPO, 'node_modules/typescript/bin/tsc');
const TSX = join(REPO, 'node_modules/tsx/dist/cli.mjs');

export const LEAN_TARGETS = { bytesPerField: 500, consumerTsc: 1.5, completionCold: 1.3, completionEdit: 1.5, generationBeyondDepsMs: 3000, generationRss: 400 * 1024 ** 2, folderTsc: 1.5 };

export interface LeanOptions {
  orgs: { modules: number; fields: number }[];
  runs: number;
  before?: string;
  keep: boolean;
}

export function parseLeanArgs(argv: readonly string[]): LeanOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: { orgs: { type: 'string' }, runs: { type: 'string' }, before: { type: 'string' }, keep: { type: 'boolean' } },
    strict: true,
  });
  const orgs = (values.orgs ?? '100x200,120x40').split(',').map((o) => {
    const [m, f] = o.split('x').map(Number);
    if (!Number.isInteger(m) || !Number.isInteger(f)) throw new Error(`--orgs: ${o} is not MODULESxFIELDS`);
    return { modules: m as number, fields: f as number };
  });
  return { orgs, runs: Number(values.runs ?? 3), ...(values.before === undefined ? {} : { before: values.before }), keep: values.keep === true };
}

interface Timed {
  ms: number;
  stdout: string;
  code: number;
}

function run(command: string, args: readonly string[], cwd: string): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0 && !args.includes('--noEmit')) reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${stderr.slice(-2000)}`));
      else resolve({ ms: performance.now() - t0, stdout, code: code ?? -1 });
    });
  });
}

/** Runs `a` and `b` alternately `runs` times (A B, B A, …) and returns both lists of wall times. */
async function paired(runs: number, a: () => Promise<number>, b: () => Promise<number>): Promise<[number[], number[]]> {
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      as.push(await a());
      bs.push(await b());
    } else {
      bs.push(await b());
      as.push(await a());
    }
  }
  return [as, bs];
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules') out.push(...(await filesUnder(full)));
    else if (e.isFile()) out.push(full);
  }
  return out;
}

/** Bytes of type text outside runtime/, and of runtime/ (counted once, org-independent). */
async function typeBytes(clientDir: string): Promise<{ org: number; runtime: number }> {
  let org = 0;
  let runtime = 0;
  for (const file of await filesUnder(clientDir)) {
    if (!/\.(d\.ts|ts|js)$/.test(file)) continue;
    const size = (await stat(file)).size;
    if (relative(clientDir, file).startsWith('runtime')) runtime += size;
    else org += size;
  }
  return { org, runtime };
}

const TSCONFIG = {
  compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023'], types: ['node'], strict: true, skipLibCheck: true, noEmit: true },
  files: ['consumer.ts'],
};

/**
 * A consumer project: consumer.ts lists one module of `client/` with `fields`; `baseline` holds the same
 * five lines with a local stand-in for the client that offers the same field names, so the same completion
 * request lists the same entries and the difference is what the client costs.
 */
async function consumerProjects(root: string, clientDir: string, accessor: string, field: string, fieldNames: readonly string[]): Promise<{ withClient: string; baseline: string }> {
  const withClient = join(root, 'with-client');
  const baseline = join(root, 'baseline');
  for (const dir of [withClient, baseline]) {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    await symlink(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  }
  await symlink(clientDir, join(withClient, 'client'), 'dir');
  await writeFile(
    join(withClient, 'consumer.ts'),
    `import { createClient } from './client/index.js';\nconst crm = createClient({ auth: { accessToken: process.env['TOKEN'] ?? '' } });\nconst page = await crm.${accessor}.list({ fields: ['${field}'] });\nconsole.log(page.data.length);\nawait crm.close();\n`,
  );
  await writeFile(
    join(baseline, 'consumer.ts'),
    // The stand-in offers the module's own field names, so the completion asked of it lists the same entries.
    `declare function createClient(o: { auth: { accessToken: string } }): { ${accessor}: { list<F extends ${fieldNames.map((n) => JSON.stringify(n)).join(' | ')}>(p: { fields: F[] }): Promise<{ data: { id: string }[] }> }; close(): Promise<void> };\nconst crm = createClient({ auth: { accessToken: process.env['TOKEN'] ?? '' } });\nconst page = await crm.${accessor}.list({ fields: ['${field}'] });\nconsole.log(page.data.length);\nawait crm.close();\n`,
  );
  return { withClient, baseline };
}

async function tscMs(project: string): Promise<number> {
  const r = await run(process.execPath, [TSC, '-p', join(project, 'tsconfig.json'), '--noEmit'], project);
  if (r.code !== 0) throw new Error(`tsc failed in ${project}:\n${r.stdout.slice(0, 2000)}`);
  return r.ms;
}

interface Completion {
  openMs: number;
  coldMs: number;
  editMs: number;
  /** The ten edits before, while the JIT warms (printed, no target). */
  firstEditsMs: number;
  entries: number;
}

async function completion(project: string): Promise<Completion> {
  const r = await run(process.execPath, [join(REPO, 'test/bench/completion-probe.mjs'), project, 'consumer.ts', "fields: ['"], REPO);
  const parsed = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Completion;
  if (!(parsed.entries > 0)) throw new Error(`no completions in ${project}`);
  return parsed;
}

/** Wall time and peak RSS of a command, from GNU time (the whole process tree's peak is the child's). */
async function timedCommand(args: readonly string[], cwd: string): Promise<{ ms: number; rss: number }> {
  const out = join(cwd, `time-${Math.random().toString(36).slice(2)}.txt`);
  const t0 = performance.now();
  execFileSync('/usr/bin/time', ['-f', '%M', '-o', out, ...args], { cwd, stdio: 'ignore' });
  const ms = performance.now() - t0;
  return { ms, rss: Number((await readFile(out, 'utf8')).trim().split('\n').pop()) * 1024 };
}

async function generatorRun(mode: 'full' | 'deps', snapshot: string, outDir: string): Promise<RunResult> {
  const r = await run(process.execPath, ['--import', 'tsx', join(REPO, 'test/bench/generator-run.ts'), mode, snapshot, outDir], REPO);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as RunResult;
}

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number): string => `${Math.round(bytes / 1024 ** 2)} MB`;
const ratio = (a: readonly number[], b: readonly number[]): number => summarize(a).median / summarize(b).median;
const verdict = (value: number, target: number): string => (value <= target ? `≤ ${target} ✓` : `> ${target} ✗`);

export async function runLeanBench(options: LeanOptions): Promise<{ text: string }> {
  const lines: string[] = [];
  const work = await mkdtemp(join(tmpdir(), 'zcrm-lean-'));
  try {
    for (const { modules, fields } of options.orgs) {
      const name = `${modules}x${fields}`;
      const dir = join(work, name);
      await mkdir(dir, { recursive: true });
      const snapshot = syntheticSnapshot({ modules, fieldsPerModule: fields });
      const snapshotFile = join(dir, 'metadata.json');
      await writeFile(snapshotFile, serializeSnapshot(snapshot));
      const fieldCount = Object.values(snapshot.fields).reduce((n, b) => n + b.fields.length, 0);
      const clientDir = join(dir, 'client');

      // Generation: deps alone, in-process, and through the CLI. One run first, untimed: it fills the
      // runtime bundle's cache (built once per generator version and runtime content, never per generate).
      await generatorRun('full', snapshotFile, join(dir, 'warm-up'));
      const deps: number[] = [];
      const full: RunResult[] = [];
      for (let i = 0; i < options.runs; i++) {
        deps.push((await generatorRun('deps', snapshotFile, clientDir)).totalMs);
        await rm(clientDir, { recursive: true, force: true });
        full.push(await generatorRun('full', snapshotFile, clientDir));
      }
      const cli: { ms: number; rss: number }[] = [];
      for (let i = 0; i < options.runs; i++) {
        await rm(join(dir, 'cli-out'), { recursive: true, force: true });
        cli.push(await timedCommand([process.execPath, TSX, join(REPO, 'bin/zcrm-codegen.ts'), 'generate', '--snapshot', snapshotFile, '--out', join(dir, 'cli-out')], dir));
      }
      const bytes = await typeBytes(clientDir);
      await symlink(join(REPO, 'node_modules'), join(clientDir, 'node_modules'), 'dir');

      // The consumer's tsc and the editor's completion, with and without the client.
      const firstModule = Object.keys(snapshot.fields).sort()[0] ?? '';
      const accessorLine = (await readFile(join(clientDir, 'client.js'), 'utf8')).split('\n').find((l) => l.includes(`"${firstModule}"]`)) ?? '';
      const accessor = /\["([^"]+)"/.exec(accessorLine)?.[1] ?? '';
      const fieldNames = (snapshot.fields[firstModule]?.fields ?? []).map((f) => f.api_name).filter((n) => /^[A-Za-z_]\w*$/.test(n)).sort();
      const field = fieldNames[0] ?? 'Name';
      const projects = await consumerProjects(join(dir, 'consumers'), clientDir, accessor, field, fieldNames);
      const [tscWith, tscBase] = await paired(options.runs, () => tscMs(projects.withClient), () => tscMs(projects.baseline));
      const compWith: Completion[] = [];
      const compBase: Completion[] = [];
      await paired(options.runs, async () => (compWith.push(await completion(projects.withClient)), 0), async () => (compBase.push(await completion(projects.baseline)), 0));

      // tsc of the whole generated folder against an empty project with the same tsconfig.
      const empty = join(dir, 'empty');
      await mkdir(empty, { recursive: true });
      await writeFile(join(empty, 'tsconfig.json'), await readFile(join(clientDir, 'tsconfig.json'), 'utf8'));
      await writeFile(join(empty, 'empty.ts'), 'export {};\n');
      await symlink(join(REPO, 'node_modules'), join(empty, 'node_modules'), 'dir');
      const [folderWith, folderEmpty] = await paired(options.runs, () => tscMs(clientDir), () => tscMs(empty));

      const bpf = bytes.org / fieldCount;
      const depsMs = summarize(deps).median;
      const fullMs = summarize(full.map((r) => r.totalMs)).median;
      const fullRss = Math.max(...full.map((r) => r.maxRssBytes));
      lines.push(
        `org ${name}: ${Object.keys(snapshot.fields).length} modules, ${fieldCount} fields; ${options.runs} runs each, medians`,
        table([
          ['figure', 'value', 'baseline (same run)', 'ratio / target'],
            ['type text per field', `${Math.round(bpf)} B (${mb(bytes.org)} in all)`, `runtime ${Math.round(bytes.runtime / 1024)} KB, counted once`, verdict(bpf, LEAN_TARGETS.bytesPerField)],
            ['consumer tsc', s(summarize(tscWith).median), s(summarize(tscBase).median), `${ratio(tscWith, tscBase).toFixed(2)} ${verdict(ratio(tscWith, tscBase), LEAN_TARGETS.consumerTsc)}`],
            ['completion, opening the project', s(summarize(compWith.map((c) => c.openMs)).median), s(summarize(compBase.map((c) => c.openMs)).median), `${ratio(compWith.map((c) => c.openMs), compBase.map((c) => c.openMs)).toFixed(2)} ${verdict(ratio(compWith.map((c) => c.openMs), compBase.map((c) => c.openMs)), LEAN_TARGETS.completionCold)}`],
            // The "cold" is the opening above (its empty project's 2.3 s includes starting TypeScript); the
            // request alone is printed beside it, with no verdict of its own (test/bench/README.md).
            ['completion, cold (request only)', s(summarize(compWith.map((c) => c.coldMs)).median), s(summarize(compBase.map((c) => c.coldMs)).median), `${ratio(compWith.map((c) => c.coldMs), compBase.map((c) => c.coldMs)).toFixed(2)} (part of the opening; no target)`],
            ['completion, after an edit', `${summarize(compWith.map((c) => c.editMs)).median.toFixed(0)} ms`, `${summarize(compBase.map((c) => c.editMs)).median.toFixed(0)} ms`, `${ratio(compWith.map((c) => c.editMs), compBase.map((c) => c.editMs)).toFixed(2)} ${verdict(ratio(compWith.map((c) => c.editMs), compBase.map((c) => c.editMs)), LEAN_TARGETS.completionEdit)}`],
            ['completion, first ten edits', `${summarize(compWith.map((c) => c.firstEditsMs)).median.toFixed(0)} ms`, `${summarize(compBase.map((c) => c.firstEditsMs)).median.toFixed(0)} ms`, `${ratio(compWith.map((c) => c.firstEditsMs), compBase.map((c) => c.firstEditsMs)).toFixed(2)} (JIT warming; no target)`],
            ['generation, in-process', s(fullMs), `loading its modules: ${s(depsMs)}`, `beyond: ${s(fullMs - depsMs)} ${verdict(fullMs - depsMs, LEAN_TARGETS.generationBeyondDepsMs)}`],
            ['generation, peak RSS', mb(fullRss), '', fullRss <= LEAN_TARGETS.generationRss ? '≤ 400 MB ✓' : '> 400 MB ✗'],
            ['generation, CLI (tsx bin)', s(summarize(cli.map((c) => c.ms)).median), `peak RSS ${mb(Math.max(...cli.map((c) => c.rss)))}`, ''],
            ['tsc of the generated folder', s(summarize(folderWith).median), s(summarize(folderEmpty).median), `${ratio(folderWith, folderEmpty).toFixed(2)} ${verdict(ratio(folderWith, folderEmpty), LEAN_TARGETS.folderTsc)}`],
        ]),
      );
      if (options.before !== undefined) {
        const old = join(options.before, `client-${name}`);
        const oldBytes = await typeBytes(old);
        const oldProjects = await consumerProjects(join(dir, 'consumers-before'), old, accessor, field, fieldNames);
        const [oldTsc, base2] = await paired(options.runs, () => tscMs(oldProjects.withClient), () => tscMs(oldProjects.baseline));
        const oldComp: Completion[] = [];
        for (let i = 0; i < options.runs; i++) oldComp.push(await completion(oldProjects.withClient));
        lines.push(
          `  before (${old}): ${Math.round(oldBytes.org / fieldCount)} B per field; consumer tsc ${s(summarize(oldTsc).median)} vs ${s(summarize(base2).median)} (${ratio(oldTsc, base2).toFixed(2)}×); completion opening the project ${s(summarize(oldComp.map((c) => c.openMs)).median)}, cold ${s(summarize(oldComp.map((c) => c.coldMs)).median)}, after an edit ${summarize(oldComp.map((c) => c.editMs)).median.toFixed(0)} ms`,
        );
      }
      lines.push('');
    }
  } finally {
    if (!options.keep) await rm(work, { recursive: true, force: true });
    else lines.push(`kept: ${work}`);
  }
  return { text: lines.join('\n') };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  runLeanBench(parseLeanArgs(process.argv.slice(2)))
    .then((r) => process.stdout.write(`${r.text}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`lean-types: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
}
