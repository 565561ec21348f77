/**
 * The emulator's file routes, raw HTTP (every response checked against spec/): the Files API stores files
 * and sends them back byte-identical, with Zoho's limits and errors; file upload fields take its ids; an
 * attachment is a file or a link, never both. Then the streaming pieces on their own: the multipart reader
 * fed a byte at a time, and the blob store's cleanup.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BlobStore, BlobTooLargeError } from '../../emulator/file-blobs.ts';
import { forEachPart, partText } from '../../emulator/multipart.ts';
import { FILES_MAX_BYTES } from '../../templates/runtime/file-limits.ts';
import { DEMO_SNAPSHOT } from '../helpers/demo-client.ts';
import { call, row, rows, useEmulator, type Api, type Reply } from './helpers.ts';
import type { Emulator } from '../../emulator/index.ts';

let emu: Emulator;
let token: string;
let crm: Api;
useEmulator({ snapshot: DEMO_SNAPSHOT, records: 2 }, (s) => ({ emu, token, crm } = s));

/** A multipart body encoded by the platform's own FormData encoder (not the runtime's). */
async function form(
  parts: [name: string, value: string | File][],
): Promise<{ body: Uint8Array; type: string }> {
  const fd = new FormData();
  for (const [name, value] of parts) fd.append(name, value);
  const res = new Response(fd);
  return { body: new Uint8Array(await res.arrayBuffer()), type: res.headers.get('content-type')! };
}

async function post(
  path: string,
  parts: [string, string | File][],
  query?: Record<string, string>,
): Promise<Reply> {
  const f = await form(parts);
  return call(emu, token, 'POST', path, {
    rawBody: f.body,
    headers: { 'content-type': f.type },
    ...(query ? { query } : {}),
  });
}

describe('Files API', () => {
  it('stores up to 10 files per call and gives each back byte-identical with its name', async () => {
    const a = randomBytes(50_000);
    const b = randomBytes(3);
    const up = await post('/crm/v8/files', [
      ['file', new File([a], 'a.bin')],
      ['file', new File([b], 'notes été.txt')],
    ]);
    expect(up.status).toBe(200);
    const results = rows(up);
    expect(
      results.map((r) => [r['code'], r['status'], (r['details'] as { name: string }).name]),
    ).toEqual([
      ['SUCCESS', 'success', 'a.bin'],
      ['SUCCESS', 'success', 'notes été.txt'],
    ]);
    const [ida, idb] = results.map((r) => (r['details'] as { id: string }).id);
    const got = await crm.get('/crm/v8/files', { query: { id: ida! } });
    expect(got.status).toBe(200);
    expect(Buffer.from(got.bytes).equals(a)).toBe(true);
    const gotB = await crm.get('/crm/v8/files', { query: { id: idb! } });
    expect(gotB.headers['content-disposition']).toBe(
      `attachment; filename="notes _t_.txt"; filename*=UTF-8''${encodeURIComponent('notes été.txt')}`,
    );
  });

  it('answers 204 for an unknown id and REQUIRED_PARAM_MISSING without one', async () => {
    expect((await crm.get('/crm/v8/files', { query: { id: 'nope' } })).status).toBe(204);
    const r = await crm.get('/crm/v8/files');
    expect([r.status, r.json['code']]).toEqual([400, 'REQUIRED_PARAM_MISSING']);
  });

  it('refuses an 11th file, a file over 20 MB, and a body without a file', async () => {
    const eleven = Array.from({ length: 11 }, (_, i): [string, File] => [
      'file',
      new File(['x'], `${i}.txt`),
    ]);
    const many = await post('/crm/v8/files', eleven);
    expect([many.status, many.json['code']]).toEqual([400, 'LIMIT_EXCEEDED']);
    const big = await post('/crm/v8/files', [
      ['file', new File([new Uint8Array(FILES_MAX_BYTES + 1)], 'big.bin')],
    ]);
    expect([big.status, big.json['code']]).toEqual([400, 'FILE_SIZE_MORE_THAN_ALLOWED_SIZE']);
    const none = await post('/crm/v8/files', [['title', 'no file']]);
    expect([none.status, none.json['code']]).toEqual([400, 'REQUIRED_PARAM_MISSING']);
  });

  it('a file upload field takes a Files API id, and refuses one the Files API never gave', async () => {
    const up = await post('/crm/v8/files', [['file', new File(['brief'], 'brief.pdf')]]);
    const id = (row(up)['details'] as { id: string }).id;
    const created = await crm.post('/crm/v8/Projects', {
      body: { data: [{ Name: 'P', Stage: 'Planned', Project_Brief: [{ file_id: id }] }] },
    });
    expect(created.status).toBe(201);
    const pid = (row(created)['details'] as { id: string }).id;
    const got = await crm.get(`/crm/v8/Projects/${pid}`, { query: { fields: 'Project_Brief' } });
    expect(row(got)['Project_Brief']).toEqual([
      expect.objectContaining({ File_Name__s: 'brief.pdf', File_Id__s: id, Size__s: '5' }),
    ]);
    const bad = await crm.put('/crm/v8/Projects', {
      body: { data: [{ id: pid, Project_Brief: [{ file_id: 'never-uploaded' }] }] },
    });
    expect(row(bad)).toMatchObject({
      code: 'INVALID_DATA',
      details: { api_name: 'Project_Brief', json_path: '$.data[0].Project_Brief[0].file_id' },
    });
  });
});

describe('notes, one at a time and by record', () => {
  it('gets, updates and deletes one note by id; a record updates only its own notes', async () => {
    const leads = rows(await crm.get('/crm/v8/Leads', { query: { fields: 'Last_Name' } }));
    const [a, b] = leads.map((l) => l['id'] as string);
    const made = await crm.post(`/crm/v8/Leads/${a}/Notes`, {
      body: { data: [{ Note_Title: 'T', Note_Content: 'one' }] },
    });
    const note = (row(made)['details'] as { id: string }).id;
    const got = await crm.get(`/crm/v8/Notes/${note}`, { query: { fields: 'Note_Content' } });
    expect(row(got)).toEqual({ id: note, Note_Content: 'one' });
    const put = await crm.put(`/crm/v8/Notes/${note}`, {
      body: { data: [{ Note_Content: 'two' }] },
    });
    expect(row(put)['code']).toBe('SUCCESS');
    const wrong = await crm.put(`/crm/v8/Leads/${b}/Notes`, {
      body: { data: [{ id: note, Note_Content: 'three' }] },
    });
    expect(row(wrong)).toMatchObject({ code: 'INVALID_DATA', details: { id: note } });
    const right = await crm.put(`/crm/v8/Leads/${a}/Notes`, {
      body: { data: [{ id: note, Note_Content: 'three' }] },
    });
    expect(row(right)['code']).toBe('SUCCESS');
    expect(row(await crm.get(`/crm/v8/Notes/${note}`))['Note_Content']).toBe('three');
    expect(row(await crm.del(`/crm/v8/Notes/${note}`))['code']).toBe('SUCCESS');
    expect((await crm.get(`/crm/v8/Notes/${note}`)).status).toBe(204);
  });
});

describe('attachments', () => {
  it('a file or a link per call, never both', async () => {
    const lead = row(await crm.get('/crm/v8/Leads', { query: { fields: 'Last_Name' } }))[
      'id'
    ] as string;
    const both = await post(`/crm/v8/Leads/${lead}/Attachments`, [
      ['file', new File(['x'], 'x.txt')],
      ['attachmentUrl', 'https://example.com/'],
    ]);
    expect([both.status, both.json['code']]).toEqual([400, 'INVALID_DATA']);
    const link = await post(`/crm/v8/Leads/${lead}/Attachments`, [
      ['attachmentUrl', 'https://example.com/a'],
    ]);
    expect(link.status).toBe(200);
    const att = (row(link)['details'] as { id: string }).id;
    // A link has no bytes to download.
    const down = await crm.get(`/crm/v8/Leads/${lead}/Attachments/${att}`);
    expect([down.status, down.json['message']]).toEqual([
      400,
      'the attachment is a link; it has no file to download',
    ]);
  });
});

describe('streaming pieces', () => {
  it('the multipart reader finds boundaries split across chunks, a byte at a time', async () => {
    const boundary = 'XyZ';
    const payload = Buffer.from('a\r\n--XyA\r\n--Xy then more');
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nhello\r\n`),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f.bin"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      payload,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const bytes = [...body].map((b) => Buffer.from([b]));
    const seen: [string, string | null, string, string][] = [];
    await forEachPart(Readable.from(bytes), boundary, async (p) => {
      seen.push([p.name, p.filename, p.contentType, await partText(p.data)]);
    });
    expect(seen).toEqual([
      ['title', null, 'application/octet-stream', 'hello'],
      ['file', 'f.bin', 'image/png', payload.toString()],
    ]);
  });

  it('the blob store refuses past its limit, leaving nothing, and removes its folder on close', async () => {
    const store = new BlobStore();
    const kept = await store.write(Readable.from([Buffer.from('abc')]), 10);
    expect(kept.size).toBe(3);
    await expect(
      store.write(Readable.from([Buffer.alloc(8), Buffer.alloc(8)]), 10),
    ).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(existsSync(kept.path)).toBe(true);
    await store.close();
    expect(existsSync(kept.path)).toBe(false);
  });
});
