/**
 * The bulk-write upload against the emulator, as Zoho's v8 "Upload File" page has it: the runtime sends the
 * file to the upload host with `feature: bulk-write` and `X-CRM-ORG: <zgid>` (fetched once from GET
 * /crm/v8/org), and the emulator refuses what Zoho refuses — a wrong or missing header, the org's `id` in
 * place of its zgid, a token without ZohoFiles.files.ALL, a file over 25 MB, a zip of two CSVs.
 */
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZohoCore } from '../../templates/runtime/core.ts';
import { ScopeError, ValidationError } from '../../templates/runtime/errors.ts';
import { BulkResource } from '../../templates/runtime/resources/bulk.ts';
import type { Emulator } from '../../emulator/index.ts';
import { ORG_ID, ZGID } from '../../emulator/org.ts';
import { DEFAULT_SCOPES } from '../../emulator/scopes.ts';
import { accessToken, call, expectResponsesMatchSpec, start, type Reply } from './helpers.ts';

const leadsZip = zipSync({
  'Leads.csv': strToU8('Last_Name,Email\r\nUpload1,upload1@w.example\r\n'),
});

let emu: Emulator;
const cores: ZohoCore[] = [];
function client(on: Emulator, urls: string[] = []): ZohoCore {
  const core = new ZohoCore({
    auth: on.credentials,
    apiDomain: on.url,
    accountsUrl: on.url,
    hooks: { onRequest: (e) => urls.push(`${e.method} ${e.url}`) },
  });
  cores.push(core);
  return core;
}

beforeAll(async () => {
  emu = await start();
});
afterAll(async () => {
  await Promise.all(cores.map((c) => c.close()));
  await emu.close();
  expectResponsesMatchSpec();
});

/** A raw multipart upload, to send what the runtime never would. */
async function rawUpload(
  token: string,
  zip: Uint8Array,
  headers: Record<string, string>,
): Promise<Reply> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(zip)], { type: 'application/zip' }), 'f.zip');
  const encoded = new Response(form);
  return call(emu, token, 'POST', '/crm/v8/upload', {
    rawBody: new Uint8Array(await encoded.arrayBuffer()),
    headers: { 'content-type': encoded.headers.get('content-type') ?? '', ...headers },
  });
}

describe('the runtime uploads as Zoho documents it', () => {
  it('fetches the zgid once from GET /crm/v8/org and sends it as X-CRM-ORG; the emulator accepts the file', async () => {
    const urls: string[] = [];
    const bulk = new BulkResource(client(emu, urls));
    emu.log.clear();
    const first = await bulk.uploadWriteFile(leadsZip, { fileName: 'leads.zip' });
    const second = await bulk.uploadWriteFile(leadsZip);
    expect(first).toMatch(/^\d+$/);
    expect(second).not.toBe(first);
    expect(emu.log.count('getOrg')).toBe(1);
    expect(emu.log.count('uploadBulkWriteFile')).toBe(2);
    // apiDomain is a loopback stand-in for Zoho, so it takes the uploads too (no contentDomain given).
    expect(urls).toEqual([
      `GET ${emu.url}/crm/v8/org`,
      `POST ${emu.url}/crm/v8/upload`,
      `POST ${emu.url}/crm/v8/upload`,
    ]);
  });

  it("the org's id is not its zgid: the emulator refuses it as Zoho does", async () => {
    const err = await new BulkResource(client(emu))
      .uploadWriteFile(leadsZip, { zgid: ORG_ID })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toBe(
      'uploadBulkWriteFile (HTTP 400): INVALID_DATA: invalid data',
    );
    expect((err as ValidationError).details).toEqual({ param_name: 'X-CRM-ORG' });
  });

  it('a token without ZohoFiles.files.ALL is refused with OAUTH_SCOPE_MISMATCH (a ScopeError)', async () => {
    const noFiles = await start({
      scopes: DEFAULT_SCOPES.filter((s) => !s.startsWith('ZohoFiles')),
    });
    try {
      const err = await new BulkResource(client(noFiles))
        .uploadWriteFile(leadsZip, { zgid: ZGID })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ScopeError);
      expect((err as ScopeError).status).toBe(401);
    } finally {
      await noFiles.close();
    }
  });
});

describe("the emulator's upload route checks what Zoho checks", () => {
  let token: string;
  beforeAll(async () => {
    token = await accessToken(emu);
  });
  const good = () => ({ feature: 'bulk-write', 'X-CRM-ORG': ZGID });

  it.each<{ missing: string; headers: Record<string, string> }>([
    { missing: 'X-CRM-ORG', headers: { feature: 'bulk-write' } },
    { missing: 'feature', headers: { 'X-CRM-ORG': ZGID } },
  ])('without $missing: 400 REQUIRED_PARAM_MISSING naming it', async ({ missing, headers }) => {
    const r = await rawUpload(token, leadsZip, headers);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({
      code: 'REQUIRED_PARAM_MISSING',
      details: { param_name: missing },
    });
  });

  it('a file over 25 MB: 413 FILE_TOO_LARGE, and the emulator keeps serving', async () => {
    const big = zipSync(
      { 'Leads.csv': crypto.getRandomValues(new Uint8Array(65536)) },
      { level: 0 },
    );
    const padded = new Uint8Array(25 * 1024 * 1024 + 1);
    padded.set(big);
    const r = await rawUpload(token, padded, good());
    expect(r.status).toBe(413);
    expect(r.json).toMatchObject({ code: 'FILE_TOO_LARGE', status: 'error' });
    expect((await rawUpload(token, leadsZip, good())).status).toBe(200);
  });

  it('two CSVs in one zip: 400 INVALID_FILE_FORMAT', async () => {
    const two = zipSync({
      'a.csv': strToU8('Last_Name\r\nA\r\n'),
      'b.csv': strToU8('Last_Name\r\nB\r\n'),
    });
    const r = await rawUpload(token, two, good());
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ code: 'INVALID_FILE_FORMAT' });
  });

  it('a file that is not a zip: 400 INVALID_FILE_FORMAT', async () => {
    const r = await rawUpload(token, strToU8('Last_Name\r\nA\r\n'), good());
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({
      code: 'INVALID_FILE_FORMAT',
      message: 'invalid file format. only zip format is supported',
    });
  });
});
