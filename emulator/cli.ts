/**
 * `npm run emulator -- --snapshot FILE --port N [--records N] [--seed N]
 *   [--client-id ID --client-secret S --refresh-token T]`
 * Prints the URL and the accepted client id (never the secret or the refresh token).
 */
import { parseArgs } from 'node:util';
import { startEmulator } from './index.ts';

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`emulator: --${name} must be a non-negative integer, got "${v}"\n`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      snapshot: { type: 'string' },
      port: { type: 'string' },
      records: { type: 'string' },
      seed: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      'refresh-token': { type: 'string' },
    },
  });
  if (!values.snapshot) {
    process.stderr.write(
      'emulator: --snapshot FILE is required (a metadata snapshot, e.g. generated/demo/metadata.json)\n',
    );
    process.exit(2);
  }
  const records = int('records', values.records);
  const seed = int('seed', values.seed);
  const port = int('port', values.port);
  const emulator = await startEmulator({
    snapshot: values.snapshot,
    ...(port !== undefined ? { port } : {}),
    ...(records !== undefined ? { records } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(values['client-id'] !== undefined ? { clientId: values['client-id'] } : {}),
    ...(values['client-secret'] !== undefined ? { clientSecret: values['client-secret'] } : {}),
    ...(values['refresh-token'] !== undefined ? { refreshToken: values['refresh-token'] } : {}),
  });
  process.stdout.write(`listening on ${emulator.url}\n`);
  process.stdout.write(`client id: ${emulator.credentials.clientId}\n`);
  // Values a user passed stay unprinted. The built-in defaults are fixed strings committed in
  // emulator/index.ts — no secret — and without them nobody could try the emulator (DESIGN.md).
  if (values['client-secret'] === undefined && values['refresh-token'] === undefined) {
    process.stdout.write(
      `client secret: ${emulator.credentials.clientSecret} (built-in default)\n` +
        `refresh token: ${emulator.credentials.refreshToken} (built-in default)\n`,
    );
  }
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`emulator: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
