import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZohoCore, buildQuery, type ClientOptions } from '../../templates/runtime/core.ts';
import {
  AuthError,
  NetworkError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  RequestAbortedError,
  ScopeError,
  ServerError,
  TimeoutError,
  ValidationError,
  ZohoApiError,
} from '../../templates/runtime/errors.ts';
import type { RequestEvent, ResponseEvent, RetryEvent } from '../../templates/runtime/hooks.ts';
import { json, reset, startFakeZoho, type FakeZoho } from './helpers/fake-zoho.ts';

const TOKEN = '1000.fixedaccesstoken.0123456789abcdef';
let fake: FakeZoho;
let core: ZohoCore | undefined;

beforeEach(async () => {
  fake = await startFakeZoho();
});
afterEach(async () => {
  await core?.close();
  core = undefined;
  await fake.close();
});

function client(extra: Partial<ClientOptions> = {}): ZohoCore {
  core = new ZohoCore({
    auth: { accessToken: TOKEN },
    apiDomain: fake.url,
    retry: { baseDelayMs: 1, maxDelayMs: 20 },
    ...extra,
  });
  return core;
}

const leads = {
  data: [{ id: '4150868000000624001', Last_Name: 'Smith' }],
  info: { per_page: 200, count: 1, page: 1, more_records: false },
};

describe('ZohoCore.request', () => {
  it('sends the token, query and JSON body, and parses the JSON answer', async () => {
    fake.handler = (_req, res) => json(res, 200, leads);
    const got = await client().request<typeof leads>({
      method: 'GET',
      path: '/crm/v8/Leads',
      query: { fields: ['Last_Name', 'Email'], per_page: 200, x: undefined },
      operation: 'listRecords',
    });
    expect(got).toEqual(leads);
    const seen = fake.requests[0];
    expect(seen?.headers['authorization']).toBe(`Zoho-oauthtoken ${TOKEN}`);
    expect(seen?.url).toBe('/crm/v8/Leads?fields=Last_Name%2CEmail&per_page=200');

    fake.handler = (_req, res) =>
      json(res, 201, {
        data: [
          { code: 'SUCCESS', details: { id: '1' }, message: 'record added', status: 'success' },
        ],
      });
    await core?.request({
      method: 'POST',
      path: '/crm/v8/Leads',
      body: { data: [{ Last_Name: 'Ünïcode' }] },
      operation: 'createRecords',
    });
    expect(fake.requests[1]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(fake.requests[1]?.body ?? '')).toEqual({ data: [{ Last_Name: 'Ünïcode' }] });
  });

  it('resolves 204 to undefined', async () => {
    fake.handler = (_req, res) => {
      res.writeHead(204);
      res.end();
    };
    expect(
      await client().request({ method: 'GET', path: '/crm/v8/Leads', operation: 'listRecords' }),
    ).toBeUndefined();
  });

  it.each([
    {
      status: 400,
      body: {
        code: 'INVALID_DATA',
        details: { api_name: 'Email' },
        message: 'invalid data',
        status: 'error',
      },
      cls: ValidationError,
    },
    {
      status: 401,
      body: {
        code: 'OAUTH_SCOPE_MISMATCH',
        details: {},
        message: 'invalid oauth scope to access this URL',
        status: 'error',
      },
      cls: ScopeError,
    },
    {
      status: 403,
      body: {
        code: 'NO_PERMISSION',
        details: { permissions: ['Crm_Implied_Api_Access'] },
        message: 'permission denied',
        status: 'error',
      },
      cls: PermissionError,
    },
    {
      status: 404,
      body: {
        code: 'INVALID_URL_PATTERN',
        details: {},
        message: 'Please check if the URL trying to access is a correct one',
        status: 'error',
      },
      cls: NotFoundError,
    },
    {
      status: 500,
      body: {
        code: 'INTERNAL_ERROR',
        details: {},
        message: 'Internal Server Error',
        status: 'error',
      },
      cls: ServerError,
    },
  ])(
    'maps HTTP $status $body.code to $cls.name with code, details, status, operation',
    async ({ status, body, cls }) => {
      fake.handler = (_req, res) => json(res, status, body);
      const err = await client({ maxRetries: 0 })
        .request({ method: 'GET', path: '/crm/v8/Leads', operation: 'listRecords' })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(cls);
      expect(err).toMatchObject({
        status,
        code: body.code,
        details: body.details,
        operation: 'listRecords',
      });
    },
  );

  it('a fixed token refused with INVALID_TOKEN fails with AuthError without looping', async () => {
    fake.handler = (_req, res) =>
      json(res, 401, {
        code: 'INVALID_TOKEN',
        details: {},
        message: 'invalid oauth token',
        status: 'error',
      });
    await expect(
      client().request({ method: 'GET', path: '/crm/v8/Leads', operation: 'listRecords' }),
    ).rejects.toBeInstanceOf(AuthError);
    expect(fake.requests).toHaveLength(1);
  });

  it('waits out 429 with Retry-After, then succeeds', async () => {
    let n = 0;
    fake.handler = (_req, res) => {
      if (n++ < 2)
        json(
          res,
          429,
          { code: 'TOO_MANY_REQUESTS', details: {}, message: 'too many requests', status: 'error' },
          { 'retry-after': '0' },
        );
      else json(res, 200, leads);
    };
    const retries: RetryEvent[] = [];
    const got = await client({ hooks: { onRetry: (e) => retries.push(e) } }).request({
      method: 'POST',
      path: '/crm/v8/Leads',
      body: { data: [] },
      operation: 'createRecords',
    });
    expect(got).toEqual(leads);
    expect(fake.requests).toHaveLength(3);
    expect(retries.map((r) => r.status)).toEqual([429, 429]);
  });

  it('gives up on 429 after maxRetries with a RateLimitError carrying retryAfterMs', async () => {
    fake.handler = (_req, res) =>
      json(
        res,
        429,
        { code: 'TOO_MANY_REQUESTS', details: {}, message: 'too many', status: 'error' },
        { 'retry-after': '0' },
      );
    const err = await client({ maxRetries: 2 })
      .request({ method: 'GET', path: '/crm/v8/Leads', operation: 'listRecords' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).retryAfterMs).toBe(0);
    expect(fake.requests).toHaveLength(3);
  });

  it('retries a 500 on GET but not on a POST create', async () => {
    let n = 0;
    fake.handler = (_req, res) =>
      n++ === 0
        ? json(res, 500, { code: 'INTERNAL_ERROR', message: 'x', status: 'error' })
        : json(res, 200, leads);
    await expect(
      client().request({ method: 'GET', path: '/crm/v8/Leads', operation: 'listRecords' }),
    ).resolves.toEqual(leads);
    n = 0;
    fake.requests.length = 0;
    await expect(
      core?.request({
        method: 'POST',
        path: '/crm/v8/Leads',
        body: { data: [{}] },
        operation: 'createRecords',
      }),
    ).rejects.toBeInstanceOf(ServerError);
    expect(fake.requests).toHaveLength(1);
  });

  it('a connection reset after a POST create was sent is reported, not replayed', async () => {
    fake.handler = (_req, res) => reset(res);
    const err = await client()
      .request({
        method: 'POST',
        path: '/crm/v8/Leads',
        body: { data: [{ Last_Name: 'Once' }] },
        operation: 'createRecords',
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).mayHaveReachedServer).toBe(true);
    expect(fake.count('/crm/v8/Leads', 'POST')).toBe(1);
  });

  it('a connection reset on GET is replayed', async () => {
    let n = 0;
    fake.handler = (_req, res) => (n++ === 0 ? reset(res) : json(res, 200, leads));
    await expect(
      client().request({ method: 'GET', path: '/crm/v8/Leads', operation: 'listRecords' }),
    ).resolves.toEqual(leads);
    expect(fake.requests).toHaveLength(2);
  });

  it('a refused connection is retried even for a create (nothing was sent), then fails as NetworkError', async () => {
    const url = fake.url;
    await fake.close();
    const retries: RetryEvent[] = [];
    const c = new ZohoCore({
      auth: { accessToken: TOKEN },
      apiDomain: url,
      maxRetries: 2,
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
      hooks: { onRetry: (e) => retries.push(e) },
    });
    const err = await c
      .request({
        method: 'POST',
        path: '/crm/v8/Leads',
        body: { data: [] },
        operation: 'createRecords',
      })
      .catch((e: unknown) => e);
    await c.close();
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).mayHaveReachedServer).toBe(false);
    expect(retries).toHaveLength(2);
    fake = await startFakeZoho();
  });

  it('times out per attempt: a GET is retried, a POST create is not', async () => {
    fake.handler = () => {
      // never answers
    };
    const err = await client({ timeoutMs: 100, maxRetries: 1 })
      .request({ method: 'GET', path: '/crm/v8/Leads', operation: 'listRecords' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(fake.requests).toHaveLength(2);
    fake.requests.length = 0;
    const err2 = await core
      ?.request({
        method: 'POST',
        path: '/crm/v8/Leads',
        body: { data: [] },
        operation: 'createRecords',
      })
      .catch((e: unknown) => e);
    expect(err2).toBeInstanceOf(TimeoutError);
    expect((err2 as TimeoutError).mayHaveReachedServer).toBe(true);
    expect(fake.requests).toHaveLength(1);
  });

  it('a caller abort stops at once with an AbortError-named error and no retry', async () => {
    fake.handler = () => {
      // never answers
    };
    const ac = new AbortController();
    const p = client().request({
      method: 'GET',
      path: '/crm/v8/Leads',
      operation: 'listRecords',
      signal: ac.signal,
    });
    setTimeout(() => ac.abort(), 30);
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestAbortedError);
    expect((err as Error).name).toBe('AbortError');
    expect(fake.requests).toHaveLength(1);
  });

  it('holds calls to maxConcurrency, queueing the rest', async () => {
    let active = 0;
    let peak = 0;
    fake.handler = async (_req, res) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 15));
      active--;
      json(res, 200, leads);
    };
    const c = client({ maxConcurrency: 3 });
    await Promise.all(
      Array.from({ length: 12 }, () =>
        c.request({ method: 'GET', path: '/crm/v8/Leads', operation: 'listRecords' }),
      ),
    );
    expect(peak).toBe(3);
    expect(fake.requests).toHaveLength(12);
  });

  it('hooks see redacted headers and URLs only', async () => {
    fake.handler = (_req, res) => json(res, 200, leads);
    const lines: string[] = [];
    const c = client({
      hooks: {
        onRequest: (e: RequestEvent) => lines.push(JSON.stringify(e)),
        onResponse: (e: ResponseEvent) => lines.push(JSON.stringify(e)),
        onError: (e) => lines.push(e.error.message),
      },
    });
    await c.request({
      method: 'GET',
      path: '/crm/v8/Leads',
      query: { access_token: 'leaky-query-token-123' },
      operation: 'listRecords',
    });
    expect(lines.length).toBe(2);
    expect(lines.join('\n')).not.toContain(TOKEN);
    expect(lines.join('\n')).not.toContain('leaky-query-token-123');
    expect(lines[0]).toContain('Zoho-oauthtoken [REDACTED]');
  });

  it('refuses bad paths and unsafe hosts with clear errors', async () => {
    await expect(
      client().request({ method: 'GET', path: 'https://evil.example/crm', operation: 'x' }),
    ).rejects.toThrow(/path must start/);
    await expect(
      client().request({ method: 'GET', path: '//evil.example/crm', operation: 'x' }),
    ).rejects.toBeInstanceOf(ZohoApiError);
    expect(
      () => new ZohoCore({ auth: { accessToken: TOKEN }, apiDomain: 'http://zoho.example.com' }),
    ).toThrow(/only to loopback/);
    expect(
      () => new ZohoCore({ auth: { accessToken: TOKEN }, accountsUrl: 'http://10.0.0.1:8080' }),
    ).toThrow(/only to loopback/);
    expect(() => new ZohoCore({ auth: { accessToken: TOKEN }, dataCenter: 'xx' as 'us' })).toThrow(
      /unknown dataCenter/,
    );
    for (const ok of [
      'http://127.0.0.1:1234',
      'http://localhost:9',
      'http://[::1]:8080',
      'https://proxy.example.com',
    ]) {
      const c = new ZohoCore({ auth: { accessToken: TOKEN }, apiDomain: ok });
      await c.close();
    }
  });

  it('reads a non-JSON error page (a proxy) into the message', async () => {
    fake.handler = (_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>Bad Gateway</html>');
    };
    const err = await client({ maxRetries: 0 })
      .request({ method: 'GET', path: '/crm/v8/Leads', operation: 'listRecords' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect((err as Error).message).toContain('Bad Gateway');
  });

  it('returns bytes for responseType bytes', async () => {
    fake.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/zip' });
      res.end(Buffer.from([0x50, 0x4b, 1, 2]));
    };
    const got = await client().request<Uint8Array>({
      method: 'GET',
      path: '/crm/bulk/v8/read/1/result',
      operation: 'downloadBulkReadResult',
      responseType: 'bytes',
    });
    expect(Array.from(got)).toEqual([0x50, 0x4b, 1, 2]);
  });
});

describe('buildQuery', () => {
  it.each([
    { given: {}, want: '' },
    { given: { a: undefined }, want: '' },
    {
      given: { fields: ['A', 'B'], page: 2, approved: true },
      want: '?fields=A%2CB&page=2&approved=true',
    },
    {
      given: { criteria: '(Email:equals:a+b@x.com)' },
      want: '?criteria=(Email%3Aequals%3Aa%2Bb%40x.com)',
    },
  ])('$given → $want', ({ given, want }) => {
    expect(buildQuery(given)).toBe(want);
  });
});
