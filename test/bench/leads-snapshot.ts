/**
 * The demo org's snapshot cut down to its Leads module, for the runtime benchmark. The emulator
 * seeds `records` per module, and seeding 20,000 records into every one of the demo's ~22 record
 * modules takes ~17 s and ~600 MB; Leads alone takes well under 2 s. Leads has no lookup to another
 * module (only owner/user lookups), so its records and responses are the same either way — the
 * Leads field metadata is the demo's, untouched.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Snapshot } from '../../generator/metadata/snapshot-types.ts';

export const DEMO_SNAPSHOT = fileURLToPath(new URL('../../generated/demo/metadata.json', import.meta.url));

export async function leadsOnlySnapshot(file = DEMO_SNAPSHOT): Promise<Snapshot> {
  let snapshot: Snapshot;
  try {
    snapshot = JSON.parse(await readFile(file, 'utf8')) as Snapshot;
  } catch (error) {
    throw new Error(`${file}: cannot read the demo snapshot (${error instanceof Error ? error.message : String(error)})`);
  }
  const leads = snapshot.modules.modules.find((m) => m.api_name === 'Leads');
  const fields = snapshot.fields['Leads'];
  if (leads === undefined || fields === undefined) throw new Error(`${file}: no Leads module (or no Leads fields) in the snapshot`);
  return { modules: { modules: [leads] }, fields: { Leads: fields } };
}
