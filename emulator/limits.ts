/**
 * API limits: a concurrency cap (Zoho caps concurrent calls per org by edition — v8 "API Limits"),
 * a per-minute request budget and a per-day *credit* budget (a call's cost comes from the runtime's one
 * table, templates/runtime/credit-cost.ts: Convert Lead 5, COQL by LIMIT, …). Over any of them: 429 TOO_MANY_REQUESTS with
 * X-RATELIMIT-LIMIT / X-RATELIMIT-REMAINING / X-RATELIMIT-RESET and Retry-After.
 */
import { errors } from './envelopes.ts';
import type { ApiResponse, EmulatorLimits } from './types.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export class Limits {
  inFlight = 0;
  heavyInFlight = 0;
  peak = 0;
  private minuteStart = Date.now();
  private minuteCount = 0;
  private dayStart = Date.now();
  private dayCount = 0;

  constructor(private readonly limits: EmulatorLimits) {}

  /** Admit one API call costing `credits`, or answer 429. On admission the caller must call `release()` when done. */
  admit(
    heavy = false,
    credits = 1,
  ): { ok: true; headers: Record<string, string> } | { ok: false; response: ApiResponse } {
    const now = Date.now();
    if (now - this.minuteStart >= MINUTE) {
      this.minuteStart = now;
      this.minuteCount = 0;
    }
    if (now - this.dayStart >= DAY) {
      this.dayStart = now;
      this.dayCount = 0;
    }
    const { concurrency, perMinute, perDay } = this.limits;
    if (concurrency !== undefined && this.inFlight >= concurrency) {
      return {
        ok: false,
        response: this.reject(
          'Concurrency limit exceeded. Please retry after some time.',
          concurrency,
          0,
          1,
        ),
      };
    }
    const heavyCap = this.limits.heavyConcurrency;
    if (heavy && heavyCap !== undefined && this.heavyInFlight >= heavyCap) {
      return {
        ok: false,
        response: this.reject(
          'Concurrency limit of heavy APIs exceeded. Please retry after some time.',
          heavyCap,
          0,
          1,
        ),
      };
    }
    if (perMinute !== undefined && this.minuteCount >= perMinute) {
      const reset = Math.ceil((this.minuteStart + MINUTE - now) / 1000);
      return {
        ok: false,
        response: this.reject(
          'The number of API requests per minute has been exceeded.',
          perMinute,
          0,
          reset,
        ),
      };
    }
    if (perDay !== undefined && this.dayCount + credits > perDay) {
      const reset = Math.ceil((this.dayStart + DAY - now) / 1000);
      return {
        ok: false,
        response: this.reject(
          'You have exceeded the API credit limit for the day.',
          perDay,
          0,
          reset,
        ),
      };
    }
    this.minuteCount += 1;
    this.dayCount += credits;
    this.inFlight += 1;
    if (heavy) this.heavyInFlight += 1;
    if (this.inFlight > this.peak) this.peak = this.inFlight;
    const headers: Record<string, string> = {};
    const budget = perMinute ?? perDay;
    if (budget !== undefined) {
      const used = perMinute !== undefined ? this.minuteCount : this.dayCount;
      const start = perMinute !== undefined ? this.minuteStart : this.dayStart;
      headers['X-RATELIMIT-LIMIT'] = String(budget);
      headers['X-RATELIMIT-REMAINING'] = String(Math.max(0, budget - used));
      headers['X-RATELIMIT-RESET'] = String(
        Math.ceil((start + (perMinute !== undefined ? MINUTE : DAY) - now) / 1000),
      );
    }
    return { ok: true, headers };
  }

  release(heavy = false): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (heavy) this.heavyInFlight = Math.max(0, this.heavyInFlight - 1);
  }

  private reject(
    message: string,
    limit: number,
    remaining: number,
    resetSeconds: number,
  ): ApiResponse {
    const r = errors.tooManyRequests(message);
    r.headers = {
      'X-RATELIMIT-LIMIT': String(limit),
      'X-RATELIMIT-REMAINING': String(remaining),
      'X-RATELIMIT-RESET': String(resetSeconds),
      'Retry-After': String(resetSeconds),
    };
    return r;
  }

  resetPeak(): void {
    this.peak = this.inFlight;
  }
}
