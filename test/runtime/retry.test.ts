import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  decideRetry,
  DEFAULT_RETRY_POLICY,
  isRetryable,
  parseRateLimitReset,
  parseRetryAfter,
  type FailurePoint,
} from '../../templates/runtime/retry.ts';

describe('backoffDelay (full jitter)', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 500, maxDelayMs: 30_000 };
  const table: { retriesDone: number; ceiling: number }[] = [
    { retriesDone: 0, ceiling: 500 },
    { retriesDone: 1, ceiling: 1000 },
    { retriesDone: 3, ceiling: 4000 },
    { retriesDone: 6, ceiling: 30_000 }, // 32 000 capped
    { retriesDone: 50, ceiling: 30_000 },
  ];
  it.each(table)('retry $retriesDone stays within [0, $ceiling)', ({ retriesDone, ceiling }) => {
    expect(backoffDelay(retriesDone, policy, () => 0)).toBe(0);
    expect(backoffDelay(retriesDone, policy, () => 0.999999)).toBe(Math.floor(0.999999 * ceiling));
    expect(backoffDelay(retriesDone, policy, () => 0.5)).toBe(ceiling / 2);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('Mon, 23 Nov 2026 08:00:00 GMT');
  const table: { given: string | undefined; want: number | undefined }[] = [
    { given: '0', want: 0 },
    { given: '5', want: 5000 },
    { given: ' 12 ', want: 12_000 },
    { given: '1.5', want: 1500 },
    { given: 'Mon, 23 Nov 2026 08:00:30 GMT', want: 30_000 },
    { given: 'Mon, 23 Nov 2026 07:59:00 GMT', want: 0 }, // in the past → now
    { given: 'soon', want: undefined },
    { given: '-3', want: undefined },
    { given: '', want: undefined },
    { given: undefined, want: undefined },
    { given: '12abc', want: undefined },
  ];
  it.each(table)('$given → $want', ({ given, want }) => {
    expect(parseRetryAfter(given, now)).toBe(want);
  });
});

describe('parseRateLimitReset', () => {
  const now = 1_800_000_000_000;
  const table: { given: string | undefined; want: number | undefined }[] = [
    { given: String(now + 7000), want: 7000 }, // epoch ms
    { given: String(now / 1000 + 3), want: 3000 }, // epoch s
    { given: '20', want: 20_000 }, // delta seconds
    { given: String(now - 5), want: 0 },
    { given: 'x', want: undefined },
    { given: undefined, want: undefined },
  ];
  it.each(table)('$given → $want', ({ given, want }) => {
    expect(parseRateLimitReset(given, now)).toBe(want);
  });
});

describe('decideRetry', () => {
  type Row = {
    failure: FailurePoint;
    status?: number;
    method: string;
    idempotent: boolean;
    want: boolean;
  };
  // status × method × idempotent × where the failure happened
  const table: Row[] = [
    { failure: 'response', status: 429, method: 'GET', idempotent: true, want: true },
    { failure: 'response', status: 429, method: 'POST create', idempotent: false, want: true },
    { failure: 'response', status: 503, method: 'POST create', idempotent: false, want: true },
    { failure: 'response', status: 500, method: 'GET', idempotent: true, want: true },
    { failure: 'response', status: 500, method: 'POST create', idempotent: false, want: false },
    { failure: 'response', status: 502, method: 'PUT update', idempotent: true, want: true },
    { failure: 'response', status: 502, method: 'POST create', idempotent: false, want: false },
    { failure: 'response', status: 504, method: 'DELETE', idempotent: true, want: true },
    { failure: 'response', status: 504, method: 'POST create', idempotent: false, want: false },
    { failure: 'response', status: 500, method: 'POST upsert', idempotent: true, want: true },
    { failure: 'response', status: 400, method: 'GET', idempotent: true, want: false },
    { failure: 'response', status: 401, method: 'GET', idempotent: true, want: false },
    { failure: 'response', status: 403, method: 'GET', idempotent: true, want: false },
    { failure: 'response', status: 404, method: 'GET', idempotent: true, want: false },
    { failure: 'connect', method: 'POST create', idempotent: false, want: true },
    { failure: 'connect', method: 'GET', idempotent: true, want: true },
    { failure: 'sent', method: 'POST create', idempotent: false, want: false },
    { failure: 'sent', method: 'POST bulk create', idempotent: false, want: false },
    { failure: 'sent', method: 'GET', idempotent: true, want: true },
    { failure: 'sent', method: 'PUT update', idempotent: true, want: true },
    { failure: 'aborted', method: 'GET', idempotent: true, want: false },
  ];
  it.each(table)(
    '$failure $status $method (idempotent=$idempotent) → retry=$want',
    ({ failure, status, idempotent, want }) => {
      expect(isRetryable(failure, status, idempotent)).toBe(want);
      const d = decideRetry(
        { retriesDone: 0, failure, status, idempotent },
        DEFAULT_RETRY_POLICY,
        () => 0.5,
      );
      expect(d.retry).toBe(want);
    },
  );

  it('stops after maxRetries', () => {
    const input = { failure: 'response' as const, status: 503, idempotent: true };
    expect(decideRetry({ ...input, retriesDone: 3 }).retry).toBe(true);
    expect(decideRetry({ ...input, retriesDone: 4 }).retry).toBe(false);
    expect(
      decideRetry({ ...input, retriesDone: 0 }, { ...DEFAULT_RETRY_POLICY, maxRetries: 0 }).retry,
    ).toBe(false);
  });

  it('honours Retry-After over backoff, and never cuts it to maxDelayMs', () => {
    const d = decideRetry(
      { retriesDone: 0, failure: 'response', status: 429, idempotent: false, retryAfterMs: 7000 },
      DEFAULT_RETRY_POLICY,
      () => 0,
    );
    expect(d).toMatchObject({ retry: true, delayMs: 7000 });
    // 45 s is above maxDelayMs (30 s) but fits the 120 s budget: wait all of it, not 30 s.
    const long = decideRetry({
      retriesDone: 0,
      failure: 'response',
      status: 429,
      idempotent: false,
      retryAfterMs: 45_000,
    });
    expect(long).toEqual({ retry: true, delayMs: 45_000, reason: 'HTTP 429' });
  });

  it('a Retry-After longer than the budget left is not retried, and the reason says why', () => {
    const tooLong = decideRetry({
      retriesDone: 0,
      failure: 'response',
      status: 429,
      idempotent: false,
      retryAfterMs: 10 * 60_000,
    });
    expect(tooLong).toEqual({
      retry: false,
      reason:
        'Zoho asked to wait 600 s before retrying (Retry-After), more than the 120 s left of the retry budget (maxRetryWaitMs 120000); not retried',
    });
    const afterWaiting = decideRetry({
      retriesDone: 2,
      failure: 'response',
      status: 429,
      idempotent: true,
      retryAfterMs: 45_000,
      waitedMs: 90_000,
    });
    expect(afterWaiting.retry).toBe(false);
    expect(afterWaiting.reason).toContain('the 30 s left of the retry budget');
  });

  it('gives up when the total wait budget would be exceeded', () => {
    const d = decideRetry({
      retriesDone: 1,
      failure: 'response',
      status: 429,
      idempotent: true,
      retryAfterMs: 20_000,
      waitedMs: 110_000,
    });
    expect(d.retry).toBe(false);
  });
});
