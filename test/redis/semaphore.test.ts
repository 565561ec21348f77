/**
 * The shared semaphore's Lua and waiting, against a real redis-server: the cap holds under 200 concurrent
 * acquirers spread over several "processes" (connections), a crashed holder's lease is reclaimed when it
 * expires, and a long call's lease is renewed so nobody takes its slot meanwhile.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisHealth } from '../../templates/runtime/redis/health.ts';
import { orgKeys } from '../../templates/runtime/redis/keys.ts';
import {
  closeConnection,
  command,
  connectRedisUrl,
  DEFAULT_REDIS_TIMEOUTS,
  type RedisConnection,
} from '../../templates/runtime/redis/redis-client.ts';
import { SharedSemaphore, type SemaphoreConfig } from '../../templates/runtime/redis/semaphore.ts';
import { redisAvailable, startRedis, type RedisServer } from './redis-server.ts';

const base: SemaphoreConfig = {
  cap: 5,
  heavyCap: 2,
  leaseMs: 30_000,
  creditLimit: 0,
  windowMs: 86_400_000,
  bucketMs: 60_000,
  pollMs: 50,
};

describe.skipIf(!redisAvailable)('SharedSemaphore', () => {
  let redis: RedisServer;
  const conns: RedisConnection[] = [];
  const sems: SharedSemaphore[] = [];
  let n = 0;
  let keys = orgKeys('t:', 'org0');

  async function process_(
    config: Partial<SemaphoreConfig> = {},
    timeouts = DEFAULT_REDIS_TIMEOUTS,
  ): Promise<SharedSemaphore> {
    const conn = await connectRedisUrl(redis.url, timeouts);
    conns.push(conn);
    const sem = new SharedSemaphore(
      conn,
      keys,
      { ...base, ...config },
      new RedisHealth(() => undefined),
    );
    sems.push(sem);
    return sem;
  }

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterEach(async () => {
    await Promise.all(sems.splice(0).map((s) => s.close()));
    await Promise.all(conns.splice(0).map((c) => closeConnection(c)));
    keys = orgKeys('t:', `org${++n}`);
  });
  afterAll(async () => {
    await redis?.dispose();
  });

  it('never lets more than `cap` of 200 concurrent acquirers (over 4 processes) in; all get through', async () => {
    const procs = await Promise.all([1, 2, 3, 4].map(() => process_()));
    let inFlight = 0;
    let peak = 0;
    const done = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const sem = procs[i % procs.length]!;
        const r = await sem.acquire(false, 1, false);
        if (r.kind !== 'lease') throw new Error(`unexpected ${r.kind}`);
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((res) => setTimeout(res, (i * 7) % 5));
        inFlight--;
        sem.release(r.id);
        return true;
      }),
    );
    expect(done).toHaveLength(200);
    expect(peak).toBeLessThanOrEqual(base.cap);
    expect(peak).toBe(base.cap); // the cap is reached, not just respected
  });

  it('holds heavy calls to the lower heavy cap', async () => {
    const sem = await process_({ cap: 5, heavyCap: 2 });
    const a = await sem.acquire(true, 1, false);
    const b = await sem.acquire(true, 1, false);
    const order: string[] = [];
    const third = sem.acquire(true, 1, false).then((r) => (order.push('heavy 3'), r));
    const light = await sem.acquire(false, 1, false);
    order.push('light');
    expect(light.kind).toBe('lease');
    expect(order).toEqual(['light']);
    if (a.kind === 'lease') sem.release(a.id);
    const r3 = await third;
    expect(r3.kind).toBe('lease');
    for (const r of [b, light, r3]) if (r.kind === 'lease') sem.release(r.id);
  });

  it("reclaims a crashed process's slot when its lease expires", async () => {
    const crashed = await process_({ cap: 1, leaseMs: 300 });
    const held = await crashed.acquire(false, 1, false);
    expect(held.kind).toBe('lease');
    // Dies holding the lease: its connection is gone, so no release and no renewals reach Redis.
    await closeConnection(conns[0]!);
    const other = await process_({ cap: 1, leaseMs: 300 });
    const r = await other.acquire(false, 1, false);
    expect(r.kind).toBe('lease');
    const members = await command(conns[1]!, ['ZRANGE', keys.inflight, '0', '-1']);
    expect(members).toEqual([r.kind === 'lease' ? r.id : '']);
  });

  it('renews the lease of a long call, so no one else gets its slot meanwhile', async () => {
    const a = await process_({ cap: 1, leaseMs: 150 });
    const b = await process_({ cap: 1, leaseMs: 150 });
    const events: string[] = [];
    const first = await a.acquire(false, 1, false);
    const second = b.acquire(false, 1, false).then((r) => (events.push('b acquired'), r));
    await new Promise((res) => setTimeout(res, 700)); // several lease lives
    events.push('a releases');
    if (first.kind === 'lease') a.release(first.id);
    const r = await second;
    expect(events).toEqual(['a releases', 'b acquired']);
    if (r.kind === 'lease') b.release(r.id);
  });

  it('gives a waiter whose signal aborts its rejection, and the slot to the next', async () => {
    const sem = await process_({ cap: 1 });
    const first = await sem.acquire(false, 1, false);
    const ac = new AbortController();
    const aborted = sem.acquire(false, 1, false, ac.signal);
    const next = sem.acquire(false, 1, false);
    ac.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    if (first.kind === 'lease') sem.release(first.id);
    expect((await next).kind).toBe('lease');
  });

  it('a paused Redis that grants timed-out acquires on resume keeps no lease nobody owns', async () => {
    const sem = await process_(
      { cap: 3, pollMs: 20 },
      { connectTimeoutMs: 300, commandTimeoutMs: 150 },
    );
    const admin = conns[0]!;
    const held = await sem.acquire(false, 1, false); // a call in flight across the pause
    expect(held.kind).toBe('lease');
    redis.pause();
    let results;
    try {
      // Sent, then given up on by the client: Redis will run them when it resumes.
      results = await Promise.all([1, 2, 3].map(() => sem.acquire(false, 1, false)));
    } finally {
      redis.resume();
    }
    expect(results.map((r) => r.kind)).toEqual(['down', 'down', 'down']);
    for (let i = 0; i < 200 && sem.unsettledCount > 0; i++)
      await new Promise((res) => setTimeout(res, 25));
    expect(sem.unsettledCount).toBe(0);
    const members = await command(admin, ['ZRANGE', keys.inflight, '0', '-1']);
    // Only the lease a live call owns; the org's other slots are free at once, not after leaseMs.
    expect(members).toEqual([held.kind === 'lease' ? held.id : '']);
    if (held.kind === 'lease') sem.release(held.id);
  });
});
