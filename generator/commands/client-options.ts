/**
 * Client options for an org from the environment (metadata/credentials.ts). With a refresh token the
 * runtime's token source keeps its access token in the `.zcrm-cache/` store doctor uses too, so `pull`,
 * `check` and `doctor` run from cron share one token instead of each spending Zoho's mint budget.
 */
import type { OrgConfig } from '../config.ts';
import { connectionFromEnv } from '../metadata/credentials.ts';
import type { ClientOptions } from '../../templates/runtime/index.js';
import type { Io } from './io.ts';
import { openTokenCache } from './token-cache.ts';

export async function clientOptionsFor(org: OrgConfig, io: Io): Promise<ClientOptions> {
  const c = connectionFromEnv(org.name, org.dataCenter, io.env);
  return {
    auth: c.auth,
    dataCenter: c.dataCenter,
    ...(c.apiDomain === undefined ? {} : { apiDomain: c.apiDomain }),
    ...(c.accountsUrl === undefined ? {} : { accountsUrl: c.accountsUrl }),
    ...('refreshToken' in c.auth ? { tokenStore: await openTokenCache(io.cwd) } : {}),
  };
}
