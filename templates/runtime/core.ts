/**
 * ZohoCore: the one place a generated client's calls go through — token, concurrency cap, retries, typed
 * errors, hooks. JSON in, JSON out.
 */
import { Agent } from 'undici';
import { createTokenSource, tokenMinterOf, type AuthOptions, type TokenSource } from './auth.js';
import {
  CoordinatedTokenSource,
  CoordinationGate,
  validateRedisOptions,
  type RedisOptions,
} from './coordination.js';
import {
  DATA_CENTERS,
  isDataCenter,
  normalizeOrigin,
  uploadOrigin,
  type DataCenter,
} from './data-centers.js';
import {
  isRecord,
  NetworkError,
  RequestAbortedError,
  TimeoutError,
  ZohoApiError,
} from './errors.js';
import { emit, type Hooks, type RequestEvent } from './hooks.js';
import {
  headerValue,
  sendAttempt,
  TransportFailure,
  type AttemptResult,
  type HttpDispatcher,
  type HttpMethod,
} from './http.js';
import { Limiter } from './limiter.js';
import { isStreamBody, type StreamBody } from './multipart-body.js';
import { redactHeaders, redactUrl } from './redact.js';
import {
  decideRetry,
  DEFAULT_RETRY_POLICY,
  isRetryable,
  parseRateLimitReset,
  parseRetryAfter,
  sleep,
  type RetryPolicy,
} from './retry.js';
import type { TokenStore } from './token-store.js';

export type { AuthOptions } from './auth.js';
export type { HttpDispatcher, HttpMethod } from './http.js';

export interface ClientOptions {
  auth: AuthOptions;
  /** Default 'us'. */
  dataCenter?: DataCenter;
  /** Overrides the API host (https, or http to loopback only). Token responses' api_domain is then ignored. */
  apiDomain?: string;
  /** Overrides the accounts (OAuth) host. */
  accountsUrl?: string;
  /**
   * The bulk-write upload host (`POST …/crm/v8/upload`). Default: Zoho's common upload host
   * https://upload.zoho.com (every DC, v8 "Upload File"), or `apiDomain` when that is not a Zoho API host
   * (the emulator, a proxy). `'accelerated'` picks Zoho's faster host of the DC (us, eu, in); a URL
   * (https, or http to loopback) is used as given.
   */
  contentDomain?: string;
  /**
   * Calls in flight per client; the rest queue FIFO. Default 10: Zoho's concurrency limit per org is
   * Free 5, Standard 10, Professional 15, Enterprise 20, Ultimate 25 (v8 "API Limits"), and 10 is the
   * Standard limit and the heavy-API sub-concurrency — safe for most paid orgs without queueing much.
   * Free-edition orgs should pass 5.
   */
  maxConcurrency?: number;
  /** Retries after the first attempt; default 4. */
  maxRetries?: number;
  /**
   * Cap on the total time spent waiting between retries of one call; default 120 000 ms. A retry never goes
   * before Zoho's Retry-After: when that wait does not fit in what is left, the call fails at once with a
   * RateLimitError (429) whose `retryAfterMs` says how long Zoho asked for.
   */
  maxRetryWaitMs?: number;
  /** Advanced: backoff tuning (base and max single delay); defaults in retry.ts. */
  retry?: Partial<Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>>;
  /**
   * Per attempt, default 60 000 ms: the longest wait for Zoho's response headers, and the longest stall
   * while its body streams (connecting is bounded by the dispatcher's connect timeout). Use `signal` with
   * `AbortSignal.timeout(ms)` for a hard limit on a whole call, retries included.
   */
  timeoutMs?: number;
  /** An undici dispatcher (MockAgent in tests, a ProxyAgent); default: a keep-alive Agent owned by the client. */
  dispatcher?: HttpDispatcher;
  tokenStore?: TokenStore;
  hooks?: Hooks;
  /**
   * Share the access token, the concurrency cap and the API-credit budget with every process calling this
   * org, through Redis. `maxConcurrency` is then the org-wide cap (and still the cap of this process).
   * See templates/runtime/redis/README.md for what is stored and for how long.
   */
  redis?: RedisOptions;
}

export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined;

export interface CoreRequest {
  method: HttpMethod;
  /** From the host root, e.g. '/crm/v8/Leads'. Absolute URLs are refused. */
  path: string;
  /** Arrays are joined by ','; undefined values are left out. */
  query?: Readonly<Record<string, QueryValue>>;
  /**
   * A JSON body, `{ multipart: FormData }` for small uploads, or a StreamBody (multipart-body.ts) sent as it
   * is read — a file upload that is never held whole in memory.
   */
  body?: unknown;
  headers?: Readonly<Record<string, string>>;
  /** The operationId, for errors and hooks. */
  operation: string;
  /** Default: GET/PUT/DELETE true; POST/PATCH false (upsert and COQL pass true). */
  idempotent?: boolean;
  /** 'stream': a 2xx answer resolves to a StreamedResponse (http.ts) whose body is not read yet. */
  responseType?: 'json' | 'bytes' | 'stream';
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Bulk, COQL, convert, mass update: also held to the heavy-API sub-concurrency. */
  heavy?: boolean;
  /** 'content' sends to the upload host (bulk-write files). Default 'api'. */
  host?: 'api' | 'content';
}

/** Zoho's sub-concurrency for heavy APIs (v8 "API Limits": about 10 whatever the edition). */
const HEAVY_CONCURRENCY = 10;

export class ZohoCore {
  readonly dataCenter: DataCenter;
  readonly maxConcurrency: number;
  private readonly dispatcher: HttpDispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly tokens: TokenSource;
  private readonly limiter: Limiter;
  private readonly heavyLimiter: Limiter;
  private readonly explicitApiOrigin: string | undefined;
  private readonly defaultApiOrigin: string;
  private readonly contentOrigin: string;
  private readonly policy: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly hooks: Hooks | undefined;
  /** Set only with `redis`: each attempt takes a shared slot (and its credits) through it. */
  private readonly gate: CoordinationGate | undefined;
  private closed = false;

  constructor(options: ClientOptions) {
    if (!isRecord(options))
      throw new TypeError('ZohoCore: options are required ({ auth, dataCenter?, … })');
    const dc = options.dataCenter ?? 'us';
    if (!isDataCenter(dc)) {
      throw new TypeError(
        `ZohoCore: unknown dataCenter ${JSON.stringify(dc)}; expected one of ${Object.keys(DATA_CENTERS).join(', ')}`,
      );
    }
    this.dataCenter = dc;
    const hosts = DATA_CENTERS[dc];
    this.explicitApiOrigin =
      options.apiDomain === undefined ? undefined : normalizeOrigin(options.apiDomain, 'apiDomain');
    this.defaultApiOrigin = this.explicitApiOrigin ?? hosts.apiDomain;
    this.contentOrigin = uploadOrigin(dc, options.contentDomain, this.explicitApiOrigin);
    const accountsUrl =
      options.accountsUrl === undefined
        ? hosts.accountsUrl
        : normalizeOrigin(options.accountsUrl, 'accountsUrl');

    this.maxConcurrency = positiveInt(options.maxConcurrency, 10, 'maxConcurrency');
    const maxRetries =
      options.maxRetries === undefined
        ? DEFAULT_RETRY_POLICY.maxRetries
        : nonNegativeInt(options.maxRetries, 'maxRetries');
    this.policy = {
      ...DEFAULT_RETRY_POLICY,
      ...options.retry,
      maxRetries,
      maxTotalWaitMs: options.maxRetryWaitMs ?? DEFAULT_RETRY_POLICY.maxTotalWaitMs,
    };
    this.timeoutMs = positiveInt(options.timeoutMs, 60_000, 'timeoutMs');
    this.hooks = options.hooks;
    this.limiter = new Limiter(this.maxConcurrency);
    const heavyConcurrency = Math.min(
      this.maxConcurrency,
      options.redis?.heavyConcurrency ?? HEAVY_CONCURRENCY,
    );
    this.heavyLimiter = new Limiter(heavyConcurrency);
    this.ownsDispatcher = options.dispatcher === undefined;
    this.dispatcher =
      options.dispatcher ??
      new Agent({
        // Keep sockets warm between pages; a little under typical server idle timeouts so we close first.
        keepAliveTimeout: 4_000,
        connections: this.maxConcurrency + 2,
      });
    const local = createTokenSource(options.auth, {
      accountsUrl,
      dispatcher: this.dispatcher,
      tokenStore: options.tokenStore,
      hooks: options.hooks,
      timeoutMs: this.timeoutMs,
      explicitApiDomain: this.explicitApiOrigin !== undefined,
    });
    if (options.redis === undefined) {
      this.gate = undefined;
      this.tokens = local;
    } else {
      const minter = tokenMinterOf(local);
      const redis = validateRedisOptions(options.redis, minter !== undefined);
      this.gate = new CoordinationGate(
        {
          options: redis,
          maxConcurrency: this.maxConcurrency,
          heavyConcurrency,
          local,
          minter,
          timeoutMs: this.timeoutMs,
        },
        options.hooks,
      );
      this.tokens = new CoordinatedTokenSource(local, this.gate);
    }
  }

  /** The API host calls go to now: explicit apiDomain, else the token's api_domain, else the DC's. */
  get apiOrigin(): string {
    return this.explicitApiOrigin ?? this.tokens.apiDomain ?? this.defaultApiOrigin;
  }

  /** Sends one call (with retries). 204 or an empty body resolves to undefined. Throws the ZohoApiError family. */
  async request<T>(req: CoreRequest): Promise<T> {
    try {
      return (await this.run(req)) as T;
    } catch (err) {
      const error = toZohoError(err, req.operation);
      if (this.hooks?.onError !== undefined)
        emit(this.hooks.onError, { operation: req.operation, error });
      throw error;
    }
  }

  /** Closes the client's own connection pool (not a dispatcher passed in). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.gate?.close();
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  /** One call: check it, encode it once, hold its concurrency slots, send it with retries. */
  private async run(req: CoreRequest): Promise<unknown> {
    this.checkCallable(req);
    const call = await prepareCall(req, this.timeoutMs);
    const send = (): Promise<unknown> => this.sendWithRetries(call);
    if (req.heavy !== true) return this.holding(this.limiter, req, send);
    return this.holding(this.heavyLimiter, req, () => this.holding(this.limiter, req, send));
  }

  private checkCallable(req: CoreRequest): void {
    if (typeof req.path !== 'string' || req.path[0] !== '/' || req.path[1] === '/') {
      throw new TypeError(
        `ZohoCore.request(${req.operation}): path must start with a single '/', got ${JSON.stringify(req.path)}`,
      );
    }
    if (this.closed)
      throw new NetworkError({
        operation: req.operation,
        message: 'the client is closed',
        mayHaveReachedServer: false,
      });
  }

  /** Runs `fn` while holding one slot of `limiter`; waits FIFO for it (abortable) when none is free. */
  private async holding<T>(limiter: Limiter, req: CoreRequest, fn: () => Promise<T>): Promise<T> {
    const { signal } = req;
    // The fast path takes a free slot without an await; an aborted signal always goes the slow way (it throws).
    if (signal?.aborted === true || !limiter.tryAcquire()) {
      try {
        await limiter.acquire(signal);
      } catch (err) {
        throw new RequestAbortedError(req.operation, err);
      }
    }
    try {
      return await fn();
    } finally {
      limiter.release();
    }
  }

  /**
   * The one retry loop: an attempt, then either its result, a replay after a token refresh, a wait and
   * another attempt, or the final error. `decideRetry` (retry.ts) says which.
   */
  private async sendWithRetries(call: PreparedCall): Promise<unknown> {
    const { operation, method, signal } = call.req;
    let retries = 0;
    let waited = 0;
    let replayedAuth = false;
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw new RequestAbortedError(operation, signal.reason);
      const outcome = await this.attemptInSlot(call, attempt, replayedAuth);
      if (outcome.kind === 'done') return outcome.value;
      if (outcome.kind === 'replay') {
        if (!call.replayable) throw oneShotRefused(operation);
        replayedAuth = true;
        continue;
      }
      const input = {
        retriesDone: retries,
        failure: outcome.kind === 'transport' ? outcome.failure.point : ('response' as const),
        status: outcome.kind === 'response' ? outcome.status : undefined,
        idempotent: call.idempotent,
        retryAfterMs: outcome.kind === 'response' ? outcome.retryAfterMs : undefined,
        waitedMs: waited,
      };
      const decision = call.replayable
        ? decideRetry(input, this.policy)
        : ({ retry: false, reason: ONE_SHOT_NOTE } as const);
      if (!decision.retry) {
        const note = isRetryable(input.failure, input.status, input.idempotent)
          ? decision.reason
          : undefined;
        throw finalError(outcome, call, replayedAuth, note);
      }
      if (this.hooks?.onRetry !== undefined) {
        emit(this.hooks.onRetry, {
          operation,
          method,
          url: redactUrl(outcome.url),
          attempt,
          delayMs: decision.delayMs,
          reason: decision.reason,
          ...(outcome.kind === 'response' ? { status: outcome.status } : {}),
        });
      }
      await this.wait(decision.delayMs, operation, signal);
      retries++;
      waited += decision.delayMs;
    }
  }

  /** One attempt; with `redis`, inside a shared slot (and the call's credits) given back before any wait. */
  private async attemptInSlot(
    call: PreparedCall,
    attempt: number,
    replayedAuth: boolean,
  ): Promise<AttemptOutcome> {
    const gate = this.gate;
    const lease = gate === undefined ? undefined : await gate.enter(call.req, call.req.signal);
    try {
      return await this.attemptOnce(call, attempt, replayedAuth);
    } finally {
      if (lease !== undefined) gate?.leave(lease);
    }
  }

  /** Sends the call once and says what came of it; throws only what no retry could change. */
  private async attemptOnce(
    call: PreparedCall,
    attempt: number,
    replayedAuth: boolean,
  ): Promise<AttemptOutcome> {
    const { req } = call;
    const { operation, method } = req;
    const pending = this.tokens.getToken();
    const token = typeof pending === 'string' ? pending : await pending;
    const origin = req.host === 'content' ? this.contentOrigin : this.apiOrigin;
    const url = origin + call.path;
    const headers: Record<string, string> = {
      authorization: `Zoho-oauthtoken ${token}`,
      accept: call.responseType === 'json' ? 'application/json' : '*/*',
    };
    if (call.contentType !== undefined) headers['content-type'] = call.contentType;
    const streamed = isStreamBody(call.body) ? call.body : undefined;
    if (streamed?.length !== undefined) headers['content-length'] = String(streamed.length);
    if (req.headers !== undefined) Object.assign(headers, req.headers);

    const hooks = this.hooks;
    const started = hooks === undefined ? 0 : Date.now();
    const event: RequestEvent | undefined =
      hooks?.onRequest === undefined && hooks?.onResponse === undefined
        ? undefined
        : { operation, method, url: redactUrl(url), headers: redactHeaders(headers), attempt };
    if (event !== undefined) emit(hooks?.onRequest, event);

    let res: AttemptResult;
    try {
      res = await sendAttempt(this.dispatcher, {
        origin,
        path: call.path,
        method,
        headers,
        body: isStreamBody(call.body) ? call.body.open() : call.body,
        signal: req.signal,
        timeoutMs: call.timeoutMs,
        responseType: call.responseType,
      });
    } catch (err) {
      if (!(err instanceof TransportFailure)) throw err;
      if (err.point === 'aborted') throw new RequestAbortedError(operation, req.signal?.reason);
      return { kind: 'transport', failure: err, url };
    }
    if (event !== undefined && hooks?.onResponse !== undefined) {
      emit(hooks.onResponse, {
        ...event,
        status: res.status,
        durationMs: Date.now() - started,
        responseHeaders: redactHeaders(res.headers),
      });
    }
    const { status, data } = res;
    if (status >= 200 && status < 300)
      return { kind: 'done', value: status === 204 ? undefined : data };
    // 304: nothing changed since If-Modified-Since (v8 "Get Records") — like 204, no records.
    if (status === 304) return { kind: 'done', value: undefined };
    // INVALID_TOKEN: the server refused before doing anything, so even a create is replayed — once.
    if (status === 401 && !replayedAuth && isInvalidToken(data)) {
      if (this.tokens.invalidate(token)) return { kind: 'replay' };
      throw ZohoApiError.from(
        status,
        withMessageSuffix(
          data,
          ' (the fixed auth.accessToken was refused — it has expired or been revoked; pass refresh-token credentials so the client can refresh)',
        ),
        operation,
      );
    }
    const retryAfterMs =
      parseRetryAfter(headerValue(res.headers, 'retry-after')) ??
      (status === 429
        ? parseRateLimitReset(headerValue(res.headers, 'x-ratelimit-reset'))
        : undefined);
    return { kind: 'response', status, data, retryAfterMs, url };
  }

  private async wait(
    ms: number,
    operation: string,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    try {
      await sleep(ms, signal);
    } catch (err) {
      throw new RequestAbortedError(operation, err);
    }
  }
}

/** A call as sent on every attempt: the body is encoded once, so a retry resends the same bytes. */
interface PreparedCall {
  readonly req: CoreRequest;
  /** Path plus query string. */
  readonly path: string;
  readonly idempotent: boolean;
  readonly responseType: 'json' | 'bytes' | 'stream';
  readonly timeoutMs: number;
  readonly body: string | Uint8Array | StreamBody | undefined;
  readonly contentType: string | undefined;
  /** False for a body streamed from a source that can be read only once: it is sent once, never again. */
  readonly replayable: boolean;
}

/** Why a failed upload from a one-shot stream is not sent again (a path or a Blob can be). */
const STREAM_ONCE =
  'the upload was read from a stream, which can be sent only once (pass a path or a Blob to let the client retry)';
const ONE_SHOT_NOTE = `not retried: ${STREAM_ONCE}`;

function oneShotRefused(operation: string): ZohoApiError {
  return new ZohoApiError({
    status: 401,
    code: 'INVALID_TOKEN',
    message: `the access token was refused and the call was not sent again with a new one: ${STREAM_ONCE}`,
    operation,
  });
}

/** What one attempt came to, for the retry loop. */
type AttemptOutcome =
  | { readonly kind: 'done'; readonly value: unknown }
  /** The access token was refused and a fresh one is ready: send again at once. */
  | { readonly kind: 'replay' }
  | { readonly kind: 'transport'; readonly failure: TransportFailure; readonly url: string }
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly data: unknown;
      /** What Zoho asked for in Retry-After (or X-RATELIMIT-RESET on a 429). */
      readonly retryAfterMs: number | undefined;
      readonly url: string;
    };

async function prepareCall(req: CoreRequest, defaultTimeoutMs: number): Promise<PreparedCall> {
  let body: string | Uint8Array | StreamBody | undefined;
  let contentType: string | undefined;
  if (req.body !== undefined) {
    if (isStreamBody(req.body)) {
      body = req.body;
      contentType = req.body.contentType;
    } else if (isRecord(req.body) && req.body['multipart'] instanceof FormData) {
      // Encoded once, with Node's own multipart encoder (the global Response), so retries resend the
      // same bytes and the body does not depend on which undici build created the FormData.
      const encoded = new Response(req.body['multipart']);
      body = new Uint8Array(await encoded.arrayBuffer());
      contentType = encoded.headers.get('content-type') ?? undefined;
    } else {
      body = JSON.stringify(req.body);
      contentType = 'application/json';
    }
  }
  const { method } = req;
  return {
    req,
    path: req.query === undefined ? req.path : req.path + buildQuery(req.query),
    idempotent: req.idempotent ?? (method === 'GET' || method === 'PUT' || method === 'DELETE'),
    responseType: req.responseType ?? 'json',
    timeoutMs: req.timeoutMs ?? defaultTimeoutMs,
    body,
    contentType,
    replayable: !isStreamBody(body) || body.replayable,
  };
}

/**
 * The error for an attempt that will not be retried. `note` says why a retryable failure was not retried
 * (the retry count or the wait budget), so the message tells the user what to change.
 */
function finalError(
  outcome: Extract<AttemptOutcome, { kind: 'transport' | 'response' }>,
  call: PreparedCall,
  replayedAuth: boolean,
  note: string | undefined,
): ZohoApiError {
  const { operation } = call.req;
  if (outcome.kind === 'transport') {
    const { failure } = outcome;
    const unsafe =
      failure.point === 'sent' && !call.idempotent
        ? ' — not retried: the request may have reached Zoho and is not idempotent'
        : '';
    const init = {
      operation,
      message: `${failure.message}${unsafe}${note === undefined ? '' : ` — ${note}`}`,
      mayHaveReachedServer: failure.point === 'sent',
      cause: failure.cause,
    };
    return failure.timedOut ? new TimeoutError(init) : new NetworkError(init);
  }
  const { status, data, retryAfterMs } = outcome;
  if (status === 401 && replayedAuth) {
    return ZohoApiError.from(
      status,
      withMessageSuffix(
        data,
        ' (refused again after a token refresh — check that the grant has not been revoked and has the scopes this call needs)',
      ),
      operation,
    );
  }
  return ZohoApiError.from(status, data, operation, { retryAfterMs, note });
}

/** `?a=1&b=x,y` from a query object; keys and values percent-encoded, arrays joined by ','. */
export function buildQuery(query: Readonly<Record<string, QueryValue>>): string {
  let out = '';
  for (const key in query) {
    const value = query[key];
    if (value === undefined) continue;
    let text: string;
    if (typeof value === 'string') text = value;
    else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
    else text = value.join(',');
    out += (out === '' ? '?' : '&') + encodeURIComponent(key) + '=' + encodeURIComponent(text);
  }
  return out;
}

function isInvalidToken(data: unknown): boolean {
  if (!isRecord(data)) return true;
  const code = data['code'];
  // OAUTH_SCOPE_MISMATCH is also a 401, but a new token would not fix it.
  return code === undefined || code === 'INVALID_TOKEN';
}

function withMessageSuffix(data: unknown, suffix: string): unknown {
  if (!isRecord(data))
    return { code: 'INVALID_TOKEN', message: `the access token was refused${suffix}` };
  return {
    ...data,
    message: `${typeof data['message'] === 'string' ? data['message'] : 'invalid token'}${suffix}`,
  };
}

function toZohoError(err: unknown, operation: string): ZohoApiError {
  if (err instanceof ZohoApiError) return err;
  if (err instanceof TypeError) {
    return new ZohoApiError({
      code: 'INVALID_REQUEST',
      message: err.message,
      operation,
      cause: err,
    });
  }
  return new ZohoApiError({
    code: 'UNEXPECTED',
    message: err instanceof Error ? err.message : String(err),
    operation,
    cause: err,
  });
}

function positiveInt(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1)
    throw new TypeError(
      `ZohoCore: option \`${name}\` must be a positive integer, got ${String(value)}`,
    );
  return value;
}

function nonNegativeInt(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0)
    throw new TypeError(
      `ZohoCore: option \`${name}\` must be a non-negative integer, got ${String(value)}`,
    );
  return value;
}
