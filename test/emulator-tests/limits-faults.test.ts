import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import type { Emulator } from '../../emulator/index.ts';
import { accessToken, api, call, obj, row, start, expectResponsesMatchSpec } from './helpers.ts';

let emu: Emulator;
afterEach(async () => {
  await emu.close();
});

describe('limits', () => {
  it('over the concurrency limit: 429 TOO_MANY_REQUESTS with rate-limit headers and Retry-After; peak is logged', async () => {
    emu = await start({ limits: { concurrency: 2 } });
    const crm = api(emu, await accessToken(emu));
    emu.faults.set({ kind: 'latency', ms: 150 });
    const replies = await Promise.all(Array.from({ length: 5 }, () => crm.get('/crm/v8/org')));
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 429, 429, 429]);
    const limited = replies.find((r) => r.status === 429);
    expect(limited?.json).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 'error' });
    expect(limited?.headers['x-ratelimit-limit']).toBe('2');
    expect(limited?.headers['x-ratelimit-remaining']).toBe('0');
    expect(limited?.headers['retry-after']).toBeDefined();
    expect(emu.log.peakConcurrency).toBe(2);
  });

  it('heavy APIs have their own, lower sub-concurrency', async () => {
    emu = await start({ limits: { concurrency: 10, heavyConcurrency: 1 } });
    const crm = api(emu, await accessToken(emu));
    emu.faults.set({ kind: 'latency', ms: 150 });
    const coql = {
      body: { select_query: 'select Last_Name from Leads where Last_Name is not null limit 1' },
    };
    const replies = await Promise.all([
      crm.post('/crm/v8/coql', coql),
      crm.post('/crm/v8/coql', coql),
      crm.get('/crm/v8/org'),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 204, 429]);
  });

  it('per-minute budget: headers count down, then 429', async () => {
    emu = await start({ limits: { perMinute: 3 } });
    const crm = api(emu, await accessToken(emu));
    const a = await crm.get('/crm/v8/org');
    expect(a.headers['x-ratelimit-limit']).toBe('3');
    expect(a.headers['x-ratelimit-remaining']).toBe('2');
    await crm.get('/crm/v8/org');
    await crm.get('/crm/v8/org');
    const over = await crm.get('/crm/v8/org');
    expect(over.status).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(over.headers['x-ratelimit-reset'])).toBeGreaterThan(0);
  });

  it('per-day budget is in credits, priced by the runtime\'s table (COQL by LIMIT: 2,000 rows cost 3)', async () => {
    emu = await start({ limits: { perDay: 5 } });
    const crm = api(emu, await accessToken(emu));
    const query = { select_query: 'select Last_Name from Leads where Last_Name is not null limit 2000' };
    const first = await crm.post('/crm/v8/coql', { body: query });
    expect(first.status).not.toBe(429);
    expect(first.headers['x-ratelimit-remaining']).toBe('2');
    const second = await crm.post('/crm/v8/coql', { body: query });
    expect(second.status).toBe(429); // 3 more credits do not fit in the 2 left
    const cheap = await crm.get('/crm/v8/org');
    expect(cheap.status).toBe(200);
    expect(cheap.headers['x-ratelimit-remaining']).toBe('1');
  });
});

describe('faults', () => {
  it.each([429, 500, 502, 503, 504] as const)(
    'status %i fires `times` times, then the API answers normally',
    async (status) => {
      emu = await start();
      const crm = api(emu, await accessToken(emu));
      emu.faults.set({ kind: 'status', status, times: 2, match: { operation: 'getOrg' } });
      const r1 = await crm.get('/crm/v8/org');
      const r2 = await crm.get('/crm/v8/org');
      const r3 = await crm.get('/crm/v8/org');
      expect([r1.status, r2.status, r3.status]).toEqual([status, status, 200]);
      if (status >= 502) expect(r1.headers['content-type']).toBe('text/html');
      else expect(r1.json['status']).toBe('error');
      if (status === 429) expect(r1.headers['retry-after']).toBeDefined();
    },
  );

  it('`every` fires on every Nth matching call; match by method and path prefix', async () => {
    emu = await start();
    const crm = api(emu, await accessToken(emu));
    emu.faults.set({
      kind: 'status',
      status: 503,
      every: 2,
      match: { method: 'GET', pathPrefix: '/crm/v8/users' },
    });
    const s: number[] = [];
    for (let i = 0; i < 4; i++) s.push((await crm.get('/crm/v8/users')).status);
    expect(s).toEqual([200, 503, 200, 503]);
    expect((await crm.get('/crm/v8/org')).status).toBe(200);
    emu.faults.clear();
    expect((await crm.get('/crm/v8/users')).status).toBe(200);
  });

  it('faults without a match leave the token endpoint alone', async () => {
    emu = await start();
    emu.faults.set({ kind: 'status', status: 500 });
    const token = await accessToken(emu);
    expect((await call(emu, token, 'GET', '/crm/v8/org')).status).toBe(500);
  });

  it('the token endpoint can be faulted when the match names it', async () => {
    emu = await start();
    emu.faults.set({ kind: 'status', status: 503, times: 1, match: { operation: 'getToken' } });
    const params = {
      grant_type: 'refresh_token',
      client_id: emu.credentials.clientId,
      client_secret: emu.credentials.clientSecret,
      refresh_token: emu.credentials.refreshToken,
    };
    const first = await call(emu, null, 'POST', '/oauth/v2/token', { form: params });
    expect(first.status).toBe(503);
    emu.faults.set({ kind: 'reset-before-apply', times: 1, match: { pathPrefix: '/oauth/' } });
    await expect(call(emu, null, 'POST', '/oauth/v2/token', { form: params })).rejects.toThrow();
    expect(emu.log.tokensMinted).toBe(0);
    expect(
      typeof (await call(emu, null, 'POST', '/oauth/v2/token', { form: params })).json[
        'access_token'
      ],
    ).toBe('string');
  });

  it('reset-before-apply: the connection drops and the write never happens', async () => {
    emu = await start();
    const token = await accessToken(emu);
    emu.faults.set({ kind: 'reset-before-apply', times: 1, match: { operation: 'createRecords' } });
    await expect(
      call(emu, token, 'POST', '/crm/v8/Leads', { body: { data: [{ Last_Name: 'Lost' }] } }),
    ).rejects.toThrow();
    expect(emu.store.records('Leads')).toHaveLength(0);
    const retry = await call(emu, token, 'POST', '/crm/v8/Leads', {
      body: { data: [{ Last_Name: 'Lost' }] },
    });
    expect(retry.status).toBe(201);
    expect(emu.store.records('Leads')).toHaveLength(1);
  });

  it('reset-after-apply: the connection drops but the write is in the store', async () => {
    emu = await start();
    const token = await accessToken(emu);
    emu.faults.set({ kind: 'reset-after-apply', times: 1, match: { operation: 'createRecords' } });
    await expect(
      call(emu, token, 'POST', '/crm/v8/Leads', {
        body: { data: [{ Last_Name: 'Applied', Email: 'applied@once.example' }] },
      }),
    ).rejects.toThrow();
    expect(emu.store.records('Leads').map((r) => r['Last_Name'])).toEqual(['Applied']);
    // a blind retry now hits Zoho's duplicate check — the bug a client must avoid
    const retry = await call(emu, token, 'POST', '/crm/v8/Leads', {
      body: { data: [{ Last_Name: 'Applied', Email: 'applied@once.example' }] },
    });
    expect(row(retry)['code']).toBe('DUPLICATE_DATA');
  });

  it('latency delays matching calls only', async () => {
    emu = await start();
    const token = await accessToken(emu);
    emu.faults.set({ kind: 'latency', ms: 200, match: { operation: 'listUsers' } });
    const t0 = Date.now();
    await call(emu, token, 'GET', '/crm/v8/users');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
  });
});

describe('request log', () => {
  it('records each call by operationId, and clear() empties it', async () => {
    emu = await start();
    const crm = api(emu, await accessToken(emu));
    await crm.get('/crm/v8/org');
    await crm.post('/crm/v8/Leads', { body: { data: [{ Last_Name: 'Log' }] } });
    await crm.get('/crm/v8/Leads', { query: { fields: 'Last_Name' } });
    expect(emu.log.count('getOrg')).toBe(1);
    expect(emu.log.count('createRecords')).toBe(1);
    expect(emu.log.count('listRecords')).toBe(1);
    expect(emu.log.count('getToken')).toBe(1);
    expect(emu.log.count()).toBe(3);
    expect(emu.log.entries.find((e) => e.operationId === 'createRecords')).toMatchObject({
      method: 'POST',
      path: '/crm/v8/Leads',
      status: 201,
    });
    emu.log.clear();
    expect(emu.log.count()).toBe(0);
  });

  it('keeps serving after garbage', async () => {
    emu = await start();
    const token = await accessToken(emu);
    const res = await request(`${emu.url}/crm/v8/Leads`, {
      method: 'POST',
      headers: { authorization: `Zoho-oauthtoken ${token}`, 'content-type': 'application/json' },
      body: '\u0000\u0001not json',
    });
    expect(res.statusCode).toBe(400);
    expect(obj(await res.body.json())['code']).toBe('INVALID_DATA');
    expect((await call(emu, token, 'GET', '/crm/v8/org')).status).toBe(200);
  });

  it.each([
    ['GET', '/crm/v8/Leads/%E0%A4%A', undefined, 404, 'INVALID_URL_PATTERN'],
    ['POST', '/crm/v8/Leads', '{"data":"x"}', 400, 'INVALID_DATA'],
    [
      'POST',
      '/crm/v8/Leads/upsert',
      '{"data":[{"Last_Name":"A"}],"duplicate_check_fields":"Email"}',
      400,
      'INVALID_DATA',
    ],
    [
      'POST',
      '/crm/v8/__composite_requests',
      '{"__composite_requests":[{"method":"X","uri":"/crm/v8/org"}]}',
      400,
      'INVALID_DATA',
    ],
    ['POST', '/crm/bulk/v8/read', '{"query":{"module":5}}', 400, 'MANDATORY_NOT_FOUND'],
    ['POST', '/crm/v8/coql', '{"select_query":5}', 400, 'MANDATORY_NOT_FOUND'],
    ['GET', '/crm/v8/Leads?fields=Last_Name&page=-1', undefined, 400, 'INVALID_DATA'],
    ['GET', '/crm/v8/Leads?fields=Last_Name&per_page=abc', undefined, 400, 'INVALID_DATA'],
  ] as const)(
    "garbage %s %s → Zoho's error, never a stack trace",
    async (method, path, body, status, code) => {
      emu = await start();
      const token = await accessToken(emu);
      const r = await call(
        emu,
        token,
        method,
        path,
        body === undefined
          ? {}
          : { rawBody: body, headers: { 'content-type': 'application/json' } },
      );
      expect(r.status).toBe(status);
      expect(r.json).toMatchObject({ code, status: 'error' });
      expect(r.text).not.toMatch(/\bat \w+ \(/);
    },
  );
});

afterAll(() => {
  expectResponsesMatchSpec();
});
