import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/index.ts';
import { accessToken, call, start, tokenCall, expectResponsesMatchSpec } from './helpers.ts';

let emu: Emulator;
afterEach(async () => {
  await emu.close();
});

const refreshParams = (e: Emulator) => ({
  grant_type: 'refresh_token',
  client_id: e.credentials.clientId,
  client_secret: e.credentials.clientSecret,
  refresh_token: e.credentials.refreshToken,
});

describe('token endpoint', () => {
  it('mints an access token from the refresh token, with api_domain = the emulator', async () => {
    emu = await start();
    const r = await tokenCall(emu, refreshParams(emu));
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ token_type: 'Bearer', expires_in: 3600, api_domain: emu.url });
    expect(r.json['access_token']).toMatch(/^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$/);
    expect(r.json).not.toHaveProperty('refresh_token');
    expect(emu.log.tokensMinted).toBe(1);
    expect(emu.log.count('getToken')).toBe(1);
  });

  it('accepts the parameters in the query string too, as Zoho does', async () => {
    emu = await start();
    const q = new URLSearchParams(refreshParams(emu)).toString();
    const r = await call(emu, null, 'POST', `/oauth/v2/token?${q}`);
    expect(typeof r.json['access_token']).toBe('string');
  });

  it.each([
    ['unknown client id', { client_id: 'nope' }, { error: 'invalid_client' }],
    ['wrong client secret', { client_secret: 'nope' }, { error: 'invalid_client_secret' }],
    ['unknown refresh token', { refresh_token: '1000.x.y' }, { error: 'invalid_code' }],
    ['unsupported grant', { grant_type: 'password' }, { error: 'unsupported_grant_type' }],
  ])('%s → HTTP 200 with an error body', async (_name, change, want) => {
    emu = await start();
    const r = await tokenCall(emu, { ...refreshParams(emu), ...change });
    expect(r.status).toBe(200);
    expect(r.json).toEqual(want);
  });

  it('authorization_code: single use, returns a refresh token bound to the granted scopes', async () => {
    emu = await start();
    const code = emu.issueGrantCode(['ZohoCRM.modules.READ']);
    const base = {
      grant_type: 'authorization_code',
      client_id: emu.credentials.clientId,
      client_secret: emu.credentials.clientSecret,
      code,
      redirect_uri: 'http://localhost/cb',
    };
    const first = await tokenCall(emu, base);
    expect(first.json).toMatchObject({ scope: 'ZohoCRM.modules.READ', token_type: 'Bearer' });
    expect(typeof first.json['refresh_token']).toBe('string');
    const again = await tokenCall(emu, base);
    expect(again.json).toEqual({ error: 'invalid_code' });
    // the new refresh token mints tokens with the same narrow scope
    const refreshed = await tokenCall(emu, {
      ...refreshParams(emu),
      refresh_token: String(first.json['refresh_token']),
    });
    const token = String(refreshed.json['access_token']);
    expect(
      (await call(emu, token, 'GET', '/crm/v8/Leads', { query: { fields: 'Last_Name' } })).status,
    ).toBe(204);
    const write = await call(emu, token, 'POST', '/crm/v8/Leads', {
      body: { data: [{ Last_Name: 'A' }] },
    });
    expect(write.status).toBe(401);
    expect(write.json).toEqual({
      code: 'OAUTH_SCOPE_MISMATCH',
      details: {},
      message: 'invalid oauth scope to access this URL',
      status: 'error',
    });
  });

  it('client_credentials: mints a token for the requested scopes, no refresh token', async () => {
    emu = await start();
    const r = await tokenCall(emu, {
      grant_type: 'client_credentials',
      client_id: emu.credentials.clientId,
      client_secret: emu.credentials.clientSecret,
      scope: 'ZohoCRM.modules.ALL,ZohoCRM.settings.READ',
      soid: 'ZohoCRM.812345678',
    });
    expect(r.json).toMatchObject({
      scope: 'ZohoCRM.modules.ALL ZohoCRM.settings.READ',
      token_type: 'Bearer',
    });
    expect(r.json).not.toHaveProperty('refresh_token');
  });

  it('the 11th mint within 10 minutes → HTTP 200 Access Denied', async () => {
    emu = await start();
    for (let i = 0; i < 10; i++)
      expect(typeof (await tokenCall(emu, refreshParams(emu))).json['access_token']).toBe('string');
    const r = await tokenCall(emu, refreshParams(emu));
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      error: 'Access Denied',
      error_description:
        'You have made too many requests continuously. Please try again after some time.',
    });
    expect(emu.log.tokensMinted).toBe(10);
  });

  it('at most 15 live tokens per refresh token: the 16th invalidates the oldest', async () => {
    emu = await start({ limits: { mintPerTenMinutes: 100 } });
    const tokens: string[] = [];
    for (let i = 0; i < 16; i++) tokens.push(await accessToken(emu));
    const oldest = await call(emu, tokens[0] ?? '', 'GET', '/crm/v8/org');
    expect(oldest.status).toBe(401);
    expect(oldest.json['code']).toBe('INVALID_TOKEN');
    expect((await call(emu, tokens[1] ?? '', 'GET', '/crm/v8/org')).status).toBe(200);
  });

  it('revoking the refresh token kills it and its access tokens', async () => {
    emu = await start();
    const token = await accessToken(emu);
    const r = await call(emu, null, 'POST', '/oauth/v2/token/revoke', {
      query: { token: emu.credentials.refreshToken },
    });
    expect(r.json).toEqual({ status: 'success' });
    expect((await call(emu, token, 'GET', '/crm/v8/org')).json['code']).toBe('INVALID_TOKEN');
    expect((await tokenCall(emu, refreshParams(emu))).json).toEqual({ error: 'invalid_code' });
  });
});

describe('access tokens on API calls', () => {
  it("expired tokens answer 401 INVALID_TOKEN with Zoho's exact body", async () => {
    emu = await start({ accessTokenTtlSeconds: 0 });
    const token = await accessToken(emu);
    const r = await call(emu, token, 'GET', '/crm/v8/org');
    expect(r.status).toBe(401);
    expect(r.text).toBe(
      '{"code":"INVALID_TOKEN","details":{},"message":"invalid oauth token","status":"error"}',
    );
  });

  it("unknown token → INVALID_TOKEN; no Authorization header → AUTHENTICATION_FAILURE; Bearer scheme is not Zoho's", async () => {
    emu = await start();
    expect((await call(emu, 'garbage', 'GET', '/crm/v8/org')).json['code']).toBe('INVALID_TOKEN');
    const none = await call(emu, null, 'GET', '/crm/v8/org');
    expect(none.status).toBe(401);
    expect(none.json['code']).toBe('AUTHENTICATION_FAILURE');
    const token = await accessToken(emu);
    const bearer = await call(emu, null, 'GET', '/crm/v8/org', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(bearer.json['code']).toBe('INVALID_TOKEN');
  });

  it('the expire-tokens fault expires every token issued so far; a fresh one works', async () => {
    emu = await start();
    const token = await accessToken(emu);
    emu.faults.set({ kind: 'expire-tokens' });
    expect((await call(emu, token, 'GET', '/crm/v8/org')).json['code']).toBe('INVALID_TOKEN');
    const fresh = await accessToken(emu);
    expect((await call(emu, fresh, 'GET', '/crm/v8/org')).status).toBe(200);
  });

  it('scopes are enforced per API family', async () => {
    emu = await start({ scopes: ['ZohoCRM.modules.leads.ALL'] });
    const token = await accessToken(emu);
    expect(
      (await call(emu, token, 'GET', '/crm/v8/Leads', { query: { fields: 'Last_Name' } })).status,
    ).toBe(204);
    for (const path of [
      '/crm/v8/Contacts?fields=Last_Name',
      '/crm/v8/org',
      '/crm/v8/settings/modules',
      '/crm/v8/users',
    ]) {
      const r = await call(emu, token, 'GET', path);
      expect(r.status, path).toBe(401);
      expect(r.json['code'], path).toBe('OAUTH_SCOPE_MISMATCH');
    }
  });
});

afterAll(() => {
  expectResponsesMatchSpec();
});
