/**
 * `zcrm-codegen status` and getSharedStatus against a real redis-server: token age and expiry (never
 * the token), calls in flight with their holders, credits used; usage and connection errors.
 */
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStatus } from '../../generator/commands/status.ts';
import { getSharedStatus } from '../../templates/runtime/coordination.ts';
import type { ZohoCore } from '../../templates/runtime/core.ts';
import { startEmulator, type Emulator } from '../../emulator/index.ts';
import { clientFor, listLeads, snapshot } from './helpers.ts';
import { freePort, redisAvailable, startRedis, type RedisServer } from './redis-server.ts';

function capture(): {
  io: { stdout: (s: string) => void; stderr: (s: string) => void };
  out: () => string;
  err: () => string;
} {
  let out = '';
  let err = '';
  return {
    io: { stdout: (s) => (out += s), stderr: (s) => (err += s) },
    out: () => out,
    err: () => err,
  };
}

describe.skipIf(!redisAvailable)('status', () => {
  let redis: RedisServer;
  let emu: Emulator;
  let core: ZohoCore;

  beforeAll(async () => {
    redis = await startRedis();
    emu = await startEmulator({ snapshot, records: 5, seed: 1 });
    core = clientFor(emu, { url: redis.url });
  });
  afterAll(async () => {
    await core?.close();
    await emu?.close();
    await redis?.dispose();
  });

  it('shows the token, the calls in flight and their holder, and credits — never the token itself', async () => {
    await Promise.all([listLeads(core), listLeads(core), listLeads(core)]);
    emu.faults.set({ kind: 'latency', ms: 400 });
    const slow = Promise.all([listLeads(core), listLeads(core)]);
    await new Promise((r) => setTimeout(r, 150));
    const status = await getSharedStatus({ url: redis.url });
    const c = capture();
    const code = await runStatus(['--redis', redis.url], c.io);
    await slow;
    emu.faults.clear();

    expect(status.orgs).toHaveLength(1);
    const org = status.orgs[0]!;
    expect(org.token?.generation).toBeGreaterThan(0);
    expect(org.token?.expiresInMs).toBeGreaterThan(0);
    expect(org.inFlight).toBe(2);
    expect(org.holders).toEqual({ [`${hostname()}:${process.pid}`]: 2 });
    expect(org.creditsUsed).toBe(5);

    expect(code).toBe(0);
    expect(c.out()).toContain(`org key ${org.key}`);
    expect(c.out()).toMatch(/token: generation \d+, age [\d.]+ s, expires in/);
    expect(c.out()).toContain('in flight: 2 (heavy 0)');
    expect(c.out()).toContain('credits used in the last 24 h: 5');
    const json = capture();
    expect(await runStatus(['--redis', redis.url, '--json'], json.io)).toBe(0);
    expect(JSON.parse(json.out())).toMatchObject({ keyPrefix: 'zcrm:', orgs: [{ key: org.key }] });
  });

  it('never prints a token or secret', async () => {
    const c = capture();
    await runStatus(['--redis', redis.url, '--json'], c.io);
    const text = c.out() + c.err();
    for (const secret of [emu.credentials.clientSecret, emu.credentials.refreshToken])
      expect(text).not.toContain(secret);
    expect(text).not.toMatch(/1000\.[0-9a-f]{32}\.[0-9a-f]{32}/); // the emulator's access-token shape
  });

  it('an empty prefix says nothing is shared there', async () => {
    const c = capture();
    expect(await runStatus(['--redis', redis.url, '--key-prefix', 'other:'], c.io)).toBe(0);
    expect(c.out()).toBe('no shared limits found under key prefix "other:"\n');
  });

  it.each([
    { given: [], want: '--redis must be' },
    { given: ['--redis', 'http://x'], want: '--redis must be' },
    { given: ['--redis', 'redis://x', '--bogus'], want: "Unknown option '--bogus'" },
  ])('usage error $given → exit 2', async ({ given, want }) => {
    const c = capture();
    expect(await runStatus(given, c.io)).toBe(2);
    expect(c.err()).toContain(want);
  });

  it('unreachable Redis → exit 1 with the URL (password hidden), never hangs', async () => {
    const port = await freePort();
    const c = capture();
    expect(await runStatus(['--redis', `redis://:hunter2@127.0.0.1:${port}`], c.io)).toBe(1);
    expect(c.err()).toContain(`cannot read redis://:***@127.0.0.1:${port}`);
    expect(c.err()).toContain(`connection refused at 127.0.0.1:${port}`);
    expect(c.err()).not.toContain('hunter2');
  });

  it('a wrong password → says authentication failed, not that nothing answered', async () => {
    const locked = await startRedis(['--requirepass', 'the-right-one']);
    try {
      const c = capture();
      expect(await runStatus(['--redis', `redis://:hunter2@127.0.0.1:${locked.port}`], c.io)).toBe(
        1,
      );
      expect(c.err()).toContain(
        `authentication failed at 127.0.0.1:${locked.port}: wrong password`,
      );
      expect(c.err()).not.toContain('no answer');
      expect(c.err()).not.toContain('hunter2');
    } finally {
      await locked.dispose();
    }
  });
});
