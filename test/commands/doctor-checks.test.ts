/**
 * Doctor's checks one at a time (doctor.test.ts runs them together against the emulator): each function
 * given what it needs, asserting the line a user reads.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgConfig } from '../../generator/config.ts';
import {
  checkApi,
  checkCredentials,
  checkLimits,
  checkRefresh,
  checkScopes,
  checkSnapshot,
  checkTokenEndpoint,
} from '../../generator/commands/doctor-checks.ts';
import { RECOMMENDED_SCOPES } from '../../generator/commands/doctor-scopes.ts';
import { ZohoCore } from '../../templates/runtime/index.js';
import { startEmulator, type Emulator } from '../../emulator/index.ts';
import { smallOrg } from './fixtures/small-org.ts';
import type { DoctorTokens } from '../../generator/commands/doctor-token.ts';
import {
  fingerprint,
  verificationDue,
  VERIFY_EVERY_MS,
} from '../../generator/commands/doctor-verification.ts';
import { NetworkError, TokenEndpointError } from '../../templates/runtime/errors.ts';

const org: OrgConfig = {
  name: 'acme',
  dataCenter: 'eu',
  snapshot: '/nowhere/metadata.json',
  out: '/nowhere',
};
const creds = {
  ZCRM_ACME_CLIENT_ID: '1000.ID',
  ZCRM_ACME_CLIENT_SECRET: 'secret-123',
  ZCRM_ACME_REFRESH_TOKEN: '1000.refresh',
};

describe('checkCredentials', () => {
  it('all three variables: pass, with the data center and accounts host', () => {
    const r = checkCredentials(org, creds);
    expect(r.result).toMatchObject({
      status: 'pass',
      detail: expect.stringContaining('data center eu'),
    });
    expect(r.connection?.accountsOrigin).toBe('https://accounts.zoho.eu');
  });
  it('a missing variable: fail naming it, with the auth command as fix', () => {
    const r = checkCredentials(org, { ZCRM_ACME_CLIENT_ID: 'x' });
    expect(r.result.status).toBe('fail');
    expect(r.result.detail).toContain('ZCRM_ACME_CLIENT_SECRET, ZCRM_ACME_REFRESH_TOKEN');
    expect(r.result.fix).toContain('zcrm-codegen auth --org acme');
    expect(r.connection).toBeUndefined();
  });
  it.each(['http://[::1]:9', 'http://127.0.0.1:9', 'http://localhost:9'])(
    'plain http to loopback (%s) is allowed',
    (url) => {
      expect(checkCredentials(org, { ...creds, ZCRM_ACME_ACCOUNTS_URL: url }).result.status).toBe(
        'pass',
      );
    },
  );
  it('plain http to another host: fail naming the variable', () => {
    const r = checkCredentials(org, {
      ...creds,
      ZCRM_ACME_ACCOUNTS_URL: 'http://proxy.example.com',
    });
    expect(r.result.status).toBe('fail');
    expect(r.result.detail).toMatch(/ZCRM_ACME_ACCOUNTS_URL.*plain http/);
  });
});

describe('checkTokenEndpoint', () => {
  it('nothing listening: fail naming the host, with the data center in the fix', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((r) => server.close(() => r()));
    const { connection } = checkCredentials(org, {
      ...creds,
      ZCRM_ACME_ACCOUNTS_URL: `http://127.0.0.1:${port}`,
    });
    const r = await checkTokenEndpoint(org, connection!);
    expect(r.status).toBe('fail');
    expect(r.detail).toContain(`cannot reach http://127.0.0.1:${port}`);
    expect(r.fix).toContain('uses eu (https://accounts.zoho.eu)');
  });
  it('a fixed access token: skipped', async () => {
    const { connection } = checkCredentials(org, { ZCRM_ACME_ACCESS_TOKEN: 'fixed-token' });
    expect((await checkTokenEndpoint(org, connection!)).status).toBe('skip');
  });
});

describe('checkRefresh', () => {
  const conn = checkCredentials(org, creds).connection!.conn;
  const tokens = (
    obtain: () => Promise<never> | ReturnType<DoctorTokens['obtain']>,
  ): DoctorTokens => ({
    obtain,
    replace: obtain,
    close: async () => undefined,
  });
  it("a refused secret: fail with Zoho's code and the data-center hint", async () => {
    const refused = TokenEndpointError.fromBody(200, { error: 'invalid_client' });
    const r = await checkRefresh(
      conn,
      tokens(() => Promise.reject(refused)),
    );
    expect(r.token).toBeUndefined();
    expect(r.result.detail).toBe('Zoho refused the refresh token: invalid_client');
    expect(r.result.fix).toMatch(
      /another data center \(us, in, au, jp, ca, cn, sa\) fails exactly like this in eu/,
    );
  });
  it('the endpoint unreachable: fail, check the network', async () => {
    const down = new NetworkError({
      operation: 'getToken',
      message: 'token endpoint unreachable: ECONNREFUSED',
      mayHaveReachedServer: false,
    });
    const r = await checkRefresh(
      conn,
      tokens(() => Promise.reject(down)),
    );
    expect(r.result).toMatchObject({ status: 'fail', fix: 'check the network or proxy' });
  });
  it('a reused token says when the credentials were last verified', async () => {
    const now = Date.now();
    const token = {
      accessToken: 't',
      apiDomain: undefined,
      scopes: undefined,
      minted: false,
      expiresAt: now + 30 * 60_000,
      verifiedAt: now - 4 * 60_000,
    };
    const r = await checkRefresh(
      conn,
      tokens(async () => token),
    );
    expect(r.result.detail).toMatch(
      /^reused the cached access token \(valid (29|30) min\); none minted — credentials verified 4 min ago/,
    );
  });
});

describe('checkScopes (from the token answer)', () => {
  // With the scopes known no probe is sent: the client points nowhere.
  const core = new ZohoCore({
    auth: { accessToken: 'unused-token' },
    apiDomain: 'http://127.0.0.1:9',
  });
  afterAll(() => core.close());
  it('every recommended scope: pass', async () => {
    const r = await checkScopes(org, core, RECOMMENDED_SCOPES.split(','));
    expect(r).toMatchObject({ status: 'pass', data: { source: 'token response', missing: [] } });
  });
  it('without bulk and COQL: fail naming each area and scope, with the grant to ask for', async () => {
    const granted = RECOMMENDED_SCOPES.split(',').filter((s) => !/bulk|coql/i.test(s));
    const r = await checkScopes(org, core, granted);
    expect(r.status).toBe('fail');
    expect(r.detail).toContain(
      'bulk (crm.bulk read/write jobs): missing ZohoCRM.bulk.READ, ZohoCRM.bulk.CREATE',
    );
    expect(r.detail).toContain('coql (crm.coql): missing ZohoCRM.coql.READ');
    expect(r.fix).toContain(`zcrm-codegen auth --org acme`);
  });
});

describe('checkApi and checkSnapshot against the emulator', () => {
  let emulator: Emulator;
  let token: string;
  beforeAll(async () => {
    emulator = await startEmulator({ snapshot: smallOrg() });
    const res = await fetch(`${emulator.url}/oauth/v2/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: emulator.credentials.clientId,
        client_secret: emulator.credentials.clientSecret,
        refresh_token: emulator.credentials.refreshToken,
      }),
    });
    token = ((await res.json()) as { access_token: string }).access_token;
  });
  afterAll(() => emulator?.close());
  const connFor = () =>
    checkCredentials(org, {
      ...creds,
      ZCRM_ACME_API_DOMAIN: emulator.url,
      ZCRM_ACME_ACCOUNTS_URL: emulator.url,
    }).connection!.conn;
  const coreWith = (accessToken: string) =>
    new ZohoCore({ auth: { accessToken }, apiDomain: emulator.url, maxRetries: 0 });

  it('a token the API takes: pass with the org name, and the organization for the limits check', async () => {
    const core = coreWith(token);
    try {
      const r = await checkApi(org, core, connFor(), undefined);
      expect(r.result.status).toBe('pass');
      expect(r.result.detail).toMatch(new RegExp(`^${emulator.url} answers — org "`));
      expect(r.org).toBeDefined();
      expect(r.tokenRefused).toBe(false);
    } finally {
      await core.close();
    }
  });

  it('a token the API refuses: fail, and tokenRefused so doctor may mint once', async () => {
    const core = coreWith('1000.not-a-token-the-emulator-issued');
    try {
      const r = await checkApi(org, core, connFor(), undefined);
      expect(r.result).toMatchObject({
        status: 'fail',
        detail: `${emulator.url} refused the access token (INVALID_TOKEN)`,
      });
      expect(r.tokenRefused).toBe(true);
    } finally {
      await core.close();
    }
  });

  it('a snapshot file that is not there: fail with the pull and generate commands', async () => {
    const core = coreWith(token);
    try {
      const r = await checkSnapshot(org, core, '/');
      expect(r.status).toBe('fail');
      expect(r.detail).toContain('/nowhere/metadata.json');
      expect(r.fix).toBe(
        'run `zcrm-codegen pull --org acme` and `zcrm-codegen generate --org acme`, then commit both',
      );
    } finally {
      await core.close();
    }
  });
});

describe('checkLimits', () => {
  it.each([
    { given: undefined, status: 'skip', detail: /gave no organization/ },
    {
      given: { license_details: { paid_type: 'enterprise', users_license_purchased: 20 } },
      status: 'pass',
      detail: /^Enterprise edition: at most 20 concurrent/,
    },
    {
      given: { license_details: { paid_type: 'something new' } },
      status: 'warn',
      detail: /edition not recognised/,
    },
  ])('$given → $status', ({ given, status, detail }) => {
    const r = checkLimits(given);
    expect(r.status).toBe(status);
    expect(r.detail).toMatch(detail);
  });
});

describe('credential verification', () => {
  const c = { clientId: 'id', clientSecret: 'secret', refreshToken: 'refresh' };
  it('is due when never done, after 10 minutes, and for a record from the future', () => {
    const now = 1_000_000_000;
    expect(verificationDue(undefined, now)).toBe(true);
    expect(verificationDue({ at: now - VERIFY_EVERY_MS + 1 }, now)).toBe(false);
    expect(verificationDue({ at: now - VERIFY_EVERY_MS }, now)).toBe(true);
    expect(verificationDue({ at: now + 60_000 }, now)).toBe(true);
  });
  it('the fingerprint changes with each credential and with the salt, and contains none of them', () => {
    const base = fingerprint('salt', c);
    expect(fingerprint('salt', { ...c, clientSecret: 'other' })).not.toBe(base);
    expect(fingerprint('salt', { ...c, refreshToken: 'other' })).not.toBe(base);
    expect(fingerprint('salt', { ...c, clientId: 'other' })).not.toBe(base);
    expect(fingerprint('pepper', c)).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });
});
