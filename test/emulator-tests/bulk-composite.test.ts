import { describe, expect, it } from 'vitest';
import { strToU8, unzipSync, zipSync } from 'fflate';
import type { Emulator } from '../../emulator/index.ts';
import {
  accessToken,
  api,
  type Api,
  info,
  obj,
  row,
  rows,
  start,
  useEmulator,
} from './helpers.ts';

let emu: Emulator;
let crm: Api;
let token: string;
useEmulator({ records: 30, seed: 3 }, (s) => ({ emu, crm, token } = s));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('COQL', () => {
  it('runs a select through coql.ts', async () => {
    const r = await crm.post('/crm/v8/coql', {
      body: {
        select_query: 'select Last_Name, Email from Leads where Last_Name is not null limit 5',
      },
    });
    expect(r.status).toBe(200);
    expect(rows(r)).toHaveLength(5);
    expect(info(r)).toMatchObject({ count: 5, more_records: true });
  });

  it("answers Zoho's errors: missing select_query, syntax error", async () => {
    const none = await crm.post('/crm/v8/coql', { body: {} });
    expect(none.json).toMatchObject({
      code: 'MANDATORY_NOT_FOUND',
      details: { api_name: 'select_query' },
    });
    const bad = await crm.post('/crm/v8/coql', { body: { select_query: 'select from where' } });
    expect(bad.status).toBe(400);
    expect(bad.json['status']).toBe('error');
    expect(typeof bad.json['code']).toBe('string');
  });
});

describe('bulk read', () => {
  it('queued → in progress → completed, then a zip holding one CSV', async () => {
    const r = await crm.post('/crm/bulk/v8/read', {
      body: { query: { module: { api_name: 'Leads' }, fields: ['Last_Name', 'Email', 'Owner'] } },
    });
    expect(r.status).toBe(201);
    const d = row(r);
    expect(d).toMatchObject({
      status: 'success',
      code: 'ADDED_SUCCESSFULLY',
      details: { operation: 'read', state: 'ADDED' },
    });
    const id = String(obj(d['details'])['id']);
    const early = row(await crm.get(`/crm/bulk/v8/read/${id}`));
    expect(['QUEUED', 'IN PROGRESS']).toContain(early['state']);
    expect((await crm.get(`/crm/bulk/v8/read/${id}/result`)).json['code']).toBe('INVALID_REQUEST');
    let job = early;
    for (let i = 0; i < 50 && job['state'] !== 'COMPLETED'; i++) {
      await sleep(50);
      job = row(await crm.get(`/crm/bulk/v8/read/${id}`));
    }
    expect(job).toMatchObject({ state: 'COMPLETED', result: { count: 30, more_records: false } });
    const zip = await crm.get(String(obj(job['result'])['download_url']));
    expect(zip.headers['content-type']).toBe('application/zip');
    const files = unzipSync(zip.bytes);
    expect(Object.keys(files)).toEqual([`${id}.csv`]);
    const csv = new TextDecoder().decode(files[`${id}.csv`]);
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe('"Id","Last_Name","Email","Owner"');
    expect(lines).toHaveLength(31);
  });

  it('refuses an unknown module or field', async () => {
    expect(
      (await crm.post('/crm/bulk/v8/read', { body: { query: { module: { api_name: 'Nope' } } } }))
        .json['code'],
    ).toBe('INVALID_DATA');
    expect(
      (
        await crm.post('/crm/bulk/v8/read', {
          body: { query: { module: { api_name: 'Leads' }, fields: ['Nope'] } },
        })
      ).json['code'],
    ).toBe('INVALID_DATA');
  });
});

describe('bulk write', () => {
  it('upload (X-CRM-ORG + feature headers) → job → rows applied → per-row result file', async () => {
    const csv =
      'Last_Name,Email,Lead_Status\r\nBulk1,bulk1@w.example,Contacted\r\n,bulk2@w.example,Contacted\r\nBulk3,bulk3@w.example,Nope\r\n';
    const zip = zipSync({ 'leads.csv': strToU8(csv) });
    const noOrg = new FormData();
    noOrg.append('file', new Blob([zip]), 'leads.zip');
    const refused = await fetch(`${emu.url}/crm/v8/upload`, {
      method: 'POST',
      headers: { authorization: `Zoho-oauthtoken ${token}`, feature: 'bulk-write' },
      body: noOrg,
    });
    expect(refused.status).toBe(400);
    await refused.arrayBuffer();
    const org = obj(row(await crm.get('/crm/v8/org'), 0, 'org'))['zgid'];
    const form = new FormData();
    form.append('file', new Blob([zip]), 'leads.zip');
    const up = await fetch(`${emu.url}/crm/v8/upload`, {
      method: 'POST',
      headers: {
        authorization: `Zoho-oauthtoken ${token}`,
        feature: 'bulk-write',
        'X-CRM-ORG': String(org),
      },
      body: form,
    });
    const upBody = (await up.json()) as { code: string; details: { file_id: string } };
    expect(upBody.code).toBe('FILE_UPLOAD_SUCCESS');
    const job = await crm.post('/crm/bulk/v8/write', {
      body: {
        operation: 'insert',
        resource: [
          {
            type: 'data',
            module: { api_name: 'Leads' },
            file_id: upBody.details.file_id,
            field_mappings: [
              { api_name: 'Last_Name', index: 0 },
              { api_name: 'Email', index: 1 },
              { api_name: 'Lead_Status', index: 2 },
            ],
          },
        ],
      },
    });
    expect(job.status).toBe(201);
    const id = String(obj(job.json['details'])['id']);
    let status = await crm.get(`/crm/bulk/v8/write/${id}`);
    for (let i = 0; i < 50 && status.json['status'] !== 'COMPLETED'; i++) {
      await sleep(50);
      status = await crm.get(`/crm/bulk/v8/write/${id}`);
    }
    expect(status.json['status']).toBe('COMPLETED');
    expect(obj(row(status, 0, 'resource')['file'])).toMatchObject({
      added_count: 1,
      skipped_count: 2,
      total_count: 3,
    });
    expect(emu.store.records('Leads').some((r) => r['Email'] === 'bulk1@w.example')).toBe(true);
    const result = await crm.get(String(obj(status.json['result'])['download_url']));
    const text = new TextDecoder().decode(Object.values(unzipSync(result.bytes))[0]);
    expect(text).toContain('"ADDED"');
    expect(text).toContain('MANDATORY_NOT_FOUND');
    expect(text).toContain('INVALID_DATA');
  });
});

describe('composite', () => {
  it('runs up to 5 sub-requests through the router and returns each response', async () => {
    const r = await crm.post('/crm/v8/__composite_requests', {
      body: {
        __composite_requests: [
          {
            sub_request_id: '1',
            method: 'POST',
            uri: '/crm/v8/Accounts',
            body: { data: [{ Account_Name: 'Comp One' }] },
          },
          {
            sub_request_id: '2',
            method: 'GET',
            uri: '/crm/v8/Leads',
            params: { fields: 'Last_Name', per_page: 2 },
          },
        ],
      },
    });
    expect(r.status).toBe(200);
    const subs = rows(r, '__composite_requests');
    expect(subs.map((s) => s['sub_request_id'])).toEqual(['1', '2']);
    expect(obj(obj(subs[0]?.['details'])['response'])['status_code']).toBe(201);
    expect(obj(obj(subs[1]?.['details'])['response'])).toMatchObject({
      status_code: 200,
      body: { info: { per_page: 2 } },
    });
  });

  it('rollback_on_fail undoes earlier writes when a later sub-request fails', async () => {
    const before = emu.store.records('Accounts').length;
    const r = await crm.post('/crm/v8/__composite_requests', {
      body: {
        rollback_on_fail: true,
        __composite_requests: [
          {
            sub_request_id: 'a',
            method: 'POST',
            uri: '/crm/v8/Accounts',
            body: { data: [{ Account_Name: 'Rolled back' }] },
          },
          {
            sub_request_id: 'b',
            method: 'POST',
            uri: '/crm/v8/Accounts',
            body: { data: [{ Phone: 'no name' }] },
          },
          { sub_request_id: 'c', method: 'GET', uri: '/crm/v8/org' },
        ],
      },
    });
    const subs = rows(r, '__composite_requests');
    expect(obj(subs[0]?.['details'])['rollbacked']).toBe(true);
    expect(subs[2]?.['code']).toBe('NOT_EXECUTED');
    expect(emu.store.records('Accounts').length).toBe(before);
    expect(emu.store.records('Accounts').some((a) => a['Account_Name'] === 'Rolled back')).toBe(
      false,
    );
  });

  it('refuses rollback with parallel execution, credentials in sub-request headers, and odd URIs', async () => {
    const ambiguous = await crm.post('/crm/v8/__composite_requests', {
      body: {
        rollback_on_fail: true,
        parallel_execution: true,
        __composite_requests: [{ method: 'GET', uri: '/crm/v8/org' }],
      },
    });
    expect(ambiguous.json['code']).toBe('AMBIGUITY_DURING_PROCESSING');
    const creds = await crm.post('/crm/v8/__composite_requests', {
      body: {
        __composite_requests: [
          { method: 'GET', uri: '/crm/v8/org', headers: { Authorization: 'Zoho-oauthtoken x' } },
        ],
      },
    });
    expect(creds.json).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'headers' } });
    const uri = await crm.post('/crm/v8/__composite_requests', {
      body: { __composite_requests: [{ method: 'GET', uri: 'https://evil.example/crm/v8/org' }] },
    });
    expect(uri.json).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'uri' } });
  });

  it("needs ZohoCRM.composite_requests.CUSTOM besides the sub-requests' scopes", async () => {
    const narrow = await start({ scopes: ['ZohoCRM.modules.ALL', 'ZohoCRM.org.ALL'] });
    try {
      const r = await api(narrow, await accessToken(narrow)).post('/crm/v8/__composite_requests', {
        body: { __composite_requests: [{ method: 'GET', uri: '/crm/v8/org' }] },
      });
      expect(r.status).toBe(401);
      expect(r.json['code']).toBe('OAUTH_SCOPE_MISMATCH');
    } finally {
      await narrow.close();
    }
  });

  it('more than 5 sub-requests → LIMIT_EXCEEDED', async () => {
    const six = Array.from({ length: 6 }, () => ({ method: 'GET', uri: '/crm/v8/org' }));
    const r = await crm.post('/crm/v8/__composite_requests', {
      body: { __composite_requests: six },
    });
    expect(r.json).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 5 } });
  });
});
