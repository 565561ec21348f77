/**
 * Errors a user can act on (issue #18, "Messages"): the text a user reads, for a gateway's HTML page, a 400
 * LIMIT_EXCEEDED, and a wrong client secret on a multi-record write.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeInChunks } from '../../templates/runtime/batching.ts';
import { ZohoCore } from '../../templates/runtime/core.ts';
import {
  AuthError,
  InvalidClientError,
  RateLimitError,
  ScopeError,
  ServerError,
  ValidationError,
  ZohoApiError,
} from '../../templates/runtime/errors.ts';
import { ModuleResource } from '../../templates/runtime/module-resource.ts';
import { startEmulator, type Emulator } from '../../emulator/index.ts';
import { json, startFakeZoho, type FakeZoho } from './helpers/fake-zoho.ts';

const GATEWAY_PAGE = `<!DOCTYPE html>
<html><head><title>503 Service Temporarily Unavailable</title>
<style>body { font-family: sans-serif }</style></head>
<body><center><h1>503 Service Temporarily Unavailable</h1></center>
<hr><center>nginx</center>
${'<!-- padding to make the page long -->\n'.repeat(200)}</body></html>`;

describe('messages for answers that are not what they seem', () => {
  let fake: FakeZoho;
  let core: ZohoCore;
  beforeEach(async () => {
    fake = await startFakeZoho();
    core = new ZohoCore({
      auth: { accessToken: '1000.fixed.token' },
      apiDomain: fake.url,
      maxRetries: 0,
    });
  });
  afterEach(async () => {
    await core.close();
    await fake.close();
  });
  const listLeads = () =>
    core
      .request({ method: 'GET', path: '/crm/v8/Leads', operation: 'listRecords' })
      .catch((e: unknown) => e);

  it("a gateway's HTML 503 names the status, says it was not Zoho's JSON, and keeps one short line", async () => {
    fake.handler = (_req, res) => {
      res.writeHead(503, { 'content-type': 'text/html' });
      res.end(GATEWAY_PAGE);
    };
    const err = (await listLeads()) as ZohoApiError;
    expect(err).toBeInstanceOf(ServerError);
    expect(err.status).toBe(503);
    expect(err.code).toBe('NON_JSON_RESPONSE');
    expect(err.message).toBe(
      `listRecords (HTTP 503): NON_JSON_RESPONSE: the answer was an HTML page, not Zoho's JSON — likely from a proxy, load balancer or gateway in front of Zoho's API: "503 Service Temporarily Unavailable" — not retried (maxRetries is 0)`,
    );
    expect(err.message).not.toMatch(/[<>\n]/);
    expect(err.body).toBeUndefined();
  });

  it('a plain-text 502 keeps at most 80 characters of it, on one line', async () => {
    fake.handler = (_req, res) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`upstream connect error or disconnect/reset before headers.\r\n${'x'.repeat(500)}`);
    };
    const err = (await listLeads()) as ZohoApiError;
    expect(err).toBeInstanceOf(ServerError);
    const excerpt = /"(.*)"/.exec(err.message)?.[1] ?? '';
    expect(excerpt.startsWith('upstream connect error or disconnect/reset before headers. x')).toBe(
      true,
    );
    expect(excerpt.length).toBeLessThanOrEqual(80);
    expect(err.message).toContain("the answer was plain text, not Zoho's JSON");
    expect(err.message).not.toContain('\n');
  });

  it('LIMIT_EXCEEDED with HTTP 400 (more than 50 fields) is a ValidationError, not retried', async () => {
    fake.handler = (_req, res) =>
      json(res, 400, {
        code: 'LIMIT_EXCEEDED',
        details: { api_name: 'fields', limit: 50 },
        message: 'the limit has been exceeded',
        status: 'error',
      });
    core = new ZohoCore({ auth: { accessToken: '1000.fixed.token' }, apiDomain: fake.url });
    const err = (await listLeads()) as ZohoApiError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).not.toBeInstanceOf(RateLimitError);
    expect(err.message).toBe('listRecords (HTTP 400): LIMIT_EXCEEDED: the limit has been exceeded');
    expect(err.details).toEqual({ api_name: 'fields', limit: 50 });
    expect(fake.requests).toHaveLength(1);
  });

  it.each([
    { status: 429, code: 'TOO_MANY_REQUESTS', cls: RateLimitError },
    { status: 429, code: 'LIMIT_EXCEEDED', cls: RateLimitError },
    { status: 400, code: 'LIMIT_EXCEEDED', cls: ValidationError },
    { status: 400, code: 'TOO_MANY_REQUESTS', cls: ValidationError },
    { status: 401, code: 'OAUTH_SCOPE_MISMATCH', cls: ScopeError },
    { status: 401, code: 'AUTHENTICATION_FAILURE', cls: AuthError },
    { status: 500, code: 'LIMIT_EXCEEDED', cls: ServerError },
  ])(
    'HTTP $status with $code is a $cls.name (status and code together)',
    ({ status, code, cls }) => {
      const err = ZohoApiError.from(
        status,
        { code, details: {}, message: 'm', status: 'error' },
        'op',
      );
      expect(err.constructor).toBe(cls);
    },
  );
});

describe('a refused credential rejects a multi-record write as a whole', () => {
  let emu: Emulator;
  const snapshot = fileURLToPath(
    new URL('../../emulator/fixtures/mini-snapshot.json', import.meta.url),
  );
  beforeAll(async () => {
    emu = await startEmulator({ snapshot });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('create with a wrong client secret throws InvalidClientError instead of 250 per-record failures', async () => {
    const core = new ZohoCore({
      auth: { ...emu.credentials, clientSecret: 'not-the-secret-0123456789' },
      apiDomain: emu.url,
      accountsUrl: emu.url,
    });
    try {
      const records = Array.from({ length: 250 }, (_, i) => ({ Last_Name: `Smith ${i}` }));
      const err = await new ModuleResource(core, 'Leads').create(records).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidClientError);
      expect((err as Error).message).toBe(
        'getToken (HTTP 200): invalid_client_secret: invalid_client_secret — the client id or client secret is wrong, or the client is registered in another data center: check them in the Zoho API console and `dataCenter`',
      );
      expect((err as Error).message).not.toContain('not-the-secret');
      expect(emu.log.count('createRecords')).toBe(0);
      expect(
        emu.store.records('Leads').filter((r) => /^Smith /.test(String(r['Last_Name']))),
      ).toEqual([]);
    } finally {
      await core.close();
    }
  });
});

describe('writeInChunks: call-level failures reject, record-level ones stay per record', () => {
  const records = Array.from({ length: 450 }, (_, i) => ({ Last_Name: `L${i}` }));

  it('an AuthError on the first chunk rejects the call and sends no further chunk', async () => {
    let sent = 0;
    const auth = ZohoApiError.from(
      401,
      { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' },
      'createRecords',
    );
    const err = await writeInChunks(
      records,
      () => {
        sent++;
        return Promise.reject(auth);
      },
      { parallel: 1 },
    ).catch((e: unknown) => e);
    expect(err).toBe(auth);
    expect(sent).toBe(1);
  });

  it('a 403 NO_PERMISSION for the whole call rejects it too', async () => {
    const denied = ZohoApiError.from(
      403,
      { code: 'NO_PERMISSION', details: {}, message: 'permission denied', status: 'error' },
      'createRecords',
    );
    await expect(writeInChunks(records, () => Promise.reject(denied))).rejects.toBe(denied);
  });

  it('a 400 for one chunk is still one failure per record of that chunk', async () => {
    const results = await writeInChunks(records, (chunk, offset) =>
      offset === 100
        ? Promise.reject(
            ZohoApiError.from(400, { code: 'INVALID_DATA', message: 'invalid data' }, 'op'),
          )
        : Promise.resolve({
            data: chunk.map((_, i) => ({
              code: 'SUCCESS',
              status: 'success',
              message: 'record added',
              details: { id: String(offset + i) },
            })),
          }),
    );
    expect(results.filter((r) => !r.ok).map((r) => r.index)).toEqual(
      Array.from({ length: 100 }, (_, i) => 100 + i),
    );
  });
});
