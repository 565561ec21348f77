/**
 * One worker process of the Redis-pause chaos run (pause-scenario.ts): its own ZohoCore sharing limits
 * through `redis: { url }`, `parallel` lanes calling `GET /crm/v8/Leads` until told to stop.
 *
 * stdin: "idle" → stop calling, wait for the calls in flight, print the JSON report on one line;
 *        "exit" → close the client and exit.
 * Usage: node --import tsx test/redis/pause-worker.ts '<json PauseWorkerConfig>'
 */
import { createInterface } from 'node:readline';
import { ZohoCore } from '../../templates/runtime/core.ts';
import { ZohoApiError } from '../../templates/runtime/errors.ts';

export interface PauseWorkerConfig {
  parallel: number;
  maxConcurrency: number;
  onRedisDown: 'local' | 'fail';
  redisUrl: string;
  emulatorUrl: string;
  credentials: { clientId: string; clientSecret: string; refreshToken: string };
}

export interface PauseWorkerReport {
  pid: number;
  /** Date.now() of each successful call's end. */
  completedAt: number[];
  errors: Record<string, number>;
  coordinationErrors: string[];
}

const config = JSON.parse(process.argv[2] ?? '{}') as PauseWorkerConfig;
const report: PauseWorkerReport = {
  pid: process.pid,
  completedAt: [],
  errors: {},
  coordinationErrors: [],
};
const core = new ZohoCore({
  auth: config.credentials,
  apiDomain: config.emulatorUrl,
  accountsUrl: config.emulatorUrl,
  maxConcurrency: config.maxConcurrency,
  retry: { baseDelayMs: 20, maxDelayMs: 200 },
  redis: { url: config.redisUrl, onRedisDown: config.onRedisDown },
  hooks: { onCoordinationError: (e) => report.coordinationErrors.push(e.error.message) },
});

let idle = false;
async function lane(): Promise<void> {
  while (!idle) {
    try {
      await core.request({
        method: 'GET',
        path: '/crm/v8/Leads',
        query: { fields: 'Last_Name', per_page: 2 },
        operation: 'listRecords',
      });
      report.completedAt.push(Date.now());
    } catch (err) {
      const code = err instanceof ZohoApiError ? err.code : 'ERROR';
      report.errors[code] = (report.errors[code] ?? 0) + 1;
      // A call refused before sending (onRedisDown 'fail') returns at once: do not spin.
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

const lanes = Array.from({ length: config.parallel }, () => lane());
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'idle') {
    idle = true;
    await Promise.all(lanes);
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } else if (line === 'exit') {
    break;
  }
}
await core.close();
process.exit(0);
