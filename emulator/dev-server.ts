/**
 * The emulator as a dev server (`zcrm-codegen emulator`, `npm run emulator`): one emulator on a fixed
 * loopback port, faults armed by flags at start, and the admin endpoint (admin.ts) to arm and disarm them,
 * reseed and reset while it runs. A reset starts a fresh emulator on the same port — store reseeded, access
 * tokens forgotten (a client refreshes once), the start flags' faults armed again.
 */
import { adminHandler, ADMIN_PREFIX } from './admin.ts';
import { startEmulator, type Emulator, type EmulatorOptions, type Fault } from './index.ts';

export interface DevServerOptions extends Omit<EmulatorOptions, 'admin'> {
  /** Armed at start and after every reset. */
  readonly faults?: readonly Fault[];
}

export interface DevServer {
  readonly url: string;
  readonly adminUrl: string;
  /** The emulator serving now (a reset replaces it). */
  current(): Emulator;
  reset(options?: { records?: number; seed?: number }): Promise<void>;
  close(): Promise<void>;
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  let records = options.records ?? 0;
  let seed = options.seed ?? 1;
  let emulator: Emulator;
  let port = options.port ?? 0;
  let resetting: Promise<void> = Promise.resolve();

  const admin = adminHandler({
    emulator: () => emulator,
    records: () => records,
    seed: () => seed,
    reset: (o) => server.reset(o),
  });
  const start = async (): Promise<Emulator> => {
    const { faults: _armedAtStart, ...emulatorOptions } = options;
    const e = await startEmulator({ ...emulatorOptions, port, records, seed, admin });
    for (const f of options.faults ?? []) e.faults.set(f);
    return e;
  };

  emulator = await start();
  port = Number(new URL(emulator.url).port);
  const server: DevServer = {
    url: emulator.url,
    adminUrl: `${emulator.url}${ADMIN_PREFIX}`,
    current: () => emulator,
    reset(o = {}) {
      resetting = resetting.then(async () => {
        records = o.records ?? records;
        seed = o.seed ?? seed;
        await emulator.close();
        emulator = await start();
      });
      return resetting;
    },
    async close() {
      await resetting.catch(() => undefined);
      await emulator.close();
    },
  };
  return server;
}
