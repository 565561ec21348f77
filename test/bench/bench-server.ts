/**
 * The emulator for the runtime benchmark, in this process or in a child process. A child keeps the
 * server's CPU work (routing, filtering 20,000 records, JSON.stringify) off the event loop of the
 * client under test, so the client's overhead is not hidden behind — or inflated by — the server's.
 * The access token is minted once through the emulator's OAuth endpoint and handed over by IPC,
 * never printed.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../../emulator/index.ts';
import { leadsOnlySnapshot } from './leads-snapshot.ts';

export interface BenchServer {
  readonly url: string;
  readonly accessToken: string;
  /** Wall time the emulator took to start and seed. */
  readonly startMs: number;
  close(): Promise<void>;
}

interface Ready {
  url: string;
  accessToken: string;
  startMs: number;
}

async function mintToken(url: string, credentials: { clientId: string; clientSecret: string; refreshToken: string }): Promise<string> {
  const res = await fetch(`${url}/oauth/v2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      refresh_token: credentials.refreshToken,
    }),
  });
  const body = (await res.json()) as { access_token?: unknown; error?: unknown };
  if (typeof body.access_token !== 'string') throw new Error(`emulator token endpoint refused the refresh token (${String(body.error)})`);
  return body.access_token;
}

async function start(records: number): Promise<Ready & { close(): Promise<void> }> {
  const t0 = performance.now();
  const emulator = await startEmulator({ snapshot: await leadsOnlySnapshot(), records, seed: 1 });
  const startMs = performance.now() - t0;
  const accessToken = await mintToken(emulator.url, emulator.credentials);
  // The request log keeps every entry; the benchmark sends tens of thousands of calls.
  const clearLog = setInterval(() => emulator.log.clear(), 2_000);
  clearLog.unref();
  return {
    url: emulator.url,
    accessToken,
    startMs,
    close: async () => {
      clearInterval(clearLog);
      await emulator.close();
    },
  };
}

export async function startInProcess(records: number): Promise<BenchServer> {
  return start(records);
}

export async function startChild(records: number): Promise<BenchServer> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--child', String(records)], {
    execArgv: ['--import', 'tsx'],
    cwd: fileURLToPath(new URL('../../', import.meta.url)),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Ready));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench emulator child exited early (code ${String(code)})`)));
  });
  return {
    ...ready,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send('close');
      await exited;
    },
  };
}

// Child entry: start, report over IPC, close when told (or when the parent goes away).
if (process.argv[2] === '--child' && process.send !== undefined) {
  const records = Number(process.argv[3] ?? '0');
  start(records)
    .then((server) => {
      const stop = (): void => {
        void server.close().then(() => process.exit(0));
      };
      process.on('message', (m) => {
        if (m === 'close') stop();
      });
      process.on('disconnect', stop);
      process.send?.({ url: server.url, accessToken: server.accessToken, startMs: server.startMs } satisfies Ready);
    })
    .catch((error: unknown) => {
      process.stderr.write(`bench emulator: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
