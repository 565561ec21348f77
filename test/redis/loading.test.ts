/**
 * How the Redis code is reached: a client without `redis` loads none of it (no static import of
 * ./redis/ or @redis/client from the rest of the runtime), and `redis: { client }` accepts a connected
 * @redis/client client as is — typed structurally, left open when the ZohoCore closes.
 */
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisClientLike } from '../../templates/runtime/coordination.ts';
import type { ZohoCore } from '../../templates/runtime/core.ts';
import { startEmulator, type Emulator } from '../../emulator/index.ts';
import { clientFor, listLeads, snapshot } from './helpers.ts';
import { redisAvailable, startRedis, type RedisServer } from './redis-server.ts';

const runtimeDir = fileURLToPath(new URL('../../templates/runtime/', import.meta.url));

async function tsFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await tsFiles(p)));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

describe('loading', () => {
  it('outside redis/, the runtime imports ./redis/ only as types or with a dynamic import()', async () => {
    const offenders: string[] = [];
    for (const file of await tsFiles(runtimeDir)) {
      if (file.includes('/redis/')) continue;
      const text = await readFile(file, 'utf8');
      for (const m of text.matchAll(
        /^(import|export)\s+(?!type\b)[^;]*?from\s+'(\.\/redis\/[^']+)'/gm,
      ))
        offenders.push(`${file}: ${m[0]}`);
    }
    expect(offenders).toEqual([]);
  });

  it('nothing in the runtime imports @redis/client statically', async () => {
    const offenders: string[] = [];
    for (const file of await tsFiles(runtimeDir)) {
      const text = await readFile(file, 'utf8');
      if (/from\s+'@redis\/client'|import\('@redis\/client'\)/.test(text)) offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });
});

describe.skipIf(!redisAvailable)('redis: { client }', () => {
  let redis: RedisServer;
  let emu: Emulator;

  beforeAll(async () => {
    redis = await startRedis();
    emu = await startEmulator({ snapshot, records: 5, seed: 1 });
  });
  afterAll(async () => {
    await emu?.close();
    await redis?.dispose();
  });

  it("shares through the caller's connected client and leaves it open", async () => {
    const client = createClient({ url: redis.url });
    client.on('error', () => undefined);
    await client.connect();
    const structural: RedisClientLike = client; // a real client fits the structural type
    const cores: ZohoCore[] = [clientFor(emu, { client: structural }), clientFor(emu, { client })];
    const before = emu.log.tokensMinted;
    await Promise.all(cores.map((c) => Promise.all([listLeads(c), listLeads(c)])));
    expect(emu.log.tokensMinted - before).toBe(1);
    await Promise.all(cores.map((c) => c.close()));
    expect(await client.ping()).toBe('PONG');
    client.destroy();
  });

  it('a script that forgets close() still exits: our idle Redis connections do not hold the process', async () => {
    const script = fileURLToPath(new URL('./forgets-close.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', script, redis.url, emu.url, JSON.stringify(emu.credentials)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearTimeout(killer);
    expect(out).toBe('done\n');
    expect(code).toBe(0);
  });

  it('names the field at fault for bad options', () => {
    expect(() => clientFor(emu, { url: 'http://localhost:6379' })).toThrow(
      'ZohoCore: option `redis.url` must be a redis:// or rediss:// URL',
    );
    expect(() => clientFor(emu, { client: {} as RedisClientLike })).toThrow(
      '`redis.client` must be',
    );
    expect(() =>
      clientFor(emu, { url: redis.url, credits: { dailyBudget: 10, reserve: 10 } }),
    ).toThrow('`redis.credits.reserve` must be an integer from 0 to dailyBudget - 1');
    expect(() =>
      clientFor(emu, { url: redis.url }, { auth: { accessToken: 'fixed-token-value' } }),
    ).toThrow('`redis.orgKey` is required');
  });
});
