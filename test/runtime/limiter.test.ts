import { describe, expect, it } from 'vitest';
import { Limiter } from '../../templates/runtime/limiter.ts';

describe('Limiter', () => {
  it('holds at most max and serves waiters first-in first-out', async () => {
    const limiter = new Limiter(2);
    const order: number[] = [];
    await limiter.acquire();
    await limiter.acquire();
    expect(limiter.inFlight).toBe(2);
    const waiters = [1, 2, 3].map((n) => limiter.acquire().then(() => order.push(n)));
    expect(limiter.waiting).toBe(3);
    limiter.release();
    await Promise.resolve();
    limiter.release();
    limiter.release();
    await Promise.all(waiters);
    expect(order).toEqual([1, 2, 3]);
    expect(limiter.inFlight).toBe(2);
    limiter.release();
    limiter.release();
    expect(limiter.inFlight).toBe(0);
  });

  it('a newcomer does not jump the queue', async () => {
    const limiter = new Limiter(1);
    await limiter.acquire();
    const order: string[] = [];
    const first = limiter.acquire().then(() => order.push('queued'));
    limiter.release(); // hands the slot to the queued waiter
    const late = limiter.acquire().then(() => order.push('late'));
    await first;
    limiter.release();
    await late;
    expect(order).toEqual(['queued', 'late']);
  });

  it('an aborted waiter leaves the queue and rejects with the reason', async () => {
    const limiter = new Limiter(1);
    await limiter.acquire();
    const ac = new AbortController();
    const aborted = limiter.acquire(ac.signal);
    const next = limiter.acquire();
    expect(limiter.waiting).toBe(2);
    ac.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    expect(limiter.waiting).toBe(1);
    limiter.release();
    await next;
    expect(limiter.inFlight).toBe(1);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const limiter = new Limiter(1);
    await expect(limiter.acquire(AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
    expect(limiter.inFlight).toBe(0);
  });

  it('tryAcquire takes a free slot without a promise, but never ahead of a queued waiter', async () => {
    const limiter = new Limiter(1);
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(false);
    const queued = limiter.acquire();
    limiter.release(); // handed to the queued waiter
    expect(limiter.tryAcquire()).toBe(false);
    await queued;
    limiter.release();
    expect(limiter.tryAcquire()).toBe(true);
  });

  it('refuses a nonsense size', () => {
    expect(() => new Limiter(0)).toThrow(/positive integer/);
  });
});
