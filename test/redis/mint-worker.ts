/**
 * One worker process of the slow-token-endpoint chaos run (slow-mint.soak.test.ts): its own ZohoCore
 * sharing the token through `redis: { url }`, one API call, a JSON report on stdout's last line.
 *
 * Usage: node --import tsx test/redis/mint-worker.ts '<json MintWorkerConfig>'
 */
import { ZohoCore } from '../../templates/runtime/core.ts';
import { ZohoApiError } from '../../templates/runtime/errors.ts';

export interface MintWorkerConfig {
  redisUrl: string;
  zohoUrl: string;
  credentials: { clientId: string; clientSecret: string; refreshToken: string };
}

export interface MintWorkerReport {
  ok: boolean;
  error?: string;
  coordinationErrors: string[];
}

const config = JSON.parse(process.argv[2] ?? '{}') as MintWorkerConfig;
const report: MintWorkerReport = { ok: false, coordinationErrors: [] };
const core = new ZohoCore({
  auth: config.credentials,
  apiDomain: config.zohoUrl,
  accountsUrl: config.zohoUrl,
  redis: { url: config.redisUrl },
  hooks: { onCoordinationError: (e) => report.coordinationErrors.push(e.error.message) },
});
try {
  await core.request({ method: 'GET', path: '/crm/v8/Leads', operation: 'listRecords' });
  report.ok = true;
} catch (err) {
  report.error = err instanceof ZohoApiError ? `${err.code}: ${err.message}` : String(err);
}
await core.close();
process.stdout.write(`${JSON.stringify(report)}\n`);
