/**
 * Names decided once (model/naming.ts) hold up in the emitted client: an org with modules `Foo` and
 * `Generic`, where Foo has a related list to Generic and one to a module missing from the snapshot, used to
 * emit a file that both imported and declared `GenericRecord`; and the client's index exports the client,
 * the module types, the errors and the option types, never the runtime's internals.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClient } from '../../generator/emit/generate-client.ts';
import { buildOrgModel } from '../../generator/model/build-org-model.ts';
import { augmentSpec } from '../../generator/openapi/augment.ts';
import { loadSpec } from '../../generator/openapi/load-spec.ts';
import { quirkyOrgModule } from './names-fixture.ts';
import { linkNodeModules } from '../helpers/demo-client.ts';
import { diagnosticsIn, formatDiagnostics, typeCheck } from '../helpers/type-check.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zcrm-names-'));
  const model = buildOrgModel(quirkyOrgModule(), { org: 'names' });
  await generateClient({ model, openapi: augmentSpec(await loadSpec(), model), outDir: join(dir, 'client'), generatorVersion: '0.0.0-test' });
  await linkNodeModules(dir);
}, 300_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const USAGE = `import { createClient, type Generic2Record, type GenericRecord } from './index.js';
const crm = createClient({ auth: { accessToken: 'x' } });
export async function use(): Promise<void> {
  const own = await crm.foo.related('Generic_Items', '1').list({ fields: ['Serial'] });
  const serial: string | null | undefined = own.data[0]?.Serial;
  const missing = await crm.foo.related('Ghost_Things', '1').list({ fields: ['Anything'] });
  const anything: unknown = missing.data[0]?.['Anything'];
  const untyped: GenericRecord | undefined = missing.data[0];
  const row: Pick<Generic2Record, 'id' | 'Serial'> | undefined = (await crm.generic2.list({ fields: ['Serial'] })).data[0];
  void [serial, anything, untyped, row];
}
`;

describe('names across modules', () => {
  it('a module named Generic next to a related list into a missing module compiles, and each is typed', async () => {
    const usageFile = join(dir, 'client', 'usage.ts');
    const { diagnostics } = typeCheck({ tsconfig: join(dir, 'client', 'tsconfig.json'), sources: new Map([[usageFile, USAGE]]), checkDeclarations: true });
    expect(formatDiagnostics(diagnostics)).toBe('');
    // Serial is typed from Generic's own record: asking for a field it does not have fails.
    const wrong = typeCheck({
      tsconfig: join(dir, 'client', 'tsconfig.json'),
      sources: new Map([[usageFile, USAGE.replace("list({ fields: ['Serial'] });\n  const serial", "list({ fields: ['Nope'] });\n  const serial")]]),
      checkDeclarations: true,
    });
    expect(diagnosticsIn(wrong.diagnostics, usageFile).map((d) => d.code)).toContain('TS2322');
    const map = await readFile(join(dir, 'client', 'modules.d.ts'), 'utf8');
    // The module's types step aside from the runtime's GenericRecord, which the index exports too.
    expect(map).toContain('Generic_Items: Generic2Record');
    expect(map).toContain('Ghost_Things: GenericRecord');
  });

  it('index exports the client, module types, errors and options, not the runtime internals', async () => {
    const index = await readFile(join(dir, 'client', 'index.d.ts'), 'utf8');
    for (const name of ['createClient', 'Client', 'ModuleMap', 'FooRecord', 'Generic2CreateInput', 'GenericRecord', 'ZohoApiError', 'RateLimitError', 'ClientOptions', 'Lookup'])
      expect(index, name).toMatch(new RegExp(`\\b${name}\\b`));
    for (const internal of ['Limiter', 'decideRetry', 'paginate', 'buildQuery', 'registerSecrets', 'ZohoCore', 'writeInChunks'])
      expect(index, internal).not.toMatch(new RegExp(`\\b${internal}\\b`));
  });
});
