/**
 * `zcrm-codegen emulator --snapshot FILE [--port N] [--records N] …`: runs the dev server until Ctrl-C.
 * Prints `listening on http://127.0.0.1:N` first (scripts wait for that line), then the client id, the
 * built-in secret and refresh token (fixed strings committed in index.ts, no secret — never ones passed on
 * the command line), the admin endpoint and the faults armed.
 */
import { resolve } from 'node:path';
import type { ParsedArgs } from '../generator/commands/args.ts';
import { EXIT_OK, println, UsageError, type Io } from '../generator/commands/io.ts';
import { stringOption } from '../generator/commands/orgs.ts';
import { commandSpec } from '../generator/commands/command-specs.ts';
import { runCommand } from '../generator/commands/run.ts';
import { startDevServer } from './dev-server.ts';
import type { Fault } from './index.ts';

export const runEmulator = (argv: readonly string[], io: Io): Promise<number> =>
  runCommand(commandSpec('emulator'), argv, io, async (args, cmdIo) => {
    const server = await startDevServer(devServerOptions(args, cmdIo));
    const e = server.current();
    const say = (line: string) => println(cmdIo.stdout, line);
    say(`listening on ${server.url}`);
    say(`client id: ${e.credentials.clientId}`);
    if (
      stringOption(args.values, 'client-secret') === undefined &&
      stringOption(args.values, 'refresh-token') === undefined
    ) {
      say(`client secret: ${e.credentials.clientSecret} (built-in default)`);
      say(`refresh token: ${e.credentials.refreshToken} (built-in default)`);
    }
    say(
      `admin: ${server.adminUrl}status (loopback only; POST ${server.adminUrl}faults, DELETE ${server.adminUrl}faults, POST ${server.adminUrl}reset)`,
    );
    for (const f of e.faults.list()) say(`fault armed: ${JSON.stringify(f.fault)}`);
    await untilStopped();
    await server.close();
    return EXIT_OK;
  });

function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function count(args: ParsedArgs, name: string, min = 0): number | undefined {
  const v = stringOption(args.values, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`--${name} must be an integer ≥ ${min}, got ${JSON.stringify(v)}`);
  return n;
}

/** The dev server's options from the command line; the --inject-* flags become faults on API calls. */
export function devServerOptions(args: ParsedArgs, io: Io): Parameters<typeof startDevServer>[0] {
  const snapshot = stringOption(args.values, 'snapshot');
  if (snapshot === undefined)
    throw new UsageError(
      '--snapshot FILE is required (a metadata snapshot, e.g. generated/demo/metadata.json)',
    );
  const faults: Fault[] = [];
  const every429 = count(args, 'inject-429', 1);
  const retryAfter = count(args, 'retry-after', 0);
  if (retryAfter !== undefined && every429 === undefined)
    throw new UsageError('--retry-after goes with --inject-429');
  if (every429 !== undefined)
    faults.push({
      kind: 'status',
      status: 429,
      every: every429,
      ...(retryAfter === undefined ? {} : { retryAfterSeconds: retryAfter }),
    });
  const every5xx = count(args, 'inject-5xx', 1);
  if (every5xx !== undefined) faults.push({ kind: 'status', status: 503, every: every5xx });
  const everyReset = count(args, 'inject-reset', 1);
  if (everyReset !== undefined) faults.push({ kind: 'reset-before-apply', every: everyReset });
  const latency = count(args, 'latency', 1);
  if (latency !== undefined) faults.push({ kind: 'latency', ms: latency });
  const optional = <K extends string, V>(key: K, v: V | undefined) =>
    v === undefined ? {} : ({ [key]: v } as Record<K, V>);
  return {
    snapshot: resolve(io.cwd, snapshot),
    faults,
    ...optional('port', count(args, 'port', 0)),
    ...optional('records', count(args, 'records', 0)),
    ...optional('seed', count(args, 'seed', 0)),
    ...optional('accessTokenTtlSeconds', count(args, 'token-ttl', 1)),
    ...optional('clientId', stringOption(args.values, 'client-id')),
    ...optional('clientSecret', stringOption(args.values, 'client-secret')),
    ...optional('refreshToken', stringOption(args.values, 'refresh-token')),
  };
}
