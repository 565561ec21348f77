/**
 * Shared limits through Redis (ClientOptions.redis) — loaded by coordination.ts with a dynamic import, only
 * when the option is set. What is stored, and for how long: README.md beside this file.
 */
import type { Coordinator, CoordinatorDeps } from './coordinator.js';
import { RedisHealth } from './health.js';
import { DEFAULT_KEY_PREFIX, hashTag, orgKeys, tokenKeys } from './keys.js';
import {
  closeConnection,
  command,
  connectRedisUrl,
  DEFAULT_REDIS_TIMEOUTS,
  unrefOwned,
  withTimeout,
  type RedisConnection,
} from './redis-client.js';
import { SharedSemaphore } from './semaphore.js';
import { SharedTokenSource } from './shared-token.js';

export { readSharedStatus, formatSharedStatus } from './status.js';
export type { SharedStatus, OrgStatus } from './status.js';
export type { RedisClientLike } from './redis-client.js';

const DAY_MS = 86_400_000;
/** The token request's attempts (auth.ts TokenMinter: one try and 2 retries when no answer came). */
const MINT_ATTEMPTS = 3;
/** Zoho frees credits as they leave the rolling 24 h; we count them in 1/1440 of the window (a minute). */
const BUCKETS_PER_WINDOW = 1440;

export async function createRedisCoordinator(deps: CoordinatorDeps): Promise<Coordinator> {
  const o = deps.options;
  const timeouts = {
    connectTimeoutMs: o.connectTimeoutMs ?? DEFAULT_REDIS_TIMEOUTS.connectTimeoutMs,
    commandTimeoutMs: o.commandTimeoutMs ?? DEFAULT_REDIS_TIMEOUTS.commandTimeoutMs,
  };
  const conn: RedisConnection =
    'url' in o
      ? await connectRedisUrl(o.url, timeouts)
      : { client: o.client, owned: false, timeouts };
  try {
    await command(conn, ['PING']);
  } catch (err) {
    await closeConnection(conn);
    throw err;
  }
  const health = new RedisHealth(deps.reportDown, 2_000, deps.reportUp);
  const prefix = o.keyPrefix ?? DEFAULT_KEY_PREFIX;
  const grantTag = deps.minter === undefined ? undefined : hashTag(deps.minter.key);
  const orgTag = o.orgKey ?? grantTag ?? 'default';
  const keys = orgKeys(prefix, orgTag);
  const windowMs = o.credits?.windowMs ?? DAY_MS;
  const semaphore = new SharedSemaphore(
    conn,
    keys,
    {
      cap: deps.maxConcurrency,
      heavyCap: deps.heavyConcurrency,
      leaseMs: o.leaseMs ?? 30_000,
      creditLimit: o.credits === undefined ? 0 : o.credits.dailyBudget - (o.credits.reserve ?? 0),
      windowMs,
      bucketMs: Math.max(1, Math.floor(windowMs / BUCKETS_PER_WINDOW)),
      pollMs: 250,
    },
    health,
  );
  const subscriber = await subscribe(conn, keys.freed, () => semaphore.wake());
  const lockMs = o.lockMs ?? 15_000;
  const tokens =
    deps.minter === undefined || grantTag === undefined
      ? undefined
      : new SharedTokenSource(conn, tokenKeys(prefix, grantTag), deps.minter, deps.local, health, {
          lockMs,
          // The slowest mint a live holder can be in, plus a lock life for a dead holder's lock to expire.
          waitMaxMs: MINT_ATTEMPTS * deps.timeoutMs + 2 * lockMs,
        });
  const waitForCredits = o.credits?.onExhausted === 'wait';

  return {
    tokens,
    enter: (heavy, cost, signal) => semaphore.acquire(heavy, cost, waitForCredits, signal),
    leave: (id) => semaphore.release(id),
    close: async () => {
      await semaphore.close();
      if (subscriber !== undefined) await closeConnection(subscriber);
      await closeConnection(conn);
    },
  };
}

/** A second connection listening for freed slots; undefined (waiters poll) when the client cannot. */
async function subscribe(
  conn: RedisConnection,
  channel: string,
  onMessage: () => void,
): Promise<RedisConnection | undefined> {
  const dup = conn.client.duplicate?.();
  if (dup === undefined || dup.subscribe === undefined) return undefined;
  const sub: RedisConnection = { client: dup, owned: true, timeouts: conn.timeouts };
  dup.on?.('error', () => undefined);
  try {
    await withTimeout(Promise.resolve(dup.connect?.()), conn.timeouts.connectTimeoutMs, 'connect');
    await withTimeout(
      Promise.resolve(dup.subscribe(channel, onMessage)),
      conn.timeouts.commandTimeoutMs,
      'SUBSCRIBE',
    );
    unrefOwned(dup);
    return sub;
  } catch {
    await closeConnection(sub);
    return undefined;
  }
}
