import { describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/index.ts';
import {
  type Api,
  info,
  obj,
  row,
  rows,
  useEmulator,
} from './helpers.ts';

let emu: Emulator;
let crm: Api;
let token: string;
useEmulator({}, (s) => ({ emu, crm, token } = s));

async function create(module: string, data: Record<string, unknown>): Promise<string> {
  const r = await crm.post(`/crm/v8/${module}`, { body: { data: [data] } });
  return String(obj(row(r)['details'])['id']);
}

describe('related records', () => {
  it('lists children found through a lookup; PUT relates, DELETE delinks', async () => {
    const acc = await create('Accounts', { Account_Name: 'Parent Inc' });
    const c1 = await create('Contacts', { Last_Name: 'Child1', Account_Name: { id: acc } });
    const c2 = await create('Contacts', { Last_Name: 'Child2' });
    const list1 = await crm.get(`/crm/v8/Accounts/${acc}/Contacts`, {
      query: { fields: 'Last_Name' },
    });
    expect(rows(list1).map((x) => x['id'])).toEqual([c1]);
    expect(info(list1)).toMatchObject({ count: 1, more_records: false });
    const put = await crm.put(`/crm/v8/Accounts/${acc}/Contacts`, { body: { data: [{ id: c2 }] } });
    expect(row(put)).toEqual({
      code: 'SUCCESS',
      details: { id: c2 },
      message: 'relation updated',
      status: 'success',
    });
    expect(row(await crm.get(`/crm/v8/Contacts/${c2}`))['Account_Name']).toEqual({
      name: 'Parent Inc',
      id: acc,
    });
    const del = await crm.del(`/crm/v8/Accounts/${acc}/Contacts`, { query: { ids: c1 } });
    expect(row(del)).toMatchObject({ code: 'SUCCESS', message: 'relation removed' });
    const list2 = await crm.get(`/crm/v8/Accounts/${acc}/Contacts`, {
      query: { fields: 'Last_Name' },
    });
    expect(rows(list2).map((x) => x['id'])).toEqual([c2]);
    // one record at a time: PUT / DELETE …/{related_list}/{related_id}
    expect(row(await crm.put(`/crm/v8/Accounts/${acc}/Contacts/${c1}`))['code']).toBe('SUCCESS');
    expect(row(await crm.del(`/crm/v8/Accounts/${acc}/Contacts/${c2}`))['message']).toBe(
      'relation removed',
    );
    const list3 = await crm.get(`/crm/v8/Accounts/${acc}/Contacts`, {
      query: { fields: 'Last_Name' },
    });
    expect(rows(list3).map((x) => x['id'])).toEqual([c1]);
  });

  it('fields is mandatory; an unknown related list or parent is INVALID_DATA; no children → 204', async () => {
    const acc = await create('Accounts', { Account_Name: 'Lonely' });
    expect((await crm.get(`/crm/v8/Accounts/${acc}/Contacts`)).json['code']).toBe(
      'REQUIRED_PARAM_MISSING',
    );
    expect(
      (await crm.get(`/crm/v8/Accounts/${acc}/Nope`, { query: { fields: 'id' } })).json['code'],
    ).toBe('INVALID_DATA');
    expect(
      (await crm.get('/crm/v8/Accounts/5843100000000000000/Contacts', { query: { fields: 'id' } }))
        .json['code'],
    ).toBe('INVALID_DATA');
    expect(
      (await crm.get(`/crm/v8/Accounts/${acc}/Deals`, { query: { fields: 'Deal_Name' } })).status,
    ).toBe(204);
  });
});

describe('attachments', () => {
  it('uploads multipart, lists, downloads the same bytes, deletes', async () => {
    const lead = await create('Leads', { Last_Name: 'Attach' });
    const form = new FormData();
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 252, 13, 10, 45, 45]);
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'quote.pdf');
    const up = await fetch(`${emu.url}/crm/v8/Leads/${lead}/Attachments`, {
      method: 'POST',
      headers: { authorization: `Zoho-oauthtoken ${token}` },
      body: form,
    });
    expect(up.status).toBe(200);
    const upBody = (await up.json()) as {
      data: { code: string; message: string; details: { id: string } }[];
    };
    expect(upBody.data[0]).toMatchObject({ code: 'SUCCESS', message: 'attachment uploaded' });
    const attId = upBody.data[0]?.details.id ?? '';
    const list = await crm.get(`/crm/v8/Leads/${lead}/Attachments`, {
      query: { fields: 'File_Name,Size' },
    });
    expect(row(list)).toEqual({ File_Name: 'quote.pdf', Size: '10', id: attId });
    const down = await crm.get(`/crm/v8/Leads/${lead}/Attachments/${attId}`);
    expect(down.status).toBe(200);
    expect(down.headers['content-type']).toBe('application/octet-stream');
    expect([...down.bytes]).toEqual([...bytes]);
    const del = await crm.del(`/crm/v8/Leads/${lead}/Attachments/${attId}`);
    expect(row(del)).toMatchObject({ code: 'SUCCESS', details: { id: attId } });
    expect((await crm.get(`/crm/v8/Leads/${lead}/Attachments`)).status).toBe(204);
  });

  it('an upload without a file is REQUIRED_PARAM_MISSING', async () => {
    const lead = await create('Leads', { Last_Name: 'NoFile' });
    const r = await crm.post(`/crm/v8/Leads/${lead}/Attachments`, {
      rawBody: 'x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(r.json['code']).toBe('REQUIRED_PARAM_MISSING');
  });
});

describe('notes', () => {
  it('creates notes on a record and through /Notes, lists them, updates and deletes', async () => {
    const lead = await create('Leads', { Last_Name: 'Noted' });
    const onRecord = await crm.post(`/crm/v8/Leads/${lead}/Notes`, {
      body: { data: [{ Note_Title: 'Call', Note_Content: 'Called twice' }] },
    });
    expect(onRecord.status).toBe(201);
    const global = await crm.post('/crm/v8/Notes', {
      body: {
        data: [
          { Note_Content: 'Second', Parent_Id: { module: { api_name: 'Leads' }, id: lead } },
          { Note_Title: 'no content' },
        ],
      },
    });
    expect(global.status).toBe(207);
    expect(row(global, 1)).toMatchObject({
      code: 'MANDATORY_NOT_FOUND',
      details: { api_name: 'Note_Content' },
    });
    const list = await crm.get(`/crm/v8/Leads/${lead}/Notes`, {
      query: { fields: 'Note_Title,Note_Content,Parent_Id' },
    });
    expect(rows(list).map((x) => x['Note_Content'])).toEqual(['Called twice', 'Second']);
    expect(row(list)['Parent_Id']).toMatchObject({
      module: { api_name: 'Leads' },
      id: lead,
      name: 'Noted',
    });
    expect((await crm.get('/crm/v8/Notes')).json['code']).toBe('REQUIRED_PARAM_MISSING');
    const noteId = String(row(list)['id']);
    const upd = await crm.put('/crm/v8/Notes', {
      body: { data: [{ id: noteId, Note_Content: 'Called three times' }] },
    });
    expect(row(upd)).toMatchObject({ code: 'SUCCESS', message: 'record updated' });
    const del = await crm.del('/crm/v8/Notes', { query: { ids: noteId } });
    expect(row(del)).toMatchObject({ code: 'SUCCESS', details: { id: noteId } });
    expect(
      rows(await crm.get(`/crm/v8/Leads/${lead}/Notes`, { query: { fields: 'Note_Content' } })).map(
        (x) => x['Note_Content'],
      ),
    ).toEqual(['Second']);
  });
});

describe('tags', () => {
  it('creates tags in settings, adds them to records (Tag field), removes them', async () => {
    const created = await crm.post('/crm/v8/settings/tags', {
      query: { module: 'Leads' },
      body: { tags: [{ name: 'VIP', color_code: '#F48435' }, { name: 'vip' }] },
    });
    expect(rows(created, 'tags').map((x) => x['code'])).toEqual(['SUCCESS', 'DUPLICATE_DATA']);
    const listed = await crm.get('/crm/v8/settings/tags', { query: { module: 'Leads' } });
    expect(rows(listed, 'tags').map((x) => x['name'])).toEqual(['VIP']);
    expect((await crm.get('/crm/v8/settings/tags')).json['code']).toBe('REQUIRED_PARAM_MISSING');
    const a = await create('Leads', { Last_Name: 'Tagged' });
    const add = await crm.post('/crm/v8/Leads/actions/add_tags', {
      body: { tags: [{ name: 'VIP' }, { name: 'Hot' }], ids: [a, '5843100000000000000'] },
    });
    expect(add.status).toBe(207);
    expect(row(add)).toMatchObject({
      code: 'SUCCESS',
      message: 'tags updated successfully',
      details: { id: a },
    });
    expect(
      (row(await crm.get(`/crm/v8/Leads/${a}`))['Tag'] as { name: string }[]).map((t) => t.name),
    ).toEqual(['VIP', 'Hot']);
    await crm.post('/crm/v8/Leads/actions/remove_tags', {
      body: { tags: [{ name: 'VIP' }], ids: [a] },
    });
    expect(
      (row(await crm.get(`/crm/v8/Leads/${a}`))['Tag'] as { name: string }[]).map((t) => t.name),
    ).toEqual(['Hot']);
    expect(
      rows(await crm.get('/crm/v8/settings/tags', { query: { module: 'Leads' } }), 'tags')
        .map((x) => x['name'])
        .sort(),
    ).toEqual(['Hot', 'VIP']);
  });
});
