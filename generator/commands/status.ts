/**
 * `zcrm-codegen status --redis URL [--key-prefix P] [--json]`: what the clients sharing limits through
 * Redis see right now — per org key, the shared token's age and expiry (never the token), calls in
 * flight and which processes hold them, and API credits spent in the last 24 hours.
 *
 * Exit codes: 0 shown, 1 Redis unreachable or unreadable (a finding, as doctor's unreachable API), 2 usage.
 */
import { getSharedStatus } from '../../templates/runtime/coordination.ts';
import { formatSharedStatus } from '../../templates/runtime/redis/status.ts';
import type { ParsedArgs } from './args.ts';
import { EXIT_FINDING, EXIT_OK, println, UsageError, type Io } from './io.ts';
import { stringOption } from './orgs.ts';
import { commandSpec } from './command-specs.ts';
import { runCommand } from './run.ts';

/** `io` may be just the two streams: status reads no file and no variable. */
export const runStatus = (
  argv: readonly string[],
  io: Pick<Io, 'stdout' | 'stderr'> & Partial<Io>,
): Promise<number> =>
  runCommand(
    commandSpec('status'),
    argv,
    { env: {}, cwd: process.cwd(), isTTY: false, ...io },
    status,
  );

async function status({ values }: ParsedArgs, io: Io): Promise<number> {
  const url = stringOption(values, 'redis');
  if (url === undefined || !/^rediss?:\/\//.test(url))
    throw new UsageError('--redis must be a redis:// or rediss:// URL');
  try {
    const shared = await getSharedStatus({ url, keyPrefix: stringOption(values, 'key-prefix') });
    io.stdout(
      values['json'] === true ? `${JSON.stringify(shared, null, 2)}\n` : formatSharedStatus(shared),
    );
    return EXIT_OK;
  } catch (err) {
    println(
      io.stderr,
      `zcrm-codegen status: cannot read ${withoutPassword(url)}: ${err instanceof Error ? err.message : String(err)}`,
    );
    return EXIT_FINDING;
  }
}

/** The URL without its password, for messages. */
function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return 'the Redis URL';
  }
}
