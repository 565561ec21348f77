import { describe, expect, it } from 'vitest';
import { ZohoCore } from '../../templates/runtime/core.ts';
import { NetworkError, ZohoApiError } from '../../templates/runtime/errors.ts';
import {
  REDACTED,
  redactHeaders,
  redactJson,
  redactText,
  redactUrl,
  registerSecrets,
} from '../../templates/runtime/redact.ts';
import { json, startFakeZoho } from './helpers/fake-zoho.ts';

const ACCESS = '1000.8f3c2a9d4e5b6c7d8e9f0a1b2c3d4e5f.0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d';
const REFRESH = '1000.refresh.9d8c7b6a5f4e3d2c1b0a';
const SECRET = 'c0ffee1234567890deadbeef';

describe('redactHeaders', () => {
  it.each([
    {
      given: { Authorization: `Zoho-oauthtoken ${ACCESS}` },
      want: { Authorization: `Zoho-oauthtoken ${REDACTED}` },
    },
    { given: { authorization: `Bearer ${ACCESS}` }, want: { authorization: `Bearer ${REDACTED}` } },
    { given: { authorization: ACCESS }, want: { authorization: REDACTED } },
    { given: { cookie: 'a=b' }, want: { cookie: REDACTED } },
    {
      given: { accept: 'application/json', 'x-crm-org': '12345' },
      want: { accept: 'application/json', 'x-crm-org': '12345' },
    },
  ])('$given', ({ given, want }) => {
    expect(redactHeaders(given)).toEqual(want);
  });
});

describe('redactUrl', () => {
  it.each([
    {
      given: `https://accounts.zoho.com/oauth/v2/token?refresh_token=${REFRESH}&client_id=1000.ABC&client_secret=${SECRET}&grant_type=refresh_token`,
      want: `https://accounts.zoho.com/oauth/v2/token?refresh_token=${REDACTED}&client_id=1000.ABC&client_secret=${REDACTED}&grant_type=refresh_token`,
    },
    {
      given: `https://x.example/cb?code=1000.abc.def&location=us`,
      want: `https://x.example/cb?code=${REDACTED}&location=us`,
    },
    {
      given: 'https://www.zohoapis.com/crm/v8/Leads?fields=Email,Last_Name',
      want: 'https://www.zohoapis.com/crm/v8/Leads?fields=Email,Last_Name',
    },
    {
      given: 'https://www.zohoapis.com/crm/v8/Leads',
      want: 'https://www.zohoapis.com/crm/v8/Leads',
    },
  ])('$given', ({ given, want }) => {
    expect(redactUrl(given)).toBe(want);
  });
});

describe('redactText / redactJson', () => {
  it('blanks tokens in JSON text, form bodies and prose', () => {
    const text = `{"access_token":"${ACCESS}","api_domain":"https://www.zohoapis.com"} grant_type=refresh_token&refresh_token=${REFRESH} sent Zoho-oauthtoken ${ACCESS}`;
    const out = redactText(text);
    expect(out).not.toContain(ACCESS);
    expect(out).not.toContain(REFRESH);
    expect(out).toContain('api_domain');
  });

  it('blanks exact secret values wherever they appear', () => {
    expect(redactText(`oops ${SECRET} leaked`, [SECRET])).toBe(`oops ${REDACTED} leaked`);
  });

  it('blanks registered secrets (a client registers its credentials) with no field name nearby', () => {
    const bare = 'zzSecretValueWithoutAnyMarker42';
    expect(redactText(`echo: ${bare}`)).toContain(bare);
    registerSecrets(bare, 'abc');
    expect(redactText(`echo: ${bare}`)).toBe(`echo: ${REDACTED}`);
    expect(redactText('abc stays')).toBe('abc stays'); // too short to register
  });

  it('blanks secret-named keys in JSON bodies, deeply', () => {
    const body = {
      access_token: ACCESS,
      nested: [{ refresh_token: REFRESH, client_secret: SECRET, ok: 'yes' }],
      code: 'INVALID_DATA',
    };
    const out = JSON.stringify(redactJson(body));
    expect(out).not.toContain(ACCESS);
    expect(out).not.toContain(REFRESH);
    expect(out).not.toContain(SECRET);
    expect(out).toContain('"ok":"yes"');
  });
});

describe('errors are redacted', () => {
  it('scrubs messages, details, bodies and causes', () => {
    const cause = new Error(
      `connect failed for https://accounts.zoho.com/oauth/v2/token?refresh_token=${REFRESH}`,
    );
    const err = new NetworkError({
      operation: 'getToken',
      message: `Authorization: Zoho-oauthtoken ${ACCESS}`,
      mayHaveReachedServer: false,
      cause,
    });
    const all = `${err.message} ${String((err.cause as Error).message)} ${err.stack ?? ''}`;
    expect(all).not.toContain(ACCESS);
    expect(all).not.toContain(REFRESH);

    const api = ZohoApiError.from(
      400,
      {
        code: 'INVALID_DATA',
        message: `bad access_token=${ACCESS}`,
        details: { refresh_token: REFRESH },
        status: 'error',
      },
      'createRecords',
    );
    const dump = JSON.stringify({ m: api.message, d: api.details, b: api.body });
    expect(dump).not.toContain(ACCESS);
    expect(dump).not.toContain(REFRESH);
  });
});

describe('a long-lived process', () => {
  it('500 token refreshes later, the client secret and refresh token are still redacted by value', async () => {
    // Bare values (no field name before them), so only redaction by value can catch them.
    const clientSecret = 'cs-long-lived-0123456789abcdef';
    const refreshToken = '1000.rt-long-lived.0123456789abcdef';
    let minted = 0;
    const used = new Set<string>();
    const fake = await startFakeZoho((req, res) => {
      if (req.path === '/oauth/v2/token')
        return json(res, 200, {
          access_token: `1000.minted-${++minted}.${'x'.repeat(24)}`,
          expires_in: 3600,
          api_domain: 'https://www.zohoapis.com',
          token_type: 'Bearer',
        });
      // Each token serves one call: its next use is refused, so every call costs one refresh.
      const token = String(req.headers['authorization'] ?? '').replace('Zoho-oauthtoken ', '');
      if (used.has(token))
        return json(res, 401, {
          code: 'INVALID_TOKEN',
          details: {},
          message: 'invalid oauth token',
          status: 'error',
        });
      used.add(token);
      json(res, 400, {
        code: 'INVALID_DATA',
        details: { echoed: `${refreshToken} ${clientSecret}` },
        message: `the server echoed ${clientSecret} and ${refreshToken}`,
        status: 'error',
      });
    });
    const core = new ZohoCore({
      auth: { clientId: '1000.LONGLIVED', clientSecret, refreshToken },
      apiDomain: fake.url,
      accountsUrl: fake.url,
    });
    const leaked: number[] = [];
    try {
      for (let i = 0; i < 500; i++) {
        const err = await core
          .request({ method: 'GET', path: '/crm/v8/Leads', operation: 'listRecords' })
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(err).toBeInstanceOf(ZohoApiError);
        const e = err as ZohoApiError;
        const text = `${e.message} ${JSON.stringify(e.details)} ${JSON.stringify(e.body)} ${e.stack ?? ''}`;
        if (text.includes(clientSecret) || text.includes(refreshToken)) leaked.push(i);
      }
    } finally {
      await core.close();
      await fake.close();
    }
    expect(minted).toBeGreaterThanOrEqual(500);
    expect(leaked).toEqual([]);
  });
});
