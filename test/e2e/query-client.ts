/**
 * A client generated from generated/demo's snapshot (test/helpers/demo-client.ts) into a temp folder and
 * imported, driving an emulator: for the query builders' end-to-end tests. The generated client is the
 * committed one byte for byte (test/generator/golden-demo.test.ts), so the committed demo's `Client` type
 * types it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startEmulator, type Emulator } from '../../emulator/index.ts';
import type { ClientOptions } from '../../templates/runtime/index.ts';
import type { Client } from '../../generated/demo/index.js';
import { DEMO_SNAPSHOT, demoOptions, generateFromSnapshot, linkNodeModules } from '../helpers/demo-client.ts';

export interface QueryRig {
  readonly emulator: Emulator;
  readonly crm: Client;
  close(): Promise<void>;
}

export async function startQueryRig(records: number, seed: number): Promise<QueryRig> {
  const dir = await mkdtemp(join(tmpdir(), 'zcrm-query-'));
  let emulator: Emulator | undefined;
  try {
    await generateFromSnapshot({ snapshot: DEMO_SNAPSHOT, org: 'demo', outDir: dir, ...(await demoOptions()) });
    await linkNodeModules(dir);
    const generated = (await import(pathToFileURL(join(dir, 'index.js')).href)) as { createClient(o: ClientOptions): Client };
    const emu = await startEmulator({ snapshot: DEMO_SNAPSHOT, records, seed });
    emulator = emu;
    const crm = generated.createClient({ auth: { ...emu.credentials }, apiDomain: emu.url, accountsUrl: emu.url });
    return {
      emulator: emu,
      crm,
      async close() {
        await crm.close();
        await emu.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await emulator?.close();
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}
