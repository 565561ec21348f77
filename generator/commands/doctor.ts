/**
 * `zcrm-codegen doctor [--org NAME] [--json] [--config FILE]`: is this org's integration healthy, and if not,
 * what to do. The checks (doctor-checks.ts, one function each) run in order, each with ✔/✘ and a fix; a
 * failure skips the checks that depend on it.
 *
 * Exit status, for cron and CI: 0 healthy, 1 a problem found (an unreachable API included), 2 doctor could
 * not run (no config, bad args). `--json` prints exactly one JSON object on stdout. Secrets never appear in
 * the output: the whole text passes the runtime's redaction with every secret value of the environment.
 */
import { resolve } from 'node:path';
import {
  ConfigError,
  DEFAULT_CONFIG_FILE,
  findOrg,
  readConfig,
  type OrgConfig,
} from '../config.ts';
import { credentialVariables } from '../metadata/credentials.ts';
import { ZohoCore } from '../../templates/runtime/index.js';
import { isZohoApiDomain } from '../../templates/runtime/data-centers.ts';
import { redactText } from '../../templates/runtime/redact.ts';
import type { ParsedArgs } from './args.ts';
import {
  CHECK_ORDER,
  checkApi,
  checkCredentials,
  checkLimits,
  checkRefresh,
  checkScopes,
  checkSnapshot,
  checkTokenEndpoint,
  result,
  type CheckResult,
  type CheckStatus,
  type Connection,
} from './doctor-checks.ts';
import { openDoctorTokens, type DoctorToken } from './doctor-token.ts';
import {
  colorEnabled,
  EXIT_CANNOT_RUN,
  EXIT_FINDING,
  EXIT_OK,
  painter,
  UsageError,
  type Io,
} from './io.ts';
import { stringOption } from './orgs.ts';
import { commandSpec } from './command-specs.ts';
import { oneLine, runCommand, secretsOf } from './run.ts';

export type { CheckId, CheckResult, CheckStatus } from './doctor-checks.ts';

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

const SYMBOL: Readonly<Record<CheckStatus, string>> = {
  pass: '✔',
  fail: '✘',
  warn: '⚠',
  skip: '–',
};
const SYMBOL_COLOUR = { pass: 'green', fail: 'red', warn: 'yellow', skip: 'dim' } as const;

export const runDoctor = (argv: readonly string[], io: Io): Promise<number> =>
  runCommand(commandSpec('doctor'), argv, io, async (args, cmdIo) => {
    const json = args.values['json'] === true;
    const print = (text: string) => cmdIo.stdout(redactText(text, secretsOf(cmdIo.env)));
    try {
      const report = await doctor(args, cmdIo);
      print(
        json
          ? `${JSON.stringify(report, null, 2)}\n`
          : formatReport(report, colorEnabled(cmdIo, args.noColor)),
      );
      return report.exitCode;
    } catch (error) {
      // Still one JSON object for a monitor that parses stdout; the line on stderr comes from runCommand.
      if (json)
        print(
          `${JSON.stringify({ ok: false, exitCode: EXIT_CANNOT_RUN, orgs: [], error: oneLine(error) }, null, 2)}\n`,
        );
      throw error;
    }
  });

async function doctor(args: ParsedArgs, io: Io): Promise<DoctorReport> {
  const configFile = resolve(io.cwd, stringOption(args.values, 'config') ?? DEFAULT_CONFIG_FILE);
  let orgs: readonly OrgConfig[];
  try {
    const config = await readConfig(configFile);
    const name = stringOption(args.values, 'org');
    orgs = name === undefined ? config.orgs : [findOrg(config, name)];
  } catch (error) {
    if (error instanceof ConfigError && /no such file/.test(error.message)) {
      throw new UsageError(`${error.message} (run \`zcrm-codegen init\` to create it)`);
    }
    throw error;
  }
  if (orgs.length === 0)
    throw new UsageError(`${configFile} lists no orgs (run \`zcrm-codegen init\`)`);
  const reports: OrgReport[] = [];
  for (const org of orgs) reports.push(await diagnoseOrg(org, io));
  const ok = reports.every((r) => r.ok);
  return { ok, exitCode: ok ? EXIT_OK : EXIT_FINDING, orgs: reports };
}

export function formatReport(report: DoctorReport, colour = false): string {
  const paint = painter(colour);
  const lines: string[] = [];
  for (const org of report.orgs) {
    lines.push(`org "${org.org}" (data center ${org.dataCenter})`);
    for (const c of org.checks) {
      const [first = '', ...rest] = c.detail.split('\n');
      lines.push(`  ${paint(SYMBOL_COLOUR[c.status], SYMBOL[c.status])} ${c.title}: ${first}`);
      for (const l of rest) lines.push(l.trim() === '' ? '' : `      ${l}`);
      if (c.fix !== undefined && (c.status === 'fail' || c.status === 'warn'))
        lines.push(`      fix: ${c.fix}`);
    }
    const problems = org.checks.filter((c) => c.status === 'fail').length;
    lines.push(
      problems === 0
        ? `  ${paint('green', 'healthy')}`
        : `  ${paint('red', `${problems} problem${problems > 1 ? 's' : ''}`)}`,
      '',
    );
  }
  return `${lines.join('\n')}`;
}

/** Runs the checks for one org, in order; a failure skips the checks that depend on it. */
export async function diagnoseOrg(org: OrgConfig, io: Io): Promise<OrgReport> {
  const credentials = checkCredentials(org, io.env);
  const dataCenter = credentials.connection?.conn.dataCenter ?? org.dataCenter;
  const checks =
    credentials.connection === undefined
      ? [credentials.result]
      : await connectedChecks(org, io, credentials.result, credentials.connection);
  const done = new Set(checks.map((c) => c.id));
  const skipReason = skipReasonAfter(checks);
  const all = [
    ...checks,
    ...CHECK_ORDER.filter((id) => !done.has(id)).map((id) => result(id, 'skip', skipReason)),
  ];
  return { org: org.name, dataCenter, ok: all.every((c) => c.status !== 'fail'), checks: all };
}

/** Why the checks after the last one run were skipped. */
function skipReasonAfter(checks: readonly CheckResult[]): string {
  const last = checks.at(-1);
  switch (last?.id) {
    case 'credentials':
      return 'needs credentials';
    case 'token-endpoint':
      return 'needs the token endpoint';
    case 'refresh':
      return 'needs an access token';
    default:
      return 'needs an access token the API accepts';
  }
}

async function connectedChecks(
  org: OrgConfig,
  io: Io,
  credentials: CheckResult,
  connection: Connection,
): Promise<CheckResult[]> {
  const { conn } = connection;
  const endpoint = await checkTokenEndpoint(org, connection);
  if (endpoint.status === 'fail') return [credentials, endpoint];
  if ('accessToken' in conn.auth) {
    const fixed: DoctorToken = {
      accessToken: conn.auth.accessToken,
      apiDomain: undefined,
      scopes: undefined,
      minted: false,
      expiresAt: undefined,
      verifiedAt: 0,
    };
    const refresh = result(
      'refresh',
      'skip',
      `${credentialVariables(org.name).accessToken} is set; unset it to test the refresh token`,
    );
    return [
      credentials,
      endpoint,
      refresh,
      ...(await apiChecks(org, io, connection, fixed)).results,
    ];
  }
  if (!('refreshToken' in conn.auth)) return [credentials, endpoint];
  const tokens = await openDoctorTokens(
    io.cwd,
    connection.accountsOrigin,
    conn.auth,
    conn.apiDomain !== undefined,
  );
  try {
    const first = await checkRefresh(conn, tokens);
    if (first.token === undefined) return [credentials, endpoint, first.result];
    const api = await apiChecks(org, io, connection, first.token);
    if (!api.tokenRefused || first.token.minted)
      return [credentials, endpoint, first.result, ...api.results];
    // The API refused a cached token (revoked, or pushed out by Zoho's 15-live-tokens limit): mint once and
    // run the API checks again — a stale cache is not the org's problem.
    const second = await checkRefresh(conn, tokens, first.token.accessToken);
    if (second.token === undefined) return [credentials, endpoint, second.result];
    return [
      credentials,
      endpoint,
      second.result,
      ...(await apiChecks(org, io, connection, second.token)).results,
    ];
  } finally {
    await tokens.close();
  }
}

/** Scopes, API, limits and snapshot with one access token; stops after the API when it refused the token. */
async function apiChecks(
  org: OrgConfig,
  io: Io,
  { conn }: Connection,
  token: DoctorToken,
): Promise<{ results: CheckResult[]; tokenRefused: boolean }> {
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
    const scopes = await checkScopes(org, core, token.scopes);
    const api = await checkApi(org, core, conn, token.apiDomain);
    if (api.tokenRefused) return { results: [scopes, api.result], tokenRefused: true };
    return {
      results: [scopes, api.result, checkLimits(api.org), await checkSnapshot(org, core, io.cwd)],
      tokenRefused: false,
    };
  } finally {
    await core.close();
  }
}
