/**
 * Redis failing: the client reports it once through `onCoordinationError` and carries on per process —
 * or fails before sending, with onRedisDown 'fail' — and never hangs (bounded connect and command
 * timeouts); writes are neither lost nor doubled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZohoCore } from '../../templates/runtime/core.ts';
import { CoordinationError } from '../../templates/runtime/errors.ts';
import type { CoordinationErrorEvent } from '../../templates/runtime/hooks.ts';
import { ModuleResource } from '../../templates/runtime/module-resource.ts';
import { startEmulator, type Emulator } from '../../emulator/index.ts';
import { clientFor, listLeads, snapshot } from './helpers.ts';
import { freePort, redisAvailable, startRedis, type RedisServer } from './redis-server.ts';

interface Lead {
  id: string;
  Last_Name: string;
}

describe.skipIf(!redisAvailable)('Redis down', () => {
  let emu: Emulator;
  const cores: ZohoCore[] = [];

  beforeAll(async () => {
    emu = await startEmulator({ snapshot, records: 5, seed: 1 });
  });
  afterAll(async () => {
    await Promise.all(cores.map((c) => c.close()));
    await emu?.close();
  });

  it('mid-run: the hook fires once, every call still succeeds per process, no create lost or doubled', async () => {
    const redis: RedisServer = await startRedis();
    const events: CoordinationErrorEvent[] = [];
    const core = clientFor(
      emu,
      { url: redis.url, commandTimeoutMs: 300, connectTimeoutMs: 300 },
      { hooks: { onCoordinationError: (e) => events.push(e) } },
    );
    cores.push(core);
    const leads = new ModuleResource<Lead, Omit<Lead, 'id'>, Partial<Lead>>(core, 'Leads');
    const names: string[] = [];
    const created: string[] = [];
    const createOne = async (i: number): Promise<void> => {
      const name = `Down-${i}-${Date.now()}`;
      names.push(name);
      const [r] = await leads.create([{ Last_Name: name }]);
      if (r?.ok === true) created.push(name);
    };
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => Promise.all([createOne(i), listLeads(core)])),
    );
    expect(events).toEqual([]);

    const mintsBefore = emu.log.tokensMinted;
    await redis.dispose(); // Redis goes away mid-run
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => Promise.all([createOne(100 + i), listLeads(core)])),
    );

    expect(created).toHaveLength(40);
    expect(emu.log.tokensMinted).toBe(mintsBefore); // the shared token in hand stays in use
    expect(events).toHaveLength(1);
    expect(events[0]?.fallback).toBe('local');
    expect(events[0]?.error).toBeInstanceOf(CoordinationError);
    const stored = emu.store.records('Leads').map((r) => String(r['Last_Name']));
    for (const name of names) expect(stored.filter((n) => n === name)).toHaveLength(1);
  });

  it('unreachable from the start: reported once, calls succeed per process', async () => {
    const port = await freePort(); // nothing listens here
    const events: CoordinationErrorEvent[] = [];
    const core = clientFor(
      emu,
      { url: `redis://127.0.0.1:${port}`, connectTimeoutMs: 300, commandTimeoutMs: 300 },
      { hooks: { onCoordinationError: (e) => events.push(e) } },
    );
    cores.push(core);
    await Promise.all(Array.from({ length: 20 }, () => listLeads(core)));
    expect(events).toHaveLength(1);
  });

  it("onRedisDown 'fail': a CoordinationError before anything is sent", async () => {
    const port = await freePort();
    const core = clientFor(emu, {
      url: `redis://127.0.0.1:${port}`,
      onRedisDown: 'fail',
      connectTimeoutMs: 300,
      commandTimeoutMs: 300,
    });
    cores.push(core);
    const before = emu.log.count('createRecords');
    await expect(
      core.request({
        method: 'POST',
        path: '/crm/v8/Leads',
        body: { data: [{ Last_Name: 'Never-sent' }] },
        operation: 'createRecords',
      }),
    ).rejects.toBeInstanceOf(CoordinationError);
    expect(emu.log.count('createRecords')).toBe(before);
  });

  it('comes back: after Redis returns, calls share limits again', async () => {
    const redis = await startRedis();
    const events: CoordinationErrorEvent[] = [];
    const core = clientFor(
      emu,
      { url: redis.url, connectTimeoutMs: 300, commandTimeoutMs: 300 },
      { hooks: { onCoordinationError: (e) => events.push(e) } },
    );
    cores.push(core);
    await listLeads(core);
    await redis.stop();
    await listLeads(core);
    expect(events).toHaveLength(1);
    await redis.restart();
    // Retried every 2 s while down; keep calling until a lease shows up in Redis again.
    const { connectRedisUrl, command, closeConnection, DEFAULT_REDIS_TIMEOUTS } =
      await import('../../templates/runtime/redis/redis-client.ts');
    const admin = await connectRedisUrl(redis.url, DEFAULT_REDIS_TIMEOUTS);
    let credits: unknown = null;
    for (let i = 0; i < 100 && credits === null; i++) {
      await listLeads(core);
      const found = (await command(admin, ['KEYS', 'zcrm:*:credits'])) as string[];
      credits = found.length > 0 ? found[0] : null;
      if (credits === null) await new Promise((r) => setTimeout(r, 100));
    }
    expect(credits).not.toBeNull();
    await closeConnection(admin);
    await redis.dispose();
  });

  describe('the report says what happened', () => {
    let locked: RedisServer;
    beforeAll(async () => {
      locked = await startRedis(['--requirepass', 'the-right-one']);
    });
    afterAll(async () => {
      await locked?.dispose();
    });

    async function reportFor(url: string, connectTimeoutMs = 2_000): Promise<string> {
      const events: CoordinationErrorEvent[] = [];
      const core = clientFor(
        emu,
        { url, connectTimeoutMs, commandTimeoutMs: 300 },
        { hooks: { onCoordinationError: (e) => events.push(e) } },
      );
      cores.push(core);
      await listLeads(core);
      expect(events).toHaveLength(1);
      return events[0]?.error.message ?? '';
    }

    it('connection refused, with host and port', async () => {
      const port = await freePort();
      const message = await reportFor(`redis://127.0.0.1:${port}`);
      expect(message).toContain(`connection refused at 127.0.0.1:${port}`);
      expect(message).not.toContain('no answer');
    });

    it('a DNS failure, naming the host', async () => {
      // Room for a resolver that answers slowly (EAI_AGAIN) rather than at once (ENOTFOUND).
      const message = await reportFor('redis://no-such-host.invalid:6379', 20_000);
      expect(message).toMatch(
        /DNS lookup of no-such-host\.invalid failed \((ENOTFOUND|EAI_AGAIN)\)/,
      );
    });

    it('a wrong password, without printing it', async () => {
      const message = await reportFor(`redis://:wrong-password@127.0.0.1:${locked.port}`);
      expect(message).toContain(
        `authentication failed at 127.0.0.1:${locked.port}: wrong password`,
      );
      expect(message).not.toContain('wrong-password');
    });

    it('no password where one is required', async () => {
      const message = await reportFor(`redis://127.0.0.1:${locked.port}`);
      expect(message).toContain(
        `authentication failed at 127.0.0.1:${locked.port}: Redis requires a password (NOAUTH)`,
      );
    });

    it('Redis gone mid-run: the command failure says the connection is refused', async () => {
      const redis = await startRedis();
      const events: CoordinationErrorEvent[] = [];
      const core = clientFor(
        emu,
        { url: redis.url, connectTimeoutMs: 300, commandTimeoutMs: 300 },
        { hooks: { onCoordinationError: (e) => events.push(e) } },
      );
      cores.push(core);
      await listLeads(core);
      await redis.dispose();
      // The client notices the closed socket and tries to reconnect; give it a moment to be refused.
      await new Promise((r) => setTimeout(r, 200));
      await listLeads(core);
      expect(events).toHaveLength(1);
      expect(events[0]?.error.message).toContain(`connection refused at 127.0.0.1:${redis.port}`);
    });
  });
});
