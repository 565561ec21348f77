/**
 * Bulk-write uploads follow Zoho's v8 "Upload File" page: the upload host (upload.zoho.com for every DC,
 * upload-accl.zoho.{com,eu,in} on request), the `feature` and `X-CRM-ORG: <zgid>` headers, and the file rules
 * checked before anything is sent.
 */
import { strToU8, zipSync } from 'fflate';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BULK_WRITE_MAX_BYTES,
  checkBulkWriteZip,
} from '../../templates/runtime/bulk-write-file.ts';
import { ZohoCore } from '../../templates/runtime/core.ts';
import { uploadOrigin } from '../../templates/runtime/data-centers.ts';
import { ValidationError } from '../../templates/runtime/errors.ts';
import { BulkResource } from '../../templates/runtime/resources/bulk.ts';

const oneCsv = zipSync({ 'Leads.csv': strToU8('Last_Name\r\nSmith\r\n') });

describe('checkBulkWriteZip', () => {
  const big = new Uint8Array(BULK_WRITE_MAX_BYTES + 1);
  it.each([
    { name: 'one CSV', zip: oneCsv, parentChild: false, want: undefined },
    {
      name: 'a parent and a subform CSV, declared',
      zip: zipSync({ 'Contacts.csv': strToU8('a'), 'Contacts_Sub.csv': strToU8('b') }),
      parentChild: true,
      want: undefined,
    },
    {
      name: 'two CSVs for a plain module',
      zip: zipSync({ 'a.csv': strToU8('a'), 'b.csv': strToU8('b') }),
      parentChild: false,
      want: {
        code: 'INVALID_FILE_FORMAT',
        message:
          'the zip holds 2 CSV files ("a.csv", "b.csv"); Zoho takes exactly one CSV per zip for a module without subforms — upload one zip per CSV, or pass { parentChild: true } when they are a parent module\'s CSV with its subform or multi-select lookup modules\' CSVs',
      },
    },
    {
      name: 'a CSV file that was not zipped',
      zip: strToU8('Last_Name\r\nSmith\r\n'),
      parentChild: false,
      want: {
        code: 'INVALID_FILE_FORMAT',
        message:
          'the file is not a zip archive (no zip directory at its end); Zoho takes the CSV compressed into a .zip',
      },
    },
    {
      name: 'a file that is not CSV',
      zip: zipSync({ 'Leads.csv': strToU8('a'), 'notes/readme.txt': strToU8('b') }),
      parentChild: true,
      want: {
        code: 'INVALID_FILE_FORMAT',
        message:
          'the zip holds "notes/readme.txt", which is not CSV; Zoho takes only .csv files in a bulk-write zip',
      },
    },
    {
      name: 'an empty zip',
      zip: zipSync({}),
      parentChild: false,
      want: { code: 'INVALID_FILE_FORMAT', message: 'the zip holds no .csv file' },
    },
    {
      name: 'a zip over 25 MB',
      zip: big,
      parentChild: false,
      want: {
        code: 'FILE_TOO_LARGE',
        message:
          'the zip is 25.0 MB; Zoho takes at most 25 MB per bulk-write upload — split the records into several files, one job each',
      },
    },
  ])('$name', ({ zip, parentChild, want }) => {
    expect(checkBulkWriteZip(zip, { parentChild })).toEqual(want);
  });

  it('a small zip whose CSV is over 25 MB once inflated is refused, naming the CSV', () => {
    const csv = new Uint8Array(26 * 1024 * 1024).fill(0x61);
    const zip = zipSync({ 'Deals.csv': csv });
    expect(zip.byteLength).toBeLessThan(1024 * 1024);
    expect(checkBulkWriteZip(zip)).toEqual({
      code: 'FILE_TOO_LARGE',
      message:
        '"Deals.csv" is 26.0 MB unzipped; Zoho takes CSV files of at most 25 MB — split the records into several files, one job each',
    });
  });
});

describe('the upload host', () => {
  it.each([
    { dc: 'us', contentDomain: undefined, api: undefined, want: 'https://upload.zoho.com' },
    { dc: 'au', contentDomain: undefined, api: undefined, want: 'https://upload.zoho.com' },
    // Zoho's own API host given as apiDomain does not take uploads.
    {
      dc: 'eu',
      contentDomain: undefined,
      api: 'https://www.zohoapis.eu',
      want: 'https://upload.zoho.com',
    },
    // A stand-in for Zoho (the emulator, a proxy) takes everything.
    {
      dc: 'us',
      contentDomain: undefined,
      api: 'http://127.0.0.1:4010',
      want: 'http://127.0.0.1:4010',
    },
    { dc: 'eu', contentDomain: 'accelerated', api: undefined, want: 'https://upload-accl.zoho.eu' },
    { dc: 'in', contentDomain: 'accelerated', api: undefined, want: 'https://upload-accl.zoho.in' },
    {
      dc: 'us',
      contentDomain: 'https://files.example.com/x',
      api: undefined,
      want: 'https://files.example.com',
    },
  ] as const)(
    '$dc, contentDomain $contentDomain, apiDomain $api → $want',
    ({ dc, contentDomain, api, want }) => {
      expect(uploadOrigin(dc, contentDomain, api)).toBe(want);
    },
  );

  it('refuses what cannot be honoured, saying why', () => {
    expect(() => uploadOrigin('au', 'accelerated', undefined)).toThrow(
      "ZohoCore: option `contentDomain: 'accelerated'`: Zoho has a faster upload host only for us, eu, in, not for dataCenter 'au'; leave contentDomain unset to upload to https://upload.zoho.com",
    );
    expect(() => uploadOrigin('us', 'http://10.1.2.3', undefined)).toThrow(/loopback/);
  });
});

describe('BulkResource.uploadWriteFile', () => {
  let agent: MockAgent | undefined;
  let core: ZohoCore | undefined;
  afterEach(async () => {
    await core?.close();
    await agent?.close();
  });

  it('by default posts to https://upload.zoho.com/crm/v8/upload with feature and the zgid read from GET /crm/v8/org', async () => {
    agent = new MockAgent();
    agent.disableNetConnect();
    const seen: { origin: string; path: string; headers: unknown }[] = [];
    agent
      .get('https://www.zohoapis.com')
      .intercept({ path: '/crm/v8/org', method: 'GET' })
      .reply(200, { org: [{ id: '5843200000000000001', zgid: '812345678' }] });
    agent
      .get('https://upload.zoho.com')
      .intercept({ path: '/crm/v8/upload', method: 'POST' })
      .reply<object>((req) => {
        seen.push({ origin: String(req.origin), path: req.path, headers: req.headers });
        return {
          statusCode: 200,
          data: { status: 'success', code: 'FILE_UPLOAD_SUCCESS', details: { file_id: '99' } },
        };
      })
      .times(2);
    core = new ZohoCore({ auth: { accessToken: '1000.fixed.token' }, dispatcher: agent });
    const bulk = new BulkResource(core);
    expect(await bulk.uploadWriteFile(oneCsv)).toBe('99');
    expect(await bulk.uploadWriteFile(oneCsv)).toBe('99'); // the zgid is cached: one GET /org in all
    expect(seen).toHaveLength(2);
    expect(seen[0]?.origin).toBe('https://upload.zoho.com');
    expect(seen[0]?.headers).toMatchObject({ feature: 'bulk-write', 'X-CRM-ORG': '812345678' });
    agent.assertNoPendingInterceptors();
  });

  it('an org answer without zgid says what to pass; the failed lookup is not kept', async () => {
    agent = new MockAgent();
    agent.disableNetConnect();
    const org = agent.get('https://www.zohoapis.com');
    org
      .intercept({ path: '/crm/v8/org', method: 'GET' })
      .reply(200, { org: [{ id: '5843200000000000001' }] });
    org
      .intercept({ path: '/crm/v8/org', method: 'GET' })
      .reply(200, { org: [{ id: '5843200000000000001', zgid: '812345678' }] });
    agent
      .get('https://upload.zoho.com')
      .intercept({ path: '/crm/v8/upload', method: 'POST' })
      .reply(200, { status: 'success', code: 'FILE_UPLOAD_SUCCESS', details: { file_id: '7' } });
    core = new ZohoCore({ auth: { accessToken: '1000.fixed.token' }, dispatcher: agent });
    const bulk = new BulkResource(core);
    const err = await bulk.uploadWriteFile(oneCsv).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      "getOrg: NO_ZGID: GET /crm/v8/org answered without the org's zgid, which bulk-write uploads send as X-CRM-ORG; pass { zgid } to uploadWriteFile",
    );
    expect(await bulk.uploadWriteFile(oneCsv)).toBe('7');
    agent.assertNoPendingInterceptors();
  });

  it('refuses a zip that breaks a rule before sending anything, naming the file', async () => {
    agent = new MockAgent();
    agent.disableNetConnect();
    core = new ZohoCore({ auth: { accessToken: '1000.fixed.token' }, dispatcher: agent });
    const two = zipSync({ 'a.csv': strToU8('a'), 'b.csv': strToU8('b') });
    const err = await new BulkResource(core)
      .uploadWriteFile(two, { fileName: 'leads-2026.zip' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).code).toBe('INVALID_FILE_FORMAT');
    expect((err as Error).message).toMatch(
      /^uploadBulkWriteFile: INVALID_FILE_FORMAT: leads-2026\.zip: the zip holds 2 CSV files \("a\.csv", "b\.csv"\)/,
    );
    // disableNetConnect + no interceptors: any request would have failed with a network error instead.
  });
});
