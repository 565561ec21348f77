/**
 * One worker process of the multi-process proof (multi-process.test.ts): its own ZohoCore with
 * `redis: { url }`, `calls` mixed calls against the emulator, and a JSON report on stdout's last line.
 *
 * Usage: node --import tsx test/redis/worker.ts '<json WorkerConfig>'
 */
import { ZohoCore } from '../../templates/runtime/core.ts';
import { ZohoApiError } from '../../templates/runtime/errors.ts';
import { ModuleResource } from '../../templates/runtime/module-resource.ts';

export interface WorkerConfig {
  worker: number;
  calls: number;
  /** Callers in flight inside the process (more than maxConcurrency, so the limiter queues). */
  parallel: number;
  maxConcurrency: number;
  heavyConcurrency: number;
  redisUrl: string;
  emulatorUrl: string;
  credentials: { clientId: string; clientSecret: string; refreshToken: string };
}

export interface WorkerReport {
  worker: number;
  ok: number;
  errors: { operation: string; code: string; status: number | undefined; message: string }[];
  creates: { name: string; id: string }[];
  updates: { id: string; description: string }[];
  retried429: number;
  refreshes: number;
  coordinationErrors: number;
  durationMs: number;
}

interface Lead {
  id: string;
  Last_Name: string;
  Company?: string | null;
  Description?: string | null;
}

const config = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig;
const report: WorkerReport = {
  worker: config.worker,
  ok: 0,
  errors: [],
  creates: [],
  updates: [],
  retried429: 0,
  refreshes: 0,
  coordinationErrors: 0,
  durationMs: 0,
};

const core = new ZohoCore({
  auth: config.credentials,
  apiDomain: config.emulatorUrl,
  accountsUrl: config.emulatorUrl,
  maxConcurrency: config.maxConcurrency,
  retry: { baseDelayMs: 20, maxDelayMs: 500 },
  redis: { url: config.redisUrl, heavyConcurrency: config.heavyConcurrency },
  hooks: {
    onRetry: (e) => {
      if (e.status === 429) report.retried429++;
    },
    onRefresh: (e) => {
      if (e.ok) report.refreshes++;
    },
    onCoordinationError: () => {
      report.coordinationErrors++;
    },
  },
});
const leads = new ModuleResource<Lead, Omit<Lead, 'id'>, Partial<Lead>>(core, 'Leads');
/** Latest description written per record, by this worker. */
const lastDescription = new Map<string, string>();

async function call(i: number): Promise<void> {
  const kind = i % 10;
  const mine = report.creates;
  const pick = mine.length > 0 ? mine[(i * 7) % mine.length] : undefined;
  if (kind <= 2 || pick === undefined) {
    const name = `W${config.worker}-${i}-${process.pid}`;
    const [r] = await leads.create([{ Last_Name: name, Company: 'Shared Limits Ltd' }]);
    if (r?.ok === true) mine.push({ name, id: r.id });
    else throw new Error(`create ${name} not ok: ${r?.code ?? 'no result'}`);
    return;
  }
  if (kind === 3) {
    const description = `update ${i} by worker ${config.worker}`;
    const [r] = await leads.update([{ id: pick.id, Description: description }]);
    if (r?.ok !== true) throw new Error(`update ${pick.id} not ok: ${r?.code ?? 'no result'}`);
    lastDescription.set(pick.id, description);
    return;
  }
  if (kind === 4 || kind === 5) {
    await leads.get(pick.id, { fields: ['Last_Name'] });
    return;
  }
  if (kind === 6 || kind === 7 || kind === 9) {
    await leads.list({ fields: ['Last_Name', 'Company'], perPage: 20 });
    return;
  }
  if (i % 20 === 8) {
    // COQL is a heavy API: also held to the org-wide heavy cap.
    await core.request({
      method: 'POST',
      path: '/crm/v8/coql',
      body: {
        select_query: `select Last_Name from Leads where Last_Name = '${pick.name}' limit 5`,
      },
      operation: 'coqlQuery',
      idempotent: true,
      heavy: true,
    });
    return;
  }
  await leads.search({ criteria: `(Last_Name:equals:${pick.name})`, fields: ['Last_Name'] });
}

const started = Date.now();
let next = 0;
async function lane(): Promise<void> {
  for (;;) {
    const i = next++;
    if (i >= config.calls) return;
    try {
      await call(i);
      report.ok++;
    } catch (err) {
      report.errors.push({
        operation: err instanceof ZohoApiError ? err.operation : 'worker',
        code: err instanceof ZohoApiError ? err.code : 'ERROR',
        status: err instanceof ZohoApiError ? err.status : undefined,
        message: err instanceof Error ? err.message : String(err),
      });
    }
  }
}
await Promise.all(Array.from({ length: config.parallel }, () => lane()));
report.durationMs = Date.now() - started;
report.updates = [...lastDescription].map(([id, description]) => ({ id, description }));
await core.close();
process.stdout.write(`${JSON.stringify(report)}\n`);
