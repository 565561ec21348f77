/**
 * The Redis-pause chaos run (issue #15, item 1), shared by the soak test (which asserts states) and the
 * bench (which prints timings): `workers` processes call one emulated org through a shared cap of
 * `maxConcurrency`; redis-server is frozen with SIGSTOP for `pauseMs`, then thawed; the run goes on until
 * `afterCalls` calls have completed after the resume (or `recoveryBudgetMs` passed — less than the
 * 30 s lease, so slots held by orphan leases would show as a stall), then every worker goes idle and the
 * leases left in Redis are read. Every process it starts is stopped before it returns.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../../emulator/index.ts';
import { hashTag, orgKeys } from '../../templates/runtime/redis/keys.ts';
import {
  closeConnection,
  command,
  connectRedisUrl,
  DEFAULT_REDIS_TIMEOUTS,
} from '../../templates/runtime/redis/redis-client.ts';
import { tokenStoreKey } from '../../templates/runtime/token-store.ts';
import type { PauseWorkerConfig, PauseWorkerReport } from './pause-worker.ts';
import { startRedis } from './redis-server.ts';

export interface PauseScenarioOptions {
  workers: number;
  maxConcurrency: number;
  onRedisDown: 'local' | 'fail';
  pauseMs: number;
  /** Calls completed before the pause (warm-up). */
  beforeCalls: number;
  /** Calls completed after the resume before the run stops. */
  afterCalls: number;
  recoveryBudgetMs: number;
  /** Emulator latency per call, so calls overlap as they do at Zoho. */
  latencyMs: number;
}

export interface PauseScenarioResult {
  pausedAt: number;
  resumedAt: number;
  stoppedAt: number;
  /** Calls the emulator saw complete after the resume. */
  callsAfterResume: number;
  /** Peak calls in flight at the emulator over the whole run. */
  peakConcurrency: number;
  /** Live leases in Redis once every worker was idle (no call in flight anywhere). */
  leasesLeftWhenIdle: string[];
  reports: PauseWorkerReport[];
}

const workerFile = fileURLToPath(new URL('./pause-worker.ts', import.meta.url));
const snapshot = fileURLToPath(new URL('../../emulator/fixtures/mini-snapshot.json', import.meta.url));

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms: number) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await sleep(25);
  }
  return true;
}

export async function runPauseScenario(o: PauseScenarioOptions): Promise<PauseScenarioResult> {
  const redis = await startRedis();
  const emu = await startEmulator({ snapshot, records: 5, seed: 1 });
  const children: ChildProcessWithoutNullStreams[] = [];
  const admin = await connectRedisUrl(redis.url, DEFAULT_REDIS_TIMEOUTS);
  try {
    emu.faults.set({ kind: 'latency', ms: o.latencyMs });
    const config: PauseWorkerConfig = {
      parallel: o.maxConcurrency * 2,
      maxConcurrency: o.maxConcurrency,
      onRedisDown: o.onRedisDown,
      redisUrl: redis.url,
      emulatorUrl: emu.url,
      credentials: emu.credentials,
    };
    const lines: string[][] = [];
    for (let i = 0; i < o.workers; i++) {
      const child = spawn(process.execPath, [
        '--import',
        'tsx',
        workerFile,
        JSON.stringify(config),
      ]);
      children.push(child);
      const out: string[] = [];
      lines.push(out);
      let buf = '';
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const parts = buf.split('\n');
        buf = parts.pop() ?? '';
        out.push(...parts.filter((p) => p !== ''));
      });
      child.stderr.on('data', () => undefined);
    }
    const calls = (): number => emu.log.count('listRecords');
    if (!(await waitFor('warm-up', () => calls() >= o.beforeCalls, 60_000)))
      throw new Error(`warm-up: only ${calls()} calls in 60 s`);

    const pausedAt = Date.now();
    redis.pause();
    try {
      await sleep(o.pauseMs);
    } finally {
      redis.resume();
    }
    const resumedAt = Date.now();
    const atResume = calls();
    await waitFor('recovery', () => calls() - atResume >= o.afterCalls, o.recoveryBudgetMs);
    const stoppedAt = Date.now();
    const callsAfterResume = calls() - atResume;

    for (const c of children) c.stdin.write('idle\n');
    if (!(await waitFor('reports', () => lines.every((l) => l.length > 0), 30_000)))
      throw new Error('a worker did not report within 30 s of going idle');
    const reports = lines.map((l) => JSON.parse(l[0] ?? '{}') as PauseWorkerReport);

    // Every worker is idle and alive: any live lease now is one no call owns. Releases a worker sent
    // are given a moment to land (they are retried every second until Redis answers).
    const keys = orgKeys(
      'zcrm:',
      hashTag(tokenStoreKey(emu.credentials.clientId, emu.credentials.refreshToken)),
    );
    const live = async (): Promise<string[]> => {
      const t = (await command(admin, ['TIME'])) as string[];
      const now = Number(t[0]) * 1000 + Math.floor(Number(t[1]) / 1000);
      return (await command(admin, [
        'ZRANGEBYSCORE',
        keys.inflight,
        String(now),
        '+inf',
      ])) as string[];
    };
    let leasesLeftWhenIdle = await live();
    for (let i = 0; i < 20 && leasesLeftWhenIdle.length > 0; i++) {
      await sleep(250);
      leasesLeftWhenIdle = await live();
    }
    return {
      pausedAt,
      resumedAt,
      stoppedAt,
      callsAfterResume,
      peakConcurrency: emu.log.peakConcurrency,
      leasesLeftWhenIdle,
      reports,
    };
  } finally {
    for (const c of children) {
      if (c.exitCode === null && c.signalCode === null) {
        c.stdin.write('exit\n');
        const gone = new Promise((r) => c.once('exit', r));
        const timer = setTimeout(() => c.kill('SIGKILL'), 5_000);
        await gone;
        clearTimeout(timer);
      }
    }
    await closeConnection(admin);
    await emu.close();
    await redis.dispose();
  }
}
