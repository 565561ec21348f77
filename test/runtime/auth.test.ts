import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ZohoCore, type ClientOptions } from '../../templates/runtime/core.ts';
import {
  AuthError,
  InvalidClientError,
  InvalidGrantError,
  TokenEndpointError,
  TokenRateLimitError,
} from '../../templates/runtime/errors.ts';
import { FileTokenStore } from '../../templates/runtime/file-token-store.ts';
import type { RefreshEvent } from '../../templates/runtime/hooks.ts';
import { MemoryTokenStore, tokenStoreKey } from '../../templates/runtime/token-store.ts';
import { CLIENT, json, startFakeZoho, tokenBody, type FakeZoho } from './helpers/fake-zoho.ts';

let fake: FakeZoho;
const cores: ZohoCore[] = [];
let minted = 0;
let valid = new Set<string>();

const ok = { data: [{ id: '1' }], info: { more_records: false } };

beforeEach(async () => {
  minted = 0;
  valid = new Set();
  fake = await startFakeZoho((req, res) => {
    if (req.path === '/oauth/v2/token') {
      const form = new URLSearchParams(req.body);
      if (form.get('client_secret') !== CLIENT.clientSecret)
        return json(res, 200, { error: 'invalid_client' });
      const body = tokenBody(++minted);
      valid.add(String(body['access_token']));
      // Slow the mint a little so concurrent callers really overlap.
      setTimeout(() => json(res, 200, body), 20);
      return;
    }
    const token = String(req.headers['authorization'] ?? '').replace('Zoho-oauthtoken ', '');
    if (!valid.has(token))
      return json(res, 401, {
        code: 'INVALID_TOKEN',
        details: {},
        message: 'invalid oauth token',
        status: 'error',
      });
    json(res, 200, ok);
  });
});
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.close()));
  await fake.close();
});

function client(extra: Partial<ClientOptions> = {}): ZohoCore {
  const c = new ZohoCore({
    auth: CLIENT,
    apiDomain: fake.url,
    accountsUrl: fake.url,
    maxConcurrency: 50,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...extra,
  });
  cores.push(c);
  return c;
}
const get = (c: ZohoCore) =>
  c.request({
    method: 'GET',
    path: '/crm/v8/Leads',
    query: { fields: 'Last_Name' },
    operation: 'listRecords',
  });

describe('OAuth refresh token', () => {
  it('50 concurrent calls on a cold client make exactly one token request', async () => {
    const c = client();
    const results = await Promise.all(Array.from({ length: 50 }, () => get(c)));
    expect(results).toHaveLength(50);
    expect(fake.count('/oauth/v2/token')).toBe(1);
    const form = new URLSearchParams(fake.requests.find((r) => r.path === '/oauth/v2/token')?.body);
    expect(form.get('grant_type')).toBe('refresh_token');
    expect(form.get('refresh_token')).toBe(CLIENT.refreshToken);
    // The secret travels in the body, never in the URL.
    expect(fake.requests.find((r) => r.path === '/oauth/v2/token')?.url).toBe('/oauth/v2/token');
  });

  it('50 concurrent calls on an expired (revoked) token: one refresh, every call replayed once and succeeds', async () => {
    const events: RefreshEvent[] = [];
    const c = client({ hooks: { onRefresh: (e) => events.push(e) } });
    await get(c);
    valid.clear(); // Zoho now says INVALID_TOKEN for the token the client holds
    await Promise.all(Array.from({ length: 50 }, () => get(c)));
    expect(minted).toBe(2);
    expect(events.map((e) => [e.reason, e.ok])).toEqual([
      ['initial', true],
      ['invalid-token', true],
    ]);
  });

  it('INVALID_TOKEN again after the refresh fails with a clear AuthError (replayed once only)', async () => {
    const c = client();
    await get(c);
    fake.handler = (req, res) => {
      if (req.path === '/oauth/v2/token') return json(res, 200, tokenBody(++minted));
      json(res, 401, {
        code: 'INVALID_TOKEN',
        details: {},
        message: 'invalid oauth token',
        status: 'error',
      });
    };
    const err = await get(c).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as Error).message).toMatch(/refused again after a token refresh/);
    expect(fake.count('/crm/v8/Leads')).toBe(3); // first call + failing call + its one replay
  });

  it.each([
    { body: { error: 'invalid_code' }, cls: InvalidGrantError, advice: /new grant/ },
    {
      body: { error: 'invalid_client' },
      cls: InvalidClientError,
      advice: /client id or client secret/,
    },
    {
      body: {
        error: 'Access Denied',
        error_description:
          'You have made too many requests continuously. Please try again after some time.',
      },
      cls: TokenRateLimitError,
      advice: /10 access tokens per refresh token in 10 minutes/,
    },
    {
      body: { error: 'invalid_redirect_uri' },
      cls: TokenEndpointError,
      advice: /check the client id/,
    },
  ])(
    'HTTP 200 $body.error → $cls.name with advice, never retried',
    async ({ body, cls, advice }) => {
      fake.handler = (req, res) =>
        req.path === '/oauth/v2/token' ? json(res, 200, body) : json(res, 200, ok);
      const err = await get(client()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(cls);
      expect((err as TokenEndpointError).advice).toMatch(advice);
      expect((err as TokenEndpointError).operation).toBe('getToken');
      expect(fake.count('/oauth/v2/token')).toBe(1);
      expect(fake.count('/crm/v8')).toBe(0);
      expect((err as Error).message).not.toContain(CLIENT.clientSecret);
      expect((err as Error).message).not.toContain(CLIENT.refreshToken);
    },
  );

  it('after Access Denied (mint limit) later calls fail fast without asking the token endpoint again', async () => {
    fake.handler = (req, res) =>
      req.path === '/oauth/v2/token'
        ? json(res, 200, {
            error: 'Access Denied',
            error_description:
              'You have made too many requests continuously. Please try again after some time.',
          })
        : json(res, 200, ok);
    const c = client();
    const errors = await Promise.all(
      [get(c), get(c), get(c)].map((p) => p.catch((e: unknown) => e)),
    );
    errors.push(await get(c).catch((e: unknown) => e));
    for (const e of errors) expect(e).toBeInstanceOf(TokenRateLimitError);
    expect(fake.count('/oauth/v2/token')).toBe(1);
  });

  it('uses api_domain from the token response when it is a Zoho API host, refuses any other', async () => {
    fake.handler = (req, res) =>
      req.path === '/oauth/v2/token'
        ? json(res, 200, tokenBody(1, 'https://evil.example.com'))
        : json(res, 200, ok);
    const c = new ZohoCore({ auth: CLIENT, accountsUrl: fake.url, dataCenter: 'eu' });
    cores.push(c);
    const err = await get(c).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenEndpointError);
    expect((err as TokenEndpointError).code).toBe('UNTRUSTED_API_DOMAIN');
    expect(c.apiOrigin).toBe('https://www.zohoapis.eu');
  });

  it('a stored token naming a non-Zoho api_domain is used for its token but not its host (MockAgent)', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get('https://www.zohoapis.eu')
      .intercept({ path: '/crm/v8/org', method: 'GET' })
      .reply(200, { org: [{ id: '1' }] });
    const store = new MemoryTokenStore();
    const key = tokenStoreKey(CLIENT.clientId, CLIENT.refreshToken);
    await store.set(key, {
      accessToken: 'stored-token-from-a-tampered-file',
      expiresAt: Date.now() + 3_000_000,
      apiDomain: 'https://evil.example.com',
    });
    const c = new ZohoCore({
      auth: CLIENT,
      dataCenter: 'eu',
      tokenStore: store,
      dispatcher: agent,
    });
    cores.push(c);
    await c.request({ method: 'GET', path: '/crm/v8/org', operation: 'getOrg' });
    expect(c.apiOrigin).toBe('https://www.zohoapis.eu');
    await agent.close();
  });

  it('an explicit apiDomain wins over the token response api_domain', async () => {
    fake.handler = (req, res) =>
      req.path === '/oauth/v2/token'
        ? json(res, 200, tokenBody(1, 'https://www.zohoapis.com'))
        : json(res, 200, ok);
    const c = client();
    await get(c);
    expect(c.apiOrigin).toBe(fake.url);
  });

  it('a stored token inside the refresh window is not reused: the first call mints', async () => {
    const store = new MemoryTokenStore();
    const key = tokenStoreKey(CLIENT.clientId, CLIENT.refreshToken);
    // 100 s left of an hour-long token: inside the 5-minute window.
    await store.set(key, {
      accessToken: 'stored-token-nearly-due',
      expiresAt: Date.now() + 100_000,
    });
    await get(client({ tokenStore: store }));
    expect(minted).toBe(1);
    expect((await store.get(key))?.accessToken).toBe('1000.access.1.0123456789abcdef');
  });

  it('a stored token outside the window is reused (no mint)', async () => {
    const store = new MemoryTokenStore();
    const key = tokenStoreKey(CLIENT.clientId, CLIENT.refreshToken);
    valid.add('stored-token-fresh');
    await store.set(key, { accessToken: 'stored-token-fresh', expiresAt: Date.now() + 3_000_000 });
    await get(client({ tokenStore: store }));
    expect(minted).toBe(0);
  });

  it('refreshes proactively in the background shortly before expiry, serving the current token meanwhile', async () => {
    const c = client();
    await get(c);
    expect(minted).toBe(1);
    const realNow = Date.now.bind(Date);
    // 3 600 s token: 3 400 s later it is inside the 5-minute window with 200 s left.
    const spy = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 3_400_000);
    try {
      await get(c);
      const used = fake.requests
        .filter((r) => r.path === '/crm/v8/Leads')
        .map((r) => r.headers['authorization']);
      expect(used[1]).toBe(used[0]); // the call did not wait for the refresh
      await vi.waitFor(() => expect(minted).toBe(2));
      await get(c);
      const last = fake.requests.filter((r) => r.path === '/crm/v8/Leads').at(-1)?.headers[
        'authorization'
      ];
      expect(last).toBe('Zoho-oauthtoken 1000.access.2.0123456789abcdef');
    } finally {
      spy.mockRestore();
    }
  });

  it('client credentials: grant_type, scope and soid are sent; the store key never holds the secret', async () => {
    const c = new ZohoCore({
      auth: {
        clientId: CLIENT.clientId,
        clientSecret: CLIENT.clientSecret,
        grantType: 'client_credentials',
        scope: 'ZohoCRM.modules.ALL',
        soid: '600123434',
      },
      apiDomain: fake.url,
      accountsUrl: fake.url,
    });
    cores.push(c);
    await get(c);
    const form = new URLSearchParams(fake.requests.find((r) => r.path === '/oauth/v2/token')?.body);
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('scope')).toBe('ZohoCRM.modules.ALL');
    expect(form.get('soid')).toBe('ZohoCRM.600123434');
    expect(tokenStoreKey(CLIENT.clientId, CLIENT.refreshToken)).not.toContain(CLIENT.refreshToken);
  });

  it('getAccessToken callback is asked again once after INVALID_TOKEN', async () => {
    valid.add('cb-token-2');
    const handed: string[] = [];
    const c = new ZohoCore({
      auth: {
        getAccessToken: () => {
          const t = handed.length === 0 ? 'cb-token-1' : 'cb-token-2';
          handed.push(t);
          return t;
        },
      },
      apiDomain: fake.url,
    });
    cores.push(c);
    await get(c);
    expect(handed).toEqual(['cb-token-1', 'cb-token-2']);
  });

  it('rejects incomplete auth options with a clear message', () => {
    expect(
      () =>
        new ZohoCore({
          auth: { clientId: 'x', clientSecret: 'y' } as unknown as ClientOptions['auth'],
        }),
    ).toThrow(/auth/);
    expect(() => new ZohoCore({ auth: { accessToken: '' } })).toThrow(/auth.accessToken/);
  });
});

describe('FileTokenStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zcrm-tokens-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('two clients (as two processes would) share one minted token through the file', async () => {
    const file = join(dir, 'tokens.json');
    await get(client({ tokenStore: new FileTokenStore(file) }));
    await get(client({ tokenStore: new FileTokenStore(file) }));
    expect(minted).toBe(1);
    const st = await stat(file);
    expect(st.mode & 0o777).toBe(0o600);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(CLIENT.refreshToken);
    expect(text).not.toContain(CLIENT.clientSecret);
  });

  it('two clients starting together on one file mint once (the lock file serializes the mint)', async () => {
    const file = join(dir, 'tokens.json');
    const a = client({ tokenStore: new FileTokenStore(file) });
    const b = client({ tokenStore: new FileTokenStore(file) });
    await Promise.all([get(a), get(b), get(a), get(b)]);
    expect(minted).toBe(1);
    await expect(stat(`${file}.lock`)).rejects.toThrow(); // released
  });

  it('a stale lock (crashed process) is broken', async () => {
    const file = join(dir, 'tokens.json');
    const { writeFile, utimes } = await import('node:fs/promises');
    await writeFile(`${file}.lock`, '99999');
    const old = new Date(Date.now() - 60_000);
    await utimes(`${file}.lock`, old, old);
    await get(client({ tokenStore: new FileTokenStore(file) }));
    expect(minted).toBe(1);
  });

  it('get/set/delete round-trip; a corrupt file reads as empty', async () => {
    const file = join(dir, 'sub', 'tokens.json');
    const store = new FileTokenStore(file);
    expect(await store.get('k')).toBeUndefined();
    await Promise.all([
      store.set('k', { accessToken: 'a', expiresAt: 1 }),
      store.set('j', { accessToken: 'b', expiresAt: 2 }),
    ]);
    expect(await store.get('k')).toEqual({ accessToken: 'a', expiresAt: 1, apiDomain: undefined });
    expect(await store.get('j')).toMatchObject({ accessToken: 'b' });
    await store.delete('k');
    expect(await store.get('k')).toBeUndefined();
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, '{not json');
    expect(await store.get('j')).toBeUndefined();
  });
});
