/**
 * Observation points for logging and metrics. Every URL and header handed to a hook is already redacted;
 * a hook that throws is ignored (observability must not break the call).
 */
import type { ZohoApiError } from './errors.js';

export interface RequestEvent {
  readonly operation: string;
  readonly method: string;
  /** Full URL with secret query values redacted. */
  readonly url: string;
  /** Request headers with Authorization redacted. */
  readonly headers: Readonly<Record<string, string>>;
  /** 0 for the first attempt. */
  readonly attempt: number;
}

export interface ResponseEvent extends RequestEvent {
  readonly status: number;
  readonly durationMs: number;
  readonly responseHeaders: Readonly<Record<string, string>>;
}

export interface RetryEvent {
  readonly operation: string;
  readonly method: string;
  readonly url: string;
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: string;
  readonly status?: number | undefined;
}

export interface RefreshEvent {
  readonly reason: 'initial' | 'expiring' | 'invalid-token';
  readonly ok: boolean;
  readonly durationMs: number;
  /** The error code when `ok` is false (never the token). */
  readonly code?: string | undefined;
}

export interface ErrorEvent {
  readonly operation: string;
  readonly error: ZohoApiError;
}

/** Redis (shared limits) failed; reported once per outage. */
export interface CoordinationErrorEvent {
  readonly error: ZohoApiError;
  /** 'local': calls go on with this process's own limiter and token; 'fail': calls fail until Redis is back. */
  readonly fallback: 'local' | 'fail';
}

export interface Hooks {
  onRequest?(event: RequestEvent): void;
  onResponse?(event: ResponseEvent): void;
  onRetry?(event: RetryEvent): void;
  onRefresh?(event: RefreshEvent): void;
  onError?(event: ErrorEvent): void;
  /** Redis, used for shared limits (ClientOptions.redis), failed; once per outage. */
  onCoordinationError?(event: CoordinationErrorEvent): void;
}

/** Calls a hook, swallowing what it throws. */
export function emit<E>(fn: ((event: E) => void) | undefined, event: E): void {
  if (fn === undefined) return;
  try {
    fn(event);
  } catch {
    // A logging hook must never turn a good call into a failure.
  }
}
