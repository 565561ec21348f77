import { beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../../generator/openapi/load-spec.ts';
import type { OpenApiDocument, ServerObject } from '../../generator/openapi/openapi-types.ts';
import {
  DATA_CENTERS as RUNTIME_DATA_CENTERS,
  type DataCenter,
} from '../../templates/runtime/data-centers.ts';

/** Zoho's data centers and their hosts (Zoho "Multi DC" page; ca's accounts host is zohocloud.ca). */
const DATA_CENTERS = [
  { dc: 'us', api: 'https://www.zohoapis.com', accounts: 'https://accounts.zoho.com' },
  { dc: 'eu', api: 'https://www.zohoapis.eu', accounts: 'https://accounts.zoho.eu' },
  { dc: 'in', api: 'https://www.zohoapis.in', accounts: 'https://accounts.zoho.in' },
  { dc: 'au', api: 'https://www.zohoapis.com.au', accounts: 'https://accounts.zoho.com.au' },
  { dc: 'jp', api: 'https://www.zohoapis.jp', accounts: 'https://accounts.zoho.jp' },
  { dc: 'ca', api: 'https://www.zohoapis.ca', accounts: 'https://accounts.zohocloud.ca' },
  { dc: 'cn', api: 'https://www.zohoapis.com.cn', accounts: 'https://accounts.zoho.com.cn' },
  { dc: 'sa', api: 'https://www.zohoapis.sa', accounts: 'https://accounts.zoho.sa' },
];

let doc: OpenApiDocument;
beforeAll(async () => {
  doc = await loadSpec();
});

const urls = (servers: ServerObject[] | undefined) => (servers ?? []).map((s) => s.url);

describe('servers cover all 8 data centers', () => {
  it.each(DATA_CENTERS)('$dc: API host at the root', ({ dc, api }) => {
    expect(urls(doc.servers)).toContain(api);
    expect(doc.servers?.find((s) => s.url === api)?.description).toMatch(new RegExp(`^${dc}\\b`));
  });

  it.each(DATA_CENTERS)('$dc: accounts host on every OAuth operation', ({ accounts }) => {
    expect(urls(doc.paths['/oauth/v2/token']?.post?.servers)).toContain(accounts);
    expect(urls(doc.paths['/oauth/v2/token/revoke']?.post?.servers)).toContain(accounts);
  });

  it.each(DATA_CENTERS)(
    "$dc: the runtime's upload hosts, and only Zoho's upload hosts, on the bulk-write upload",
    ({ dc }) => {
      const hosts = RUNTIME_DATA_CENTERS[dc as DataCenter];
      const upload = urls(doc.paths['/crm/v8/upload']?.post?.servers);
      expect(upload).toContain(hosts.uploadDomain);
      if (hosts.acceleratedUploadDomain !== undefined)
        expect(upload).toContain(hosts.acceleratedUploadDomain);
      // v8 "Upload File": upload.zoho.com for every DC, upload-accl.zoho.{com,eu,in} for speed.
      for (const url of upload)
        expect(url).toMatch(/^https:\/\/upload(-accl)?\.zoho\.(com|eu|in)$/);
    },
  );

  it('lists exactly the 8 API hosts at the root', () => {
    expect(urls(doc.servers).sort()).toEqual(DATA_CENTERS.map((d) => d.api).sort());
  });
});
