import { describe, expect, it } from 'vitest';
import { connectionFromEnv, CredentialsError, envPrefix } from '../../generator/metadata/credentials.ts';

describe('envPrefix', () => {
  it.each([
    ['demo', 'ZCRM_DEMO_'],
    ['acme-eu', 'ZCRM_ACME_EU_'],
    ['Acme Corp', 'ZCRM_ACME_CORP_'],
  ])('%s → %s', (org, want) => expect(envPrefix(org)).toBe(want));
});

describe('connectionFromEnv', () => {
  const full = {
    ZCRM_ACME_CLIENT_ID: '1000.ABC',
    ZCRM_ACME_CLIENT_SECRET: 'shh-secret',
    ZCRM_ACME_REFRESH_TOKEN: '1000.refresh.token',
  };

  it('reads the refresh-token triple and the configured data center', () => {
    expect(connectionFromEnv('acme', 'eu', full)).toEqual({
      auth: { clientId: '1000.ABC', clientSecret: 'shh-secret', refreshToken: '1000.refresh.token' },
      dataCenter: 'eu',
    });
  });

  it('lets the environment override the data center and hosts', () => {
    const c = connectionFromEnv('acme', 'eu', {
      ...full,
      ZCRM_ACME_DATA_CENTER: 'in',
      ZCRM_ACME_API_DOMAIN: 'http://127.0.0.1:4010',
      ZCRM_ACME_ACCOUNTS_URL: 'http://127.0.0.1:4010',
    });
    expect(c.dataCenter).toBe('in');
    expect(c.apiDomain).toBe('http://127.0.0.1:4010');
    expect(c.accountsUrl).toBe('http://127.0.0.1:4010');
  });

  it('accepts a lone access token for one-off runs', () => {
    expect(connectionFromEnv('acme', undefined, { ZCRM_ACME_ACCESS_TOKEN: '1000.x.y' })).toEqual({
      auth: { accessToken: '1000.x.y' },
      dataCenter: 'us',
    });
  });

  it('names every missing variable at once, and no value', () => {
    const run = () => connectionFromEnv('acme', 'us', { ZCRM_ACME_CLIENT_SECRET: 'shh-secret' });
    expect(run).toThrow(CredentialsError);
    expect(run).toThrow(/ZCRM_ACME_CLIENT_ID, ZCRM_ACME_REFRESH_TOKEN/);
    try {
      run();
    } catch (e) {
      expect(String(e)).not.toContain('shh-secret');
    }
  });

  it('refuses an unknown data center, saying where it came from', () => {
    expect(() => connectionFromEnv('acme', 'mars', full)).toThrow(
      /unknown data center "mars" \(from zcrm\.config\.yaml\)/,
    );
    expect(() => connectionFromEnv('acme', 'us', { ...full, ZCRM_ACME_DATA_CENTER: 'xx' })).toThrow(
      /from ZCRM_ACME_DATA_CENTER/,
    );
  });
});
