import { describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/index.ts';
import {
  accessToken,
  api,
  type Api,
  info,
  row,
  rows,
  start,
  useEmulator,
} from './helpers.ts';

let emu: Emulator;
let crm: Api;
useEmulator({ records: 2500, seed: 7 }, (s) => ({ emu, crm } = s));

describe('Get Records', () => {
  it('fields is mandatory, at most 50, each a field of the module', async () => {
    const none = await crm.get('/crm/v8/Leads');
    expect(none.status).toBe(400);
    expect(none.json).toEqual({
      code: 'REQUIRED_PARAM_MISSING',
      details: { param_name: 'fields' },
      message: 'One of the expected parameter is missing',
      status: 'error',
    });
    const many = await crm.get('/crm/v8/Leads', {
      query: { fields: Array.from({ length: 51 }, (_, i) => `F${i}`).join(',') },
    });
    expect(many.json['code']).toBe('LIMIT_EXCEEDED');
    const unknown = await crm.get('/crm/v8/Leads', { query: { fields: 'Last_Name,Nope' } });
    expect(unknown.json).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'Nope' } });
  });

  it("returns only the requested fields plus id, and Zoho's info block", async () => {
    const r = await crm.get('/crm/v8/Leads', {
      query: { fields: 'Last_Name,Email,Owner', per_page: 3 },
    });
    expect(r.status).toBe(200);
    expect(rows(r)).toHaveLength(3);
    expect(Object.keys(row(r)).sort()).toEqual(['Email', 'Last_Name', 'Owner', 'id']);
    expect(info(r)).toMatchObject({
      per_page: 3,
      count: 3,
      page: 1,
      sort_by: 'id',
      sort_order: 'desc',
      more_records: true,
      previous_page_token: null,
    });
    expect(typeof info(r)['next_page_token']).toBe('string');
    expect(info(r)['page_token_expiry']).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('per_page above 200 is refused; page past the 2,000th record is DISCRETE_PAGINATION_LIMIT_EXCEEDED', async () => {
    expect(
      (await crm.get('/crm/v8/Leads', { query: { fields: 'Last_Name', per_page: 201 } })).json[
        'code'
      ],
    ).toBe('INVALID_DATA');
    const ok = await crm.get('/crm/v8/Leads', {
      query: { fields: 'Last_Name', page: 10, per_page: 200 },
    });
    expect(ok.status).toBe(200);
    const past = await crm.get('/crm/v8/Leads', {
      query: { fields: 'Last_Name', page: 11, per_page: 200 },
    });
    expect(past.status).toBe(400);
    expect(past.json).toMatchObject({
      code: 'DISCRETE_PAGINATION_LIMIT_EXCEEDED',
      details: { limit: 2000 },
      status: 'error',
    });
    const both = await crm.get('/crm/v8/Leads', {
      query: { fields: 'Last_Name', page: 2, page_token: 'x' },
    });
    expect(both.json['code']).toBe('AMBIGUITY_DURING_PROCESSING');
    const badToken = await crm.get('/crm/v8/Leads', {
      query: { fields: 'Last_Name', page_token: 'not-a-token' },
    });
    expect(badToken.json).toMatchObject({
      code: 'INVALID_DATA',
      details: { param_name: 'page_token' },
    });
  });

  it('walks all 2,500 records with page_token, each exactly once, in id order', async () => {
    const seen: string[] = [];
    let token: string | null = null;
    for (let guard = 0; guard < 20; guard++) {
      const q: Record<string, string | number> = {
        fields: 'Last_Name',
        per_page: 200,
        sort_order: 'asc',
      };
      if (token) q['page_token'] = token;
      const r = await crm.get('/crm/v8/Leads', { query: q });
      expect(r.status).toBe(200);
      for (const x of rows(r)) seen.push(String(x['id']));
      if (info(r)['more_records'] !== true) break;
      token = String(info(r)['next_page_token']);
    }
    expect(seen).toHaveLength(2500);
    expect(new Set(seen).size).toBe(2500);
    expect([...seen].sort()).toEqual(seen);
  });

  it('page_token survives writes in between: newest-first walk with inserts and deletes serves no record twice', async () => {
    const before = new Set(emu.store.records('Leads').map((r) => r.id));
    const seen: string[] = [];
    let token: string | null = null;
    let deleted: string | null = null;
    for (let guard = 0; guard < 20; guard++) {
      const q: Record<string, string | number> = { fields: 'Last_Name', per_page: 200 };
      if (token) q['page_token'] = token;
      const r = await crm.get('/crm/v8/Leads', { query: q });
      for (const x of rows(r)) seen.push(String(x['id']));
      if (guard === 0) {
        await crm.post('/crm/v8/Leads', {
          body: { data: [{ Last_Name: 'Inserted while walking' }] },
        });
        deleted = seen[0] ?? null;
        await crm.del(`/crm/v8/Leads/${String(deleted)}`);
      }
      if (info(r)['more_records'] !== true) break;
      token = String(info(r)['next_page_token']);
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => before.has(id)).length).toBe(before.size);
  });

  it('previous_page_token leads back to the page before', async () => {
    const p1 = await crm.get('/crm/v8/Leads', { query: { fields: 'Last_Name', per_page: 5 } });
    const p2 = await crm.get('/crm/v8/Leads', {
      query: { fields: 'Last_Name', per_page: 5, page_token: String(info(p1)['next_page_token']) },
    });
    expect(info(p2)['page']).toBe(2);
    const back = await crm.get('/crm/v8/Leads', {
      query: { fields: 'Last_Name', page_token: String(info(p2)['previous_page_token']) },
    });
    expect(rows(back).map((x) => x['id'])).toEqual(rows(p1).map((x) => x['id']));
  });

  it('sort_by id / Created_Time / Modified_Time, asc and desc; other fields are refused', async () => {
    const asc = rows(
      await crm.get('/crm/v8/Leads', {
        query: { fields: 'Created_Time', sort_by: 'Created_Time', sort_order: 'asc', per_page: 5 },
      }),
    );
    const times = asc.map((x) => String(x['Created_Time']));
    expect([...times].sort()).toEqual(times);
    const first = row(
      await crm.get('/crm/v8/Leads', {
        query: { fields: 'Last_Name', sort_by: 'id', sort_order: 'desc', per_page: 1 },
      }),
    );
    const last = emu.store.records('Leads').at(-1);
    expect(first['id']).toBe(last?.id);
    const target = String(asc[2]?.['id']);
    await crm.put(`/crm/v8/Leads/${target}`, { body: { data: [{ First_Name: 'Touched' }] } });
    const byMod = rows(
      await crm.get('/crm/v8/Leads', {
        query: {
          fields: 'Modified_Time',
          sort_by: 'Modified_Time',
          sort_order: 'desc',
          per_page: 10,
        },
      }),
    );
    const modTimes = byMod.map((x) => String(x['Modified_Time']));
    expect([...modTimes].sort().reverse()).toEqual(modTimes);
    const newest = modTimes[0];
    expect(byMod.filter((x) => x['Modified_Time'] === newest).map((x) => x['id'])).toContain(
      target,
    );
    expect(
      (await crm.get('/crm/v8/Leads', { query: { fields: 'Email', sort_by: 'Email' } })).json[
        'code'
      ],
    ).toBe('INVALID_DATA');
  });

  it('ids= picks records; If-Modified-Since filters, answering 304 when nothing changed', async () => {
    const two = emu.store
      .records('Contacts')
      .slice(0, 2)
      .map((r) => r.id);
    const r = await crm.get('/crm/v8/Contacts', {
      query: { fields: 'Last_Name', ids: two.join(',') },
    });
    expect(
      rows(r)
        .map((x) => x['id'])
        .sort(),
    ).toEqual([...two].sort());
    const future = new Date(Date.now() + 60_000).toUTCString();
    expect(
      (
        await crm.get('/crm/v8/Contacts', {
          query: { fields: 'Last_Name' },
          headers: { 'If-Modified-Since': future },
        })
      ).status,
    ).toBe(304);
    const since = new Date(Date.now() - 1000).toISOString();
    await crm.put(`/crm/v8/Contacts/${String(two[0])}`, {
      body: { data: [{ First_Name: 'Recent' }] },
    });
    const changed = await crm.get('/crm/v8/Contacts', {
      query: { fields: 'First_Name' },
      headers: { 'If-Modified-Since': since },
    });
    expect(rows(changed).map((x) => x['id'])).toEqual([two[0]]);
  });

  it('an empty module answers 204 with no body', async () => {
    const fresh = await start();
    try {
      const r = await api(fresh, await accessToken(fresh)).get('/crm/v8/Deals', {
        query: { fields: 'Deal_Name' },
      });
      expect(r.status).toBe(204);
      expect(r.text).toBe('');
    } finally {
      await fresh.close();
    }
  });
});

describe('Search, Count', () => {
  it("criteria search, page by page, with Zoho's info", async () => {
    const status = String(emu.store.records('Leads')[0]?.['Lead_Status']);
    const want = emu.store.records('Leads').filter((r) => r['Lead_Status'] === status).length;
    const r = await crm.get('/crm/v8/Leads/search', {
      query: { criteria: `(Lead_Status:equals:${status})`, per_page: 10 },
    });
    expect(r.status).toBe(200);
    expect(rows(r).every((x) => x['Lead_Status'] === status)).toBe(true);
    expect(info(r)).toMatchObject({ per_page: 10, count: 10, page: 1, more_records: want > 10 });
    const count = await crm.get('/crm/v8/Leads/actions/count', {
      query: { criteria: `(Lead_Status:equals:${status})` },
    });
    expect(count.json).toEqual({ count: want });
  });

  it("email, phone and word searches; a malformed criteria is Zoho's 400", async () => {
    const lead = emu.store.records('Leads')[5];
    const byEmail = await crm.get('/crm/v8/Leads/search', {
      query: { email: String(lead?.['Email']).toUpperCase() },
    });
    expect(rows(byEmail).map((x) => x['id'])).toEqual([lead?.id]);
    const byPhone = await crm.get('/crm/v8/Leads/search', {
      query: { phone: String(lead?.['Phone']) },
    });
    expect(rows(byPhone).map((x) => x['id'])).toContain(lead?.id);
    const byWord = await crm.get('/crm/v8/Leads/search', {
      query: { word: String(lead?.['Email']).split('@')[0] ?? '' },
    });
    expect(rows(byWord).map((x) => x['id'])).toContain(lead?.id);
    const bad = await crm.get('/crm/v8/Leads/search', { query: { criteria: 'Last_Name:equals' } });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ code: 'INVALID_QUERY', status: 'error' });
    expect((await crm.get('/crm/v8/Leads/search')).json).toMatchObject({
      code: 'REQUIRED_PARAM_MISSING',
    });
    const none = await crm.get('/crm/v8/Leads/search', {
      query: { email: 'nobody@nowhere.example' },
    });
    expect(none.status).toBe(204);
  });

  it('search reaches only the first 2,000 matches', async () => {
    const r = await crm.get('/crm/v8/Leads/search', {
      query: {
        criteria: '(Last_Name:starts_with:a)or(Last_Name:starts_with:b)or(Last_Name:starts_with:c)',
        page: 11,
        per_page: 200,
      },
    });
    expect(r.json['code']).toBe('DISCRETE_PAGINATION_LIMIT_EXCEEDED');
  });

  it('count without criteria counts the module', async () => {
    expect((await crm.get('/crm/v8/Accounts/actions/count')).json).toEqual({
      count: emu.store.records('Accounts').length,
    });
  });
});
