/**
 * Doctor's checks, one function each, in the order doctor runs them. Each returns its CheckResult (and what
 * later checks need); none knows about the others — doctor.ts decides what runs after a failure.
 */
import { relative } from 'node:path';
import type { OrgConfig } from '../config.ts';
import { checkOrg } from './drift.ts';
import {
  connectionFromEnv,
  CredentialsError,
  credentialVariables,
  type OrgConnection,
} from '../metadata/credentials.ts';
import { readSnapshot } from '../metadata/snapshot.ts';
import {
  AuthError,
  NetworkError,
  ScopeError,
  TokenEndpointError,
  ZohoApiError,
  type ZohoCore,
} from '../../templates/runtime/index.js';
import {
  DATA_CENTER_IDS,
  DATA_CENTERS,
  isZohoApiDomain,
  normalizeOrigin,
} from '../../templates/runtime/data-centers.ts';
import {
  CREDITS_USED_NOT_REPORTED,
  creditBudget,
  EDITION_LIMITS,
  editionOf,
} from './doctor-limits.ts';
import { probeScopes } from './doctor-probes.ts';
import { coverage, RECOMMENDED_SCOPES } from './doctor-scopes.ts';
import type { DoctorToken, DoctorTokens } from './doctor-token.ts';
import { postTokenForm } from './token-endpoint.ts';
import { CACHE_DIR } from './token-cache.ts';

export type CheckId =
  'credentials' | 'token-endpoint' | 'refresh' | 'scopes' | 'api' | 'limits' | 'snapshot';
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface CheckResult {
  readonly id: CheckId;
  readonly title: string;
  readonly status: CheckStatus;
  readonly detail: string;
  readonly fix?: string;
  readonly data?: Record<string, unknown>;
}

export const CHECK_ORDER: readonly CheckId[] = [
  'credentials',
  'token-endpoint',
  'refresh',
  'scopes',
  'api',
  'limits',
  'snapshot',
];

const TITLES: Readonly<Record<CheckId, string>> = {
  credentials: 'credentials',
  'token-endpoint': 'token endpoint',
  refresh: 'token refresh',
  scopes: 'scopes',
  api: 'API',
  limits: 'edition limits',
  snapshot: 'snapshot',
};

export function result(
  id: CheckId,
  status: CheckStatus,
  detail: string,
  fix?: string,
  data?: Record<string, unknown>,
): CheckResult {
  return {
    id,
    title: TITLES[id],
    status,
    detail,
    ...(fix === undefined ? {} : { fix }),
    ...(data === undefined ? {} : { data }),
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface Connection {
  readonly conn: OrgConnection;
  /** The accounts server's origin (the data center's, or the override). */
  readonly accountsOrigin: string;
}

/** 1. The org's variables are set and well-formed. */
export function checkCredentials(
  org: OrgConfig,
  env: NodeJS.ProcessEnv,
): { result: CheckResult; connection?: Connection } {
  const v = credentialVariables(org.name);
  try {
    const conn = connectionFromEnv(org.name, org.dataCenter, env);
    const accountsOrigin =
      conn.accountsUrl === undefined
        ? DATA_CENTERS[conn.dataCenter].accountsUrl
        : normalizeOrigin(conn.accountsUrl, v.accountsUrl);
    if (conn.apiDomain !== undefined) normalizeOrigin(conn.apiDomain, v.apiDomain);
    const detail =
      'accessToken' in conn.auth
        ? `${v.accessToken} is set (a fixed access token: refresh is not tested)`
        : `${v.clientId}, ${v.clientSecret} and ${v.refreshToken} are set; data center ${conn.dataCenter}`;
    return { result: result('credentials', 'pass', detail), connection: { conn, accountsOrigin } };
  } catch (error) {
    const detail =
      error instanceof CredentialsError
        ? error.message.replace(/ Run `zcrm-codegen auth.*$/, '')
        : message(error).replace(/^ZohoCore: option /, '');
    return {
      result: result(
        'credentials',
        'fail',
        detail,
        `put ${v.clientId}, ${v.clientSecret} and ${v.refreshToken} in the environment (.env or your secret store; see .env.example); ` +
          `\`zcrm-codegen auth --org ${org.name} --code <grant code>\` mints the refresh token`,
      ),
    };
  }
}

/** 2. The token endpoint answers — an empty POST: Zoho answers with an error body, nothing is minted. */
export async function checkTokenEndpoint(
  org: OrgConfig,
  { conn, accountsOrigin }: Connection,
): Promise<CheckResult> {
  const v = credentialVariables(org.name);
  if ('accessToken' in conn.auth)
    return result('token-endpoint', 'skip', `not needed with ${v.accessToken}`);
  try {
    const answer = await postTokenForm(accountsOrigin, {});
    return result(
      'token-endpoint',
      'pass',
      `${accountsOrigin}/oauth/v2/token answers (HTTP ${answer.status})`,
    );
  } catch (error) {
    return result(
      'token-endpoint',
      'fail',
      message(error),
      `check the network or proxy, and the data center: org "${org.name}" uses ${conn.dataCenter} (${DATA_CENTERS[conn.dataCenter].accountsUrl}); ` +
        `${v.accountsUrl} overrides the host`,
    );
  }
}

function minutesAgo(at: number, now: number): string {
  const m = Math.max(0, Math.round((now - at) / 60_000));
  return m === 0 ? 'just now' : `${m} min ago`;
}

/**
 * 3. Refresh: the credentials of the environment are verified against Zoho (at once when they changed, at
 * most once per 10 minutes otherwise), and an access token is at hand. `refusedToken`: the API refused
 * the cached token, so a new one is needed.
 */
export async function checkRefresh(
  conn: OrgConnection,
  tokens: DoctorTokens,
  refusedToken?: string,
): Promise<{ result: CheckResult; token?: DoctorToken }> {
  let token: DoctorToken;
  try {
    token = refusedToken === undefined ? await tokens.obtain() : await tokens.replace(refusedToken);
  } catch (error) {
    if (error instanceof TokenEndpointError) {
      return {
        result: result(
          'refresh',
          'fail',
          `Zoho refused the refresh token: ${error.code}`,
          wrongDcHint(error, conn.dataCenter),
        ),
      };
    }
    if (error instanceof NetworkError)
      return { result: result('refresh', 'fail', message(error), 'check the network or proxy') };
    throw error;
  }
  const now = Date.now();
  const life =
    token.expiresAt === undefined
      ? ''
      : ` (valid ${Math.max(0, Math.round((token.expiresAt - now) / 60_000))} min)`;
  const detail =
    refusedToken !== undefined
      ? 'the cached access token was refused by the API (revoked or pushed out); minted a new one and cached it'
      : token.minted
        ? `credentials verified: minted an access token${life}, cached in ${CACHE_DIR}/ so the next run reuses it`
        : `reused the cached access token${life}; none minted — credentials verified ${minutesAgo(token.verifiedAt, now)}, again after 10 min or when they change`;
  return {
    result: result('refresh', 'pass', detail, undefined, {
      minted: token.minted,
      verifiedAt: new Date(token.verifiedAt).toISOString(),
    }),
    token,
  };
}

export function wrongDcHint(error: TokenEndpointError, dc: string): string {
  const others = DATA_CENTER_IDS.filter((id) => id !== dc).join(', ');
  if (error.code === 'invalid_client' || error.code === 'invalid_code') {
    return `${error.advice}. A refresh token minted in another data center (${others}) fails exactly like this in ${dc}.`;
  }
  return error.advice;
}

/** The first module a read probe can use: the snapshot's first default API module, else Leads. */
async function firstModule(org: OrgConfig): Promise<string> {
  try {
    const snapshot = await readSnapshot(org.snapshot);
    const m = snapshot.modules.modules.find(
      (x) => x.api_supported !== false && (x.generated_type ?? 'default') === 'default',
    );
    return m?.api_name ?? 'Leads';
  } catch {
    return 'Leads';
  }
}

/** 4. Scopes: from the token answer when known, else one read per area against the API. */
export async function checkScopes(
  org: OrgConfig,
  core: ZohoCore,
  scopes: readonly string[] | undefined,
): Promise<CheckResult> {
  const fix = `generate a new grant code with the scopes ${RECOMMENDED_SCOPES} and run \`zcrm-codegen auth --org ${org.name} --code <grant code>\``;
  if (scopes !== undefined) {
    const gaps = coverage(scopes).filter((c) => c.missing.length > 0);
    const data = {
      source: 'token response',
      granted: [...scopes],
      missing: gaps.flatMap((g) => g.missing),
    };
    if (gaps.length === 0) {
      return result(
        'scopes',
        'pass',
        `the token's scopes cover metadata, records, bulk, COQL, notifications, users and org`,
        undefined,
        data,
      );
    }
    const lines = gaps.map((g) => `${g.area.id} (${g.area.uses}): missing ${g.missing.join(', ')}`);
    return result(
      'scopes',
      'fail',
      ['the token lacks scopes the generated client uses:', ...lines].join('\n'),
      fix,
      data,
    );
  }
  const outcomes = await probeScopes(core, await firstModule(org));
  const missing = outcomes.filter((o) => o.result === 'scope-missing').map((o) => o.area);
  const unsure = outcomes.filter((o) => o.result === 'inconclusive').map((o) => o.area);
  const data = { source: 'probes', missingAreas: missing, inconclusive: unsure };
  if (missing.length > 0) {
    return result(
      'scopes',
      'fail',
      `OAUTH_SCOPE_MISMATCH when reading: ${missing.join(', ')} (probed with one read per area)`,
      fix,
      data,
    );
  }
  if (unsure.length > 0) {
    return result(
      'scopes',
      'warn',
      `could not tell for: ${unsure.join(', ')} (the probes got no clear answer)`,
      'see the API check below',
      data,
    );
  }
  return result(
    'scopes',
    'pass',
    "one read per area got past the scope check (write scopes are not probed: the cached token's scope list is unknown)",
    undefined,
    data,
  );
}

export interface ApiOutcome {
  readonly result: CheckResult;
  /** The organization record, when GET /crm/v8/org gave one. */
  readonly org?: Record<string, unknown>;
  /** The API refused the access token itself (INVALID_TOKEN): a new one may help. */
  readonly tokenRefused: boolean;
}

/** 5. The API answers GET /crm/v8/org with this token, on the host of the right data center. */
export async function checkApi(
  org: OrgConfig,
  core: ZohoCore,
  conn: OrgConnection,
  tokenApiDomain: string | undefined,
): Promise<ApiOutcome> {
  const host = core.apiOrigin;
  try {
    const body = await core.request<{ org?: Record<string, unknown>[] } | undefined>({
      method: 'GET',
      path: '/crm/v8/org',
      operation: 'getOrg',
    });
    const orgBody = body?.org?.[0];
    const name =
      typeof orgBody?.['company_name'] === 'string' ? ` — org "${orgBody['company_name']}"` : '';
    const tokenDc =
      tokenApiDomain !== undefined && isZohoApiDomain(tokenApiDomain)
        ? DATA_CENTER_IDS.find(
            (id) => DATA_CENTERS[id].apiDomain === new URL(tokenApiDomain).origin,
          )
        : undefined;
    const found = orgBody === undefined ? {} : { org: orgBody };
    if (tokenDc !== undefined && tokenDc !== conn.dataCenter) {
      return {
        result: result(
          'api',
          'warn',
          `${host} answers${name}, but the token's api_domain is ${tokenApiDomain} (data center ${tokenDc})`,
          `set dataCenter: ${tokenDc} for org "${org.name}" in zcrm.config.yaml`,
        ),
        ...found,
        tokenRefused: false,
      };
    }
    return {
      result: result('api', 'pass', `${host} answers${name}`),
      ...found,
      tokenRefused: false,
    };
  } catch (error) {
    if (error instanceof ScopeError) {
      return {
        result: result(
          'api',
          'pass',
          `${host} answers (GET /crm/v8/org refused for scope — see the scopes check)`,
        ),
        tokenRefused: false,
      };
    }
    if (error instanceof AuthError) {
      const fix = `the token was issued for another data center than ${host}: check dataCenter (${conn.dataCenter}) and ${credentialVariables(org.name).apiDomain}`;
      return {
        result: result('api', 'fail', `${host} refused the access token (${error.code})`, fix),
        tokenRefused: true,
      };
    }
    if (error instanceof NetworkError) {
      return {
        result: result(
          'api',
          'fail',
          `cannot reach ${host}: ${error.message}`,
          'check the network or proxy and the data center',
        ),
        tokenRefused: false,
      };
    }
    if (error instanceof ZohoApiError) {
      return {
        result: result(
          'api',
          'fail',
          `${host} answered ${error.code}: ${error.message}`,
          "see Zoho's status page, or retry later",
        ),
        tokenRefused: false,
      };
    }
    throw error;
  }
}

/** 6. The edition's limits, from the organization record's license_details. */
export function checkLimits(orgBody: Record<string, unknown> | undefined): CheckResult {
  const unreported = { creditsUsed: null, creditsUsedNote: CREDITS_USED_NOT_REPORTED };
  if (orgBody === undefined)
    return result('limits', 'skip', 'GET /crm/v8/org gave no organization', undefined, unreported);
  const license = orgBody['license_details'];
  const edition = editionOf(license);
  const purchased =
    typeof license === 'object' && license !== null
      ? (license as Record<string, unknown>)['users_license_purchased']
      : undefined;
  const users = typeof purchased === 'number' ? purchased : undefined;
  if (edition === undefined) {
    return result(
      'limits',
      'warn',
      `edition not recognised from license_details; credits used: ${CREDITS_USED_NOT_REPORTED}`,
      'see Setup → Developer Hub → APIs in Zoho CRM for the limits',
      { edition: null, ...unreported },
    );
  }
  const limits = EDITION_LIMITS[edition];
  const budget = creditBudget(edition, users);
  return result(
    'limits',
    'pass',
    [
      `${edition} edition: at most ${limits.concurrency} concurrent API calls per org (pass maxConcurrency ≤ ${limits.concurrency} to the client)`,
      `credits per rolling 24 h: ${budget === null ? 'depends on user licenses' : `${budget.toLocaleString('en-US')} + add-ons`}${users === undefined ? '' : ` (${users} user licenses)`}`,
      `credits used: ${CREDITS_USED_NOT_REPORTED}`,
    ].join('\n'),
    undefined,
    {
      edition,
      concurrencyLimit: limits.concurrency,
      userLicenses: users ?? null,
      creditsPer24h: budget,
      ...unreported,
    },
  );
}

/** 7. The committed snapshot is what the live org says (as `check`). */
export async function checkSnapshot(
  org: OrgConfig,
  core: ZohoCore,
  cwd: string,
): Promise<CheckResult> {
  const file = org.snapshot;
  const shown = relative(cwd, file) || file;
  try {
    await readSnapshot(file);
  } catch (error) {
    return result(
      'snapshot',
      'fail',
      message(error),
      `run \`zcrm-codegen pull --org ${org.name}\` and \`zcrm-codegen generate --org ${org.name}\`, then commit both`,
    );
  }
  try {
    const compared = await checkOrg({ client: core, org: org.name, snapshotFile: file });
    if (compared.inSync) return result('snapshot', 'pass', `in sync with ${shown}`);
    return result(
      'snapshot',
      'fail',
      compared.report.replace(/\n*Run `zcrm-codegen pull`.*$/s, '').trim(),
      `run \`zcrm-codegen pull --org ${org.name}\` then \`zcrm-codegen generate --org ${org.name}\`, review the diff and commit`,
    );
  } catch (error) {
    return result(
      'snapshot',
      'fail',
      `could not compare with the live org: ${message(error)}`,
      'fix the checks above, then run doctor again',
    );
  }
}
