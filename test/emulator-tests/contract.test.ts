/**
 * Contract: every response the emulator gives in a broad scenario validates against spec/ (the
 * operation's documented status and JSON schema). Covers success and error envelopes alike.
 */
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/index.ts';
import { accessToken, call, obj, row, start, type CallOptions, type Reply } from './helpers.ts';
import { SpecValidator } from './spec-validator.ts';

let emu: Emulator;
let token: string;
let spec: SpecValidator;
const problems: string[] = [];

beforeAll(async () => {
  spec = await SpecValidator.load();
  emu = await start({ records: 5, seed: 11 });
  token = await accessToken(emu);
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  problems.length = 0;
});

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
async function c(
  method: Method,
  path: string,
  o: CallOptions = {},
  auth: string | null = token,
): Promise<Reply> {
  const r = await call(emu, auth, method, path, o);
  problems.push(...spec.check(method, path, r));
  return r;
}
async function multipart(
  path: string,
  form: FormData,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const res = await fetch(`${emu.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Zoho-oauthtoken ${token}`, ...headers },
    body: form,
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  const r: Reply = {
    status: res.status,
    headers: Object.fromEntries(res.headers),
    text,
    bytes,
    json: text ? obj(JSON.parse(text)) : {},
  };
  problems.push(...spec.check('POST', path, r));
  return r;
}
const idOf = (r: Reply, i = 0) => String(obj(row(r, i)['details'])['id']);
const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

describe('responses validate against spec/', () => {
  it('OAuth', async () => {
    const p = { client_id: emu.credentials.clientId, client_secret: emu.credentials.clientSecret };
    await c(
      'POST',
      '/oauth/v2/token',
      { form: { ...p, grant_type: 'refresh_token', refresh_token: emu.credentials.refreshToken } },
      null,
    );
    await c(
      'POST',
      '/oauth/v2/token',
      { form: { ...p, grant_type: 'refresh_token', refresh_token: 'nope' } },
      null,
    );
    await c(
      'POST',
      '/oauth/v2/token',
      { form: { ...p, grant_type: 'authorization_code', code: emu.issueGrantCode() } },
      null,
    );
    await c(
      'POST',
      '/oauth/v2/token',
      { form: { ...p, grant_type: 'client_credentials', scope: 'ZohoCRM.modules.ALL' } },
      null,
    );
    expect(problems).toEqual([]);
  });

  it('records: list, get, create, update, upsert, delete, search, count, deleted, convert', async () => {
    await c('GET', '/crm/v8/Leads', { query: { fields: 'Last_Name,Email,Owner', per_page: 2 } });
    await c('GET', '/crm/v8/Leads');
    await c('GET', '/crm/v8/Leads', { query: { fields: 'Last_Name', page: 11 } });
    await c('GET', '/crm/v8/Deals', {
      query: { fields: 'Deal_Name' },
      headers: { 'If-Modified-Since': new Date(Date.now() + 60_000).toUTCString() },
    });
    await c('GET', '/crm/v8/Nope', { query: { fields: 'x' } });
    const created = await c('POST', '/crm/v8/Leads', {
      body: { data: [{ Last_Name: 'Spec', Email: 'spec@contract.example', Company: 'Spec Co' }] },
    });
    const id = idOf(created);
    await c('POST', '/crm/v8/Leads', { body: { data: [{ Last_Name: 'Ok' }, { Email: 'x' }] } });
    await c('POST', '/crm/v8/Leads', { body: { data: [{ Email: 'x' }] } });
    await c('POST', '/crm/v8/Leads', {
      body: { data: Array.from({ length: 101 }, () => ({ Last_Name: 'x' })) },
    });
    await c('POST', '/crm/v8/Leads', {
      rawBody: '{',
      headers: { 'content-type': 'application/json' },
    });
    await c('GET', `/crm/v8/Leads/${id}`);
    await c('GET', '/crm/v8/Leads/5843100000000000000');
    await c('PUT', '/crm/v8/Leads', { body: { data: [{ id, First_Name: 'Contract' }] } });
    await c('PUT', `/crm/v8/Leads/${id}`, { body: { data: [{ Lead_Status: 'Contacted' }] } });
    await c('PUT', '/crm/v8/Leads', {
      body: { data: [{ id, First_Name: 'A' }, { First_Name: 'no id' }] },
    });
    await c('POST', '/crm/v8/Leads/upsert', {
      body: { data: [{ Last_Name: 'Spec2', Email: 'spec@contract.example' }] },
    });
    await c('POST', '/crm/v8/Leads/upsert', {
      body: {
        data: [{ Last_Name: 'Spec3', Email: 'spec3@contract.example' }],
        duplicate_check_fields: ['Email'],
      },
    });
    await c('GET', '/crm/v8/Leads/search', { query: { criteria: '(Last_Name:equals:Spec2)' } });
    await c('GET', '/crm/v8/Leads/search', { query: { email: 'nobody@x.example' } });
    await c('GET', '/crm/v8/Leads/search', { query: { criteria: 'broken' } });
    await c('GET', '/crm/v8/Leads/actions/count');
    await c('POST', `/crm/v8/Leads/${id}/actions/convert`, {
      body: {
        data: [{ overwrite: true, Deals: { Deal_Name: 'Spec deal', Stage: 'Qualification' } }],
      },
    });
    const other = idOf(
      await c('POST', '/crm/v8/Leads', {
        body: { data: [{ Last_Name: 'Del1' }, { Last_Name: 'Del2' }] },
      }),
      0,
    );
    await c('DELETE', `/crm/v8/Leads/${other}`);
    await c('DELETE', '/crm/v8/Leads', { query: { ids: `${other},5843100000000000000` } });
    await c('GET', '/crm/v8/Leads/deleted', { query: { type: 'all' } });
    const keep = idOf(
      await c('POST', '/crm/v8/Leads', { body: { data: [{ Last_Name: 'Keep' }] } }),
    );
    await c('POST', '/crm/v8/Leads/actions/mass_update', {
      body: { data: [{ Lead_Status: 'Contacted' }], ids: [keep] },
    });
    const job = await c('POST', '/crm/v8/Leads/actions/mass_update', {
      body: { data: [{ Lead_Status: 'Contacted' }], cvid: '1' },
    });
    await c('GET', '/crm/v8/Leads/actions/mass_update', {
      query: { job_id: String(obj(row(job)['details'])['job_id']) },
    });
    await c('POST', `/crm/v8/Leads/${keep}/actions/clone`, {
      body: { data: [{ Last_Name: 'Kept' }] },
    });
    await c('GET', `/crm/v8/Leads/${keep}/photo`);
    const form = new FormData();
    form.append(
      'file',
      new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' }),
      'p.png',
    );
    await multipart(`/crm/v8/Leads/${keep}/photo`, form);
    await c('GET', `/crm/v8/Leads/${keep}/photo`);
    await c('DELETE', `/crm/v8/Leads/${keep}/photo`);
    expect(problems).toEqual([]);
  });

  it('related records, attachments, notes, tags', async () => {
    const acc = idOf(
      await c('POST', '/crm/v8/Accounts', { body: { data: [{ Account_Name: 'Spec Parent' }] } }),
    );
    const con = idOf(
      await c('POST', '/crm/v8/Contacts', { body: { data: [{ Last_Name: 'Spec Child' }] } }),
    );
    await c('PUT', `/crm/v8/Accounts/${acc}/Contacts`, { body: { data: [{ id: con }] } });
    await c('GET', `/crm/v8/Accounts/${acc}/Contacts`, { query: { fields: 'Last_Name' } });
    await c('PUT', `/crm/v8/Accounts/${acc}/Contacts/${con}`);
    await c('DELETE', `/crm/v8/Accounts/${acc}/Contacts/${con}`);
    await c('DELETE', `/crm/v8/Accounts/${acc}/Contacts`, { query: { ids: con } });
    const form = new FormData();
    form.append('file', new Blob([strToU8('hello')], { type: 'text/plain' }), 'hello.txt');
    const up = await multipart(`/crm/v8/Accounts/${acc}/Attachments`, form);
    const att = idOf(up);
    await c('GET', `/crm/v8/Accounts/${acc}/Attachments`, { query: { fields: 'File_Name,Size' } });
    await c('GET', `/crm/v8/Accounts/${acc}/Attachments/${att}`);
    await c('DELETE', `/crm/v8/Accounts/${acc}/Attachments/${att}`);
    await c('POST', `/crm/v8/Accounts/${acc}/Notes`, {
      body: { data: [{ Note_Title: 't', Note_Content: 'c' }] },
    });
    const note = idOf(
      await c('POST', '/crm/v8/Notes', {
        body: {
          data: [{ Note_Content: 'c2', Parent_Id: { module: { api_name: 'Accounts' }, id: acc } }],
        },
      }),
    );
    await c('GET', `/crm/v8/Accounts/${acc}/Notes`, { query: { fields: 'Note_Content' } });
    await c('GET', '/crm/v8/Notes', { query: { fields: 'Note_Title,Note_Content' } });
    await c('PUT', '/crm/v8/Notes', { body: { data: [{ id: note, Note_Content: 'c3' }] } });
    await c('DELETE', '/crm/v8/Notes', { query: { ids: note } });
    await c('POST', '/crm/v8/settings/tags', {
      query: { module: 'Accounts' },
      body: { tags: [{ name: 'Key' }] },
    });
    await c('GET', '/crm/v8/settings/tags', { query: { module: 'Accounts' } });
    await c('POST', '/crm/v8/Accounts/actions/add_tags', {
      body: { tags: [{ name: 'Key' }], ids: [acc] },
    });
    await c('POST', '/crm/v8/Accounts/actions/remove_tags', {
      body: { tags: [{ name: 'Key' }], ids: [acc] },
    });
    expect(problems).toEqual([]);
  });

  it('metadata, users, org', async () => {
    await c('GET', '/crm/v8/settings/modules');
    await c('GET', '/crm/v8/settings/modules/Leads');
    const fields = await c('GET', '/crm/v8/settings/fields', { query: { module: 'Leads' } });
    const status = (fields.json['fields'] as { api_name: string; id: string }[]).find(
      (f) => f.api_name === 'Lead_Status',
    );
    await c('GET', `/crm/v8/settings/fields/${String(status?.id)}`, { query: { module: 'Leads' } });
    await c('GET', `/crm/v8/settings/fields/${String(status?.id)}/pick_list_values`, {
      query: { module: 'Leads' },
    });
    const layouts = await c('GET', '/crm/v8/settings/layouts', { query: { module: 'Leads' } });
    await c('GET', `/crm/v8/settings/layouts/${String(row(layouts, 0, 'layouts')['id'])}`, {
      query: { module: 'Leads' },
    });
    const views = await c('GET', '/crm/v8/settings/custom_views', { query: { module: 'Leads' } });
    await c('GET', `/crm/v8/settings/custom_views/${String(row(views, 0, 'custom_views')['id'])}`, {
      query: { module: 'Leads' },
    });
    await c('GET', '/crm/v8/settings/related_lists', { query: { module: 'Accounts' } });
    await c('GET', '/crm/v8/settings/fields');
    const users = await c('GET', '/crm/v8/users', { query: { type: 'AllUsers' } });
    await c('GET', `/crm/v8/users/${String(row(users, 0, 'users')['id'])}`);
    await c('GET', '/crm/v8/org');
    await c('GET', '/crm/v8/org', {}, 'expired-or-unknown');
    expect(problems).toEqual([]);
  });

  it('COQL, bulk read and write, composite, notifications', async () => {
    await c('POST', '/crm/v8/coql', {
      body: { select_query: 'select Last_Name from Leads where Last_Name is not null limit 2' },
    });
    await c('POST', '/crm/v8/coql', { body: { select_query: 'select' } });
    const job = await c('POST', '/crm/bulk/v8/read', {
      body: { query: { module: { api_name: 'Contacts' }, fields: ['Last_Name'] } },
    });
    const jobId = idOf(job);
    await c('GET', `/crm/bulk/v8/read/${jobId}`);
    await sleep(400);
    await c('GET', `/crm/bulk/v8/read/${jobId}`);
    await c('GET', `/crm/bulk/v8/read/${jobId}/result`);
    const org = String(obj(row(await c('GET', '/crm/v8/org'), 0, 'org'))['zgid']);
    const form = new FormData();
    form.append(
      'file',
      new Blob([zipSync({ 'a.csv': strToU8('Account_Name\r\nBulk Spec\r\n') })]),
      'a.zip',
    );
    const up = await multipart('/crm/v8/upload', form, { feature: 'bulk-write', 'X-CRM-ORG': org });
    const fileId = String(obj(up.json['details'])['file_id']);
    const w = await c('POST', '/crm/bulk/v8/write', {
      body: {
        operation: 'insert',
        resource: [
          {
            type: 'data',
            module: { api_name: 'Accounts' },
            file_id: fileId,
            field_mappings: [{ api_name: 'Account_Name', index: 0 }],
          },
        ],
      },
    });
    const wId = String(obj(w.json['details'])['id']);
    await c('GET', `/crm/bulk/v8/write/${wId}`);
    await sleep(400);
    await c('GET', `/crm/bulk/v8/write/${wId}`);
    await c('POST', '/crm/v8/__composite_requests', {
      body: {
        __composite_requests: [
          { sub_request_id: '1', method: 'GET', uri: '/crm/v8/org' },
          {
            sub_request_id: '2',
            method: 'POST',
            uri: '/crm/v8/Accounts',
            body: { data: [{ Account_Name: 'Composite Spec' }] },
          },
        ],
      },
    });
    await c('POST', '/crm/v8/actions/watch', {
      body: {
        watch: [
          {
            channel_id: 42,
            events: ['Accounts.all'],
            notify_url: 'http://127.0.0.1:9/hook',
            token: 't',
          },
        ],
      },
    });
    await c('GET', '/crm/v8/actions/watch');
    await c('PUT', '/crm/v8/actions/watch', {
      body: {
        watch: [
          { channel_id: 42, events: ['Accounts.create'], notify_url: 'http://127.0.0.1:9/hook' },
        ],
      },
    });
    await c('PATCH', '/crm/v8/actions/watch', {
      body: { watch: [{ channel_id: 42, events: ['Accounts.edit'] }] },
    });
    await c('DELETE', '/crm/v8/actions/watch', { query: { channel_ids: '42' } });
    await c('GET', '/crm/v8/actions/watch');
    expect(problems).toEqual([]);
  });

  it('limits and injected faults', async () => {
    emu.faults.set({ kind: 'status', status: 429, times: 1, match: { operation: 'getOrg' } });
    await c('GET', '/crm/v8/org');
    emu.faults.set({ kind: 'status', status: 500, times: 1, match: { operation: 'getOrg' } });
    await c('GET', '/crm/v8/org');
    emu.faults.clear();
    expect(problems).toEqual([]);
  });
});
