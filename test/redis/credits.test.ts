/**
 * The shared credit budget: Zoho's cost per call (table), a budget spent across processes, 'fail' (typed
 * CreditBudgetError, nothing sent) versus 'wait', the reserve, and credits leaving the rolling window.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ZohoCore } from '../../templates/runtime/core.ts';
import { coqlCost, defaultCreditCost } from '../../templates/runtime/credit-cost.ts';
import { CreditBudgetError } from '../../templates/runtime/errors.ts';
import {
  closeConnection,
  command,
  connectRedisUrl,
  DEFAULT_REDIS_TIMEOUTS,
  type RedisConnection,
} from '../../templates/runtime/redis/redis-client.ts';
import { startEmulator, type Emulator } from '../../emulator/index.ts';
import { clientFor, listLeads, snapshot } from './helpers.ts';
import { redisAvailable, startRedis, type RedisServer } from './redis-server.ts';

describe('credit cost table', () => {
  it.each([
    { given: { operation: 'listRecords', query: { per_page: 200 } }, want: 1 },
    { given: { operation: 'searchRecords' }, want: 1 },
    { given: { operation: 'convertLead' }, want: 5 },
    { given: { operation: 'createBulkWriteJob' }, want: 500 },
    { given: { operation: 'createBulkReadJob' }, want: 50 },
    {
      given: { operation: 'coqlQuery', body: { select_query: 'select id from Leads limit 100' } },
      want: 1,
    },
    {
      given: {
        operation: 'coqlQuery',
        body: { select_query: 'select id from Leads limit 0, 1000' },
      },
      want: 2,
    },
    {
      given: { operation: 'coqlQuery', body: { select_query: 'select id from Leads limit 2000' } },
      want: 3,
    },
  ])('$given.operation → $want', ({ given, want }) => {
    expect(defaultCreditCost(given)).toBe(want);
  });
  it('COQL without LIMIT returns at most 200 rows: 1 credit', () => {
    expect(coqlCost("select Last_Name from Leads where Last_Name = 'x'")).toBe(1);
  });
});

describe.skipIf(!redisAvailable)('shared credit budget', () => {
  let redis: RedisServer;
  let emu: Emulator;
  let admin: RedisConnection;
  const cores: ZohoCore[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    emu = await startEmulator({ snapshot, records: 5, seed: 1 });
    admin = await connectRedisUrl(redis.url, DEFAULT_REDIS_TIMEOUTS);
  });
  afterEach(async () => {
    await Promise.all(cores.splice(0).map((c) => c.close()));
    await command(admin, ['FLUSHALL']);
  });
  afterAll(async () => {
    await closeConnection(admin);
    await emu?.close();
    await redis?.dispose();
  });

  it("two processes share one budget; over it, 'fail' throws CreditBudgetError and sends nothing", async () => {
    const credits = { dailyBudget: 12, reserve: 2 } as const;
    const a = clientFor(emu, { url: redis.url, credits });
    const b = clientFor(emu, { url: redis.url, credits });
    cores.push(a, b);
    for (let i = 0; i < 5; i++) await Promise.all([listLeads(a), listLeads(b)]);
    const sent = emu.log.count('listRecords');
    const err = await listLeads(a).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CreditBudgetError);
    expect(err).toMatchObject({ code: 'CREDIT_BUDGET_EXHAUSTED', used: 10, limit: 10, cost: 1 });
    expect((err as CreditBudgetError).retryAfterMs).toBeGreaterThan(0);
    expect(emu.log.count('listRecords')).toBe(sent);
  });

  it('a call costing more than is left is refused even when cheaper ones would pass', async () => {
    const a = clientFor(emu, { url: redis.url, credits: { dailyBudget: 5 } });
    cores.push(a);
    await listLeads(a);
    const convert = a.request({
      method: 'POST',
      path: '/crm/v8/Leads/1/actions/convert',
      body: { data: [{}] },
      operation: 'convertLead',
      heavy: true,
    });
    await expect(convert).rejects.toMatchObject({
      code: 'CREDIT_BUDGET_EXHAUSTED',
      cost: 5,
      used: 1,
    });
    await listLeads(a); // 1 credit still fits
  });

  it("credits leave the rolling window; with 'wait' a call waits for them instead of failing", async () => {
    const windowMs = 1_500;
    const a = clientFor(emu, {
      url: redis.url,
      credits: { dailyBudget: 3, onExhausted: 'wait', windowMs },
    });
    cores.push(a);
    const events: string[] = [];
    await Promise.all([listLeads(a), listLeads(a), listLeads(a)]);
    events.push('budget spent');
    await listLeads(a); // waits until the first credits leave the window
    events.push('fourth call done');
    expect(events).toEqual(['budget spent', 'fourth call done']);
    expect(emu.log.count('listRecords')).toBeGreaterThanOrEqual(4);
  });

  it("a call dearer than the whole budget fails at once, even with 'wait'", async () => {
    const a = clientFor(emu, {
      url: redis.url,
      credits: { dailyBudget: 100, onExhausted: 'wait' },
    });
    cores.push(a);
    const before = emu.log.count();
    await expect(
      a.request({
        method: 'POST',
        path: '/crm/bulk/v8/write',
        body: {},
        operation: 'createBulkWriteJob',
        heavy: true,
      }),
    ).rejects.toMatchObject({ code: 'CREDIT_BUDGET_EXHAUSTED', cost: 500, limit: 100 });
    expect(emu.log.count()).toBe(before);
  });

  it('counts credits even without a budget (for status)', async () => {
    const a = clientFor(emu, { url: redis.url });
    cores.push(a);
    await Promise.all([listLeads(a), listLeads(a)]);
    const keysFound = (await command(admin, ['KEYS', 'zcrm:*:credits'])) as string[];
    expect(keysFound).toHaveLength(1);
    expect(await command(admin, ['HGET', keysFound[0]!, 'total'])).toBe('2');
  });
});
