/**
 * Access tokens: where they come from, when they are refreshed, and the token endpoint's errors.
 *
 * Zoho facts (Zoho Accounts OAuth docs; CRM v8 "Refresh Access Tokens"):
 * - POST {accounts}/oauth/v2/token with grant_type=refresh_token (client_id, client_secret, refresh_token) or
 *   grant_type=client_credentials (client_id, client_secret, scope, soid = "ZohoCRM.<org id>").
 * - The answer is `{access_token, api_domain, token_type, expires_in}` (seconds); refusals come as HTTP 200
 *   with `{"error": "..."}`, so the body decides, not the status.
 * - At most 10 mints per refresh token per 10 minutes: one refresh in flight at a time, tokens shared
 *   through a TokenStore, and refusals are never retried.
 */
import { isZohoApiDomain, normalizeOrigin } from './data-centers.js';
import {
  AuthError,
  InvalidClientError,
  InvalidGrantError,
  isRecord,
  NetworkError,
  TimeoutError,
  TokenEndpointError,
  TokenRateLimitError,
  ZohoApiError,
} from './errors.js';
import { emit, type Hooks, type RefreshEvent } from './hooks.js';
import { sendAttempt, TransportFailure, type HttpDispatcher } from './http.js';
import { registerMintedToken, registerSecrets } from './redact.js';
import { backoffDelay, DEFAULT_RETRY_POLICY, sleep } from './retry.js';
import {
  MemoryTokenStore,
  tokenStoreKey,
  type StoredToken,
  type TokenStore,
} from './token-store.js';

export interface RefreshTokenAuth {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}
export interface ClientCredentialsAuth {
  clientId: string;
  clientSecret: string;
  grantType: 'client_credentials';
  /** Comma-separated scopes, e.g. "ZohoCRM.modules.ALL,ZohoCRM.settings.READ". */
  scope: string;
  /** "ZohoCRM.<org id>"; required by Zoho for CRM (a bare org id is prefixed for you). */
  soid?: string;
}
export interface AccessTokenAuth {
  accessToken: string;
}
export interface CallbackAuth {
  getAccessToken: () => string | Promise<string>;
}
export type AuthOptions = RefreshTokenAuth | ClientCredentialsAuth | AccessTokenAuth | CallbackAuth;

/** What ZohoCore needs from any auth mode. */
export interface TokenSource {
  /** A token to send now (refreshing first when it has expired or is about to). */
  getToken(): string | Promise<string>;
  /**
   * Zoho refused `token` with INVALID_TOKEN. Returns true when a different token can be obtained (then the
   * call is replayed once), false when not (a fixed access token).
   */
  invalidate(token: string): boolean;
  /** api_domain from the latest token response, already validated; undefined if none. */
  readonly apiDomain: string | undefined;
  /** Exact secret values to scrub from any text the runtime emits. */
  readonly secrets: readonly string[];
  /**
   * The raw `scope` of the latest token answer this source received (e.g. "ZohoCRM.modules.ALL
   * ZohoCRM.settings.READ"); undefined before a mint, for a token taken from a store, and for auth modes
   * that never ask the token endpoint. Not secret.
   */
  readonly scope?: string | undefined;
}

export interface TokenSourceDeps {
  accountsUrl: string;
  dispatcher: HttpDispatcher;
  tokenStore?: TokenStore | undefined;
  hooks?: Hooks | undefined;
  timeoutMs: number;
  /** The user passed apiDomain: token responses' api_domain is then ignored. */
  explicitApiDomain: boolean;
}

/** Refresh this long before expiry (or a quarter of the token's life, if shorter). */
export const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;
/** Below this much remaining life a token is not used at all; the caller waits for the refresh. */
const MIN_USABLE_MS = 30_000;
/**
 * After a refusal, later calls get the same error without asking again for a while: every extra attempt
 * while over the mint limit prolongs the lockout, and a bad grant or client will not fix itself.
 */
const REFUSAL_COOL_DOWN_MS = { rateLimited: 60_000, badCredentials: 10_000 } as const;

export function createTokenSource(auth: AuthOptions, deps: TokenSourceDeps): TokenSource {
  if (typeof auth !== 'object' || auth === null)
    throw new TypeError('ZohoCore: option `auth` is required');
  if ('accessToken' in auth) {
    requireString(auth.accessToken, 'auth.accessToken');
    return new FixedTokenSource(auth.accessToken);
  }
  if ('getAccessToken' in auth) {
    if (typeof auth.getAccessToken !== 'function')
      throw new TypeError('ZohoCore: `auth.getAccessToken` must be a function');
    return new CallbackTokenSource(auth.getAccessToken);
  }
  requireString(auth.clientId, 'auth.clientId');
  requireString(auth.clientSecret, 'auth.clientSecret');
  if ('grantType' in auth) {
    if (auth.grantType !== 'client_credentials')
      throw new TypeError('ZohoCore: `auth.grantType` must be "client_credentials"');
    requireString(auth.scope, 'auth.scope');
    return new OAuthTokenSource(auth, deps);
  }
  if (!('refreshToken' in auth)) {
    throw new TypeError(
      'ZohoCore: `auth` needs one of: {clientId, clientSecret, refreshToken}, {clientId, clientSecret, grantType, scope}, {accessToken}, {getAccessToken}',
    );
  }
  requireString(auth.refreshToken, 'auth.refreshToken');
  return new OAuthTokenSource(auth, deps);
}

/** The minter behind a refresh-token or client-credentials source; undefined for the other auth modes. */
export function tokenMinterOf(source: TokenSource): TokenMinter | undefined {
  return source instanceof OAuthTokenSource ? source.minter : undefined;
}

function requireString(value: unknown, name: string): void {
  if (typeof value !== 'string' || value.trim() === '')
    throw new TypeError(`ZohoCore: \`${name}\` must be a non-empty string`);
}

class FixedTokenSource implements TokenSource {
  readonly apiDomain = undefined;
  readonly secrets: readonly string[];
  constructor(private readonly token: string) {
    this.secrets = [token];
    registerSecrets(token);
  }
  getToken(): string {
    return this.token;
  }
  invalidate(): boolean {
    return false;
  }
}

class CallbackTokenSource implements TokenSource {
  readonly apiDomain = undefined;
  readonly secrets: readonly string[] = [];
  constructor(private readonly callback: () => string | Promise<string>) {}
  async getToken(): Promise<string> {
    const token = await this.callback();
    if (typeof token !== 'string' || token === '') {
      throw new AuthError({
        code: 'NO_ACCESS_TOKEN',
        message: 'auth.getAccessToken() returned no token',
        operation: 'getToken',
      });
    }
    return token;
  }
  invalidate(): boolean {
    // The callback owns its cache; ask it once more and let it decide.
    return true;
  }
}

interface CurrentToken {
  readonly token: StoredToken;
  readonly refreshAt: number;
}

class OAuthTokenSource implements TokenSource {
  apiDomain: string | undefined;
  readonly secrets: readonly string[];
  readonly minter: TokenMinter;
  private readonly key: string;
  private readonly store: TokenStore;
  private current: CurrentToken | undefined;
  private inflight: Promise<CurrentToken> | undefined;
  /** The last token Zoho refused: never taken back from the store. */
  private rejected: string | undefined;

  constructor(auth: RefreshTokenAuth | ClientCredentialsAuth, deps: TokenSourceDeps) {
    this.minter = new TokenMinter(auth, deps);
    this.key = this.minter.key;
    this.secrets = this.minter.secrets;
    this.store = deps.tokenStore ?? new MemoryTokenStore();
  }

  get scope(): string | undefined {
    return this.minter.scope;
  }

  getToken(): string | Promise<string> {
    const cur = this.current;
    if (cur !== undefined) {
      const now = Date.now();
      if (now < cur.refreshAt) return cur.token.accessToken;
      if (now < cur.token.expiresAt - MIN_USABLE_MS) {
        // Still good for a while: refresh in the background, keep serving this one.
        this.refresh('expiring').catch(() => undefined);
        return cur.token.accessToken;
      }
    }
    const reason =
      cur !== undefined ? 'expiring' : this.rejected !== undefined ? 'invalid-token' : 'initial';
    return this.refresh(reason).then((c) => c.token.accessToken);
  }

  invalidate(token: string): boolean {
    this.rejected = token;
    if (this.current?.token.accessToken === token) this.current = undefined;
    return true;
  }

  /** Single flight: every caller waiting for a token shares one request to the token endpoint. */
  private refresh(reason: RefreshEvent['reason']): Promise<CurrentToken> {
    this.inflight ??= this.doRefresh(reason).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async doRefresh(reason: RefreshEvent['reason']): Promise<CurrentToken> {
    this.minter.throwIfRefused();
    // Another process (or an earlier client) may have minted one already.
    const fromStore = await this.fromStore();
    if (fromStore !== undefined) return fromStore;
    const release =
      this.store.lock === undefined
        ? undefined
        : await this.store.lock(this.key).catch(() => undefined);
    try {
      // Whoever held the lock before us may just have minted.
      const minted = release === undefined ? undefined : await this.fromStore();
      return minted ?? (await this.mintAndStore(reason));
    } finally {
      await release?.().catch(() => undefined);
    }
  }

  /** A stored token that is usable, not the one Zoho refused, and not due for refresh. */
  private async fromStore(): Promise<CurrentToken | undefined> {
    const stored = await this.store.get(this.key).catch(() => undefined);
    if (
      stored === undefined ||
      stored.accessToken === this.rejected ||
      stored.accessToken === this.current?.token.accessToken
    )
      return undefined;
    const cur = toCurrent(stored);
    if (Date.now() >= cur.refreshAt) return undefined;
    this.accept(cur);
    return cur;
  }

  private async mintAndStore(reason: RefreshEvent['reason']): Promise<CurrentToken> {
    const token = await this.minter.mint(reason);
    const cur = toCurrent(token);
    this.accept(cur);
    await this.store.set(this.key, token).catch(() => undefined);
    return cur;
  }

  private accept(cur: CurrentToken): void {
    this.current = cur;
    const domain = this.minter.acceptedApiDomain(cur.token);
    if (domain !== undefined) this.apiDomain = domain;
  }
}

/**
 * Talks to the token endpoint for one grant: mints, parses, reports each attempt through `onRefresh`, and
 * remembers a refusal for its cool-down. Shared by the per-process token source and the Redis-shared one
 * (redis/shared-token.ts), so both obey the same cool-down.
 */
export class TokenMinter {
  /** tokenStoreKey of the grant (a hash, never the secret). */
  readonly key: string;
  readonly secrets: readonly string[];
  /** The raw `scope` of the latest successful token answer, when Zoho sent one. */
  scope: string | undefined;
  private readonly form: string;
  private readonly tokenUrl: { origin: string; path: string };
  /** A token-endpoint refusal replayed to callers until `refusedUntil`. */
  private refusal: TokenEndpointError | undefined;
  private refusedUntil = 0;

  constructor(
    auth: RefreshTokenAuth | ClientCredentialsAuth,
    private readonly deps: TokenSourceDeps,
  ) {
    const params = new URLSearchParams();
    params.set('client_id', auth.clientId);
    params.set('client_secret', auth.clientSecret);
    if ('grantType' in auth) {
      params.set('grant_type', 'client_credentials');
      params.set('scope', auth.scope);
      if (auth.soid !== undefined && auth.soid !== '')
        params.set('soid', auth.soid.includes('.') ? auth.soid : `ZohoCRM.${auth.soid}`);
      this.key = tokenStoreKey(
        auth.clientId,
        `client_credentials\u0000${auth.scope}\u0000${auth.soid ?? ''}`,
      );
      this.secrets = [auth.clientSecret];
    } else {
      params.set('grant_type', 'refresh_token');
      params.set('refresh_token', auth.refreshToken);
      this.key = tokenStoreKey(auth.clientId, auth.refreshToken);
      this.secrets = [auth.clientSecret, auth.refreshToken];
    }
    this.form = params.toString();
    registerSecrets(...this.secrets);
    const origin = normalizeOrigin(deps.accountsUrl, 'accountsUrl');
    this.tokenUrl = { origin, path: '/oauth/v2/token' };
  }

  /** The refusal still in its cool-down, if any: thrown without asking the endpoint again. */
  throwIfRefused(): void {
    if (this.refusal !== undefined && Date.now() < this.refusedUntil) throw this.refusal;
  }

  /** Remembers a refusal seen elsewhere (another process, through Redis) for `ms`. */
  refuseFor(err: TokenEndpointError, ms: number): void {
    this.refusal = err;
    this.refusedUntil = Date.now() + ms;
  }

  /** The cool-down a refusal earns (undefined: not a refusal that waiting would help). */
  static coolDownFor(err: unknown): number | undefined {
    if (err instanceof TokenRateLimitError) return REFUSAL_COOL_DOWN_MS.rateLimited;
    if (err instanceof InvalidGrantError || err instanceof InvalidClientError)
      return REFUSAL_COOL_DOWN_MS.badCredentials;
    return undefined;
  }

  /**
   * The api_domain origin to use for a token (registering the token as a secret), or undefined. Re-checked
   * here too: a token may come from a shared store another process (or person) wrote.
   */
  acceptedApiDomain(token: StoredToken): string | undefined {
    registerMintedToken(token.accessToken);
    const domain = token.apiDomain;
    if (domain !== undefined && !this.deps.explicitApiDomain && isZohoApiDomain(domain))
      return new URL(domain).origin;
    return undefined;
  }

  /** One new access token, reported through `onRefresh`; refusals start their cool-down. */
  async mint(reason: RefreshEvent['reason']): Promise<StoredToken> {
    this.throwIfRefused();
    const started = Date.now();
    try {
      const token = await this.request();
      emit(this.deps.hooks?.onRefresh, { reason, ok: true, durationMs: Date.now() - started });
      return token;
    } catch (err) {
      const coolDown = TokenMinter.coolDownFor(err);
      if (coolDown !== undefined && err instanceof TokenEndpointError)
        this.refuseFor(err, coolDown);
      const code = err instanceof ZohoApiError ? err.code : 'UNKNOWN';
      emit(this.deps.hooks?.onRefresh, {
        reason,
        ok: false,
        durationMs: Date.now() - started,
        code,
      });
      throw err;
    }
  }

  /** One token request, retried only when no answer came (never on a refusal in the body). */
  private async request(): Promise<StoredToken> {
    const maxRetries = 2;
    for (let retry = 0; ; retry++) {
      let status: number;
      let data: unknown;
      try {
        const res = await sendAttempt(this.deps.dispatcher, {
          origin: this.tokenUrl.origin,
          path: this.tokenUrl.path,
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
          },
          body: this.form,
          timeoutMs: this.deps.timeoutMs,
          responseType: 'json',
        });
        status = res.status;
        data = res.data;
      } catch (err) {
        if (!(err instanceof TransportFailure) || retry >= maxRetries) throw transportError(err);
        await sleep(backoffDelay(retry, DEFAULT_RETRY_POLICY));
        continue;
      }
      if ((status >= 500 || status === 429) && retry < maxRetries) {
        await sleep(backoffDelay(retry, DEFAULT_RETRY_POLICY));
        continue;
      }
      return this.parseTokenResponse(status, data);
    }
  }

  private parseTokenResponse(status: number, data: unknown): StoredToken {
    if (
      !isRecord(data) ||
      typeof data['error'] === 'string' ||
      typeof data['access_token'] !== 'string' ||
      status >= 400
    ) {
      throw TokenEndpointError.fromBody(
        status,
        isRecord(data)
          ? data
          : { error: 'invalid_response', error_description: `HTTP ${status} without a token` },
      );
    }
    const accessToken = data['access_token'];
    const seconds = expiresInSeconds(data);
    let apiDomain: string | undefined;
    const raw = data['api_domain'];
    if (typeof raw === 'string' && raw !== '' && !this.deps.explicitApiDomain) {
      if (!isZohoApiDomain(raw)) {
        throw new TokenEndpointError(
          {
            status,
            code: 'UNTRUSTED_API_DOMAIN',
            message: `the token response names api_domain ${JSON.stringify(raw)}, which is not a Zoho API host`,
          },
          'tokens are only sent to https://www.zohoapis.<tld> of a known data center; if this host is intended (a proxy, the emulator), pass `apiDomain` explicitly',
        );
      }
      apiDomain = new URL(raw).origin;
    }
    if (typeof data['scope'] === 'string') this.scope = data['scope'];
    const now = Date.now();
    return { accessToken, expiresAt: now + seconds * 1000, obtainedAt: now, apiDomain };
  }
}

/** Zoho access tokens live an hour; assumed for stored tokens that do not say when they were minted. */
const DEFAULT_LIFE_MS = 3_600_000;

function toCurrent(token: StoredToken): CurrentToken {
  const life =
    token.obtainedAt === undefined
      ? DEFAULT_LIFE_MS
      : Math.max(0, token.expiresAt - token.obtainedAt);
  return { token, refreshAt: token.expiresAt - Math.min(REFRESH_BEFORE_EXPIRY_MS, life / 4) };
}

/** expires_in is seconds in current responses; old ones sent milliseconds with expires_in_sec beside it. */
function expiresInSeconds(data: Record<string, unknown>): number {
  const sec = data['expires_in_sec'];
  if (typeof sec === 'number' && sec > 0) return sec;
  const v = data['expires_in'];
  if (typeof v === 'number' && v > 0) return v > 86_400 ? v / 1000 : v;
  return 3600;
}

function transportError(err: unknown): ZohoApiError {
  if (err instanceof ZohoApiError) return err;
  if (err instanceof TransportFailure) {
    const init = {
      operation: 'getToken',
      message: `token endpoint unreachable: ${err.message}`,
      mayHaveReachedServer: err.point === 'sent',
      cause: err.cause,
    };
    return err.timedOut ? new TimeoutError(init) : new NetworkError(init);
  }
  return new NetworkError({
    operation: 'getToken',
    message: String(err),
    mayHaveReachedServer: false,
    cause: err,
  });
}
