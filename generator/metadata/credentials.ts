/**
 * Where `pull`, `check` and `doctor` find an org's credentials: the environment, never a file in the repo.
 * Variables are named after the org (`demo` → ZCRM_DEMO_CLIENT_ID …) so one shell can hold several orgs.
 */
import type { AuthOptions, DataCenter } from '../../templates/runtime/index.js';
import { DATA_CENTER_IDS, isDataCenter } from '../../templates/runtime/data-centers.js';

export interface OrgConnection {
  readonly auth: AuthOptions;
  readonly dataCenter: DataCenter;
  /** Overrides for proxies and the local emulator (loopback http only, enforced by the runtime). */
  readonly apiDomain?: string;
  readonly accountsUrl?: string;
}

export class CredentialsError extends Error {
  override name = 'CredentialsError';
}

export function envPrefix(org: string): string {
  return `ZCRM_${org.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_`;
}

/** The variable names an org reads, for error messages, `.env.example` and docs. */
export function credentialVariables(org: string): {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  accessToken: string;
  dataCenter: string;
  apiDomain: string;
  accountsUrl: string;
} {
  const p = envPrefix(org);
  return {
    clientId: `${p}CLIENT_ID`,
    clientSecret: `${p}CLIENT_SECRET`,
    refreshToken: `${p}REFRESH_TOKEN`,
    accessToken: `${p}ACCESS_TOKEN`,
    dataCenter: `${p}DATA_CENTER`,
    apiDomain: `${p}API_DOMAIN`,
    accountsUrl: `${p}ACCOUNTS_URL`,
  };
}

/**
 * Reads an org's connection from `env`. A fixed access token (…_ACCESS_TOKEN) is enough for a one-off
 * pull; otherwise client id, secret and refresh token are all required, and the error names every
 * missing variable at once so the user fixes them in one go.
 */
export function connectionFromEnv(
  org: string,
  configuredDataCenter: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): OrgConnection {
  const v = credentialVariables(org);
  const dc = env[v.dataCenter] || configuredDataCenter || 'us';
  if (!isDataCenter(dc)) {
    throw new CredentialsError(
      `org "${org}": unknown data center "${dc}" (from ${env[v.dataCenter] ? v.dataCenter : 'zcrm.config.yaml'}); ` +
        `expected one of ${DATA_CENTER_IDS.join(', ')}`,
    );
  }
  const overrides = {
    ...(env[v.apiDomain] ? { apiDomain: env[v.apiDomain] } : {}),
    ...(env[v.accountsUrl] ? { accountsUrl: env[v.accountsUrl] } : {}),
  };
  const accessToken = env[v.accessToken];
  if (accessToken) return { auth: { accessToken }, dataCenter: dc, ...overrides };

  const missing = [v.clientId, v.clientSecret, v.refreshToken].filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new CredentialsError(
      `org "${org}": missing environment variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ` +
        `(or set ${v.accessToken} for a one-off run). Run \`zcrm-codegen auth --code <grant code>\` to mint a refresh token.`,
    );
  }
  return {
    auth: {
      clientId: env[v.clientId]!,
      clientSecret: env[v.clientSecret]!,
      refreshToken: env[v.refreshToken]!,
    },
    dataCenter: dc,
    ...overrides,
  };
}
