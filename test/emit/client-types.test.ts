/**
 * Type tests of a generated client (Prisma-style): a usage file compiled with tsc --strict against
 * the tiny org's client. Every `@ts-expect-error` line is a case that must NOT compile; tsc fails the
 * test if one does (TS2578 "unused @ts-expect-error"), and every other line must compile.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClient } from '../../generator/emit/generate-client.ts';
import { buildOrgModel } from '../../generator/model/build-org-model.ts';
import { loadSpec } from '../../generator/openapi/load-spec.ts';
import { augmentSpec } from '../../generator/openapi/augment.ts';
import { diagnosticsIn, formatDiagnostics, typeCheck } from '../helpers/type-check.ts';
import { linkNodeModules } from '../helpers/demo-client.ts';
import { tinySnapshot } from '../generator/fixtures/tiny-snapshot.ts';

const USAGE = `
import { createClient, NotFoundError, type DealsCreateInput, type DealsRecord } from './index.js';

export async function usage(): Promise<void> {
  const crm = createClient({ auth: { accessToken: 'x' }, dataCenter: 'eu' });

  // Rows are typed to the requested fields.
  const page = await crm.deals.list({ fields: ['Deal_Name', 'Stage'] });
  const first = page.data[0];
  if (first) {
    const name: string | null | undefined = first.Deal_Name;
    const stage: 'New' | 'Won' | null | undefined = first.Stage;
    const id: string = first.id;
    void [name, stage, id];
    // @ts-expect-error Account_Name was not requested
    void first.Account_Name;
  }
  // @ts-expect-error not a field of Deals
  await crm.deals.list({ fields: ['Website'] });

  // Create: required fields and picklist values are checked.
  await crm.deals.create([{ Deal_Name: 'Big one', Stage: 'Won', Account_Name: { id: '1' } }]);
  // @ts-expect-error Deal_Name is required on create
  await crm.deals.create([{ Stage: 'Won' }]);
  // @ts-expect-error not a Stage value
  await crm.deals.create([{ Deal_Name: 'x', Stage: 'Maybe' }]);
  const input: DealsCreateInput = { Deal_Name: 'typed' };
  void input;

  // Update takes ids; null clears a field.
  await crm.deals.update([{ id: '1', Stage: null }]);

  // The same module by exact API name.
  const viaName = crm.module('Deals');
  const sameType: typeof crm.deals = viaName;
  void sameType;
  // @ts-expect-error no such module in this org
  crm.module('Leads');

  // Related lists are typed by the related module.
  for await (const deal of crm.accounts.related('Deals', '1').iterate({ fields: ['Stage'] })) {
    const s: DealsRecord['Stage'] = deal.Stage;
    void s;
  }
  // @ts-expect-error Website is an Accounts field, not a Deals one
  await crm.accounts.related('Deals', '1').list({ fields: ['Website'] });
  // @ts-expect-error Accounts has no related list of that name
  crm.accounts.related('Invoices', '1');

  // The typed escape hatch: every path of the spec, generic paths included, path parameters required.
  const raw = await crm.request('GET', '/crm/v8/{module_api_name}', {
    params: { path: { module_api_name: 'Deals' }, query: { fields: ['Deal_Name', 'Stage'] } },
  });
  void raw;
  // @ts-expect-error not a path of the spec
  await crm.request('GET', '/crm/v8/Deals');
  // @ts-expect-error the path parameter is required
  await crm.request('GET', '/crm/v8/{module_api_name}', {});

  // Client-level resources and errors come with the client.
  void crm.coql;
  void crm.bulk;
  void crm.users;
  void NotFoundError;
  await crm.close();
}
`;

/** The client with `usage` as its usage.ts (in memory), type-checked under the client's own strict tsconfig. */
function typeErrors(usage: string) {
  const usageFile = join(dir, 'client', 'usage.ts');
  const { diagnostics } = typeCheck({
    tsconfig: join(dir, 'client', 'tsconfig.json'),
    sources: new Map([[usageFile, usage]]),
    checkDeclarations: true,
  });
  return { all: diagnostics, inUsage: diagnosticsIn(diagnostics, usageFile) };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zcrm-client-types-'));
  const model = buildOrgModel(tinySnapshot(), { org: 'tiny' });
  await generateClient({ model, openapi: augmentSpec(await loadSpec(), model), outDir: join(dir, 'client'), generatorVersion: '0.0.0-test' });
  await linkNodeModules(dir);
}, 300_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('generated client types', () => {
  it('accept what the org allows and reject what it does not', () => {
    const { all } = typeErrors(USAGE);
    expect(formatDiagnostics(all)).toBe('');
  }, 300_000);

  it('the usage file is not vacuous: breaking a must-compile line is reported', () => {
    const broken = USAGE.replace("Stage: 'Won', Account_Name", "Stage: 'Lost', Account_Name");
    expect(broken).not.toBe(USAGE);
    const { all, inUsage } = typeErrors(broken);
    const line = broken.split('\n').findIndex((l) => l.includes("Stage: 'Lost'")) + 1;
    expect(inUsage.map((d) => [d.code, d.line])).toEqual([['TS2322', line]]);
    expect(all).toEqual(inUsage);
  }, 300_000);
});
