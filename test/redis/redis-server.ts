/**
 * A real redis-server for tests: a free loopback port, no persistence, its own temp dir; waits for PING.
 * CI installs redis-server when absent (the path is /usr/bin/redis-server, or REDIS_SERVER).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_SERVER_BIN = process.env['REDIS_SERVER'] ?? '/usr/bin/redis-server';

/**
 * Whether the Redis tests can run here. In CI (CI=true, as .ci/run runs) redis-server is a prerequisite:
 * without it the test file fails. Elsewhere the Redis tests skip, saying why.
 */
export const redisAvailable = findRedisServer();

function findRedisServer(): boolean {
  if (existsSync(REDIS_SERVER_BIN)) return true;
  const reason = `no redis-server at ${REDIS_SERVER_BIN} (install the redis-server package, or set REDIS_SERVER)`;
  const ci = process.env['CI'];
  if (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0')
    throw new Error(`${reason}: CI runs the Redis tests against a real server`);
  console.warn(`skipping the Redis tests: ${reason}`);
  return false;
}

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGTERM, then SIGKILL); the port may be reused by `restart`. */
  stop(): Promise<void>;
  /** Starts it again on the same port (empty: no persistence). */
  restart(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open, nothing is answered until `resume`. */
  pause(): void;
  /** Thaws it (SIGCONT): queued commands run in order. */
  resume(): void;
  /** The server's process id (undefined while stopped). */
  readonly pid: number | undefined;
  /** Stops it and removes its temp dir. */
  dispose(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** `extraArgs` are passed to redis-server (e.g. ['--requirepass', 'pw']). */
export async function startRedis(extraArgs: readonly string[] = []): Promise<RedisServer> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'zcrm-redis-'));
  let child: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
    child = spawn(
      REDIS_SERVER_BIN,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        ...extraArgs,
      ],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (await ping(port)) return;
      if (Date.now() > deadline)
        throw new Error(`redis-server on port ${port} did not answer PING within 10 s`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const stop = async (): Promise<void> => {
    const c = child;
    child = undefined;
    if (c === undefined || c.exitCode !== null) return;
    c.kill('SIGCONT'); // a paused server would not act on SIGTERM
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => c.kill('SIGKILL'), 3_000);
      c.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      c.kill('SIGTERM');
    });
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    restart: launch,
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
    get pid() {
      return child?.pid;
    },
    dispose: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** True when a PING on `port` gets +PONG (or -NOAUTH from a server that wants a password). */
export function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket();
    const done = (ok: boolean): void => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(500, () => done(false));
    s.once('error', () => done(false));
    s.connect(port, '127.0.0.1', () => s.write('PING\r\n'));
    // A server with --requirepass answers -NOAUTH: it is up all the same.
    s.once('data', (d) => done(/^(\+PONG|-NOAUTH)/.test(d.toString())));
  });
}
