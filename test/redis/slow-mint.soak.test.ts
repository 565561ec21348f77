/**
 * Chaos (issue #15, item 2): a token endpoint slower than the 15 s refresh lock. 10 processes start
 * together against an endpoint that answers in 20 s: exactly one token is minted (the holder extends
 * its lock while the mint is in flight), every process gets it, and none reports Redis as unavailable.
 * The minting process killed with SIGKILL mid-mint: its lock expires, one other process mints — one
 * more mint, no more — and the rest get that token.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashTag, tokenKeys } from '../../templates/runtime/redis/keys.ts';
import {
  closeConnection,
  command,
  connectRedisUrl,
  DEFAULT_REDIS_TIMEOUTS,
  type RedisConnection,
} from '../../templates/runtime/redis/redis-client.ts';
import { tokenStoreKey } from '../../templates/runtime/token-store.ts';
import type { MintWorkerConfig, MintWorkerReport } from './mint-worker.ts';
import { redisAvailable, startRedis, type RedisServer } from './redis-server.ts';

const MINT_MS = 20_000;
const PROCESSES = 10;
const credentials = {
  clientId: '1000.SLOWMINT',
  clientSecret: 'slow-mint-client-secret',
  refreshToken: '1000.slow-mint-refresh-token',
};
const workerFile = fileURLToPath(new URL('./mint-worker.ts', import.meta.url));

interface Worker {
  readonly child: ChildProcess;
  readonly report: Promise<MintWorkerReport | undefined>;
}

describe.skipIf(!redisAvailable)('a token endpoint slower than the refresh lock', () => {
  let redis: RedisServer;
  let admin: RedisConnection;
  let zoho: Server;
  let zohoUrl = '';
  let mintRequests = 0;
  const workers: Worker[] = [];
  const lockKey = tokenKeys(
    'zcrm:',
    hashTag(tokenStoreKey(credentials.clientId, credentials.refreshToken)),
  ).lock;

  beforeAll(async () => {
    redis = await startRedis();
    admin = await connectRedisUrl(redis.url, DEFAULT_REDIS_TIMEOUTS);
    zoho = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const send = (body: unknown): void => {
          if (res.destroyed) return;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (req.url?.startsWith('/oauth/v2/token')) {
          const n = ++mintRequests;
          setTimeout(
            () => send({ access_token: `1000.slow.${n}.${'t'.repeat(20)}`, expires_in: 3600 }),
            MINT_MS,
          );
        } else send({ data: [{ id: '1' }], info: { more_records: false } });
      });
    });
    await new Promise<void>((r) => zoho.listen(0, '127.0.0.1', r));
    zohoUrl = `http://127.0.0.1:${(zoho.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    zoho?.closeAllConnections();
    await new Promise((r) => zoho?.close(r));
    if (admin !== undefined) await closeConnection(admin);
    await redis?.dispose();
  });

  function start(n: number): Worker[] {
    const config: MintWorkerConfig = { redisUrl: redis.url, zohoUrl, credentials };
    const started = Array.from({ length: n }, () => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', workerFile, JSON.stringify(config)],
        {
          stdio: ['ignore', 'pipe', 'ignore'],
        },
      );
      let out = '';
      child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
      const report = new Promise<MintWorkerReport | undefined>((resolve) =>
        child.once('exit', (code) => {
          const last = out.trim().split('\n').pop() ?? '';
          resolve(code === 0 && last !== '' ? (JSON.parse(last) as MintWorkerReport) : undefined);
        }),
      );
      return { child, report };
    });
    workers.push(...started);
    return started;
  }

  it(`${PROCESSES} processes, a ${MINT_MS / 1000} s endpoint: exactly one mint, no Redis error`, async () => {
    await command(admin, ['FLUSHALL']);
    mintRequests = 0;
    const reports = await Promise.all(start(PROCESSES).map((w) => w.report));
    expect(mintRequests).toBe(1);
    expect(reports.map((r) => r?.ok)).toEqual(Array(PROCESSES).fill(true));
    expect(reports.flatMap((r) => r?.coordinationErrors ?? [])).toEqual([]);
  }, 90_000);

  it('the minting process killed mid-mint: one more mint at most, the others get its token', async () => {
    await command(admin, ['FLUSHALL']);
    mintRequests = 0;
    const started = start(PROCESSES);
    // The holder is named in the lock: "<fence>:<host>:<pid>".
    let holder: number | undefined;
    for (let i = 0; i < 400 && holder === undefined; i++) {
      const value = await command(admin, ['GET', lockKey]);
      if (typeof value === 'string' && mintRequests === 1) holder = Number(value.split(':').pop());
      else await new Promise((r) => setTimeout(r, 50));
    }
    const victim = started.find((w) => w.child.pid === holder);
    expect(victim).toBeDefined();
    victim?.child.kill('SIGKILL');
    const reports = await Promise.all(started.filter((w) => w !== victim).map((w) => w.report));
    expect(mintRequests).toBe(2);
    expect(reports.map((r) => r?.ok)).toEqual(Array(PROCESSES - 1).fill(true));
    expect(reports.flatMap((r) => r?.coordinationErrors ?? [])).toEqual([]);
  }, 120_000);
});
