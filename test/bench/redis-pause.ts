/**
 * Redis pause (issue #15, item 1): the timings of the chaos run in test/redis/redis-pause.soak.test.ts.
 * 4 worker processes share a cap of 5 through a real redis-server, which is frozen (SIGSTOP) for 5 s.
 * Prints, per onRedisDown mode: throughput before the pause, during it and after the resume (calls/s),
 * the time from the resume until throughput is back to half its level before the pause, the peak in
 * flight at the emulator, and the leases left in Redis once every worker is idle.
 *
 *   npx tsx test/bench/redis-pause.ts [--pause-ms 5000] [--after-calls 1500]
 */
import { parseArgs } from 'node:util';
import { runPauseScenario } from '../redis/pause-scenario.ts';
import { redisAvailable } from '../redis/redis-server.ts';

const { values } = parseArgs({
  options: { 'pause-ms': { type: 'string' }, 'after-calls': { type: 'string' } },
});
const pauseMs = Number(values['pause-ms'] ?? 5_000);
const afterCalls = Number(values['after-calls'] ?? 1_500);
const WINDOW_MS = 2_000;
const STEP_MS = 250;

if (!redisAvailable) {
  console.log('redis-pause: skipped (no redis-server; set REDIS_SERVER)');
  process.exit(0);
}

const rows: Record<string, string | number>[] = [];
for (const onRedisDown of ['local', 'fail'] as const) {
  const r = await runPauseScenario({
    workers: 4,
    maxConcurrency: 5,
    onRedisDown,
    pauseMs,
    beforeCalls: 400,
    afterCalls,
    recoveryBudgetMs: 25_000,
    latencyMs: 10,
  });
  const done = r.reports.flatMap((w) => w.completedAt).sort((a, b) => a - b);
  const count = (from: number, to: number): number =>
    done.filter((t) => t >= from && t < to).length;
  const before = count(r.pausedAt - WINDOW_MS, r.pausedAt) / (WINDOW_MS / 1000);
  const during = count(r.pausedAt, r.resumedAt) / ((r.resumedAt - r.pausedAt) / 1000);
  const afterEnd = Math.min(r.stoppedAt, r.resumedAt + 5_000);
  const after = count(r.resumedAt, afterEnd) / ((afterEnd - r.resumedAt) / 1000);
  let recoveryMs = Number.NaN;
  for (let t = r.resumedAt; t < r.stoppedAt; t += STEP_MS) {
    if (count(t, t + WINDOW_MS / 2) / (WINDOW_MS / 2000) >= before / 2) {
      recoveryMs = t - r.resumedAt;
      break;
    }
  }
  const errors: Record<string, number> = {};
  for (const w of r.reports)
    for (const [code, n] of Object.entries(w.errors)) errors[code] = (errors[code] ?? 0) + n;
  rows.push({
    onRedisDown,
    'before /s': Math.round(before),
    'during pause /s': Math.round(during),
    'after resume /s (5 s)': Math.round(after),
    'recovery ms': Number.isNaN(recoveryMs) ? 'never' : recoveryMs,
    'peak in flight': r.peakConcurrency,
    'leases left idle': r.leasesLeftWhenIdle.length,
    'hook reports': r.reports.reduce((n, w) => n + w.coordinationErrors.length, 0),
    errors: JSON.stringify(errors),
  });
}
console.log(
  `redis pause of ${pauseMs} ms, 4 processes, maxConcurrency 5 (recovery: back to half the rate before)`,
);
console.table(rows);
