import { describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/index.ts';
import {
  accessToken,
  type Api,
  call,
  obj,
  row,
  rows,
  useEmulator,
} from './helpers.ts';

let emu: Emulator;
let crm: Api;
useEmulator({}, (s) => ({ emu, crm } = s));

describe('insert', () => {
  it('creates records: 201, 19-digit ids, system fields filled, Full_Name derived', async () => {
    const r = await crm.post('/crm/v8/Leads', {
      body: {
        data: [
          {
            First_Name: 'Ada',
            Last_Name: 'Lovelace',
            Email: 'ada@analytical.example',
            Lead_Status: 'Contacted',
          },
        ],
      },
    });
    expect(r.status).toBe(201);
    const d = row(r);
    expect(d).toMatchObject({ code: 'SUCCESS', message: 'record added', status: 'success' });
    const details = obj(d['details']);
    expect(details['id']).toMatch(/^\d{19}$/);
    expect(details['Created_Time']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    expect(obj(details['Created_By'])['id']).toMatch(/^\d{19}$/);
    const got = await crm.get(`/crm/v8/Leads/${String(details['id'])}`);
    expect(row(got)).toMatchObject({
      Full_Name: 'Ada Lovelace',
      Lead_Status: 'Contacted',
      Owner: { name: 'Patricia Boyle' },
    });
  });

  it.each([
    [
      'missing mandatory',
      { Email: 'a@b.example' },
      {
        code: 'MANDATORY_NOT_FOUND',
        details: { api_name: 'Last_Name', json_path: '$.data[0].Last_Name' },
      },
    ],
    ['empty mandatory', { Last_Name: '' }, { code: 'MANDATORY_NOT_FOUND' }],
    [
      'bad picklist value',
      { Last_Name: 'A', Lead_Status: 'Maybe' },
      {
        code: 'INVALID_DATA',
        details: { api_name: 'Lead_Status', expected_data_type: 'picklist' },
      },
    ],
    [
      'number into text',
      { Last_Name: 42 },
      { code: 'INVALID_DATA', details: { api_name: 'Last_Name' } },
    ],
    [
      'text too long',
      { Last_Name: 'x'.repeat(81) },
      { code: 'INVALID_DATA', details: { api_name: 'Last_Name', maximum_length: 80 } },
    ],
    [
      'bad email',
      { Last_Name: 'A', Email: 'not-an-email' },
      { code: 'INVALID_DATA', details: { api_name: 'Email', expected_data_type: 'email' } },
    ],
    [
      'string into integer',
      { Last_Name: 'A', No_of_Employees: '12' },
      {
        code: 'INVALID_DATA',
        details: { api_name: 'No_of_Employees', expected_data_type: 'integer' },
      },
    ],
    [
      'string into currency',
      { Last_Name: 'A', Annual_Revenue: '1.5' },
      {
        code: 'INVALID_DATA',
        details: { api_name: 'Annual_Revenue', expected_data_type: 'double' },
      },
    ],
    [
      'bad date',
      { Last_Name: 'A', Follow_Up_Date: '2026/01/02' },
      { code: 'INVALID_DATA', details: { api_name: 'Follow_Up_Date', expected_data_type: 'date' } },
    ],
    [
      'bad multiselect value',
      { Last_Name: 'A', Interests: ['CRM', 'Nope'] },
      { code: 'INVALID_DATA', details: { api_name: 'Interests' } },
    ],
    [
      'unknown owner',
      { Last_Name: 'A', Owner: { id: '1' } },
      { code: 'INVALID_DATA', details: { api_name: 'Owner' } },
    ],
  ])('per-record error: %s', async (_name, input, want) => {
    const r = await crm.post('/crm/v8/Leads', { body: { data: [input] } });
    expect(r.status).toBe(400);
    expect(row(r)).toMatchObject({ ...want, status: 'error' });
  });

  it('a mix of good and bad records → 207 Multi-Status, one result per record in order', async () => {
    const r = await crm.post('/crm/v8/Leads', {
      body: { data: [{ Last_Name: 'Good' }, { First_Name: 'NoLast' }, { Last_Name: 'Good2' }] },
    });
    expect(r.status).toBe(207);
    expect(rows(r).map((x) => x['code'])).toEqual(['SUCCESS', 'MANDATORY_NOT_FOUND', 'SUCCESS']);
    expect(obj(row(r, 1)['details'])['json_path']).toBe('$.data[1].Last_Name');
  });

  it('unique fields: DUPLICATE_DATA naming the field and the existing record (case-insensitive)', async () => {
    const first = await crm.post('/crm/v8/Leads', {
      body: { data: [{ Last_Name: 'U', Email: 'unique@dup.example' }] },
    });
    const id = obj(row(first)['details'])['id'];
    const r = await crm.post('/crm/v8/Leads', {
      body: { data: [{ Last_Name: 'V', Email: 'UNIQUE@dup.example' }] },
    });
    expect(r.status).toBe(400);
    expect(row(r)).toMatchObject({
      code: 'DUPLICATE_DATA',
      details: { api_name: 'Email', id, duplicate_record: { id } },
    });
  });

  it('read-only and unknown fields are dropped silently', async () => {
    const r = await crm.post('/crm/v8/Leads', {
      body: {
        data: [
          {
            Last_Name: 'RO',
            Created_Time: '2001-01-01T00:00:00+00:00',
            Score_Band: 'High',
            Not_A_Field: 1,
          },
        ],
      },
    });
    expect(r.status).toBe(201);
    const got = row(await crm.get(`/crm/v8/Leads/${String(obj(row(r)['details'])['id'])}`));
    expect(got['Created_Time']).not.toBe('2001-01-01T00:00:00+00:00');
    expect(got['Score_Band']).toBeNull();
    expect(got).not.toHaveProperty('Not_A_Field');
  });

  it('lookups are stored as {name, id}; an unknown id is INVALID_DATA', async () => {
    const acc = await crm.post('/crm/v8/Accounts', {
      body: { data: [{ Account_Name: 'Zylker Labs' }] },
    });
    const accId = String(obj(row(acc)['details'])['id']);
    const c = await crm.post('/crm/v8/Contacts', {
      body: { data: [{ Last_Name: 'Look', Account_Name: { id: accId } }] },
    });
    const got = row(
      await crm.get(`/crm/v8/Contacts/${String(obj(row(c)['details'])['id'])}`, {
        query: { fields: 'Account_Name' },
      }),
    );
    expect(got['Account_Name']).toEqual({ name: 'Zylker Labs', id: accId });
    const bad = await crm.post('/crm/v8/Contacts', {
      body: { data: [{ Last_Name: 'Look', Account_Name: { id: '5843100000999999999' } }] },
    });
    expect(row(bad)).toMatchObject({
      code: 'INVALID_DATA',
      details: { api_name: 'Account_Name', id: '5843100000999999999' },
    });
  });

  it('body-level errors: more than 100 records, missing data, malformed JSON, unknown module', async () => {
    const many = await crm.post('/crm/v8/Leads', {
      body: { data: Array.from({ length: 101 }, (_, i) => ({ Last_Name: `L${i}` })) },
    });
    expect(many.status).toBe(400);
    expect(many.json).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      status: 'error',
      details: { limit: 100 },
    });
    const none = await crm.post('/crm/v8/Leads', { body: { records: [] } });
    expect(none.json).toMatchObject({ code: 'MANDATORY_NOT_FOUND', details: { api_name: 'data' } });
    const broken = await crm.post('/crm/v8/Leads', {
      rawBody: '{"data": [',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.status).toBe(400);
    expect(broken.json).toEqual({
      code: 'INVALID_DATA',
      details: {},
      message: 'body',
      status: 'error',
    });
    const mod = await crm.post('/crm/v8/Nope', { body: { data: [{}] } });
    expect(mod.json).toMatchObject({ code: 'INVALID_MODULE', status: 'error' });
    const sub = await crm.get('/crm/v8/Quote_Items', { query: { fields: 'id' } });
    expect(sub.status).toBe(400);
    // and the server still serves
    expect((await crm.get('/crm/v8/org')).status).toBe(200);
  });

  it('unknown paths → 404 INVALID_URL_PATTERN; wrong method → INVALID_REQUEST_METHOD', async () => {
    const r = await crm.get('/crm/v9/Leads');
    expect(r.status).toBe(404);
    expect(r.json['code']).toBe('INVALID_URL_PATTERN');
    const m = await crm.patch('/crm/v8/Leads');
    expect(m.json['code']).toBe('INVALID_REQUEST_METHOD');
  });
});

describe('update, get, delete', () => {
  it('PUT many: 200; missing id → MANDATORY_NOT_FOUND; unknown id → INVALID_DATA; mixed → 207', async () => {
    const c = await crm.post('/crm/v8/Leads', { body: { data: [{ Last_Name: 'Upd' }] } });
    const id = String(obj(row(c)['details'])['id']);
    const ok = await crm.put('/crm/v8/Leads', { body: { data: [{ id, First_Name: 'Now' }] } });
    expect(ok.status).toBe(200);
    expect(row(ok)).toMatchObject({ code: 'SUCCESS', message: 'record updated', details: { id } });
    expect(row(await crm.get(`/crm/v8/Leads/${id}`))['Full_Name']).toBe('Now Upd');
    const mixed = await crm.put('/crm/v8/Leads', {
      body: {
        data: [
          { id, Lead_Status: 'Junk Lead' },
          { First_Name: 'x' },
          { id: '5843100000000000000', First_Name: 'y' },
        ],
      },
    });
    expect(mixed.status).toBe(207);
    expect(rows(mixed).map((x) => x['code'])).toEqual([
      'SUCCESS',
      'MANDATORY_NOT_FOUND',
      'INVALID_DATA',
    ]);
    const clearMandatory = await crm.put(`/crm/v8/Leads/${id}`, {
      body: { data: [{ Last_Name: null }] },
    });
    expect(row(clearMandatory)['code']).toBe('MANDATORY_NOT_FOUND');
  });

  it('GET one honours fields; a missing record answers 204', async () => {
    const c = await crm.post('/crm/v8/Leads', {
      body: { data: [{ Last_Name: 'G', Email: 'g@get.example' }] },
    });
    const id = String(obj(row(c)['details'])['id']);
    const r = await crm.get(`/crm/v8/Leads/${id}`, { query: { fields: 'Email' } });
    expect(row(r)).toEqual({ Email: 'g@get.example', id });
    const later = new Date(Date.now() + 60_000).toUTCString();
    expect(
      (await crm.get(`/crm/v8/Leads/${id}`, { headers: { 'If-Modified-Since': later } })).status,
    ).toBe(304);
    const missing = await crm.get('/crm/v8/Leads/5843100000000000000');
    expect(missing.status).toBe(204);
    expect(missing.text).toBe('');
  });

  it('DELETE many and one; deleted records go to the recycle bin', async () => {
    const c = await crm.post('/crm/v8/Leads', {
      body: { data: [{ Last_Name: 'D1' }, { Last_Name: 'D2' }, { Last_Name: 'D3' }] },
    });
    const [a, b, d] = rows(c).map((x) => String(obj(x['details'])['id']));
    const many = await crm.del('/crm/v8/Leads', {
      query: { ids: `${a},${b},5843100000000000000` },
    });
    expect(many.status).toBe(207);
    expect(rows(many)).toEqual([
      { code: 'SUCCESS', details: { id: a }, message: 'record deleted', status: 'success' },
      { code: 'SUCCESS', details: { id: b }, message: 'record deleted', status: 'success' },
      {
        code: 'INVALID_DATA',
        details: { id: '5843100000000000000' },
        message: 'the related id given seems to be invalid',
        status: 'error',
      },
    ]);
    const one = await crm.del(`/crm/v8/Leads/${String(d)}`);
    expect(one.status).toBe(200);
    expect((await crm.get(`/crm/v8/Leads/${String(d)}`)).status).toBe(204);
    const bin = await crm.get('/crm/v8/Leads/deleted', { query: { type: 'recycle' } });
    expect(rows(bin).map((x) => x['id'])).toEqual([d, b, a]);
    expect(row(bin)).toMatchObject({
      display_name: 'D3',
      type: 'recycle',
      deleted_by: { name: 'Patricia Boyle' },
    });
    const tooMany = await crm.del('/crm/v8/Leads', {
      query: { ids: Array.from({ length: 101 }, (_, i) => String(i)).join(',') },
    });
    expect(tooMany.json['code']).toBe('LIMIT_EXCEEDED');
    expect((await crm.del('/crm/v8/Leads')).json).toMatchObject({
      code: 'REQUIRED_PARAM_MISSING',
      details: { param_name: 'ids' },
    });
  });
});

describe('upsert', () => {
  it('inserts, then updates by the system duplicate-check field (Email), saying which action it took', async () => {
    const first = await crm.post('/crm/v8/Leads/upsert', {
      body: { data: [{ Last_Name: 'Ups', Email: 'ups@sert.example' }] },
    });
    expect(first.status).toBe(201);
    expect(row(first)).toMatchObject({
      code: 'SUCCESS',
      action: 'insert',
      duplicate_field: null,
      message: 'record added',
    });
    const id = obj(row(first)['details'])['id'];
    const second = await crm.post('/crm/v8/Leads/upsert', {
      body: { data: [{ Last_Name: 'Ups2', Email: 'UPS@sert.example' }] },
    });
    expect(second.status).toBe(200);
    expect(row(second)).toMatchObject({
      code: 'SUCCESS',
      action: 'update',
      duplicate_field: 'Email',
      message: 'record updated',
      details: { id },
    });
  });

  it('duplicate_check_fields chooses the matching field; an unknown field is INVALID_DATA', async () => {
    await crm.post('/crm/v8/Leads', {
      body: { data: [{ Last_Name: 'ByPhone', Phone: '555-000-1234' }] },
    });
    const r = await crm.post('/crm/v8/Leads/upsert', {
      body: {
        data: [{ Last_Name: 'ByPhone2', Phone: '555-000-1234' }],
        duplicate_check_fields: ['Phone'],
      },
    });
    expect(row(r)).toMatchObject({ action: 'update', duplicate_field: 'Phone' });
    const bad = await crm.post('/crm/v8/Leads/upsert', {
      body: { data: [{ Last_Name: 'x' }], duplicate_check_fields: ['Nope'] },
    });
    expect(bad.json['code']).toBe('INVALID_DATA');
  });
});

describe('convert lead', () => {
  it('creates an Account from Company, a Contact, and a Deal; the lead leaves Leads', async () => {
    const c = await crm.post('/crm/v8/Leads', {
      body: {
        data: [
          {
            First_Name: 'Con',
            Last_Name: 'Vert',
            Company: 'Convert Co',
            Email: 'con@vert.example',
          },
        ],
      },
    });
    const id = String(obj(row(c)['details'])['id']);
    const r = await crm.post(`/crm/v8/Leads/${id}/actions/convert`, {
      body: {
        data: [
          {
            overwrite: true,
            Deals: { Deal_Name: 'Big deal', Stage: 'Qualification', Closing_Date: '2026-12-31' },
          },
        ],
      },
    });
    expect(r.status).toBe(200);
    const d = row(r);
    expect(d).toMatchObject({
      code: 'SUCCESS',
      status: 'success',
      details: {
        Accounts: { name: 'Convert Co' },
        Contacts: { name: 'Con Vert' },
        Deals: { name: 'Big deal' },
      },
    });
    const contactId = String(obj(obj(d['details'])['Contacts'])['id']);
    const contact = row(await crm.get(`/crm/v8/Contacts/${contactId}`));
    expect(contact).toMatchObject({
      Email: 'con@vert.example',
      Account_Name: { name: 'Convert Co' },
    });
    expect((await crm.get(`/crm/v8/Leads/${id}`)).status).toBe(204);
    const again = await crm.post(`/crm/v8/Leads/${id}/actions/convert`, { body: { data: [{}] } });
    expect(again.status).toBe(400);
  });

  it('a Deal missing its mandatory Stage fails the conversion with the per-record error', async () => {
    const c = await crm.post('/crm/v8/Leads', {
      body: { data: [{ Last_Name: 'NoStage', Company: 'NS Co' }] },
    });
    const id = String(obj(row(c)['details'])['id']);
    const r = await crm.post(`/crm/v8/Leads/${id}/actions/convert`, {
      body: { data: [{ Deals: { Deal_Name: 'x' } }] },
    });
    expect(r.status).toBe(400);
    expect(row(r)).toMatchObject({ code: 'MANDATORY_NOT_FOUND', details: { api_name: 'Stage' } });
  });
});

describe('store access for assertions', () => {
  it('emulator.store.records reflects writes', async () => {
    await crm.post('/crm/v8/Accounts', { body: { data: [{ Account_Name: 'Store Check' }] } });
    expect(emu.store.records('Accounts').some((r) => r['Account_Name'] === 'Store Check')).toBe(
      true,
    );
    expect(emu.log.count('createRecords')).toBeGreaterThan(0);
    expect((await call(emu, null, 'GET', '/crm/v8/org')).status).toBe(401);
  });
});

describe('mass update, clone, photo', () => {
  it('mass update by ids: one field, one result per record; by cvid: a job polled with job_id', async () => {
    const c = await crm.post('/crm/v8/Leads', {
      body: { data: [{ Last_Name: 'M1' }, { Last_Name: 'M2' }] },
    });
    const ids = rows(c).map((x) => String(obj(x['details'])['id']));
    const r = await crm.post('/crm/v8/Leads/actions/mass_update', {
      body: { data: [{ Lead_Status: 'Contacted' }], ids: [...ids, '5843100000000000000'] },
    });
    expect(r.status).toBe(207);
    expect(rows(r).map((x) => x['code'])).toEqual(['SUCCESS', 'SUCCESS', 'INVALID_DATA']);
    expect(
      emu.store
        .records('Leads')
        .filter((x) => ids.includes(x.id))
        .map((x) => x['Lead_Status']),
    ).toEqual(['Contacted', 'Contacted']);
    const twoFields = await crm.post('/crm/v8/Leads/actions/mass_update', {
      body: { data: [{ Lead_Status: 'Contacted', Industry: 'Large Enterprise' }], ids },
    });
    expect(twoFields.json['code']).toBe('LIMIT_EXCEEDED');
    const email = await crm.post('/crm/v8/Leads/actions/mass_update', {
      body: { data: [{ Email: 'a@b.example' }], ids },
    });
    expect(email.json).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'Email' } });
    const job = await crm.post('/crm/v8/Leads/actions/mass_update', {
      body: { data: [{ Industry: 'Large Enterprise' }], cvid: '5843000000000087501' },
    });
    expect(row(job)).toMatchObject({ code: 'SCHEDULED', status: 'success' });
    const status = await crm.get('/crm/v8/Leads/actions/mass_update', {
      query: { job_id: String(obj(row(job)['details'])['job_id']) },
    });
    expect(row(status)).toMatchObject({ Status: 'COMPLETED', Failed_Count: 0 });
    expect(row(status)['Updated_Count']).toBe(emu.store.records('Leads').length);
  });

  it('clone copies writable values, applies overrides, and respects unique fields', async () => {
    const c = await crm.post('/crm/v8/Leads', {
      body: { data: [{ Last_Name: 'Orig', Company: 'Clone Co', Email: 'orig@clone.example' }] },
    });
    const id = String(obj(row(c)['details'])['id']);
    const dup = await crm.post(`/crm/v8/Leads/${id}/actions/clone`);
    expect(row(dup)).toMatchObject({ code: 'DUPLICATE_DATA', details: { api_name: 'Email' } });
    const ok = await crm.post(`/crm/v8/Leads/${id}/actions/clone`, {
      body: { data: [{ Email: 'copy@clone.example' }] },
    });
    expect(ok.status).toBe(201);
    const copy = row(await crm.get(`/crm/v8/Leads/${String(obj(row(ok)['details'])['id'])}`));
    expect(copy).toMatchObject({
      Last_Name: 'Orig',
      Company: 'Clone Co',
      Email: 'copy@clone.example',
    });
  });

  it('photo: upload an image, download it, delete it (204 when absent)', async () => {
    const c = await crm.post('/crm/v8/Contacts', { body: { data: [{ Last_Name: 'Photo' }] } });
    const id = String(obj(row(c)['details'])['id']);
    expect((await crm.get(`/crm/v8/Contacts/${id}/photo`)).status).toBe(204);
    const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3]);
    const form = new FormData();
    form.append('file', new Blob([png], { type: 'image/png' }), 'me.png');
    const token = await accessToken(emu);
    const up = await fetch(`${emu.url}/crm/v8/Contacts/${id}/photo`, {
      method: 'POST',
      headers: { authorization: `Zoho-oauthtoken ${token}` },
      body: form,
    });
    expect(await up.json()).toMatchObject({ code: 'SUCCESS', status: 'success' });
    const down = await crm.get(`/crm/v8/Contacts/${id}/photo`);
    expect(down.headers['content-type']).toBe('image/png');
    expect([...down.bytes]).toEqual([...png]);
    expect((await crm.del(`/crm/v8/Contacts/${id}/photo`)).json).toMatchObject({ code: 'SUCCESS' });
    expect((await crm.get(`/crm/v8/Contacts/${id}/photo`)).status).toBe(204);
  });
});
