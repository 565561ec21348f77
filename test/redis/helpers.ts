/** Shared set-up for the Redis tests that drive ZohoCore against the emulator. */
import { fileURLToPath } from 'node:url';
import { ZohoCore, type ClientOptions } from '../../templates/runtime/core.ts';
import type { RedisOptions } from '../../templates/runtime/coordination.ts';
import type { Emulator } from '../../emulator/index.ts';

export const snapshot = fileURLToPath(
  new URL('../../emulator/fixtures/mini-snapshot.json', import.meta.url),
);

/** A client on the emulator sharing limits through `redis` (a new one per simulated process). */
export function clientFor(
  emu: Emulator,
  redis: RedisOptions,
  extra: Partial<ClientOptions> = {},
): ZohoCore {
  return new ZohoCore({
    auth: emu.credentials,
    apiDomain: emu.url,
    accountsUrl: emu.url,
    maxConcurrency: 5,
    retry: { baseDelayMs: 5, maxDelayMs: 100 },
    redis,
    ...extra,
  });
}

export function listLeads(core: ZohoCore): Promise<unknown> {
  return core.request({
    method: 'GET',
    path: '/crm/v8/Leads',
    query: { fields: 'Last_Name', per_page: 2 },
    operation: 'listRecords',
  });
}
