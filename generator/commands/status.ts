/**
 * `zcrm-codegen status --redis URL [--key-prefix P] [--json]`: what the clients sharing limits through
 * Redis see right now — per org key, the shared token's age and expiry (never the token), calls in
 * flight and which processes hold them, and API credits spent in the last 24 hours.
 *
 * Exit codes: 0 shown, 1 Redis unreachable or unreadable, 2 usage.
 */
import { parseArgs } from 'node:util';
import { getSharedStatus } from '../../templates/runtime/coordination.ts';
import { formatSharedStatus } from '../../templates/runtime/redis/status.ts';

export interface StatusIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const USAGE = 'usage: zcrm-codegen status --redis redis://HOST:PORT [--key-prefix PREFIX] [--json]';

export async function runStatus(args: string[], io: StatusIo): Promise<number> {
  let values: {
    redis?: string | undefined;
    'key-prefix'?: string | undefined;
    json?: boolean | undefined;
  };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        redis: { type: 'string' },
        'key-prefix': { type: 'string' },
        json: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    io.stderr(
      `zcrm-codegen status: ${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`,
    );
    return 2;
  }
  const url = values.redis;
  if (url === undefined || !/^rediss?:\/\//.test(url)) {
    io.stderr(`zcrm-codegen status: --redis must be a redis:// or rediss:// URL\n${USAGE}\n`);
    return 2;
  }
  try {
    const status = await getSharedStatus({ url, keyPrefix: values['key-prefix'] });
    io.stdout(
      values.json === true ? `${JSON.stringify(status, null, 2)}\n` : formatSharedStatus(status),
    );
    return 0;
  } catch (err) {
    io.stderr(
      `zcrm-codegen status: cannot read ${redactUrl(url)}: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    return 1;
  }
}

/** The URL without its password, for messages. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return 'the Redis URL';
  }
}
