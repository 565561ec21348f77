/**
 * Zoho's size limits on bulk-write uploads, enforced by the emulator (issue #15, item 6): a zip bomb (a
 * few hundred KB inflating to 300 MB) and a zip over 25 MB are refused with Zoho's FILE_TOO_LARGE (HTTP
 * 413) — without the emulator inflating the bomb — and the emulator keeps serving.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import type { Emulator } from '../../emulator/index.ts';
import { ZGID } from '../../emulator/org.ts';
import { bigZip, sameByte } from '../helpers/big-zip.ts';
import { accessToken, api, rows, start, type Api } from './helpers.ts';

let emu: Emulator;
let crm: Api;
let token: string;
beforeAll(async () => {
  emu = await start({ records: 5, seed: 1 });
  token = await accessToken(emu);
  crm = api(emu, token);
});
afterAll(async () => {
  await emu.close();
});

async function upload(zip: Uint8Array): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new FormData();
  form.append('file', new Blob([zip]), 'records.zip');
  const res = await fetch(`${emu.url}/crm/v8/upload`, {
    method: 'POST',
    headers: {
      authorization: `Zoho-oauthtoken ${token}`,
      feature: 'bulk-write',
      'X-CRM-ORG': ZGID,
    },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('bulk-write upload limits', () => {
  it('a zip bomb (300 MB inside) answers FILE_TOO_LARGE, and the emulator keeps serving', async () => {
    const bomb = await bigZip('leads.csv', sameByte(300), 9);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const held = (): number => {
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const before = held();
    const r = await upload(bomb);
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({
      code: 'FILE_TOO_LARGE',
      message: 'The file size is too large to process',
      status: 'error',
    });
    // Not inflated to its end: far less than 300 MB was ever held (the cap is 25 MB).
    expect(held() - before).toBeLessThan(150 * 1024 * 1024);
    const after = await crm.get('/crm/v8/Leads', { query: { fields: 'Last_Name' } });
    expect(after.status).toBe(200);
    expect(rows(after).length).toBeGreaterThan(0);
  });

  it('a zip itself over 25 MB answers FILE_TOO_LARGE', async () => {
    const zip = zipSync({ 'leads.csv': [randomBytes(26 * 1024 * 1024), { level: 0 }] });
    const r = await upload(zip);
    expect(r.status).toBe(413);
    expect(r.body['code']).toBe('FILE_TOO_LARGE');
  });

  it('a file under the limit is still accepted', async () => {
    const r = await upload(zipSync({ 'leads.csv': strToU8('Last_Name\r\nSmall\r\n') }));
    expect(r.status).toBe(200);
    expect(r.body['code']).toBe('FILE_UPLOAD_SUCCESS');
  });
});
