/**
 * The Redis connection the shared limits use, typed structurally so a generated client type-checks and
 * runs without @redis/client installed: the package is imported (dynamically) only when `redis.url` is set.
 *
 * Why @redis/client: it is the official client core (node-redis, maintained by Redis), promise-based,
 * speaks EVAL/EVALSHA for the Lua scripts below, and pulls in no module add-ons (search, JSON, time
 * series) — nothing beyond what this runtime needs.
 */
import { createHash } from 'node:crypto';

/**
 * The part of a connected @redis/client (v4–v6) client this runtime calls. A `RedisClientType` is
 * assignable to it; so is any client offering the same methods.
 */
export interface RedisClientLike {
  sendCommand(args: string[]): Promise<unknown>;
  /** A second connection for pub/sub (optional: without it, waiters poll). */
  duplicate?(): RedisClientLike;
  connect?(): Promise<unknown>;
  subscribe?(
    channel: string,
    listener: (message: string, channel: string) => void,
  ): Promise<unknown>;
  close?(): Promise<unknown>;
  destroy?(): void;
  on?(event: 'error' | 'ready', listener: (err?: Error) => void): unknown;
  unref?(): void;
}

/** Bounds on every Redis interaction: a coordination call never hangs a Zoho call. */
export interface RedisTimeouts {
  connectTimeoutMs: number;
  commandTimeoutMs: number;
}

export const DEFAULT_REDIS_TIMEOUTS: RedisTimeouts = {
  connectTimeoutMs: 2_000,
  commandTimeoutMs: 1_500,
};

/** A connection plus whether this runtime owns it (and so closes it). */
export interface RedisConnection {
  readonly client: RedisClientLike;
  readonly owned: boolean;
  readonly timeouts: RedisTimeouts;
  /**
   * For a connection opened from a URL: `host:port`, and what went wrong with the socket last (refused,
   * DNS, authentication), cleared when it is ready again — so a failing command says why, not only that
   * no answer came.
   */
  readonly link?: ConnectionLink;
}

export interface ConnectionLink {
  readonly where: string;
  lastError: Error | undefined;
}

/** Redis said no (a script error, a wrong type) or did not answer in time. */
export class RedisCommandError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RedisCommandError';
  }
}

/** The Redis client package is missing or unusable: a setup mistake, reported as such (not as an outage). */
export class RedisSetupError extends RedisCommandError {
  readonly setup = true;
}

/**
 * Opens a connection to `url` with @redis/client, bounded by `connectTimeoutMs`. The first socket or
 * handshake error fails it at once, saying what happened (connection refused at host:port, a DNS
 * failure, an authentication failure) rather than waiting out the timeout.
 */
export async function connectRedisUrl(
  url: string,
  timeouts: RedisTimeouts,
): Promise<RedisConnection> {
  const mod = await importRedisClient();
  const link: ConnectionLink = { where: redisAddress(url), lastError: undefined };
  const client = mod.createClient({
    url,
    // Commands fail at once while disconnected instead of queueing until Redis is back: the caller
    // then carries on per process (or fails) rather than waiting on Redis.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: timeouts.connectTimeoutMs,
      // Keep reconnecting in the background (capped backoff) so coordination resumes when Redis returns.
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2_000),
    },
  });
  let failConnect: ((err: Error) => void) | undefined;
  // An 'error' event without a listener would crash the process; errors surface through commands instead,
  // described with the last one seen here.
  client.on?.('error', (err) => {
    if (err === undefined) return;
    link.lastError = err;
    failConnect?.(err);
  });
  client.on?.('ready', () => {
    link.lastError = undefined;
  });
  try {
    const failed = new Promise<never>((_, reject) => {
      failConnect = (err) =>
        reject(
          new RedisCommandError(`redis connect: ${describeConnectionError(err, link.where)}`, {
            cause: err,
          }),
        );
    });
    await withTimeout(
      Promise.race([Promise.resolve(client.connect?.()), failed]),
      timeouts.connectTimeoutMs,
      'connect',
      link,
    );
  } catch (err) {
    try {
      client.destroy?.();
    } catch {
      // already closed
    }
    throw err;
  } finally {
    failConnect = undefined;
  }
  unrefOwned(client);
  return { client, owned: true, timeouts, link };
}

/** `host:port` of a redis:// URL (6379 when the URL names no port); never the password. */
export function redisAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port === '' ? '6379' : u.port}`;
  } catch {
    return 'Redis';
  }
}

/** What a socket or handshake error means, in words a user can act on. */
export function describeConnectionError(err: unknown, where: string): string {
  const code = (err as { code?: unknown } | undefined)?.code;
  const text = errorText(err);
  const host = where.slice(0, where.lastIndexOf(':'));
  if (code === 'ECONNREFUSED')
    return `connection refused at ${where}: nothing listens there (is Redis running? is the port right?)`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME')
    return `DNS lookup of ${host} failed (${String(code)}): check the host name in redis.url`;
  if (/^WRONGPASS/.test(text))
    return `authentication failed at ${where}: wrong password or user (WRONGPASS) — check the credentials in redis.url`;
  if (/^NOAUTH/.test(text))
    return `authentication failed at ${where}: Redis requires a password (NOAUTH) — put it in redis.url (redis://:password@host:port)`;
  if (code === 'ETIMEDOUT') return `connecting to ${where} timed out (ETIMEDOUT)`;
  if (code === 'ECONNRESET' || code === 'EPIPE')
    return `the connection to ${where} was reset (${String(code)})`;
  if (typeof code === 'string' && /CERT|SSL|TLS/.test(code + text))
    return `TLS with ${where} failed: ${text}`;
  return `${where}: ${text}`;
}

/**
 * An idle connection of ours does not keep the process alive (like undici's idle sockets): a script or
 * serverless function that forgets close() still exits. Pending commands keep it alive through their
 * timeout timers.
 */
export function unrefOwned(client: RedisClientLike): void {
  try {
    client.unref?.();
  } catch {
    // not supported by this client
  }
}

interface RedisClientModule {
  createClient(options: Record<string, unknown>): RedisClientLike;
}

async function importRedisClient(): Promise<RedisClientModule> {
  // A non-literal specifier: TypeScript does not resolve it, so consumers without the package type-check.
  const specifier = '@redis/client';
  let mod: unknown;
  try {
    mod = await import(specifier);
  } catch (err) {
    throw new RedisSetupError(
      'redis: option `redis.url` needs the optional peer dependency @redis/client — run `npm install @redis/client`',
      { cause: err },
    );
  }
  const m = mod as { createClient?: unknown; default?: { createClient?: unknown } };
  const create = typeof m.createClient === 'function' ? m.createClient : m.default?.createClient;
  if (typeof create !== 'function')
    throw new RedisSetupError('redis: @redis/client does not export createClient');
  return { createClient: create as RedisClientModule['createClient'] };
}

/** One command, rejected with RedisCommandError after `commandTimeoutMs`. */
export function command(conn: RedisConnection, args: string[]): Promise<unknown> {
  let sent: Promise<unknown>;
  try {
    sent = conn.client.sendCommand(args);
  } catch (err) {
    return Promise.reject(
      new RedisCommandError(`redis ${args[0] ?? ''}: ${errorText(err)}${linkState(conn.link)}`, {
        cause: err,
      }),
    );
  }
  return withTimeout(sent, conn.timeouts.commandTimeoutMs, args[0] ?? 'command', conn.link);
}

/** " — <what the socket last said>", or "" while the connection is fine. */
function linkState(link: ConnectionLink | undefined): string {
  const last = link?.lastError;
  return last === undefined ? '' : ` — ${describeConnectionError(last, link?.where ?? 'Redis')}`;
}

/** A Lua script, sent by SHA1 (EVALSHA) and by text the first time a server has not seen it. */
export class Script {
  readonly sha: string;
  constructor(
    readonly name: string,
    readonly text: string,
  ) {
    this.sha = createHash('sha1').update(text).digest('hex');
  }

  async run(
    conn: RedisConnection,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    const tail = [String(keys.length), ...keys, ...args.map(String)];
    try {
      return await command(conn, ['EVALSHA', this.sha, ...tail]);
    } catch (err) {
      if (!/NOSCRIPT/.test(errorText(err))) throw err;
      return command(conn, ['EVAL', this.text, ...tail]);
    }
  }
}

export function withTimeout<T>(
  p: Promise<T>,
  ms: number,
  what: string,
  link?: ConnectionLink,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new RedisCommandError(
            `redis ${what}: no answer${link === undefined ? '' : ` from ${link.where}`} within ${ms} ms${linkState(link)}`,
          ),
        ),
      ms,
    );
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(
          err instanceof RedisCommandError
            ? err
            : new RedisCommandError(`redis ${what}: ${errorText(err)}${linkState(link)}`, {
                cause: err,
              }),
        );
      },
    );
  });
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Closes a connection this runtime opened; a caller's own client is left alone. */
export async function closeConnection(conn: RedisConnection): Promise<void> {
  if (!conn.owned) return;
  try {
    await withTimeout(Promise.resolve(conn.client.close?.()), 1_000, 'close');
  } catch {
    try {
      conn.client.destroy?.();
    } catch {
      // already gone
    }
  }
}
