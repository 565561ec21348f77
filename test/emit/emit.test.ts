/**
 * The emitted client means exactly what the metadata says: generated from a small model with hostile
 * names, imported and run in-process against an undici MockAgent that records every request.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MockAgent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClient } from '../../generator/emit/generate-client.ts';
import { loadSpec } from '../../generator/openapi/load-spec.ts';
import { augmentSpec } from '../../generator/openapi/augment.ts';
import { formatDiagnostics, typeCheck } from '../helpers/type-check.ts';
import { linkNodeModules } from '../helpers/demo-client.ts';
import { field, module, org } from '../generator/fixtures/model.ts';
const HOSTILE_LIST = 'List "x" `${y}` */ \u2028 ü';

const model = org([
  module('Accounts', [field('Account_Name', { kind: 'string', dataType: 'text' })], {
    pluralLabel: 'Accounts */ `${x}`\u2028',
    relatedLists: [
      { apiName: HOSTILE_LIST, label: 'Weird */ list', module: 'constructor', methodName: 'weirdList' },
      { apiName: 'Ghosts', label: 'Ghosts', module: 'Nowhere', methodName: 'ghosts' },
    ],
  }),
  module('__proto__', [field('Name', { kind: 'string', dataType: 'text' })], { typeName: 'Proto', accessorName: 'proto' }),
  module('constructor', [field('toString', { kind: 'string', dataType: 'text' })], {
    typeName: 'ConstructorModule',
    accessorName: 'constructorModule',
  }),
  module('Line_Items', [], { kind: 'subform', typeName: 'LineItems', accessorName: 'lineItems' }),
]);

let workDir: string;
let dir: string;
let clientModule: Record<string, unknown>;
beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'zcrm-emit-'));
  dir = join(workDir, 'client');
  await generateClient({ model, openapi: augmentSpec(await loadSpec(), model), outDir: dir, generatorVersion: '0.0.0-test' });
  await linkNodeModules(workDir);
  clientModule = (await import(pathToFileURL(join(dir, 'index.js')).href)) as Record<string, unknown>;
}, 300_000);
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

type AnyClient = Record<string, unknown> & {
  module(name: string): unknown;
  close(): Promise<void>;
  accounts: { related(list: string, id: string): { list(p: { fields: string[] }): Promise<unknown> } };
};

function client(agent: MockAgent): AnyClient {
  const createClient = clientModule['createClient'] as (o: unknown) => AnyClient;
  return createClient({ auth: { accessToken: 'test-token' }, apiDomain: 'https://www.zohoapis.com', dispatcher: agent, maxRetries: 0 });
}

describe('emitted client', () => {
  it('has one accessor per module with a record API (not subforms), and module() by exact API name', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const crm = client(agent);
    expect(crm.module('__proto__')).toBe(crm['proto']);
    expect(Object.getPrototypeOf(crm.module('__proto__'))).not.toBe(null);
    expect((crm.module('__proto__') as { apiName: string }).apiName).toBe('__proto__');
    expect(crm.module('constructor')).toBe(crm['constructorModule']);
    expect(crm.module('Accounts')).toBe(crm['accounts']);
    expect(crm['lineItems']).toBeUndefined();
    expect(() => crm.module('Line_Items')).toThrow(TypeError);
    expect(() => crm.module('toString')).toThrow(/unknown module "toString"/);
    for (const name of ['coql', 'bulk', 'composite', 'notifications', 'users', 'org', 'settings', 'request']) {
      expect([name, crm[name] !== undefined]).toEqual([name, true]);
    }
    await crm.close();
  });

  it('related lists are reached by their exact API name, sent as it is', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const paths: string[] = [];
    agent
      .get('https://www.zohoapis.com')
      .intercept({ path: (p) => (paths.push(p), true), method: 'GET' })
      .reply(200, { data: [{ id: '9' }], info: { more_records: false, count: 1, page: 1, per_page: 200 } })
      .persist();
    const crm = client(agent);
    await crm.accounts.related(HOSTILE_LIST, '1').list({ fields: ['toString'] });
    await crm.accounts.related('Ghosts', '2').list({ fields: ['Anything'] });
    await crm.close();
    const decoded = paths.map((p) => decodeURIComponent(new URL(p, 'https://x').pathname));
    expect(decoded).toEqual([`/crm/v8/Accounts/1/${HOSTILE_LIST}`, '/crm/v8/Accounts/2/Ghosts']);
  });

  it('type-checks with tsc --strict', () => {
    const { diagnostics } = typeCheck({ tsconfig: join(dir, 'tsconfig.json'), checkDeclarations: true });
    expect(formatDiagnostics(diagnostics)).toBe('');
  }, 300_000);

  it('hostile labels stay inside comments', async () => {
    const map = await readFile(join(dir, 'modules.d.ts'), 'utf8');
    expect(map).toContain('Accounts *\\/ `${x}`');
    expect(map).not.toContain('\u2028');
    // The related list's name, a property key: quoted and escaped (U+2028 included), never raw.
    expect(map).toContain(`${JSON.stringify(HOSTILE_LIST).replace('\u2028', '\\u2028')}: ConstructorModuleRecord`);
    expect(map).toContain('Ghosts: GenericRecord');
  });
});
