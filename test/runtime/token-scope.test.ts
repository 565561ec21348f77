/** The token source exposes the raw `scope` of the token answer it received (doctor reads it). */
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createTokenSource } from '../../templates/runtime/auth.ts';
import { MemoryTokenStore, tokenStoreKey } from '../../templates/runtime/token-store.ts';

const ACCOUNTS = 'https://accounts.zoho.eu';
const auth = {
  clientId: '1000.CLIENT',
  clientSecret: 'client-secret-1',
  refreshToken: '1000.refresh.token',
};
let agent: MockAgent;

afterEach(async () => {
  await agent?.close();
});

function sourceAnswering(body: Record<string, unknown>, store = new MemoryTokenStore()) {
  agent = new MockAgent();
  agent.disableNetConnect();
  agent
    .get(ACCOUNTS)
    .intercept({ path: '/oauth/v2/token', method: 'POST' })
    .reply(200, body)
    .persist();
  return createTokenSource(auth, {
    accountsUrl: ACCOUNTS,
    dispatcher: agent,
    tokenStore: store,
    timeoutMs: 5_000,
    explicitApiDomain: false,
  });
}

describe('TokenSource.scope', () => {
  it('is the scope string of the token answer after a mint', async () => {
    const source = sourceAnswering({
      access_token: '1000.access.a',
      expires_in: 3600,
      scope: 'ZohoCRM.modules.ALL ZohoCRM.settings.READ',
    });
    expect(source.scope).toBeUndefined();
    expect(await source.getToken()).toBe('1000.access.a');
    expect(source.scope).toBe('ZohoCRM.modules.ALL ZohoCRM.settings.READ');
  });

  it('stays undefined when the token came from the store (no answer was seen)', async () => {
    const store = new MemoryTokenStore();
    const now = Date.now();
    await store.set(tokenStoreKey(auth.clientId, auth.refreshToken), {
      accessToken: '1000.cached',
      expiresAt: now + 3_600_000,
      obtainedAt: now,
    });
    const source = sourceAnswering(
      { access_token: '1000.access.b', expires_in: 3600, scope: 'ZohoCRM.org.READ' },
      store,
    );
    expect(await source.getToken()).toBe('1000.cached');
    expect(source.scope).toBeUndefined();
  });

  it('is undefined when the answer has no scope', async () => {
    const source = sourceAnswering({ access_token: '1000.access.c', expires_in: 3600 });
    await source.getToken();
    expect(source.scope).toBeUndefined();
  });
});
