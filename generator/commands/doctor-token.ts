/**
 * The token endpoint as `auth` and `doctor` use it: one form POST to `{accounts}/oauth/v2/token`, its answer
 * read from the body (Zoho refuses with HTTP 200 and `{"error": …}` — Zoho Accounts OAuth docs), and — for
 * doctor — an access token reused from the same FileTokenStore file the runtime can share
 * (`.zcrm-cache/tokens.json`, gitignored), so running doctor from cron does not spend the mint budget
 * (10 access tokens per refresh token per 10 minutes).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { FileTokenStore } from '../../templates/runtime/file-token-store.ts';
import { tokenStoreKey, type StoredToken } from '../../templates/runtime/token-store.ts';
import { TokenEndpointError } from '../../templates/runtime/errors.ts';

export const CACHE_DIR = '.zcrm-cache';
const TOKENS_FILE = 'tokens.json';
/** Scopes are not secret and not part of StoredToken: kept beside it, keyed by a hash of the access token. */
const SCOPES_FILE = 'scopes.json';
const TIMEOUT_MS = 20_000;

export interface TokenAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** The token endpoint could not be reached at all (DNS, refused, TLS, timeout). */
export class TokenEndpointUnreachable extends Error {
  override name = 'TokenEndpointUnreachable';
}

/** POSTs a form to `{accountsOrigin}/oauth/v2/token`; resolves with whatever JSON body Zoho answered. */
export async function postTokenForm(
  accountsOrigin: string,
  form: Record<string, string>,
): Promise<TokenAnswer> {
  const url = `${accountsOrigin}/oauth/v2/token`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    const why =
      typeof cause?.code === 'string'
        ? cause.code
        : error instanceof Error
          ? error.message
          : String(error);
    throw new TokenEndpointUnreachable(`cannot reach ${accountsOrigin} (${why})`);
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = {
      error: 'invalid_response',
      error_description: `HTTP ${res.status}, not JSON: ${text.slice(0, 120)}`,
    };
  }
  const body =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  return { status: res.status, body };
}

export interface DoctorToken {
  readonly accessToken: string;
  readonly apiDomain: string | undefined;
  /** Scopes from the token response, when doctor minted this token (or remembers minting it). */
  readonly scopes: readonly string[] | undefined;
  /** True when this run asked Zoho for a new token. */
  readonly minted: boolean;
  readonly expiresAt: number;
}

export interface RefreshCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
}

/** The runtime's rule (templates/runtime/auth.ts): refresh 5 minutes early, or a quarter of the life if shorter. */
function stillFresh(t: StoredToken, now: number): boolean {
  const life = t.obtainedAt === undefined ? 3_600_000 : Math.max(0, t.expiresAt - t.obtainedAt);
  return now < t.expiresAt - Math.min(5 * 60_000, life / 4);
}

/**
 * A usable access token: the cached one when it is still fresh, else one minted with the refresh token and
 * stored for the next run (and for any runtime pointed at the same file). Refusals throw the runtime's
 * TokenEndpointError family, whose `advice` says what to do.
 */
export async function obtainAccessToken(
  cwd: string,
  accountsOrigin: string,
  creds: RefreshCredentials,
): Promise<DoctorToken> {
  const store = new FileTokenStore(join(cwd, CACHE_DIR, TOKENS_FILE));
  const key = tokenStoreKey(creds.clientId, creds.refreshToken);
  const cached = await store.get(key).catch(() => undefined);
  if (cached !== undefined && stillFresh(cached, Date.now())) {
    return {
      accessToken: cached.accessToken,
      apiDomain: cached.apiDomain,
      scopes: await rememberedScopes(cwd, cached.accessToken),
      minted: false,
      expiresAt: cached.expiresAt,
    };
  }
  const answer = await postTokenForm(accountsOrigin, {
    grant_type: 'refresh_token',
    client_id: creds.clientId,
    client_secret: creds.clientSecret,
    refresh_token: creds.refreshToken,
  });
  const body = answer.body;
  if (
    typeof body['error'] === 'string' ||
    typeof body['access_token'] !== 'string' ||
    answer.status >= 400
  ) {
    throw TokenEndpointError.fromBody(answer.status, body);
  }
  const now = Date.now();
  const expiresIn =
    typeof body['expires_in'] === 'number' && body['expires_in'] > 0 ? body['expires_in'] : 3600;
  const token: StoredToken = {
    accessToken: body['access_token'],
    expiresAt: now + (expiresIn > 86_400 ? expiresIn : expiresIn * 1000),
    obtainedAt: now,
    apiDomain: typeof body['api_domain'] === 'string' ? body['api_domain'] : undefined,
  };
  await ignoreCacheDir(cwd);
  await store.set(key, token).catch(() => undefined);
  const scopes =
    typeof body['scope'] === 'string'
      ? body['scope'].split(/[\s,]+/).filter((s) => s !== '')
      : undefined;
  if (scopes !== undefined) await rememberScopes(cwd, token.accessToken, scopes);
  return {
    accessToken: token.accessToken,
    apiDomain: token.apiDomain,
    scopes,
    minted: true,
    expiresAt: token.expiresAt,
  };
}

/**
 * The token cache `pull`, `check` and `doctor` share (a runtime may point at it too): one live access
 * token per refresh token on this machine, so repeated runs do not spend the mint budget.
 */
export async function openTokenCache(cwd: string): Promise<FileTokenStore> {
  await ignoreCacheDir(cwd);
  return new FileTokenStore(join(cwd, CACHE_DIR, TOKENS_FILE));
}

/**
 * The cache holds live access tokens: it ignores itself (`.zcrm-cache/.gitignore` = `*`), so it stays out of
 * git even in a repository whose own .gitignore does not list it.
 */
async function ignoreCacheDir(cwd: string): Promise<void> {
  const dir = join(cwd, CACHE_DIR);
  await mkdir(dir, { recursive: true, mode: 0o700 }).catch(() => undefined);
  await writeFile(join(dir, '.gitignore'), '# access tokens: never commit\n*\n', {
    flag: 'wx',
  }).catch(() => undefined);
}

const hash = (s: string): string => createHash('sha256').update(s).digest('hex');

async function readScopesFile(cwd: string): Promise<Record<string, string[]>> {
  try {
    const parsed: unknown = JSON.parse(await readFile(join(cwd, CACHE_DIR, SCOPES_FILE), 'utf8'));
    return typeof parsed === 'object' && parsed !== null
      ? (parsed as Record<string, string[]>)
      : {};
  } catch {
    return {};
  }
}

async function rememberedScopes(
  cwd: string,
  accessToken: string,
): Promise<readonly string[] | undefined> {
  const entry = (await readScopesFile(cwd))[hash(accessToken)];
  return Array.isArray(entry) && entry.every((s) => typeof s === 'string') ? entry : undefined;
}

async function rememberScopes(
  cwd: string,
  accessToken: string,
  scopes: readonly string[],
): Promise<void> {
  const file = join(cwd, CACHE_DIR, SCOPES_FILE);
  // Only the latest token's scopes matter; older entries are dropped so the file stays small.
  const all = { [hash(accessToken)]: [...scopes] };
  await mkdir(dirname(file), { recursive: true, mode: 0o700 }).catch(() => undefined);
  await writeFile(file, JSON.stringify(all), { mode: 0o600 }).catch(() => undefined);
}

/** Drops the cached access token (Zoho refused it: revoked, or pushed out by the 15-live-tokens limit). */
export async function forgetAccessToken(cwd: string, creds: RefreshCredentials): Promise<void> {
  const store = new FileTokenStore(join(cwd, CACHE_DIR, TOKENS_FILE));
  await store.delete(tokenStoreKey(creds.clientId, creds.refreshToken)).catch(() => undefined);
}
