import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { ZohoCore } from '../../templates/runtime/core.ts';
import { NotFoundError } from '../../templates/runtime/errors.ts';
import { ModuleResource } from '../../templates/runtime/module-resource.ts';
import { json, reset, startFakeZoho, type FakeZoho } from './helpers/fake-zoho.ts';

interface LeadsRecord {
  id: string;
  Last_Name: string;
  Email?: string | null;
  Lead_Status?: 'Contacted' | 'Not Contacted' | null;
  Annual_Revenue?: number | null;
}
interface LeadsCreateInput {
  Last_Name: string;
  Email?: string;
  Lead_Status?: 'Contacted' | 'Not Contacted';
}
type LeadsUpdateInput = Partial<LeadsCreateInput>;

let fake: FakeZoho;
let core: ZohoCore;
let leads: ModuleResource<LeadsRecord, LeadsCreateInput, LeadsUpdateInput>;

beforeEach(async () => {
  fake = await startFakeZoho();
  core = new ZohoCore({
    auth: { accessToken: '1000.tok.0123456789' },
    apiDomain: fake.url,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
  leads = new ModuleResource(core, 'Leads');
});
afterEach(async () => {
  await core.close();
  await fake.close();
});

/** A module of `total` leads served like Zoho v8 (page numbers to 2000, then page_token). */
function serveLeads(total: number): void {
  fake.handler = (req, res) => {
    if (req.path !== '/crm/v8/Leads' || req.method !== 'GET')
      return json(res, 404, {
        code: 'INVALID_URL_PATTERN',
        status: 'error',
        message: 'x',
        details: {},
      });
    if (total === 0) {
      res.writeHead(204);
      return res.end();
    }
    const perPage = Number(req.query.get('per_page') ?? 200);
    const token = req.query.get('page_token');
    const page = Number(req.query.get('page') ?? 1);
    if (token === null && page * perPage > 2000) {
      return json(res, 400, {
        code: 'DISCRETE_PAGINATION_LIMIT_EXCEEDED',
        details: { limit: 2000 },
        message: 'cannot fetch more than 2000 records with page',
        status: 'error',
      });
    }
    const start = token === null ? (page - 1) * perPage : Number(token.split('-')[1]);
    const fields = (req.query.get('fields') ?? '').split(',');
    const data = Array.from({ length: Math.max(0, Math.min(perPage, total - start)) }, (_, i) => {
      const row: Record<string, unknown> = { id: String(4150868000000000000n + BigInt(start + i)) };
      for (const f of fields) row[f] = `${f}-${start + i}`;
      return row;
    });
    const end = start + data.length;
    json(res, 200, {
      data,
      info: {
        per_page: perPage,
        count: data.length,
        page,
        more_records: end < total,
        next_page_token: end < total ? `tok-${end}` : null,
        page_token_expiry: '2026-11-24T08:00:00+00:00',
      },
    });
  };
}

describe('ModuleResource', () => {
  it('list sends fields/page/per_page and types rows to the fields asked for', async () => {
    serveLeads(3);
    const page = await leads.list({
      fields: ['Last_Name', 'Email'],
      perPage: 2,
      sortBy: 'Created_Time',
      sortOrder: 'desc',
    });
    expectTypeOf(page.data[0]!).toEqualTypeOf<Pick<LeadsRecord, 'Last_Name' | 'Email' | 'id'>>();
    // @ts-expect-error Lead_Status was not asked for
    void page.data[0]?.Lead_Status;
    // @ts-expect-error not a field of Leads
    void leads.list({ fields: ['Nope'] });
    expect(page.data).toHaveLength(2);
    expect(page.info.more_records).toBe(true);
    expect(fake.requests[0]?.url).toBe(
      '/crm/v8/Leads?fields=Last_Name%2CEmail&per_page=2&page=1&sort_by=Created_Time&sort_order=desc',
    );
  });

  it('iterate walks 2,450 records: 10 pages by number, then page_token', async () => {
    serveLeads(2450);
    const ids = new Set<string>();
    for await (const lead of leads.iterate({ fields: ['Last_Name'] })) ids.add(lead.id);
    expect(ids.size).toBe(2450);
    const urls = fake.requests.map((r) => r.url);
    expect(urls).toHaveLength(13);
    expect(urls[9]).toContain('page=10');
    expect(urls[10]).toContain('page_token=tok-2000');
    expect(urls[10]).not.toContain('page=');
  });

  it('iterate on an empty module (204) yields nothing; list gives an empty page', async () => {
    serveLeads(0);
    const got: unknown[] = [];
    for await (const l of leads.iterate({ fields: ['Last_Name'] })) got.push(l);
    expect(got).toEqual([]);
    expect(await leads.list({ fields: ['Last_Name'] })).toEqual({
      data: [],
      info: { more_records: false, count: 0 },
    });
  });

  it('ifModifiedSince sends If-Modified-Since; a 304 is an empty page', async () => {
    fake.handler = (_req, res) => {
      res.writeHead(304);
      res.end();
    };
    const page = await leads.list({
      fields: ['Last_Name'],
      ifModifiedSince: new Date('2026-11-20T10:00:00Z'),
    });
    expect(page.data).toEqual([]);
    expect(fake.requests[0]?.headers['if-modified-since']).toBe('2026-11-20T10:00:00+00:00');
  });

  it('list without fields is refused before any call', async () => {
    await expect(leads.list({ fields: [] })).rejects.toThrow(/fields/);
    expect(fake.requests).toHaveLength(0);
  });

  it('get returns the record, NotFoundError on 204', async () => {
    fake.handler = (req, res) => {
      if (req.path.endsWith('/111'))
        return json(res, 200, { data: [{ id: '111', Last_Name: 'Smith' }] });
      res.writeHead(204);
      res.end();
    };
    expect(await leads.get('111', { fields: ['Last_Name'] })).toEqual({
      id: '111',
      Last_Name: 'Smith',
    });
    await expect(leads.get('222')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('create: 150 records → 2 POSTs of 100 and 50; results in input order', async () => {
    const bodies: { data: LeadsCreateInput[] }[] = [];
    fake.handler = (req, res) => {
      const body = JSON.parse(req.body) as { data: LeadsCreateInput[]; trigger?: string[] };
      bodies.push(body);
      json(res, 201, {
        data: body.data.map((r) =>
          r.Last_Name === ''
            ? {
                code: 'MANDATORY_NOT_FOUND',
                details: { api_name: 'Last_Name' },
                message: 'required field not found',
                status: 'error',
              }
            : {
                code: 'SUCCESS',
                details: { id: `id-${r.Last_Name}` },
                message: 'record added',
                status: 'success',
              },
        ),
      });
    };
    const input = Array.from({ length: 150 }, (_, i) => ({ Last_Name: i === 120 ? '' : `L${i}` }));
    const results = await leads.create(input, { trigger: ['workflow'] });
    expect(bodies.map((b) => b.data.length).sort()).toEqual([100, 50]);
    expect(fake.requests.every((r) => r.method === 'POST' && r.path === '/crm/v8/Leads')).toBe(
      true,
    );
    expect(JSON.parse(fake.requests[0]?.body ?? '{}')).toMatchObject({ trigger: ['workflow'] });
    expect(results[0]).toMatchObject({ ok: true, id: 'id-L0', index: 0 });
    expect(results[120]).toMatchObject({ ok: false, code: 'MANDATORY_NOT_FOUND', index: 120 });
    expect(results[149]).toMatchObject({ ok: true, id: 'id-L149' });
  });

  it('create is not replayed after a reset: every record of the chunk reports mayHaveReachedServer', async () => {
    fake.handler = (_req, res) => reset(res);
    const results = await leads.create([{ Last_Name: 'A' }, { Last_Name: 'B' }]);
    expect(fake.requests).toHaveLength(1);
    expect(results).toHaveLength(2);
    for (const r of results)
      expect(r).toMatchObject({ ok: false, code: 'NETWORK_ERROR', mayHaveReachedServer: true });
  });

  it('update uses PUT (replayed after a reset), upsert passes duplicate_check_fields, delete passes ids', async () => {
    let n = 0;
    fake.handler = (req, res) => {
      if (req.method === 'PUT' && n++ === 0) return reset(res);
      if (req.method === 'DELETE') {
        const ids = (req.query.get('ids') ?? '').split(',');
        return json(res, 200, {
          data: ids.map((id) => ({
            code: 'SUCCESS',
            details: { id },
            message: 'record deleted',
            status: 'success',
          })),
        });
      }
      const body = JSON.parse(req.body) as { data: unknown[] };
      json(res, 200, {
        data: body.data.map((_, i) => ({
          code: 'SUCCESS',
          details: { id: `u${i}` },
          message: 'ok',
          status: 'success',
        })),
      });
    };
    const upd = await leads.update([{ id: '1', Email: 'a@b.co' }]);
    expect(upd[0]).toMatchObject({ ok: true });
    expect(fake.count('/crm/v8/Leads', 'PUT')).toBe(2);

    await leads.upsert([{ Last_Name: 'X', Email: 'x@y.co' }], { duplicateCheckFields: ['Email'] });
    const up = fake.requests.find((r) => r.path === '/crm/v8/Leads/upsert');
    expect(JSON.parse(up?.body ?? '{}')).toMatchObject({ duplicate_check_fields: ['Email'] });

    const del = await leads.delete(['7', '8'], { wfTrigger: false });
    expect(del.map((r) => (r.ok ? r.id : null))).toEqual(['7', '8']);
    expect(fake.requests.find((r) => r.method === 'DELETE')?.url).toBe(
      '/crm/v8/Leads?ids=7%2C8&wf_trigger=false',
    );
  });

  it('search, count, deleted and related hit the v8 paths', async () => {
    fake.handler = (req, res) => {
      if (req.path === '/crm/v8/Leads/actions/count') return json(res, 200, { count: 42 });
      if (req.path === '/crm/v8/Leads/search')
        return json(res, 200, {
          data: [{ id: '1', Email: 'a@b.co' }],
          info: { more_records: false, count: 1 },
        });
      if (req.path === '/crm/v8/Leads/deleted')
        return json(res, 200, {
          data: [{ id: '9', type: 'recycle' }],
          info: { more_records: false },
        });
      res.writeHead(204);
      res.end();
    };
    expect(await leads.count({ criteria: '(Lead_Status:equals:Contacted)' })).toBe(42);
    const found = await leads.search({ email: 'a@b.co', fields: ['Email'] });
    expect(found.data[0]?.Email).toBe('a@b.co');
    expect((await leads.deleted({ type: 'recycle' })).data[0]?.id).toBe('9');
    await expect(leads.search({ fields: ['Email'] })).rejects.toThrow(
      /criteria, where, email, phone or word/,
    );

    const withNotes = new ModuleResource<LeadsRecord, LeadsCreateInput, LeadsUpdateInput, { Notes: { id: string; Note_Title: string } }>(core, 'Leads');
    const page = await withNotes.related('Notes', '5').list({ fields: ['Note_Title'] });
    expect(page.data).toEqual([]);
    expect(fake.requests.at(-1)?.url).toBe('/crm/v8/Leads/5/Notes?fields=Note_Title&page=1');
    const rows = [];
    for await (const row of withNotes.related('Notes', '5').iterate({ fields: ['Note_Title'] })) rows.push(row.Note_Title);
    expect(rows).toEqual([]);
    expect(fake.requests.at(-1)?.url).toBe('/crm/v8/Leads/5/Notes?fields=Note_Title&page=1');
  });
});
