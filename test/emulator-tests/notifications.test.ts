import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/index.ts';
import {
  type Api,
  obj,
  row,
  rows,
  useEmulator,
} from './helpers.ts';

let emu: Emulator;
let crm: Api;
let sink: Server;
let sinkUrl: string;
const received: Record<string, unknown>[] = [];

useEmulator({}, (s) => ({ emu, crm } = s));
beforeAll(async () => {
  sink = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(obj(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', () => r()));
  sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/zoho-callback`;
});
afterAll(async () => {
  await new Promise<void>((r) => sink.close(() => r()));
});

describe('notification channels', () => {
  it("enable → callbacks with Zoho's body and the channel token on create / edit / delete", async () => {
    const en = await crm.post('/crm/v8/actions/watch', {
      body: {
        watch: [
          {
            channel_id: 1000000068001,
            events: ['Leads.all'],
            token: 'chan-secret',
            notify_url: sinkUrl,
          },
        ],
      },
    });
    expect(en.status).toBe(200);
    expect(row(en, 0, 'watch')).toMatchObject({
      code: 'SUCCESS',
      status: 'success',
      details: { events: [{ resource_name: 'Leads', channel_id: '1000000068001' }] },
    });
    const c = await crm.post('/crm/v8/Leads', { body: { data: [{ Last_Name: 'Watched' }] } });
    const id = String(obj(row(c)['details'])['id']);
    await crm.put(`/crm/v8/Leads/${id}`, { body: { data: [{ First_Name: 'Still' }] } });
    await crm.del(`/crm/v8/Leads/${id}`);
    await emu.notificationsSettled();
    expect(received.map((b) => b['operation'])).toEqual(['insert', 'update', 'delete']);
    expect(received[0]).toMatchObject({
      module: 'Leads',
      ids: [id],
      channel_id: 1000000068001,
      token: 'chan-secret',
      resource_uri: `${emu.url}/crm/v8/Leads`,
    });
    expect(received[1]?.['affected_fields']).toEqual([{ [id]: ['First_Name'] }]);
  });

  it('lists, replaces (PUT), patches (PATCH) and disables channels; other modules do not notify', async () => {
    const list = await crm.get('/crm/v8/actions/watch');
    expect(rows(list, 'watch').map((w) => w['channel_id'])).toEqual(['1000000068001']);
    const patch = await crm.patch('/crm/v8/actions/watch', {
      body: { watch: [{ channel_id: 1000000068001, events: ['Contacts.create'] }] },
    });
    expect(row(patch, 0, 'watch')['code']).toBe('SUCCESS');
    expect(row(await crm.get('/crm/v8/actions/watch'), 0, 'watch')['events']).toEqual([
      'Leads.all',
      'Contacts.create',
    ]);
    await crm.patch('/crm/v8/actions/watch', {
      body: {
        watch: [{ channel_id: 1000000068001, events: ['Contacts.create'], _delete_events: true }],
      },
    });
    expect(row(await crm.get('/crm/v8/actions/watch'), 0, 'watch')['events']).toEqual([
      'Leads.all',
    ]);
    const put = await crm.put('/crm/v8/actions/watch', {
      body: {
        watch: [
          {
            channel_id: 1000000068001,
            events: ['Contacts.create'],
            notify_url: sinkUrl,
            token: 'chan-secret',
          },
        ],
      },
    });
    expect(row(put, 0, 'watch')['code']).toBe('SUCCESS');
    received.length = 0;
    await crm.post('/crm/v8/Leads', { body: { data: [{ Last_Name: 'Quiet' }] } });
    await crm.post('/crm/v8/Contacts', { body: { data: [{ Last_Name: 'Loud' }] } });
    await emu.notificationsSettled();
    expect(received.map((b) => b['module'])).toEqual(['Contacts']);
    const off = await crm.del('/crm/v8/actions/watch', { query: { channel_ids: '1000000068001' } });
    expect(row(off, 0, 'watch')['code']).toBe('SUCCESS');
    expect((await crm.get('/crm/v8/actions/watch')).status).toBe(204);
  });

  it('refuses a non-loopback notify_url and missing events', async () => {
    const r = await crm.post('/crm/v8/actions/watch', {
      body: {
        watch: [{ channel_id: 1, events: ['Leads.all'], notify_url: 'https://example.com/hook' }],
      },
    });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({
      code: 'INVALID_DATA',
      details: { api_name: 'notify_url' },
      status: 'error',
    });
    const noEvents = await crm.post('/crm/v8/actions/watch', {
      body: { watch: [{ channel_id: 2, notify_url: sinkUrl }] },
    });
    expect(noEvents.json).toMatchObject({
      code: 'MANDATORY_NOT_FOUND',
      details: { api_name: 'events' },
    });
    const mixed = await crm.post('/crm/v8/actions/watch', {
      body: {
        watch: [
          { channel_id: 3, events: ['Leads.create'], notify_url: sinkUrl },
          { channel_id: 4, events: ['Nope.all'], notify_url: sinkUrl },
        ],
      },
    });
    expect(mixed.status).toBe(207);
    expect(rows(mixed, 'watch').map((w) => w['code'])).toEqual(['SUCCESS', 'INVALID_DATA']);
  });
});
