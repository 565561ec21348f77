/**
 * The generated client's runtime against bare undici, on the emulator (loopback only), demo org's
 * Leads with 20,000 records:
 *   (a) get      N sequential GET /crm/v8/Leads/{id}?fields=Last_Name,Email,Lead_Status
 *   (b) iterate  every Lead, fields=Last_Name,Email,Lead_Status, per_page=200 (page 1–10, then page_token)
 * Runs alternate runtime/bare within each round and swap order every round (A B, B A, …) after a
 * warm-up, so drift on a shared machine hits both sides alike. Reported: medians, spread, and the
 * ratio runtime/bare — both the ratio of medians and the median of each round's paired ratio.
 *
 * The emulator runs in a child process (reported figures: the server's CPU does not share the
 * client's event loop) and, for comparison, in-process. When a ratio misses its target the runtime
 * and bare sides are profiled (node --cpu-prof, server in a child) and the extra time is attributed.
 *
 *   npx tsx test/bench/runtime-vs-undici.ts [--server child|inproc|both] [--rounds 7] [--warmup 2]
 *       [--n 500] [--records 20000] [--profile auto|always|never]
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startChild, startInProcess, type BenchServer } from './bench-server.ts';
import { readProfile, summarizeProfile, type ProfileSummary } from './cpuprofile-summary.ts';
import { bareWorkload, leadIds, PER_PAGE, runtimeWorkload, type Workload } from './runtime-workloads.ts';
import { summarize, table, type Summary } from './stats.ts';

export type ServerMode = 'child' | 'inproc';
export type WorkloadName = 'get' | 'iterate';

export interface RuntimeOptions {
  servers: readonly ServerMode[];
  rounds: number;
  warmup: number;
  n: number;
  records: number;
  profile: 'auto' | 'always' | 'never';
}

export const TARGETS: Readonly<Record<WorkloadName, number>> = { get: 1.1, iterate: 1.05 };

export interface Comparison {
  server: ServerMode;
  workload: WorkloadName;
  runtime: Summary;
  bare: Summary;
  ratioOfMedians: number;
  paired: Summary;
  /** Client-process CPU (user + system) per run — steadier than wall time on a loaded machine. */
  runtimeCpu: Summary;
  bareCpu: Summary;
  pairedCpu: Summary;
  serverStartMs: number;
}

export interface RuntimeReport {
  comparisons: Comparison[];
  profiles: {
    workload: WorkloadName;
    runtime: ProfileSummary;
    bare: ProfileSummary;
    runtimeMs: number;
    bareMs: number;
    runtimeCpuMs: number;
    bareCpuMs: number;
  }[];
  text: string;
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc === 'function') gc();
}

async function timeRun(fn: () => Promise<number>, expected: number, what: string): Promise<{ ms: number; cpuMs: number }> {
  collectGarbage();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const count = await fn();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (count !== expected) throw new Error(`${what}: expected ${expected} records, got ${count}`);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

async function measure(server: BenchServer, mode: ServerMode, options: RuntimeOptions): Promise<Comparison[]> {
  const ids = await leadIds(server.url, server.accessToken, options.n);
  const sides: Record<'runtime' | 'bare', Workload> = {
    runtime: runtimeWorkload(server.url, server.accessToken),
    bare: bareWorkload(server.url, server.accessToken),
  };
  const times: Record<WorkloadName, Record<'runtime' | 'bare', number[]>> = {
    get: { runtime: [], bare: [] },
    iterate: { runtime: [], bare: [] },
  };
  const cpuTimes: Record<WorkloadName, Record<'runtime' | 'bare', number[]>> = {
    get: { runtime: [], bare: [] },
    iterate: { runtime: [], bare: [] },
  };
  try {
    for (let round = 0; round < options.warmup + options.rounds; round++) {
      const order = round % 2 === 0 ? (['runtime', 'bare'] as const) : (['bare', 'runtime'] as const);
      for (const workload of ['get', 'iterate'] as const) {
        for (const side of order) {
          const w = sides[side];
          const t =
            workload === 'get'
              ? await timeRun(() => w.getMany(ids), options.n, `${side} get`)
              : await timeRun(() => w.iterateAll(), options.records, `${side} iterate`);
          if (round >= options.warmup) {
            times[workload][side].push(t.ms);
            cpuTimes[workload][side].push(t.cpuMs);
          }
        }
      }
    }
  } finally {
    await Promise.all([sides.runtime.close(), sides.bare.close()]);
  }
  return (['get', 'iterate'] as const).map((workload) => {
    const { runtime, bare } = times[workload];
    const cpu = cpuTimes[workload];
    const r = summarize(runtime);
    const b = summarize(bare);
    return {
      server: mode,
      workload,
      runtime: r,
      bare: b,
      ratioOfMedians: r.median / b.median,
      paired: summarize(runtime.map((ms, i) => ms / (bare[i] ?? Number.NaN))),
      runtimeCpu: summarize(cpu.runtime),
      bareCpu: summarize(cpu.bare),
      pairedCpu: summarize(cpu.runtime.map((ms, i) => ms / (cpu.bare[i] ?? Number.NaN))),
      serverStartMs: server.startMs,
    };
  });
}

async function profileSide(
  side: 'runtime' | 'bare',
  workload: WorkloadName,
  options: RuntimeOptions,
): Promise<{ summary: ProfileSummary; ms: number; cpuMs: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'zcrm-bench-prof-'));
  try {
    const script = fileURLToPath(new URL('./runtime-profile.ts', import.meta.url));
    const file = join(dir, `${side}-${workload}.cpuprofile`);
    const repeats = workload === 'get' ? 6 : 15;
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', script, side, workload, String(repeats), String(options.records), String(options.n), file],
        // cwd: the repository, so `--import tsx` resolves whatever directory the bench was started from.
        { stdio: ['ignore', 'pipe', 'inherit'], cwd: fileURLToPath(new URL('../../', import.meta.url)) },
      );
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`runtime-profile ${side} ${workload} exited with ${String(code)}`))));
    });
    const result = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { ms?: number; cpuMs?: number };
    return { summary: summarizeProfile(await readProfile(file), 25), ms: result.ms ?? Number.NaN, cpuMs: result.cpuMs ?? Number.NaN };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const f1 = (n: number): string => n.toFixed(1);
const f3 = (n: number): string => n.toFixed(3);

function render(report: Omit<RuntimeReport, 'text'>, options: RuntimeOptions): string {
  const lines: string[] = [];
  lines.push(
    `Runtime vs bare undici — Leads, ${options.records} records, N=${options.n} GETs, ${options.rounds} rounds after ${options.warmup} warm-up (order swapped each round)`,
  );
  const rows: string[][] = [
    ['server', 'workload', 'runtime median ms (IQR)', 'bare median ms (IQR)', 'ratio (medians)', 'ratio (mins)', 'paired ratio median (min–max)', 'extra µs/call', 'target', 'verdict'],
  ];
  for (const c of report.comparisons) {
    const target = TARGETS[c.workload];
    rows.push([
      c.server,
      c.workload === 'get' ? `get ×${options.n}` : `iterate ${options.records}`,
      `${f1(c.runtime.median)} (${f1(c.runtime.q1)}–${f1(c.runtime.q3)})`,
      `${f1(c.bare.median)} (${f1(c.bare.q1)}–${f1(c.bare.q3)})`,
      f3(c.ratioOfMedians),
      f3(c.runtime.min / c.bare.min),
      `${f3(c.paired.median)} (${f3(c.paired.min)}–${f3(c.paired.max)})`,
      f1(((c.runtime.median - c.bare.median) * 1000) / calls(c.workload, options)),
      `≤ ${target.toFixed(2)}`,
      c.paired.median <= target ? 'ok' : 'MISS',
    ]);
  }
  lines.push(table(rows));
  lines.push('');
  lines.push('Client-process CPU time per run (user+system; in-process mode includes the server):');
  const cpuRows: string[][] = [['server', 'workload', 'runtime CPU ms (IQR)', 'bare CPU ms (IQR)', 'ratio (medians)', 'paired ratio median (min–max)', 'extra CPU µs/call']];
  for (const c of report.comparisons) {
    cpuRows.push([
      c.server,
      c.workload,
      `${f1(c.runtimeCpu.median)} (${f1(c.runtimeCpu.q1)}–${f1(c.runtimeCpu.q3)})`,
      `${f1(c.bareCpu.median)} (${f1(c.bareCpu.q1)}–${f1(c.bareCpu.q3)})`,
      f3(c.runtimeCpu.median / c.bareCpu.median),
      `${f3(c.pairedCpu.median)} (${f3(c.pairedCpu.min)}–${f3(c.pairedCpu.max)})`,
      f1(((c.runtimeCpu.median - c.bareCpu.median) * 1000) / calls(c.workload, options)),
    ]);
  }
  lines.push(table(cpuRows));
  const starts = [...new Set(report.comparisons.map((c) => `${c.server}: ${f1(c.serverStartMs)} ms`))];
  lines.push(`emulator start + seed: ${starts.join(', ')}`);
  for (const p of report.profiles) {
    lines.push('');
    lines.push(`CPU profile, ${p.workload} (client process only; server in a child):`);
    lines.push(
      `  busy (non-idle) CPU: runtime ${f1(p.runtime.busyMs)} ms vs bare ${f1(p.bare.busyMs)} ms → extra ${f1(p.runtime.busyMs - p.bare.busyMs)} ms; wall ${f1(p.runtimeMs)} vs ${f1(p.bareMs)} ms; process CPU ${f1(p.runtimeCpuMs)} vs ${f1(p.bareCpuMs)} ms`,
    );
    const areaNames = [...new Set([...p.runtime.areas, ...p.bare.areas].map((a) => a.area))];
    const areaRows: string[][] = [['area', 'runtime ms', 'bare ms', 'extra ms']];
    for (const a of areaNames) {
      const r = p.runtime.areas.find((x) => x.area === a)?.ms ?? 0;
      const b = p.bare.areas.find((x) => x.area === a)?.ms ?? 0;
      areaRows.push([a, f1(r), f1(b), f1(r - b)]);
    }
    lines.push(indent(table(areaRows)));
    lines.push('  runtime side, self time (top functions, % of busy):');
    lines.push(indent(table([['function', 'where', 'ms', '%'], ...p.runtime.self.slice(0, 12).map((f) => [f.name, f.where, f1(f.ms), f1(f.percent)])])));
    const deltas = [...new Set([...p.runtime.allSelf.keys(), ...p.bare.allSelf.keys()])]
      .map((k) => {
        const r = p.runtime.allSelf.get(k);
        const b = p.bare.allSelf.get(k);
        const f = r ?? b;
        return { name: f?.name ?? k, where: f?.where ?? '', extra: (r?.ms ?? 0) - (b?.ms ?? 0) };
      })
      .sort((x, y) => y.extra - x.extra)
      .slice(0, 12);
    lines.push('  functions with the most extra self time, runtime minus bare (same repeats):');
    lines.push(indent(table([['function', 'where', 'extra ms'], ...deltas.map((d) => [d.name, d.where, f1(d.extra)])])));
    const ownCode = p.runtime.inclusive.filter((f) => f.area === 'runtime (templates/runtime)');
    if (ownCode.length > 0) {
      lines.push('  runtime side, inclusive time of templates/runtime functions (% of busy):');
      lines.push(indent(table([['function', 'where', 'ms', '%'], ...ownCode.slice(0, 12).map((f) => [f.name, f.where, f1(f.ms), f1(f.percent)])])));
    }
  }
  return lines.join('\n');
}

/** HTTP calls per run: N GETs, or one per page of 200. */
function calls(workload: WorkloadName, options: RuntimeOptions): number {
  return workload === 'get' ? options.n : Math.ceil(options.records / PER_PAGE);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

export async function runRuntimeBench(options: RuntimeOptions): Promise<RuntimeReport> {
  const comparisons: Comparison[] = [];
  for (const mode of options.servers) {
    const server = mode === 'child' ? await startChild(options.records) : await startInProcess(options.records);
    try {
      comparisons.push(...(await measure(server, mode, options)));
    } finally {
      await server.close();
    }
  }
  const primary = options.servers[0];
  const profiles: RuntimeReport['profiles'] = [];
  if (options.profile !== 'never') {
    for (const workload of ['get', 'iterate'] as const) {
      const c = comparisons.find((x) => x.server === primary && x.workload === workload);
      const missed = c !== undefined && c.paired.median > TARGETS[workload];
      if (options.profile === 'always' || missed) {
        const runtime = await profileSide('runtime', workload, options);
        const bare = await profileSide('bare', workload, options);
        profiles.push({
          workload,
          runtime: runtime.summary,
          bare: bare.summary,
          runtimeMs: runtime.ms,
          bareMs: bare.ms,
          runtimeCpuMs: runtime.cpuMs,
          bareCpuMs: bare.cpuMs,
        });
      }
    }
  }
  const partial = { comparisons, profiles };
  return { ...partial, text: render(partial, options) };
}

export function parseRuntimeArgs(argv: readonly string[]): RuntimeOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      server: { type: 'string', default: 'both' },
      rounds: { type: 'string', default: '15' },
      warmup: { type: 'string', default: '2' },
      n: { type: 'string', default: '500' },
      records: { type: 'string', default: '20000' },
      profile: { type: 'string', default: 'auto' },
    },
    strict: false,
    allowPositionals: true,
  });
  const int = (name: string, v: unknown, min: number): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${String(v)}`);
    return n;
  };
  const server = String(values.server);
  if (!['child', 'inproc', 'both'].includes(server)) throw new Error(`--server must be child, inproc or both, got ${server}`);
  const profile = String(values.profile);
  if (profile !== 'auto' && profile !== 'always' && profile !== 'never') throw new Error(`--profile must be auto, always or never, got ${profile}`);
  return {
    servers: server === 'both' ? ['child', 'inproc'] : [server as ServerMode],
    rounds: int('rounds', values.rounds, 5),
    warmup: int('warmup', values.warmup, 0),
    n: int('n', values.n, 1),
    records: int('records', values.records, 1),
    profile,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runRuntimeBench(parseRuntimeArgs(process.argv.slice(2)))
    .then((report) => process.stdout.write(`${report.text}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`runtime-vs-undici: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
}
