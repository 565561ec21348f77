/**
 * `zcrm-codegen doctor [--org NAME] [--json] [--config FILE]`: is this org's integration healthy, and if not,
 * what to do. Checks, in order, each with ✔/✘ and a fix: credentials present; token endpoint reachable in
 * the configured data center; refresh works (reusing a cached token — see doctor-token.ts); the token's
 * scopes cover the generated client; the API answers; the org's edition limits; the committed snapshot is in
 * sync with the live org (as `check`).
 *
 * Exit status, for cron and CI: 0 healthy, 1 a problem found, 2 doctor could not run (no config, bad args).
 * `--json` prints exactly one JSON object on stdout. Secrets never appear in the output: every known secret
 * value is scrubbed from the final text, whatever produced it.
 */
import { relative, resolve } from 'node:path';
import {
  ConfigError,
  DEFAULT_CONFIG_FILE,
  findOrg,
  readConfig,
  type OrgConfig,
} from '../config.ts';
import { checkOrg } from './check.ts';
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
  ZohoCore,
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
import {
  CACHE_DIR,
  forgetAccessToken,
  obtainAccessToken,
  postTokenForm,
  TokenEndpointUnreachable,
  type DoctorToken,
} from './doctor-token.ts';
import {
  EXIT_OK,
  EXIT_PROBLEM,
  EXIT_USAGE,
  flag,
  parseFlags,
  UsageError,
  type CommandIO,
} from './io.ts';

export const DOCTOR_USAGE = `Usage: zcrm-codegen doctor [--org NAME] [--json] [--config FILE]
Checks credentials, token refresh, scopes, API reachability, edition limits and snapshot drift for each
configured org (or one). Exit 0 healthy, 1 a problem, 2 could not run.`;

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

export interface OrgReport {
  readonly org: string;
  readonly dataCenter: string;
  readonly ok: boolean;
  readonly checks: readonly CheckResult[];
}

export interface DoctorReport {
  readonly ok: boolean;
  readonly exitCode: number;
  readonly orgs: readonly OrgReport[];
  readonly error?: string;
}

const TITLES: Readonly<Record<CheckId, string>> = {
  credentials: 'credentials',
  'token-endpoint': 'token endpoint',
  refresh: 'token refresh',
  scopes: 'scopes',
  api: 'API',
  limits: 'edition limits',
  snapshot: 'snapshot',
};
const ORDER: readonly CheckId[] = [
  'credentials',
  'token-endpoint',
  'refresh',
  'scopes',
  'api',
  'limits',
  'snapshot',
];
const SYMBOL: Readonly<Record<CheckStatus, string>> = {
  pass: '✔',
  fail: '✘',
  warn: '⚠',
  skip: '–',
};

export async function runDoctor(args: string[], io: CommandIO): Promise<number> {
  let json = args.includes('--json');
  const secrets = collectSecrets(io.env);
  try {
    const values = parseFlags(args, {
      org: { type: 'string' },
      json: { type: 'boolean' },
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    json = values['json'] === true;
    if (values['help'] === true) {
      io.stdout(`${DOCTOR_USAGE}\n`);
      return EXIT_OK;
    }
    const configFile = resolve(io.cwd, flag(values, 'config') ?? DEFAULT_CONFIG_FILE);
    let orgs: readonly OrgConfig[];
    try {
      const config = await readConfig(configFile);
      const name = flag(values, 'org');
      orgs = name === undefined ? config.orgs : [findOrg(config, name)];
    } catch (error) {
      if (error instanceof ConfigError) {
        throw new UsageError(
          `${error.message}${/no such file/.test(error.message) ? ' (run `zcrm-codegen init` to create it)' : ''}`,
        );
      }
      throw error;
    }
    if (orgs.length === 0)
      throw new UsageError(`${configFile} lists no orgs (run \`zcrm-codegen init\`)`);

    const reports: OrgReport[] = [];
    for (const org of orgs) reports.push(await diagnoseOrg(org, io, secrets));
    const ok = reports.every((r) => r.ok);
    const report: DoctorReport = { ok, exitCode: ok ? EXIT_OK : EXIT_PROBLEM, orgs: reports };
    io.stdout(scrub(json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report), secrets));
    return report.exitCode;
  } catch (error) {
    if (!(error instanceof UsageError)) {
      // Something unforeseen (a file system error, a bug): still one line, still no secret, exit 2.
      const text = `doctor could not run: ${error instanceof Error ? error.message : String(error)}`;
      if (json)
        io.stdout(
          scrub(
            `${JSON.stringify({ ok: false, exitCode: EXIT_USAGE, orgs: [], error: text }, null, 2)}\n`,
            secrets,
          ),
        );
      io.stderr(scrub(`zcrm-codegen ${text}\n`, secrets));
      return EXIT_USAGE;
    }
    if (json) {
      const report: DoctorReport = {
        ok: false,
        exitCode: EXIT_USAGE,
        orgs: [],
        error: error.message,
      };
      io.stdout(scrub(`${JSON.stringify(report, null, 2)}\n`, secrets));
    }
    io.stderr(scrub(`zcrm-codegen doctor: ${error.message}\n\n${DOCTOR_USAGE}\n`, secrets));
    return EXIT_USAGE;
  }
}

/** Every secret value doctor could ever see for any org: scrubbed from all output. */
function collectSecrets(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter(
      ([name, value]) =>
        /^ZCRM_.*_(CLIENT_SECRET|REFRESH_TOKEN|ACCESS_TOKEN)$/.test(name) &&
        value !== undefined &&
        value.length >= 4,
    )
    .map(([, value]) => value as string);
}

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('[redacted]');
  return out;
}

export function formatReport(report: DoctorReport): string {
  const lines: string[] = [];
  for (const org of report.orgs) {
    lines.push(`org "${org.org}" (data center ${org.dataCenter})`);
    for (const c of org.checks) {
      const [first = '', ...rest] = c.detail.split('\n');
      lines.push(`  ${SYMBOL[c.status]} ${c.title}: ${first}`);
      for (const l of rest) lines.push(l.trim() === '' ? '' : `      ${l}`);
      if (c.fix !== undefined && (c.status === 'fail' || c.status === 'warn'))
        lines.push(`      fix: ${c.fix}`);
    }
    const problems = org.checks.filter((c) => c.status === 'fail').length;
    lines.push(
      problems === 0 ? `  healthy` : `  ${problems} problem${problems > 1 ? 's' : ''}`,
      '',
    );
  }
  return `${lines.join('\n')}`;
}

interface Ctx {
  readonly org: OrgConfig;
  readonly io: CommandIO;
  readonly secrets: string[];
  readonly checks: CheckResult[];
  /** The configured DC, or the one ZCRM_<ORG>_DATA_CENTER overrides it with. */
  dataCenter: string;
}

function add(
  ctx: Ctx,
  id: CheckId,
  status: CheckStatus,
  detail: string,
  fix?: string,
  data?: Record<string, unknown>,
): void {
  ctx.checks.push({
    id,
    title: TITLES[id],
    status,
    detail,
    ...(fix === undefined ? {} : { fix }),
    ...(data === undefined ? {} : { data }),
  });
}

function skipRest(ctx: Ctx, reason: string): void {
  const done = new Set(ctx.checks.map((c) => c.id));
  for (const id of ORDER) if (!done.has(id)) add(ctx, id, 'skip', reason);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs the checks for one org, in order; a failure skips the checks that depend on it. */
export async function diagnoseOrg(
  org: OrgConfig,
  io: CommandIO,
  secrets: string[] = collectSecrets(io.env),
): Promise<OrgReport> {
  const ctx: Ctx = { org, io, secrets, checks: [], dataCenter: org.dataCenter };
  await runChecks(ctx);
  return {
    org: org.name,
    dataCenter: ctx.dataCenter,
    ok: ctx.checks.every((c) => c.status !== 'fail'),
    checks: ctx.checks,
  };
}

async function runChecks(ctx: Ctx): Promise<void> {
  const { org, io } = ctx;
  const v = credentialVariables(org.name);

  // 1. credentials
  let conn: OrgConnection;
  let accountsOrigin: string;
  try {
    conn = connectionFromEnv(org.name, org.dataCenter, io.env);
    ctx.dataCenter = conn.dataCenter;
    accountsOrigin =
      conn.accountsUrl === undefined
        ? DATA_CENTERS[conn.dataCenter].accountsUrl
        : normalizeOrigin(conn.accountsUrl, v.accountsUrl);
    if (conn.apiDomain !== undefined) normalizeOrigin(conn.apiDomain, v.apiDomain);
  } catch (error) {
    add(
      ctx,
      'credentials',
      'fail',
      error instanceof CredentialsError
        ? error.message.replace(/ Run `zcrm-codegen auth.*$/, '')
        : message(error).replace(/^ZohoCore: option /, ''),
      `put ${v.clientId}, ${v.clientSecret} and ${v.refreshToken} in the environment (.env or your secret store; see .env.example); ` +
        `\`zcrm-codegen auth --org ${org.name} --code <grant code>\` mints the refresh token`,
    );
    return skipRest(ctx, 'needs credentials');
  }
  const fixed = 'accessToken' in conn.auth;
  add(
    ctx,
    'credentials',
    'pass',
    fixed
      ? `${v.accessToken} is set (a fixed access token: refresh is not tested)`
      : `${v.clientId}, ${v.clientSecret} and ${v.refreshToken} are set; data center ${conn.dataCenter}`,
  );

  // 2. token endpoint reachable — an empty POST: Zoho answers with an error body, nothing is minted.
  if (fixed) add(ctx, 'token-endpoint', 'skip', `not needed with ${v.accessToken}`);
  else {
    try {
      const answer = await postTokenForm(accountsOrigin, {});
      add(
        ctx,
        'token-endpoint',
        'pass',
        `${accountsOrigin}/oauth/v2/token answers (HTTP ${answer.status})`,
      );
    } catch (error) {
      add(
        ctx,
        'token-endpoint',
        'fail',
        message(error),
        `check the network or proxy, and the data center: org "${org.name}" uses ${conn.dataCenter} (${DATA_CENTERS[conn.dataCenter].accountsUrl}); ` +
          `${v.accountsUrl} overrides the host`,
      );
      return skipRest(ctx, 'needs the token endpoint');
    }
  }

  // 3. refresh
  let token: DoctorToken;
  if ('accessToken' in conn.auth) {
    token = {
      accessToken: conn.auth.accessToken,
      apiDomain: undefined,
      scopes: undefined,
      minted: false,
      expiresAt: 0,
    };
    add(ctx, 'refresh', 'skip', `${v.accessToken} is set; unset it to test the refresh token`);
  } else if ('refreshToken' in conn.auth) {
    try {
      token = await obtainAccessToken(io.cwd, accountsOrigin, conn.auth);
    } catch (error) {
      if (error instanceof TokenEndpointError) {
        add(
          ctx,
          'refresh',
          'fail',
          `Zoho refused the refresh token: ${error.code}`,
          wrongDcHint(error, conn.dataCenter),
        );
      } else if (error instanceof TokenEndpointUnreachable) {
        add(ctx, 'refresh', 'fail', error.message, 'check the network or proxy');
      } else throw error;
      return skipRest(ctx, 'needs an access token');
    }
    ctx.secrets.push(token.accessToken);
    const minutes = Math.max(0, Math.round((token.expiresAt - Date.now()) / 60_000));
    add(
      ctx,
      'refresh',
      'pass',
      token.minted
        ? `minted an access token (valid ${minutes} min), cached in ${CACHE_DIR}/ so the next run reuses it`
        : `reused the cached access token (valid ${minutes} more min); none minted`,
      undefined,
      { minted: token.minted },
    );
  } else {
    return skipRest(ctx, 'unsupported auth mode');
  }

  const mark = ctx.checks.length;
  if (!(await apiPhase(ctx, conn, token))) return;
  if (token.minted || !('refreshToken' in conn.auth))
    return skipRest(ctx, 'needs an access token the API accepts');
  // The API refused a cached token (revoked, or pushed out by Zoho's 15-live-tokens limit): forget it,
  // mint once, and run the API checks again — a stale cache is not the org's problem.
  ctx.checks.length = mark;
  await forgetAccessToken(io.cwd, conn.auth);
  try {
    token = await obtainAccessToken(io.cwd, accountsOrigin, conn.auth);
  } catch (error) {
    const i = ctx.checks.findIndex((c) => c.id === 'refresh');
    ctx.checks.splice(i, ctx.checks.length - i);
    if (error instanceof TokenEndpointError)
      add(
        ctx,
        'refresh',
        'fail',
        `Zoho refused the refresh token: ${error.code}`,
        wrongDcHint(error, conn.dataCenter),
      );
    else add(ctx, 'refresh', 'fail', message(error), 'check the network or proxy');
    return skipRest(ctx, 'needs an access token');
  }
  ctx.secrets.push(token.accessToken);
  const i = ctx.checks.findIndex((c) => c.id === 'refresh');
  ctx.checks[i] = {
    ...ctx.checks[i]!,
    detail:
      'the cached access token was refused by the API (revoked or pushed out); minted a new one and cached it',
    data: { minted: true },
  };
  if (await apiPhase(ctx, conn, token)) skipRest(ctx, 'needs an access token the API accepts');
}

/**
 * Scopes, API, limits and snapshot with one access token. Returns true when the API refused the token
 * itself (INVALID_TOKEN), so the caller may retry with a fresh one.
 */
async function apiPhase(ctx: Ctx, conn: OrgConnection, token: DoctorToken): Promise<boolean> {
  // The API host: the override, else the token response's api_domain when it is a Zoho API host, else the DC's.
  const apiDomain =
    conn.apiDomain ??
    (token.apiDomain !== undefined && isZohoApiDomain(token.apiDomain)
      ? token.apiDomain
      : undefined);
  const core = new ZohoCore({
    auth: { accessToken: token.accessToken },
    dataCenter: conn.dataCenter,
    ...(apiDomain === undefined ? {} : { apiDomain }),
    maxRetries: 2,
    timeoutMs: 30_000,
  });
  try {
    await scopeCheck(ctx, core, token);
    const api = await apiCheck(ctx, core, conn, token);
    if (api.tokenRefused) return true;
    limitsCheck(ctx, api.org);
    await snapshotCheck(ctx, core);
    return false;
  } finally {
    await core.close();
  }
}

function wrongDcHint(error: TokenEndpointError, dc: string): string {
  const others = DATA_CENTER_IDS.filter((id) => id !== dc).join(', ');
  if (error.code === 'invalid_client' || error.code === 'invalid_code') {
    return `${error.advice}. A refresh token minted in another data center (${others}) fails exactly like this in ${dc}.`;
  }
  return error.advice;
}

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

async function scopeCheck(ctx: Ctx, core: ZohoCore, token: DoctorToken): Promise<void> {
  const fix = `generate a new grant code with the scopes ${RECOMMENDED_SCOPES} and run \`zcrm-codegen auth --org ${ctx.org.name} --code <grant code>\``;
  if (token.scopes !== undefined) {
    const gaps = coverage(token.scopes).filter((c) => c.missing.length > 0);
    const data = {
      source: 'token response',
      granted: [...token.scopes],
      missing: gaps.flatMap((g) => g.missing),
    };
    if (gaps.length === 0) {
      add(
        ctx,
        'scopes',
        'pass',
        `the token's scopes cover metadata, records, bulk, COQL, notifications, users and org`,
        undefined,
        data,
      );
    } else {
      const lines = gaps.map(
        (g) => `${g.area.id} (${g.area.uses}): missing ${g.missing.join(', ')}`,
      );
      add(
        ctx,
        'scopes',
        'fail',
        ['the token lacks scopes the generated client uses:', ...lines].join('\n'),
        fix,
        data,
      );
    }
    return;
  }
  const outcomes = await probeScopes(core, await firstModule(ctx.org));
  const missing = outcomes.filter((o) => o.result === 'scope-missing').map((o) => o.area);
  const unsure = outcomes.filter((o) => o.result === 'inconclusive').map((o) => o.area);
  const data = { source: 'probes', missingAreas: missing, inconclusive: unsure };
  if (missing.length > 0) {
    add(
      ctx,
      'scopes',
      'fail',
      `OAUTH_SCOPE_MISMATCH when reading: ${missing.join(', ')} (probed with one read per area)`,
      fix,
      data,
    );
  } else if (unsure.length > 0) {
    add(
      ctx,
      'scopes',
      'warn',
      `could not tell for: ${unsure.join(', ')} (the probes got no clear answer)`,
      'see the API check below',
      data,
    );
  } else {
    add(
      ctx,
      'scopes',
      'pass',
      "one read per area got past the scope check (write scopes are not probed: the cached token's scope list is unknown)",
      undefined,
      data,
    );
  }
}

async function apiCheck(
  ctx: Ctx,
  core: ZohoCore,
  conn: OrgConnection,
  token: DoctorToken,
): Promise<{ org: Record<string, unknown> | undefined; tokenRefused: boolean }> {
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
      token.apiDomain !== undefined && isZohoApiDomain(token.apiDomain)
        ? DATA_CENTER_IDS.find(
            (id) => DATA_CENTERS[id].apiDomain === new URL(token.apiDomain!).origin,
          )
        : undefined;
    if (tokenDc !== undefined && tokenDc !== conn.dataCenter) {
      add(
        ctx,
        'api',
        'warn',
        `${host} answers${name}, but the token's api_domain is ${token.apiDomain} (data center ${tokenDc})`,
        `set dataCenter: ${tokenDc} for org "${ctx.org.name}" in zcrm.config.yaml`,
      );
    } else add(ctx, 'api', 'pass', `${host} answers${name}`);
    return { org: orgBody, tokenRefused: false };
  } catch (error) {
    if (error instanceof ScopeError) {
      add(
        ctx,
        'api',
        'pass',
        `${host} answers (GET /crm/v8/org refused for scope — see the scopes check)`,
      );
      return { org: undefined, tokenRefused: false };
    }
    if (error instanceof AuthError) {
      add(
        ctx,
        'api',
        'fail',
        `${host} refused the access token (${error.code})`,
        `the token was issued for another data center than ${host}: check dataCenter (${conn.dataCenter}) and ${credentialVariables(ctx.org.name).apiDomain}`,
      );
      return { org: undefined, tokenRefused: true };
    } else if (error instanceof NetworkError) {
      add(
        ctx,
        'api',
        'fail',
        `cannot reach ${host}: ${error.message}`,
        'check the network or proxy and the data center',
      );
    } else if (error instanceof ZohoApiError) {
      add(
        ctx,
        'api',
        'fail',
        `${host} answered ${error.code}: ${error.message}`,
        "see Zoho's status page, or retry later",
      );
    } else throw error;
    return { org: undefined, tokenRefused: false };
  }
}

function limitsCheck(ctx: Ctx, orgBody: Record<string, unknown> | undefined): void {
  if (orgBody === undefined) {
    add(ctx, 'limits', 'skip', 'GET /crm/v8/org gave no organization', undefined, {
      creditsUsed: null,
      creditsUsedNote: CREDITS_USED_NOT_REPORTED,
    });
    return;
  }
  const license = orgBody['license_details'];
  const edition = editionOf(license);
  const users =
    typeof license === 'object' &&
    license !== null &&
    typeof (license as Record<string, unknown>)['users_license_purchased'] === 'number'
      ? ((license as Record<string, unknown>)['users_license_purchased'] as number)
      : undefined;
  if (edition === undefined) {
    add(
      ctx,
      'limits',
      'warn',
      `edition not recognised from license_details; credits used: ${CREDITS_USED_NOT_REPORTED}`,
      'see Setup → Developer Hub → APIs in Zoho CRM for the limits',
      {
        edition: null,
        creditsUsed: null,
        creditsUsedNote: CREDITS_USED_NOT_REPORTED,
      },
    );
    return;
  }
  const limits = EDITION_LIMITS[edition];
  const budget = creditBudget(edition, users);
  add(
    ctx,
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
      creditsUsed: null,
      creditsUsedNote: CREDITS_USED_NOT_REPORTED,
    },
  );
}

async function snapshotCheck(ctx: Ctx, core: ZohoCore): Promise<void> {
  const file = ctx.org.snapshot;
  const shown = relative(ctx.io.cwd, file) || file;
  try {
    await readSnapshot(file);
  } catch (error) {
    add(
      ctx,
      'snapshot',
      'fail',
      message(error),
      `run \`zcrm-codegen pull --org ${ctx.org.name}\` and \`zcrm-codegen generate --org ${ctx.org.name}\`, then commit both`,
    );
    return;
  }
  try {
    const result = await checkOrg({ client: core, org: ctx.org.name, snapshotFile: file });
    if (result.inSync) add(ctx, 'snapshot', 'pass', `in sync with ${shown}`);
    else {
      add(
        ctx,
        'snapshot',
        'fail',
        result.report.replace(/\n*Run `zcrm-codegen pull`.*$/s, '').trim(),
        `run \`zcrm-codegen pull --org ${ctx.org.name}\` then \`zcrm-codegen generate --org ${ctx.org.name}\`, review the diff and commit`,
      );
    }
  } catch (error) {
    add(
      ctx,
      'snapshot',
      'fail',
      `could not compare with the live org: ${message(error)}`,
      'fix the checks above, then run doctor again',
    );
  }
}
