/**
 * One HTTP attempt over undici: send, read the whole body, parse JSON once. Failures are classified by where
 * they happened (before the request was written, or after) because that decides whether a write may be
 * replayed (see retry.ts).
 */
import { Readable } from 'node:stream';
import type { FailurePoint } from './retry.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * What the runtime sends through: an undici Dispatcher (Agent, Pool, ProxyAgent, MockAgent, …), by the part
 * it uses. Declared here rather than imported from undici so that the client's public declarations never
 * name undici's types: a consumer's tsc and editor would otherwise load undici's forty-odd declaration files
 * for this one option. The client's own Agent is assigned to it in core.ts, and test/types checks ProxyAgent
 * and MockAgent, so the compiler proves undici's dispatchers fit.
 */
export interface HttpDispatcher {
  request(options: HttpRequestOptions): Promise<HttpResponse>;
  close(): Promise<void>;
}

/** The request options the runtime passes (a subset of undici's Dispatcher.RequestOptions). */
export interface HttpRequestOptions {
  origin: string;
  path: string;
  method: HttpMethod;
  headers: Record<string, string>;
  body: string | Uint8Array | Readable | null;
  signal: AbortSignal | null;
  headersTimeout: number;
  bodyTimeout: number;
}

/** What the runtime reads of an answer (a subset of undici's Dispatcher.ResponseData). */
export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable & { text(): Promise<string>; arrayBuffer(): Promise<ArrayBuffer> };
}

export interface Attempt {
  readonly origin: string;
  /** Path plus query string. */
  readonly path: string;
  readonly method: HttpMethod;
  readonly headers: Record<string, string>;
  /** A stream body (multipart-body.ts) is sent as it is read. */
  readonly body?: string | Uint8Array | AsyncIterable<Uint8Array> | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly timeoutMs: number;
  readonly responseType: 'json' | 'bytes' | 'stream';
}

/** A 2xx answer to a 'stream' attempt: its headers, and its body not yet read (the caller reads or destroys it). */
export interface StreamedResponse {
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Readable;
}

export interface AttemptResult {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON (undefined for an empty body), the raw text if it was not JSON, or bytes. */
  readonly data: unknown;
}

/** An attempt that got no HTTP answer, with the point it failed at. */
export class TransportFailure extends Error {
  readonly point: Exclude<FailurePoint, 'response'>;
  readonly timedOut: boolean;
  constructor(point: Exclude<FailurePoint, 'response'>, timedOut: boolean, cause: unknown) {
    super(describe(cause), { cause });
    this.point = point;
    this.timedOut = timedOut;
  }
}

/** Error codes that mean the request never left this machine (so nothing reached Zoho). */
const BEFORE_SEND = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
const TIMEOUTS = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * The attempt's time limit is undici's own: `headersTimeout` bounds the wait for the response and
 * `bodyTimeout` any stall while the body streams, each `timeoutMs` (connecting has undici's connect
 * timeout). undici keeps limits up to 1 s on native timers and longer ones on one shared coarse timer
 * (about 1 s resolution — nothing next to a 60 s limit), so an attempt allocates no timer, no
 * AbortController and no abort listener of its own: that was half of the runtime's cost per call over a
 * bare undici.request (test/bench/runtime-overhead.ts). A user's AbortSignal goes to undici as it is.
 */
export async function sendAttempt(
  dispatcher: HttpDispatcher,
  attempt: Attempt,
): Promise<AttemptResult> {
  const userSignal = attempt.signal;
  let res: HttpResponse | undefined;
  try {
    res = await dispatcher.request({
      origin: attempt.origin,
      path: attempt.path,
      method: attempt.method,
      headers: attempt.headers,
      body:
        attempt.body === undefined
          ? null
          : typeof attempt.body === 'string' || attempt.body instanceof Uint8Array
            ? attempt.body
            : Readable.from(attempt.body, { objectMode: false }),
      signal: userSignal ?? null,
      headersTimeout: attempt.timeoutMs,
      bodyTimeout: attempt.timeoutMs,
    });
    let data: unknown;
    const ok = res.statusCode >= 200 && res.statusCode < 300 && res.statusCode !== 204;
    if (attempt.responseType === 'stream' && ok) {
      // Handed over unread: the caller streams it (an attachment, a photo, a file) and owns destroying it.
      const streamed: StreamedResponse = { headers: res.headers, body: res.body };
      return { status: res.statusCode, headers: res.headers, data: streamed };
    }
    if (attempt.responseType === 'bytes' && res.statusCode >= 200 && res.statusCode < 300) {
      data = new Uint8Array(await res.body.arrayBuffer());
    } else {
      data = parseJson(await res.body.text());
    }
    return { status: res.statusCode, headers: res.headers, data };
  } catch (err) {
    res?.body.destroy();
    throw classify(err, userSignal);
  }
}

/**
 * JSON.parse over the body text. Measured against body.json() on 200-record pages: equal within noise
 * (test/runtime/perf/json-vs-text.ts); text first lets an empty 204 body and a non-JSON proxy page through
 * without a second read.
 */
function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function classify(err: unknown, signal: AbortSignal | undefined): TransportFailure {
  if (signal?.aborted === true) return new TransportFailure('aborted', false, err);
  const code = errorCode(err);
  const undiciTimeout = code !== undefined && TIMEOUTS.has(code);
  if (code !== undefined && BEFORE_SEND.has(code))
    return new TransportFailure('connect', undiciTimeout, err);
  // Reset, socket closed, headers/body timeout: the request may have been written and applied.
  return new TransportFailure('sent', undiciTimeout, err);
}

function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && typeof e === 'object' && e !== null; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    if (typeof code === 'string' && code === 'UND_ERR_SOCKET') {
      const inner = (e as { cause?: unknown }).cause;
      const innerCode =
        typeof inner === 'object' && inner !== null
          ? (inner as { code?: unknown }).code
          : undefined;
      return typeof innerCode === 'string' ? innerCode : code;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = errorCode(err);
    return code === undefined ? err.message : `${err.message} (${code})`;
  }
  return String(err);
}

/** Reads one header as a string (undici gives arrays for repeated headers). */
export function headerValue(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}
