/**
 * `zcrm-codegen auth`: exchanges a Self Client grant code for a refresh token and prints the environment lines
 * to keep it in. Printing the new refresh token is the purpose of the command; the client secret is never
 * printed, and nothing is written to disk.
 *
 *   zcrm-codegen auth --code GRANT_CODE [--org NAME] [--dc DC | --accounts-server URL]
 *                     [--client-id ID] [--client-secret SECRET] [--redirect-uri URI] [--config FILE]
 *
 * Zoho facts (Zoho Accounts "Self Client — Authorization code flow" and "Multi DC support"):
 * - POST {accounts-server}/oauth/v2/token with grant_type=authorization_code, client_id, client_secret, code.
 *   The accounts server is the one of the data center the client is registered in; Zoho appends
 *   `accounts-server=https://accounts.zoho.<tld>` (and `location=<dc>`) to redirects, which is why
 *   --accounts-server is accepted and mapped through the DC table.
 * - A grant code is single-use and lives 3–10 minutes (chosen when generating it; 3 by default).
 * - Refusals are HTTP 200 with `{"error": "invalid_code" | "invalid_client" | …}`.
 * - A refresh token is only issued for offline access (access_type=offline for redirect-based clients).
 */
import { resolve } from 'node:path';
import { DEFAULT_CONFIG_FILE, readConfig, type OrgConfig } from '../config.ts';
import { credentialVariables } from '../metadata/credentials.ts';
import {
  DATA_CENTER_IDS,
  DATA_CENTERS,
  isDataCenter,
  isLoopbackHost,
  isZohoApiDomain,
  type DataCenter,
} from '../../templates/runtime/data-centers.ts';
import { describeMissing, parseScopes, RECOMMENDED_SCOPES } from './doctor-scopes.ts';
import { apiConsole } from './init.ts';
import type { OptionValues, ParsedArgs } from './args.ts';
import { EXIT_FINDING, EXIT_OK, UsageError, type Io } from './io.ts';
import { stringOption as flag } from './orgs.ts';
import { commandSpec } from './command-specs.ts';
import { runCommand } from './run.ts';
import { postTokenForm, TokenEndpointUnreachable } from './token-endpoint.ts';

/** Where to exchange the code: a known DC, or a loopback server (the emulator). */
export interface AccountsTarget {
  readonly origin: string;
  readonly dataCenter: DataCenter | undefined;
}

/**
 * Maps an accounts-server URL (as Zoho appends it to redirects) to its data center through the DC table.
 * Any other host is refused — a grant code and client secret must only go to Zoho — except loopback,
 * which is the local emulator.
 */
export function resolveAccountsServer(value: string): AccountsTarget {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(
      `--accounts-server ${JSON.stringify(value)} is not a URL (expected e.g. https://accounts.zoho.eu)`,
    );
  }
  const dc = DATA_CENTER_IDS.find(
    (id) => new URL(DATA_CENTERS[id].accountsUrl).origin === url.origin,
  );
  if (dc !== undefined) return { origin: url.origin, dataCenter: dc };
  if ((url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname)) {
    return { origin: url.origin, dataCenter: undefined };
  }
  throw new UsageError(
    `--accounts-server ${url.origin} is not a Zoho accounts server; known: ${DATA_CENTER_IDS.map((id) => DATA_CENTERS[id].accountsUrl).join(', ')}`,
  );
}

export const runAuth = (argv: readonly string[], io: Io): Promise<number> =>
  runCommand(commandSpec('auth'), argv, io, auth);

async function auth({ values }: ParsedArgs, io: Io): Promise<number> {
  const code = flag(values, 'code');
  if (code === undefined)
    throw new UsageError(
      '--code GRANT_CODE is required (API console → Self Client → Generate Code)',
    );
  const configured = await configuredOrg(values, io);
  const org = flag(values, 'org') ?? configured?.name;
  if (org === undefined) {
    throw new UsageError(
      `--org NAME is required (it names the ZCRM_<ORG>_… variables) when ${DEFAULT_CONFIG_FILE} does not list exactly one org`,
    );
  }
  const v = credentialVariables(org);
  const target = chooseTarget(values, io.env, v, configured);
  const clientId = flag(values, 'client-id') ?? io.env[v.clientId];
  const clientSecret = flag(values, 'client-secret') ?? io.env[v.clientSecret];
  const missing = [
    ...(clientId ? [] : [`--client-id or ${v.clientId}`]),
    ...(clientSecret ? [] : [`--client-secret or ${v.clientSecret}`]),
  ];
  if (missing.length > 0)
    throw new UsageError(
      `missing ${missing.join(' and ')} (API console → Self Client → Client Secret)`,
    );

  const form: Record<string, string> = {
    grant_type: 'authorization_code',
    client_id: clientId!,
    client_secret: clientSecret!,
    code,
  };
  const redirectUri = flag(values, 'redirect-uri');
  if (redirectUri !== undefined) form['redirect_uri'] = redirectUri;

  const scrub = (s: string): string =>
    s.split(clientSecret!).join('[client secret]').split(code).join('[grant code]');
  let answer;
  try {
    answer = await postTokenForm(target.origin, form);
  } catch (error) {
    if (!(error instanceof TokenEndpointUnreachable)) throw error;
    io.stderr(
      `zcrm-codegen auth: ${scrub(error.message)}. Check your network or proxy, and that the data center is right (${describeTarget(target)}).\n`,
    );
    return EXIT_FINDING;
  }
  const body = answer.body;
  if (typeof body['error'] === 'string' || typeof body['access_token'] !== 'string') {
    io.stderr(`zcrm-codegen auth: ${scrub(explainRefusal(body, target, clientId!))}\n`);
    return EXIT_FINDING;
  }
  const refreshToken = body['refresh_token'];
  if (typeof refreshToken !== 'string' || refreshToken === '') {
    io.stderr(
      'zcrm-codegen auth: Zoho issued an access token but no refresh token, so nothing durable was created. ' +
        'The code was generated for online access. For a Self Client, generate a new code (Self Client → Generate Code) — ' +
        'its codes grant offline access; for a redirect-based client add access_type=offline (and prompt=consent: Zoho returns ' +
        'a refresh token only on a fresh consent) to the authorization URL, then run this command again with the new code.\n',
    );
    return EXIT_FINDING;
  }

  // Which DC the token belongs to: Zoho's api_domain says, when it names a known API host.
  const apiDomain = typeof body['api_domain'] === 'string' ? body['api_domain'] : undefined;
  const tokenDc =
    apiDomain !== undefined && isZohoApiDomain(apiDomain)
      ? DATA_CENTER_IDS.find((id) => DATA_CENTERS[id].apiDomain === new URL(apiDomain).origin)
      : undefined;
  const dc = tokenDc ?? target.dataCenter;
  const lines = [`${v.refreshToken}=${refreshToken}`];
  if (flag(values, 'client-id') !== undefined) lines.push(`${v.clientId}=${clientId}`);
  if (flag(values, 'client-secret') !== undefined)
    lines.push(`# ${v.clientSecret}=<the client secret you passed — not printed>`);
  if (dc !== undefined) lines.push(`${v.dataCenter}=${dc}`);
  if (target.dataCenter === undefined) {
    // Loopback (the emulator): both hosts are overrides.
    lines.push(`${v.accountsUrl}=${target.origin}`);
    if (apiDomain !== undefined) lines.push(`${v.apiDomain}=${apiDomain}`);
  }
  io.stdout(`${lines.join('\n')}\n`);
  io.stderr(
    `Add the line${lines.length > 1 ? 's' : ''} above to your environment (.env, which is gitignored, or your secret store) — ` +
      'never to a committed file. The refresh token does not expire while it is used; treat it like a password.\n',
  );
  if (tokenDc !== undefined && target.dataCenter !== undefined && tokenDc !== target.dataCenter) {
    io.stderr(
      `Note: Zoho says this org's API host is ${apiDomain} (data center ${tokenDc}), not ${target.dataCenter}: set dataCenter: ${tokenDc} for org "${org}".\n`,
    );
  }
  if (typeof body['scope'] === 'string') {
    const gaps = describeMissing(parseScopes(body['scope']));
    if (gaps.length > 0) {
      io.stderr(
        [
          'The refresh token above works, but its scopes do not cover everything the generated client does:',
          ...gaps.map((g) => `  - ${g}`),
          `Calls in those areas will fail with OAUTH_SCOPE_MISMATCH. To fix it, generate a new code with`,
          `  ${RECOMMENDED_SCOPES}`,
          'run auth again, and revoke this refresh token (API console → Self Client, or POST /oauth/v2/token/revoke).',
          '',
        ].join('\n'),
      );
      return EXIT_FINDING;
    }
  }
  return EXIT_OK;
}

/** The org from the config when there is one (its dataCenter is the default), or undefined. */
async function configuredOrg(values: OptionValues, io: Io): Promise<OrgConfig | undefined> {
  const explicit = flag(values, 'config');
  let orgs: readonly OrgConfig[];
  try {
    orgs = (await readConfig(resolve(io.cwd, explicit ?? DEFAULT_CONFIG_FILE))).orgs;
  } catch (error) {
    // auth works without a config (the first step of a new project); a config named explicitly must exist.
    if (explicit !== undefined)
      throw new UsageError(error instanceof Error ? error.message : String(error));
    return undefined;
  }
  const name = flag(values, 'org');
  if (name !== undefined) return orgs.find((o) => o.name === name);
  return orgs.length === 1 ? orgs[0] : undefined;
}

function chooseTarget(
  values: OptionValues,
  env: NodeJS.ProcessEnv,
  v: ReturnType<typeof credentialVariables>,
  configured: OrgConfig | undefined,
): AccountsTarget {
  const server = flag(values, 'accounts-server');
  const dcFlag = flag(values, 'dc')?.toLowerCase();
  if (dcFlag !== undefined && !isDataCenter(dcFlag)) {
    throw new UsageError(
      `--dc ${JSON.stringify(dcFlag)} is not a data center (one of ${DATA_CENTER_IDS.join(', ')})`,
    );
  }
  if (server !== undefined) {
    const target = resolveAccountsServer(server);
    if (dcFlag !== undefined && target.dataCenter !== undefined && target.dataCenter !== dcFlag) {
      throw new UsageError(
        `--dc ${dcFlag} and --accounts-server ${server} (data center ${target.dataCenter}) disagree; the accounts-server Zoho gave you decides`,
      );
    }
    return target;
  }
  if (dcFlag !== undefined) return { origin: DATA_CENTERS[dcFlag].accountsUrl, dataCenter: dcFlag };
  const override = env[v.accountsUrl];
  if (override) return resolveAccountsServer(override);
  const dc = env[v.dataCenter] || configured?.dataCenter || 'us';
  if (!isDataCenter(dc))
    throw new UsageError(
      `${v.dataCenter}=${JSON.stringify(dc)} is not a data center (one of ${DATA_CENTER_IDS.join(', ')})`,
    );
  return { origin: DATA_CENTERS[dc].accountsUrl, dataCenter: dc };
}

function describeTarget(t: AccountsTarget): string {
  return t.dataCenter === undefined
    ? `accounts server ${t.origin}`
    : `data center ${t.dataCenter}, ${t.origin}`;
}

/** What Zoho's refusal means and what to do next — one message per error Zoho documents or users meet. */
export function explainRefusal(
  body: Record<string, unknown>,
  target: AccountsTarget,
  clientId: string,
): string {
  const error = typeof body['error'] === 'string' ? body['error'] : 'invalid_response';
  const description =
    typeof body['error_description'] === 'string' ? ` (${body['error_description']})` : '';
  const where = describeTarget(target);
  const console =
    target.dataCenter === undefined ? 'the API console' : apiConsole(target.dataCenter);
  const otherDcs = DATA_CENTER_IDS.filter((id) => id !== target.dataCenter).join(', ');
  if (error === 'invalid_code') {
    return (
      `Zoho refused the grant code (invalid_code) at ${where}. A grant code is single-use and lives only the 3–10 minutes chosen ` +
      `when it was generated: it has expired, was already exchanged, or was generated in another data center. ` +
      `Next: generate a new code in ${console} (Self Client → Generate Code) and run this command within its lifetime; ` +
      `if your Zoho account is in another data center (${otherDcs}), pass --dc or the accounts-server Zoho showed you.`
    );
  }
  if (error === 'invalid_client') {
    return (
      `Zoho does not know client id ${clientId} at ${where} (invalid_client). Either the client id is mistyped, or — the usual cause ` +
      `when it looks right — the client is registered in another data center: the API console you created it in tells which ` +
      `(api-console.zoho.eu → --dc eu; other data centers: ${otherDcs}). Next: copy the client id again from Self Client → Client Secret, ` +
      `or rerun with the right --dc; then generate a fresh code, since this one may be spent.`
    );
  }
  if (error === 'invalid_client_secret') {
    return (
      `The client secret does not match client ${clientId} (invalid_client_secret) at ${where}. Next: copy it again from ${console} → ` +
      'Self Client → Client Secret (with multi-DC enabled, each data center has its own secret) and run again with a fresh code.'
    );
  }
  if (error === 'invalid_redirect_uri' || /redirect/i.test(error)) {
    return (
      `Zoho refused the redirect URI (${error})${description}. A code from a redirect-based client must be exchanged with exactly the ` +
      'redirect_uri registered for the client: pass it with --redirect-uri (a Self Client needs none — drop the flag), then retry with a fresh code.'
    );
  }
  if (/access denied/i.test(error) || /too many requests/i.test(description)) {
    return (
      `Zoho is throttling token requests for this client (${error}${description}). Wait a few minutes — up to 10 — before trying ` +
      'again, and do not retry in a loop: each attempt prolongs the lockout. The grant code may expire meanwhile; generate a new one then.'
    );
  }
  return (
    `Zoho refused the exchange (${error})${description} at ${where}. Check the client id and secret in ${console}, ` +
    'that the code was generated there for this client, and the data center; then retry with a fresh code.'
  );
}
