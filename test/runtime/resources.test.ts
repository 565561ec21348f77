import { strToU8, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZohoCore } from '../../templates/runtime/core.ts';
import { ZohoApiError } from '../../templates/runtime/errors.ts';
import { BulkResource } from '../../templates/runtime/resources/bulk.ts';
import { CompositeResource } from '../../templates/runtime/resources/composite.ts';
import { CoqlResource } from '../../templates/runtime/resources/coql.ts';
import { NotificationsResource } from '../../templates/runtime/resources/notifications.ts';
import { json, startFakeZoho, type FakeZoho } from './helpers/fake-zoho.ts';

let fake: FakeZoho;
let content: FakeZoho;
let core: ZohoCore;
beforeEach(async () => {
  fake = await startFakeZoho();
  content = await startFakeZoho();
  core = new ZohoCore({
    auth: { accessToken: '1000.tok.0123456789' },
    apiDomain: fake.url,
    contentDomain: content.url,
  });
});
afterEach(async () => {
  await core.close();
  await fake.close();
  await content.close();
});

describe('CoqlResource', () => {
  it('query posts select_query', async () => {
    fake.handler = (_req, res) =>
      json(res, 200, {
        data: [{ id: '1', Last_Name: 'Smith' }],
        info: { count: 1, more_records: false },
      });
    const got = await new CoqlResource(core).query(
      "select Last_Name from Leads where Last_Name = 'Smith'",
    );
    expect(got.data).toEqual([{ id: '1', Last_Name: 'Smith' }]);
    expect(JSON.parse(fake.requests[0]?.body ?? '')).toEqual({
      select_query: "select Last_Name from Leads where Last_Name = 'Smith'",
    });
    expect(fake.requests[0]?.path).toBe('/crm/v8/coql');
  });

  it('iterate pages with LIMIT 2000 OFFSET n until more_records is false', async () => {
    const total = 4500;
    fake.handler = (req, res) => {
      const q = (JSON.parse(req.body) as { select_query: string }).select_query;
      const m = /LIMIT (\d+) OFFSET (\d+)$/.exec(q);
      const count = Number(m?.[1]);
      const offset = Number(m?.[2]);
      const n = Math.max(0, Math.min(count, total - offset));
      json(res, 200, {
        data: Array.from({ length: n }, (_, i) => ({ id: String(offset + i) })),
        info: { count: n, more_records: offset + n < total },
      });
    };
    let seen = 0;
    for await (const _ of new CoqlResource(core).iterate(
      'select id from Leads where id is not null order by id',
    ))
      seen++;
    expect(seen).toBe(4500);
    expect(
      fake.requests.map((r) =>
        (JSON.parse(r.body) as { select_query: string }).select_query.replace(/.* LIMIT/, 'LIMIT'),
      ),
    ).toEqual(['LIMIT 2000 OFFSET 0', 'LIMIT 2000 OFFSET 2000', 'LIMIT 2000 OFFSET 4000']);
  });

  it('iterate refuses a query that already has LIMIT; a 204 gives no rows', async () => {
    const coql = new CoqlResource(core);
    await expect(async () => {
      for await (const _ of coql.iterate('select id from Leads limit 10')) {
        // never
      }
    }).rejects.toThrow(/without LIMIT/);
    fake.handler = (_req, res) => {
      res.writeHead(204);
      res.end();
    };
    expect((await coql.query('select id from Leads where id = 1')).data).toEqual([]);
  });
});

describe('CompositeResource', () => {
  it('sends 12 sub-requests as 5 + 5 + 2 and returns 12 results in order', async () => {
    fake.handler = (req, res) => {
      const body = JSON.parse(req.body) as {
        __composite_requests: { sub_request_id: string }[];
        rollback_on_fail?: boolean;
      };
      json(res, 200, {
        __composite_requests: body.__composite_requests.map((r) => ({
          sub_request_id: r.sub_request_id,
          code: 'SUCCESS',
          status: 'success',
          details: { response: { status_code: 200, body: {} } },
        })),
      });
    };
    const reqs = Array.from({ length: 12 }, (_, i) => ({
      sub_request_id: String(i),
      method: 'GET' as const,
      uri: '/crm/v8/Leads',
      params: { fields: 'Last_Name' },
    }));
    const results = await new CompositeResource(core).execute(reqs, { rollbackOnFail: true });
    expect(results.map((r) => r.sub_request_id)).toEqual(reqs.map((r) => r.sub_request_id));
    expect(
      fake.requests.map(
        (r) =>
          (JSON.parse(r.body) as { __composite_requests: unknown[] }).__composite_requests.length,
      ),
    ).toEqual([5, 5, 2]);
    expect(JSON.parse(fake.requests[0]?.body ?? '')).toMatchObject({ rollback_on_fail: true });
    expect(fake.requests[0]?.path).toBe('/crm/v8/__composite_requests');
  });

  it.each([
    [{ sub_request_id: 'get-1', method: 'GET' as const, uri: '/crm/v8/Leads' }, /#1: sub_request_id "get-1" must match/],
    [{ method: 'GET' as const, uri: 'https://evil.example/crm/v8/Leads' }, /#1: uri "https:\/\/evil\.example/],
    [{ method: 'POST' as const, uri: '/crm/v8/__composite_requests' }, /#1: uri .*\(not a composite call\)/],
  ])('refuses a malformed sub-request before sending anything: %j', async (bad, message) => {
    const before = fake.requests.length;
    const ok = { sub_request_id: 'ok_0', method: 'GET' as const, uri: '/crm/v8/Leads' };
    await expect(new CompositeResource(core).execute([ok, bad])).rejects.toThrow(message);
    expect(fake.requests.length).toBe(before);
  });
});

describe('BulkResource', () => {
  it('read → waitForRead → downloadReadResult returns the CSV inside the zip', async () => {
    const csv = 'Id,Last_Name\n1,Smith\n';
    let polls = 0;
    fake.handler = (req, res) => {
      if (req.method === 'POST' && req.path === '/crm/bulk/v8/read') {
        return json(res, 201, {
          data: [
            {
              status: 'success',
              code: 'ADDED_SUCCESSFULLY',
              message: 'Added successfully.',
              details: { id: '554023000000568002', operation: 'read', state: 'ADDED' },
            },
          ],
        });
      }
      if (req.path === '/crm/bulk/v8/read/554023000000568002') {
        const state = ++polls < 3 ? 'IN PROGRESS' : 'COMPLETED';
        return json(res, 200, {
          data: [
            {
              id: '554023000000568002',
              operation: 'read',
              state,
              result:
                state === 'COMPLETED' ? { page: 1, count: 1, more_records: false } : undefined,
            },
          ],
        });
      }
      if (req.path === '/crm/bulk/v8/read/554023000000568002/result') {
        res.writeHead(200, { 'content-type': 'application/zip' });
        return res.end(Buffer.from(zipSync({ '554023000000568002.csv': strToU8(csv) })));
      }
      json(res, 404, { code: 'INVALID_URL_PATTERN', message: 'x', status: 'error' });
    };
    const bulk = new BulkResource(core);
    const job = await bulk.read({
      query: { module: { api_name: 'Leads' }, fields: ['Last_Name'] },
    });
    expect(job['details']).toMatchObject({ id: '554023000000568002' });
    const done = await bulk.waitForRead('554023000000568002', { intervalMs: 5 });
    expect(done['state']).toBe('COMPLETED');
    expect(polls).toBe(3);
    expect(await bulk.downloadReadResult('554023000000568002')).toBe(csv);
  });

  it('waitForRead throws on FAILED', async () => {
    fake.handler = (_req, res) => json(res, 200, { data: [{ id: '1', state: 'FAILED' }] });
    await expect(new BulkResource(core).waitForRead('1', { intervalMs: 1 })).rejects.toBeInstanceOf(
      ZohoApiError,
    );
  });

  it('uploadWriteFile posts multipart to the upload host with feature and X-CRM-ORG', async () => {
    content.handler = (_req, res) =>
      json(res, 200, {
        status: 'success',
        code: 'FILE_UPLOAD_SUCCESS',
        message: 'file uploaded.',
        details: { file_id: '111111000000541958', created_time: '2026-11-23T08:00:00+00:00' },
      });
    const zip = zipSync({ 'Leads.csv': strToU8('Last_Name\nSmith\n') });
    const fileId = await new BulkResource(core).uploadWriteFile(zip, { zgid: '666' });
    expect(fileId).toBe('111111000000541958');
    const seen = content.requests[0];
    expect(seen?.path).toBe('/crm/v8/upload');
    expect(seen?.headers['feature']).toBe('bulk-write');
    expect(seen?.headers['x-crm-org']).toBe('666');
    expect(seen?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(seen?.body).toContain('filename="records.zip"');
    expect(fake.requests).toHaveLength(0);
  });
});

// users, org and settings: test/runtime/spec-resources.test.ts (the spec's generated resources).
describe('notifications', () => {
  it('hit the v8 paths and unwrap the envelopes', async () => {
    fake.handler = (req, res) => {
      switch (req.path) {
        case '/crm/v8/actions/watch':
          return json(res, 200, { watch: [] });
        default:
          res.writeHead(204);
          return res.end();
      }
    };
    const n = new NotificationsResource(core);
    await n.enable([
      { channel_id: 1000000068001, events: ['Leads.all'], notify_url: 'https://example.com/hook' },
    ]);
    await n.disable([1000000068001]);
    expect(fake.requests.at(-1)?.url).toBe('/crm/v8/actions/watch?channel_ids=1000000068001');
    expect(fake.requests.at(-1)?.method).toBe('DELETE');
  });
});
