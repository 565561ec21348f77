/**
 * Retry-After is a floor (issue #15 item 3): the runtime never retries before it, waits it out when it fits
 * `maxRetryWaitMs`, and otherwise fails at once with a RateLimitError carrying `retryAfterMs`.
 * Fake timers over undici's MockAgent: the test moves the clock, so nothing here depends on the machine's speed.
 */
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ZohoCore, type ClientOptions } from '../../templates/runtime/core.ts';
import { RateLimitError } from '../../templates/runtime/errors.ts';
import type { RetryEvent } from '../../templates/runtime/hooks.ts';

const ORIGIN = 'https://www.zohoapis.com';
const tooMany = {
  code: 'TOO_MANY_REQUESTS',
  details: {},
  message: 'too many requests',
  status: 'error',
};
const leads = { data: [{ id: '1', Last_Name: 'Smith' }], info: { more_records: false } };

let agent: MockAgent;
let core: ZohoCore;
let calls: number;
let retries: RetryEvent[];
/** Resolves when the next retry is scheduled (its sleep starts in the same tick as onRetry). */
let retryScheduled: Promise<void>;

function client(extra: Partial<ClientOptions> = {}): ZohoCore {
  let signal = (): void => undefined;
  retryScheduled = new Promise((resolve) => (signal = resolve));
  core = new ZohoCore({
    auth: { accessToken: '1000.fixed.token' },
    dispatcher: agent,
    hooks: {
      onRetry: (e) => {
        retries.push(e);
        signal();
      },
    },
    ...extra,
  });
  return core;
}

/** The first answer is `status` with `Retry-After: seconds`, every later one 200. */
function answerOnceWith(status: number, seconds: string, method: 'GET' | 'POST' = 'GET'): void {
  agent
    .get(ORIGIN)
    .intercept({ path: '/crm/v8/Leads', method })
    .reply<object>(() => {
      calls++;
      return calls === 1
        ? {
            statusCode: status,
            data: tooMany,
            responseOptions: { headers: { 'retry-after': seconds } },
          }
        : { statusCode: 200, data: leads };
    })
    .persist();
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  agent = new MockAgent();
  agent.disableNetConnect();
  calls = 0;
  retries = [];
});
afterEach(async () => {
  vi.useRealTimers();
  await core.close();
  await agent.close();
});

describe('Retry-After', () => {
  it('429 with Retry-After: 45 waits the full 45 s (not the 30 s backoff cap) before the retry', async () => {
    answerOnceWith(429, '45');
    const pending = client().request({
      method: 'GET',
      path: '/crm/v8/Leads',
      operation: 'listRecords',
    });
    await retryScheduled;
    expect(retries.map((r) => r.delayMs)).toEqual([45_000]);
    await vi.advanceTimersByTimeAsync(44_999);
    expect(calls).toBe(1); // not a millisecond early
    await vi.advanceTimersByTimeAsync(1);
    await expect(pending).resolves.toEqual(leads);
    expect(calls).toBe(2);
  });

  it('a 503 on a create with Retry-After: 45 also waits it out (503 means not processed)', async () => {
    answerOnceWith(503, '45', 'POST');
    const pending = client().request({
      method: 'POST',
      path: '/crm/v8/Leads',
      body: { data: [{ Last_Name: 'Smith' }] },
      operation: 'createRecords',
    });
    await retryScheduled;
    expect(retries[0]).toMatchObject({ delayMs: 45_000, status: 503 });
    await vi.advanceTimersByTimeAsync(44_999);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(pending).resolves.toEqual(leads);
  });

  it('a Retry-After longer than maxRetryWaitMs fails at once with RateLimitError.retryAfterMs', async () => {
    answerOnceWith(429, '45');
    const pending = client({ maxRetryWaitMs: 30_000 })
      .request({ method: 'GET', path: '/crm/v8/Leads', operation: 'listRecords' })
      .catch((e: unknown) => e);
    // Whichever comes first: the error, or a retry scheduled (a failure, not a hang, if it ever regresses).
    const err = await Promise.race([pending, retryScheduled.then(() => 'a retry was scheduled')]);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).retryAfterMs).toBe(45_000);
    expect(calls).toBe(1);
    expect(retries).toEqual([]);
    expect((err as Error).message).toBe(
      'listRecords (HTTP 429): TOO_MANY_REQUESTS: too many requests — Zoho asked to wait 45 s before retrying (Retry-After), more than the 30 s left of the retry budget (maxRetryWaitMs 30000); not retried',
    );
  });
});
