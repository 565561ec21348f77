/**
 * What is retried, and after how long. Pure functions, tested as tables.
 *
 * Zoho answers 429 when a rate or concurrency limit is hit and 5xx on its own failures (v8 "Status Codes",
 * "API Limits"). A 429 or 503 *response* means the server did not process the call, so even a create may be
 * sent again. A 500/502/504, a reset connection or a timeout after the request was written may have applied
 * it: only idempotent calls (GET, PUT update, DELETE, upsert) are replayed then.
 */

export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly maxRetries: number;
  /** First backoff ceiling; doubles per retry. */
  readonly baseDelayMs: number;
  /** Largest single backoff wait (a Retry-After from Zoho is never cut to it). */
  readonly maxDelayMs: number;
  /**
   * Largest total time spent waiting across all retries of one call. A Retry-After that does not fit in what
   * is left ends the call at once (RateLimitError.retryAfterMs says how long Zoho asked for).
   */
  readonly maxTotalWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxTotalWaitMs: 120_000,
};

/**
 * Where an attempt failed:
 * - 'response': Zoho answered with `status`.
 * - 'connect': before the request was written (refused, DNS, connect timeout) — nothing reached the server.
 * - 'sent': after the request may have been written (reset, socket closed, timeout waiting for the answer).
 * - 'aborted': the caller's AbortSignal fired.
 */
export type FailurePoint = 'response' | 'connect' | 'sent' | 'aborted';

export interface RetryInput {
  /** Retries already made (0 after the first attempt). */
  readonly retriesDone: number;
  readonly failure: FailurePoint;
  readonly status?: number | undefined;
  readonly idempotent: boolean;
  /** Wait Zoho asked for (Retry-After / X-RATELIMIT-RESET), if any. */
  readonly retryAfterMs?: number | undefined;
  /** Time already spent waiting on earlier retries of this call. */
  readonly waitedMs?: number;
}

export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number; readonly reason: string }
  | { readonly retry: false; readonly reason: string };

/** Statuses that say "not processed, try later" — safe to resend any call. */
const RETRY_ANY = new Set([429, 503]);
/** Statuses that may follow partial processing — resend only idempotent calls. */
const RETRY_IDEMPOTENT = new Set([500, 502, 504]);

/**
 * Whether a response with this status may follow a request the server (partly) applied: a 500, 502 or
 * 504. Writes that fail this way are reported with `mayHaveReachedServer`, like a reset after send.
 */
export function mayHaveApplied(status: number): boolean {
  return RETRY_IDEMPOTENT.has(status);
}

/** Whether the failure is retryable at all, ignoring attempt counts. */
export function isRetryable(
  failure: FailurePoint,
  status: number | undefined,
  idempotent: boolean,
): boolean {
  switch (failure) {
    case 'aborted':
      return false;
    case 'connect':
      return true;
    case 'sent':
      return idempotent;
    case 'response':
      if (status === undefined) return false;
      return RETRY_ANY.has(status) || (idempotent && RETRY_IDEMPOTENT.has(status));
  }
}

/** The retry decision for one failed attempt. `random` is injectable for tests. */
export function decideRetry(
  input: RetryInput,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): RetryDecision {
  if (!isRetryable(input.failure, input.status, input.idempotent)) {
    return { retry: false, reason: notRetryableReason(input) };
  }
  if (input.retriesDone >= policy.maxRetries)
    return {
      retry: false,
      reason:
        policy.maxRetries === 0
          ? 'not retried (maxRetries is 0)'
          : `gave up after ${policy.maxRetries} retries`,
    };
  // Zoho's Retry-After is a floor, never cut to maxDelayMs: a retry before it is refused again and spends
  // an attempt (and credits). Only the whole-call budget bounds it; past that the call fails at once.
  const asked = input.retryAfterMs;
  const delayMs =
    asked !== undefined ? Math.max(0, asked) : backoffDelay(input.retriesDone, policy, random);
  const waited = input.waitedMs ?? 0;
  if (waited + delayMs > policy.maxTotalWaitMs) {
    const left = Math.max(0, policy.maxTotalWaitMs - waited);
    return {
      retry: false,
      reason:
        asked !== undefined
          ? `Zoho asked to wait ${formatMs(delayMs)} before retrying (Retry-After), more than the ${formatMs(left)} left of the retry budget (maxRetryWaitMs ${policy.maxTotalWaitMs}); not retried`
          : `waiting ${delayMs} ms more would exceed the ${policy.maxTotalWaitMs} ms retry budget`,
    };
  }
  const what =
    input.failure === 'response'
      ? `HTTP ${input.status}`
      : input.failure === 'connect'
        ? 'connection failed'
        : 'connection lost';
  return { retry: true, delayMs, reason: what };
}

/** 45000 → "45 s", 1500 → "1.5 s", 90000 → "90 s". */
function formatMs(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

function notRetryableReason(input: RetryInput): string {
  if (input.failure === 'aborted') return 'aborted by the caller';
  if (input.failure === 'sent')
    return 'the request may have reached the server and is not idempotent';
  if (input.status !== undefined && RETRY_IDEMPOTENT.has(input.status))
    return `HTTP ${input.status} on a call that is not idempotent`;
  return `HTTP ${input.status ?? '?'} is not retryable`;
}

/** Exponential backoff with full jitter: uniform in [0, min(maxDelay, base·2^retry)). */
export function backoffDelay(
  retriesDone: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(retriesDone, 30));
  return Math.floor(random() * ceiling);
}

/** Retry-After as milliseconds from `now`: delta-seconds or an HTTP date; undefined for garbage. */
export function parseRetryAfter(
  value: string | undefined | null,
  now: number = Date.now(),
): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date must name a weekday or month; Date.parse alone accepts bare numbers and junk like "1".
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/**
 * X-RATELIMIT-RESET as milliseconds from `now`. Zoho sends the reset time as epoch milliseconds; seconds since
 * the epoch and plain delta-seconds are accepted too (told apart by magnitude).
 */
export function parseRateLimitReset(
  value: string | undefined | null,
  now: number = Date.now(),
): number | undefined {
  if (value === undefined || value === null || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  const n = Number(value);
  if (n >= 1e12) return Math.max(0, n - now);
  if (n >= 1e9) return Math.max(0, n * 1000 - now);
  return Math.round(n * 1000);
}

/** Sleeps `ms`, rejecting with the signal's reason if it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
