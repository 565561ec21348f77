/**
 * The error tree every runtime call throws. One factory (`ZohoApiError.from`) maps Zoho's answer to a class;
 * transport failures (NetworkError, TimeoutError, RequestAbortedError) and the token endpoint
 * (TokenEndpointError and subclasses) stand apart.
 *
 * Zoho's error envelope (v8 "Status Codes" page): `{ code, details, message, status: 'error' }`; write APIs
 * wrap one such object per record in `{ data: [...] }`. Every message passes through redaction.
 */
import { redactJson, redactText } from './redact.js';

export interface ZohoErrorInit {
  status?: number | undefined;
  code: string;
  message: string;
  details?: Record<string, unknown> | undefined;
  operation: string;
  /** The response body (redacted), for callers that need more than code/message (e.g. per-record data). */
  body?: unknown;
  cause?: unknown;
}

export class ZohoApiError extends Error {
  /** HTTP status, when Zoho answered. */
  readonly status: number | undefined;
  /** Zoho's code (INVALID_DATA, NO_PERMISSION, …) or a runtime code (NETWORK_ERROR, TIMEOUT, …). */
  readonly code: string;
  readonly details: Record<string, unknown>;
  /** The operationId that failed (listRecords, createRecords, getToken, …). */
  readonly operation: string;
  readonly body: unknown;

  constructor(init: ZohoErrorInit) {
    const where =
      init.status === undefined ? init.operation : `${init.operation} (HTTP ${init.status})`;
    super(
      redactText(`${where}: ${init.code}: ${init.message}`),
      init.cause === undefined ? undefined : { cause: scrubCause(init.cause) },
    );
    this.name = new.target.name;
    this.status = init.status;
    this.code = init.code;
    this.details = (redactJson(init.details ?? {}) as Record<string, unknown>) ?? {};
    this.operation = init.operation;
    this.body = init.body === undefined ? undefined : redactJson(init.body);
  }

  /**
   * Maps an HTTP status and Zoho's body to the matching error class (see `classify`).
   * `retryAfterMs` (from Retry-After / X-RATELIMIT-RESET) is kept on RateLimitError; `note` is appended to
   * the message (why the runtime stopped retrying, what to do).
   */
  static from(
    status: number,
    body: unknown,
    operation: string,
    extra: { retryAfterMs?: number | undefined; note?: string | undefined } = {},
  ): ZohoApiError {
    const env = readEnvelope(body);
    const message = env.message ?? `HTTP ${status}`;
    const init: ZohoErrorInit = {
      status,
      code: env.code ?? statusCode(status),
      message: extra.note === undefined ? message : `${message} — ${extra.note}`,
      details: env.details,
      operation,
      // A page that is not Zoho's JSON is summed up in the message; its bytes are no use to a caller.
      body: env.notJson === true ? undefined : body,
    };
    return classify(status, init, extra.retryAfterMs);
  }
}

/**
 * The class for an HTTP answer: by status first, refined by Zoho's code within the 4xx (v8 "Status Codes").
 * Only a 429 is the rate limit: Zoho also answers LIMIT_EXCEEDED with 400 for a request over a documented
 * limit (more than 50 `fields`, 100 records), which no waiting fixes — that is a ValidationError.
 * OAUTH_SCOPE_MISMATCH comes with 401 but a new token does not fix it: a ScopeError.
 */
function classify(status: number, init: ZohoErrorInit, retryAfterMs?: number): ZohoApiError {
  const code = init.code;
  if (status === 429) return new RateLimitError(init, retryAfterMs);
  if (status >= 500) return new ServerError(init);
  if (status < 400) return new ZohoApiError(init);
  if (code === 'OAUTH_SCOPE_MISMATCH') return new ScopeError(init);
  if (status === 401 || code === 'INVALID_TOKEN' || code === 'AUTHENTICATION_FAILURE')
    return new AuthError(init);
  if (status === 403 || code === 'NO_PERMISSION') return new PermissionError(init);
  if (status === 404 || code === 'INVALID_URL_PATTERN' || code === 'RECORD_NOT_FOUND')
    return new NotFoundError(init);
  return new ValidationError(init);
}

/** 401: the access token is missing, expired after one refresh-and-replay, or revoked. */
export class AuthError extends ZohoApiError {}
/** 403 NO_PERMISSION: the CRM user's profile or the module forbids this. */
export class PermissionError extends ZohoApiError {}
/** OAUTH_SCOPE_MISMATCH: the token lacks the scope; regenerate the grant with the scope the operation needs. */
export class ScopeError extends PermissionError {}
/** 404 / INVALID_URL_PATTERN / a record that does not exist. */
export class NotFoundError extends ZohoApiError {}
/** 400-class: INVALID_DATA, MANDATORY_NOT_FOUND, DUPLICATE_DATA, INVALID_QUERY, … */
export class ValidationError extends ZohoApiError {}
/** 5xx from Zoho after the retries ran out (or at once for a non-idempotent write that may have applied). */
export class ServerError extends ZohoApiError {}

/**
 * 429: Zoho's rate or concurrency limit, after the retries ran out — or at once when Zoho's Retry-After is
 * longer than what is left of `maxRetryWaitMs` (the runtime never retries before Retry-After).
 * `retryAfterMs` is what Zoho asked for, when it said.
 */
export class RateLimitError extends ZohoApiError {
  readonly retryAfterMs: number | undefined;
  constructor(init: ZohoErrorInit, retryAfterMs?: number) {
    super(init);
    this.retryAfterMs = retryAfterMs;
  }
}

export interface TransportErrorInit {
  operation: string;
  message: string;
  /** True when the request may have been written to the server (so a non-idempotent write may have applied). */
  mayHaveReachedServer: boolean;
  cause?: unknown;
}

/** The connection failed (refused, reset, DNS, TLS). Check `mayHaveReachedServer` before re-sending a create. */
export class NetworkError extends ZohoApiError {
  readonly mayHaveReachedServer: boolean;
  constructor(init: TransportErrorInit, code = 'NETWORK_ERROR') {
    super({ code, message: init.message, operation: init.operation, cause: init.cause });
    this.mayHaveReachedServer = init.mayHaveReachedServer;
  }
}

/** No answer within the per-attempt timeout. */
export class TimeoutError extends NetworkError {
  constructor(init: TransportErrorInit) {
    super(init, 'TIMEOUT');
  }
}

/** The caller aborted (AbortSignal). Never retried. `name` is 'AbortError' so generic abort checks match. */
export class RequestAbortedError extends ZohoApiError {
  constructor(operation: string, cause?: unknown) {
    super({ code: 'ABORTED', message: 'the request was aborted by the caller', operation, cause });
    this.name = 'AbortError';
  }
}

/**
 * The token endpoint refused. Zoho answers these as HTTP 200 with `{"error": "..."}` — so they are read from
 * the body — and they are never retried: retrying a refused refresh only burns the mint budget
 * (10 tokens per refresh token per 10 minutes — Zoho Accounts "OAuth token limits").
 */
export class TokenEndpointError extends ZohoApiError {
  /** What to do about it, in a sentence. */
  readonly advice: string;
  constructor(init: Omit<ZohoErrorInit, 'operation'> & { operation?: string }, advice: string) {
    super({
      ...init,
      operation: init.operation ?? 'getToken',
      message: `${init.message} — ${advice}`,
    });
    this.advice = advice;
  }

  /** The typed error for a token-endpoint body that carries `error` (or lacks `access_token`). */
  static fromBody(status: number, body: unknown): TokenEndpointError {
    const obj = isRecord(body) ? body : {};
    const error = typeof obj['error'] === 'string' ? obj['error'] : 'invalid_response';
    const description =
      typeof obj['error_description'] === 'string' ? obj['error_description'] : undefined;
    const init = { status, code: error, message: description ?? error, body };
    if (error === 'invalid_code' || error === 'invalid_grant') return new InvalidGrantError(init);
    if (
      error === 'invalid_client' ||
      error === 'invalid_client_secret' ||
      error === 'unauthorized_client'
    ) {
      return new InvalidClientError(init);
    }
    if (/access denied/i.test(error) || /too many requests/i.test(description ?? ''))
      return new TokenRateLimitError(init);
    return new TokenEndpointError(
      init,
      'check the client id, client secret, grant and accounts URL (data center) against the Zoho API console',
    );
  }
}

/** `invalid_code`: the refresh token (or grant code) is revoked, expired or from another data center. */
export class InvalidGrantError extends TokenEndpointError {
  constructor(init: Omit<ZohoErrorInit, 'operation'>) {
    super(
      init,
      'the refresh token or grant code is invalid, revoked or belongs to another data center: generate a new grant in the Zoho API console and exchange it for a new refresh token (check `dataCenter`)',
    );
  }
}

/** `invalid_client`: the client id/secret do not match a client in this data center. */
export class InvalidClientError extends TokenEndpointError {
  constructor(init: Omit<ZohoErrorInit, 'operation'>) {
    super(
      init,
      'the client id or client secret is wrong, or the client is registered in another data center: check them in the Zoho API console and `dataCenter`',
    );
  }
}

/** `Access Denied … too many requests`: the mint limit (10 access tokens per refresh token per 10 minutes). */
export class TokenRateLimitError extends TokenEndpointError {
  constructor(init: Omit<ZohoErrorInit, 'operation'>) {
    super(
      init,
      'Zoho allows 10 access tokens per refresh token in 10 minutes: wait up to 10 minutes, and share one token between processes (a FileTokenStore or your own TokenStore) instead of minting one per process',
    );
  }
}

/**
 * The shared API-credit budget (ClientOptions.redis.credits) has no room for this call: the org has spent
 * `used` of its `limit` (daily budget minus reserve) in the last 24 hours. Nothing was sent to Zoho.
 */
export class CreditBudgetError extends ZohoApiError {
  /** Credits spent in the rolling window when the call was refused. */
  readonly used: number;
  /** Credits the client may spend in the window (dailyBudget - reserve). */
  readonly limit: number;
  /** This call's cost. */
  readonly cost: number;
  /** At the earliest, when enough credits leave the window. */
  readonly retryAfterMs: number;
  constructor(init: {
    operation: string;
    used: number;
    limit: number;
    cost: number;
    retryAfterMs: number;
  }) {
    super({
      code: 'CREDIT_BUDGET_EXHAUSTED',
      message: `the org has spent ${init.used} of the ${init.limit} API credits this client may use in 24 hours (this call costs ${init.cost}); retry in about ${Math.ceil(init.retryAfterMs / 60_000)} min, or raise redis.credits.dailyBudget / lower redis.credits.reserve`,
      operation: init.operation,
    });
    this.used = init.used;
    this.limit = init.limit;
    this.cost = init.cost;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/**
 * Redis (ClientOptions.redis) is unreachable and `onRedisDown` is 'fail', or the Redis client package is
 * missing. Nothing was sent to Zoho.
 */
export class CoordinationError extends ZohoApiError {
  constructor(operation: string, message: string, cause?: unknown) {
    super({ code: 'COORDINATION_UNAVAILABLE', message, operation, cause });
  }
}

interface Envelope {
  code?: string;
  message?: string;
  details?: Record<string, unknown>;
  /** The body was text, not JSON: a proxy, load balancer or gateway answered, not Zoho's API. */
  notJson?: boolean;
}

/** Reads `{code,message,details}` from Zoho's error body, or from its first `data[]` entry. */
function readEnvelope(body: unknown): Envelope {
  if (typeof body === 'string') return body.trim() === '' ? {} : notZohoJson(body);
  if (!isRecord(body)) return {};
  let src: Record<string, unknown> = body;
  const data = body['data'];
  if (typeof body['code'] !== 'string' && Array.isArray(data) && isRecord(data[0])) src = data[0];
  const out: Envelope = {};
  if (typeof src['code'] === 'string') out.code = src['code'];
  if (typeof src['message'] === 'string') out.message = src['message'];
  if (isRecord(src['details'])) out.details = src['details'];
  return out;
}

/** Longest excerpt of a non-JSON page kept in a message: enough to recognise it, never the page. */
const EXCERPT_CHARS = 80;

/**
 * A text or HTML answer (a gateway's "503 Service Temporarily Unavailable" page, a proxy's login page): say
 * so, and keep one short line of it — the page's <title> when it has one, else its text without tags.
 */
function notZohoJson(body: string): Envelope {
  // The start of the page is enough for a title or a first line, and bounds the work on a huge page.
  const text = body.slice(0, 4096);
  const html = /<(!doctype|html|head|body|title)\b/i.test(text);
  const title = html ? /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1] : undefined;
  const source = title ?? (html ? text.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ') : text);
  const line = source
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/[\s\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .trim();
  const excerpt =
    line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS - 1).trimEnd()}…` : line;
  return {
    code: 'NON_JSON_RESPONSE',
    message: `the answer was ${html ? 'an HTML page' : 'plain text'}, not Zoho's JSON — likely from a proxy, load balancer or gateway in front of Zoho's API${excerpt === '' ? '' : `: "${excerpt}"`}`,
    details: { excerpt },
    notJson: true,
  };
}

function statusCode(status: number): string {
  if (status === 429) return 'TOO_MANY_REQUESTS';
  if (status === 401) return 'AUTHENTICATION_FAILURE';
  if (status === 403) return 'NO_PERMISSION';
  if (status === 404) return 'NOT_FOUND';
  if (status >= 500) return 'INTERNAL_ERROR';
  return `HTTP_${status}`;
}

/** Causes (undici errors) can carry request options with headers; keep only their name, code and message. */
function scrubCause(cause: unknown): unknown {
  if (cause instanceof Error) {
    const copy = new Error(redactText(cause.message));
    copy.name = cause.name;
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') (copy as Error & { code?: string }).code = code;
    return copy;
  }
  return typeof cause === 'string' ? redactText(cause) : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
