/**
 * The shared token against a real redis-server and the emulator: many "processes" (clients with their
 * own Redis connections) mint one token; a refresh lock left by a dead holder expires and another process
 * takes over; INVALID_TOKEN seen everywhere leads to one refresh per generation; a holder fenced out
 * cannot overwrite a newer token; what Redis holds is the token, its expiry and api_domain — no secret.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ZohoCore } from '../../templates/runtime/core.ts';
import { hashTag, tokenKeys } from '../../templates/runtime/redis/keys.ts';
import {
  closeConnection,
  command,
  connectRedisUrl,
  DEFAULT_REDIS_TIMEOUTS,
  type RedisConnection,
} from '../../templates/runtime/redis/redis-client.ts';
import { LOCK, PUBLISH_TOKEN } from '../../templates/runtime/redis/scripts.ts';
import { tokenStoreKey } from '../../templates/runtime/token-store.ts';
import { startEmulator, type Emulator } from '../../emulator/index.ts';
import { clientFor, listLeads, snapshot } from './helpers.ts';
import { redisAvailable, startRedis, type RedisServer } from './redis-server.ts';

describe.skipIf(!redisAvailable)('shared token', () => {
  let redis: RedisServer;
  let emu: Emulator;
  let admin: RedisConnection;
  const cores: ZohoCore[] = [];
  let keys: ReturnType<typeof tokenKeys>;

  beforeAll(async () => {
    redis = await startRedis();
    emu = await startEmulator({ snapshot, records: 5, seed: 1 });
    admin = await connectRedisUrl(redis.url, DEFAULT_REDIS_TIMEOUTS);
    const { clientId, refreshToken } = emu.credentials;
    keys = tokenKeys('zcrm:', hashTag(tokenStoreKey(clientId, refreshToken)));
  });
  afterEach(async () => {
    await Promise.all(cores.splice(0).map((c) => c.close()));
    await command(admin, ['FLUSHALL']);
  });
  afterAll(async () => {
    await closeConnection(admin);
    await emu?.close();
    await redis?.dispose();
  });

  function processes(n: number): ZohoCore[] {
    const out = Array.from({ length: n }, () => clientFor(emu, { url: redis.url }));
    cores.push(...out);
    return out;
  }

  it('10 processes starting together mint one token', async () => {
    const before = emu.log.tokensMinted;
    await Promise.all(processes(10).map((c) => Promise.all([listLeads(c), listLeads(c)])));
    expect(emu.log.tokensMinted - before).toBe(1);
  });

  it('stores the token, its expiry, mint time, api_domain and generation — never a secret — with a TTL of its life', async () => {
    const [c] = processes(1);
    await listLeads(c!);
    const fields = await command(admin, ['HKEYS', keys.token]);
    expect([...(fields as string[])].sort()).toEqual(
      ['access_token', 'api_domain', 'expires_at', 'generation', 'obtained_at'].sort(),
    );
    const pttl = Number(await command(admin, ['PTTL', keys.token]));
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(3600 * 1000);
    const dump = JSON.stringify(
      await command(admin, ['HMGET', keys.token, 'api_domain', 'expires_at']),
    );
    const allKeys = JSON.stringify(await command(admin, ['KEYS', '*']));
    for (const secret of [emu.credentials.clientSecret, emu.credentials.refreshToken]) {
      expect(dump).not.toContain(secret);
      expect(allKeys).not.toContain(secret);
    }
  });

  it('a holder that died leaves the lock to expire; another process then refreshes', async () => {
    // A "process" took the refresh lock and died before minting.
    const fence = Number(await LOCK.run(admin, [keys.lock, keys.fence], [400, 'dead-host:1']));
    expect(fence).toBeGreaterThan(0);
    const before = emu.log.tokensMinted;
    await Promise.all(processes(5).map((c) => listLeads(c)));
    expect(emu.log.tokensMinted - before).toBe(1);
    const generation = Number(await command(admin, ['HGET', keys.token, 'generation']));
    expect(generation).toBeGreaterThan(fence);
  });

  it('INVALID_TOKEN seen by every process: one refresh for that generation', async () => {
    const procs = processes(8);
    await Promise.all(procs.map((c) => listLeads(c)));
    const gen1 = Number(await command(admin, ['HGET', keys.token, 'generation']));
    const before = emu.log.tokensMinted;
    emu.faults.set({ kind: 'expire-tokens' });
    await Promise.all(procs.map((c) => Promise.all([listLeads(c), listLeads(c), listLeads(c)])));
    emu.faults.clear();
    expect(emu.log.tokensMinted - before).toBe(1);
    const gen2 = Number(await command(admin, ['HGET', keys.token, 'generation']));
    expect(gen2).toBeGreaterThan(gen1);
  });

  it('fencing: a holder whose lock expired cannot overwrite the newer token', async () => {
    const stale = Number(await LOCK.run(admin, [keys.lock, keys.fence], [50, 'slow-host:1']));
    await new Promise((r) => setTimeout(r, 80)); // its lock expires while it "mints"
    const fresh = Number(await LOCK.run(admin, [keys.lock, keys.fence], [5_000, 'fast-host:2']));
    expect(fresh).toBeGreaterThan(stale);
    const now = Date.now();
    const write = (fence: number, holder: string, token: string): Promise<unknown> =>
      PUBLISH_TOKEN.run(
        admin,
        [keys.token, keys.lock],
        [`${fence}:${holder}`, fence, token, now + 60_000, now, '', 60_000],
      );
    expect(Number(await write(fresh, 'fast-host:2', 'new-token'))).toBe(fresh);
    expect(Number(await write(stale, 'slow-host:1', 'old-token'))).toBe(0);
    expect(await command(admin, ['HGET', keys.token, 'access_token'])).toBe('new-token');
  });

  it('a refusal by the token endpoint is shared: the other processes do not ask again during its cool-down', async () => {
    const bad = Array.from({ length: 4 }, () =>
      clientFor(
        emu,
        { url: redis.url },
        {
          auth: { ...emu.credentials, clientSecret: 'wrong-secret' },
        },
      ),
    );
    cores.push(...bad);
    const tokenCalls = (): number =>
      emu.log.entries.filter((e) => e.path.startsWith('/oauth/v2/token')).length;
    const before = tokenCalls();
    const results = await Promise.allSettled(bad.map((c) => listLeads(c)));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(tokenCalls() - before).toBe(1);
  });
});
