/**
 * `pull` never writes a snapshot that `generate` refuses: the emulator serves orgs with the quirks real
 * orgs have (test/fixtures/quirky-org.ts), mutated at random by a seeded PRNG, and each is pulled,
 * written, read back and rendered into a client, with the warnings the model gives asserted.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderClient } from '../../generator/emit/generate-client.ts';
import { pullSnapshot } from '../../generator/metadata/pull.ts';
import { readSnapshot, serializeSnapshot } from '../../generator/metadata/snapshot.ts';
import type { Snapshot, ZohoField } from '../../generator/metadata/snapshot-types.ts';
import { buildOrgModel } from '../../generator/model/build-org-model.ts';
import { loadSpec } from '../../generator/openapi/load-spec.ts';
import { augmentSpec } from '../../generator/openapi/augment.ts';
import type { OpenApiDocument } from '../../generator/openapi/openapi-types.ts';
import { startEmulator, type Emulator } from '../../emulator/index.ts';
import { quirkyOrg } from '../fixtures/quirky-org.ts';
import { seededRandom } from '../helpers/shuffle.ts';

/** Further damage of the kinds real orgs show, at random places: each returns the field it touched. */
const MUTATIONS: readonly ((f: ZohoField) => void)[] = [
  (f) => delete (f as Partial<ZohoField>).data_type,
  (f) => delete f.json_type,
  (f) => ((f as Record<string, unknown>)['lookup'] = null),
  (f) => ((f as Record<string, unknown>)['pick_list_values'] = null),
  (f) => ((f as Record<string, unknown>)['data_type'] = 'quantum_field'),
  (f) => ((f as Record<string, unknown>)['operation_type'] = null),
  (f) => ((f as Record<string, unknown>)['display_label'] = '顧客 "名" */ ${x}\u2028'),
];

function randomQuirkyOrg(seed: number): Snapshot {
  const random = seededRandom(seed);
  const { snapshot } = quirkyOrg({ modules: 2 + Math.floor(random() * 4), fieldsPerModule: 5 + Math.floor(random() * 20), seed, withoutRelatedLists: random() < 0.3 });
  const bodies = Object.values(snapshot.fields);
  for (let i = 0; i < 12; i++) {
    const body = bodies[Math.floor(random() * bodies.length)];
    const list = body?.fields.filter((f): f is ZohoField => typeof f === 'object' && f !== null);
    const field = list?.[Math.floor(random() * list.length)];
    const mutate = MUTATIONS[Math.floor(random() * MUTATIONS.length)];
    if (field !== undefined && mutate !== undefined) mutate(field);
    // A field listed twice, as Activities lists Tag.
    if (field !== undefined && body !== undefined && random() < 0.3) body.fields.push(structuredClone(field));
  }
  return snapshot;
}

let dir: string;
let spec: OpenApiDocument;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zcrm-pull-quirks-'));
  spec = await loadSpec();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('pull → generate over random quirky orgs', () => {
  const seeds = [1, 2, 3, 4, 5, 6];
  it.each(seeds)('seed %i: the pulled snapshot is written, read back and generated, with warnings, never refused', async (seed) => {
    const served = randomQuirkyOrg(seed);
    let emulator: Emulator | undefined;
    try {
      emulator = await startEmulator({ snapshot: served, records: 0 });
      const e = emulator;
      const pulled = await pullSnapshot({ client: { auth: { ...e.credentials }, apiDomain: e.url, accountsUrl: e.url } });
      const file = join(dir, `org-${seed}.json`);
      await writeFile(file, serializeSnapshot(pulled));
      const model = buildOrgModel(await readSnapshot(file), { org: `quirky${seed}` });
      // Every quirk the fixture always carries is reported, by code (a module listed without fields is pulled
      // as Zoho answers for it, an empty body: not an oddity once pulled).
      const codes = new Set(model.warnings.map((w) => w.code));
      for (const code of ['duplicate-field', 'field-entry', 'module-entry', 'module-case-clash', 'unknown-data-type', 'no-data-type'] as const)
        expect(codes, code).toContain(code);
      expect(model.modules.map((m) => m.apiName)).toEqual(expect.arrayContaining(['Activities', '取引先', 'Módulo_Ventas', 'Listed_Only']));
      const files = await renderClient({ model, openapi: augmentSpec(spec, model), outDir: join(dir, `client-${seed}`), generatorVersion: '0.0.0-test' });
      expect([...files.keys()]).toEqual(expect.arrayContaining(['index.d.ts', 'client.d.ts', 'modules.d.ts', 'README.md']));
      expect(files.get('client.d.ts')).toContain('readonly 取引先: ModuleResource<取引先Record, 取引先CreateInput, 取引先UpdateInput, ModuleMap["取引先"]["related"], ModuleMap, 取引先Fields, "取引先">;');
    } finally {
      await emulator?.close();
    }
  });
});
