import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { canonicalizeSnapshot as canonical, hashCanonical, parseSnapshot, readSnapshot, SnapshotError } from '../../generator/metadata/snapshot.ts';
import type { Snapshot, ZohoField } from '../../generator/metadata/snapshot-types.ts';
import { buildOrgModel } from '../../generator/model/build-org-model.ts';
import { isIdentifier } from '../../generator/model/naming.ts';
import type { FieldModel, ModuleModel, OrgModel } from '../../generator/model/types.ts';
import { shuffled } from '../helpers/shuffle.ts';

const hashSnapshot = (s: Parameters<typeof canonical>[0]): string => hashCanonical(canonical(s));

const root = fileURLToPath(new URL('../..', import.meta.url));
const smallFile = fileURLToPath(new URL('./fixtures/small-org.json', import.meta.url));
const small = parseSnapshot(readFileSync(smallFile, 'utf8'), smallFile);
const model = buildOrgModel(small, { org: 'small' });

function moduleOf(m: OrgModel, apiName: string): ModuleModel {
  const found = m.modules.find((x) => x.apiName === apiName);
  if (!found) throw new Error(`no module ${apiName}`);
  return found;
}
function fieldOf(m: OrgModel, module: string, apiName: string): FieldModel {
  const found = moduleOf(m, module).fields.find((f) => f.apiName === apiName);
  if (!found) throw new Error(`no field ${module}.${apiName}`);
  return found;
}

/** A one-module snapshot with the given fields (hand-built: only the keys that matter). */
function oneModule(fields: ZohoField[], module: Record<string, unknown> = {}): Snapshot {
  return { modules: { modules: [{ api_name: 'Things', ...module }] }, fields: { Things: { fields } } };
}

describe('buildOrgModel over a small realistic org', () => {
  it('keeps API-supported modules (subform and linking included), sorted by api_name', () => {
    expect(model.modules.map((m) => [m.apiName, m.kind])).toEqual([
      ['Accounts', 'standard'],
      ['Contacts', 'standard'],
      ['Contacts_X_Accounts', 'linking'],
      ['Contacts_X_Users', 'linking'],
      ['Leads', 'standard'],
      ['Ordered_Items', 'subform'],
      ['Sales_Orders', 'standard'],
    ]);
  });

  it('sorts fields by api_name and records org and hash', () => {
    expect(moduleOf(model, 'Sales_Orders').fields.map((f) => f.apiName)).toEqual([
      'Contact_Name', 'Grand_Total', 'Ordered_Items', 'SO_Number', 'Subject',
    ]);
    expect(model.org).toBe('small');
    expect(model.snapshotHash).toBe(hashSnapshot(small));
    expect(model.snapshotHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('decides names once', () => {
    expect(moduleOf(model, 'Sales_Orders')).toMatchObject({
      typeName: 'SalesOrders',
      accessorName: 'salesOrders',
      singularLabel: 'Sales Order',
      pluralLabel: 'Sales Orders',
    });
  });

  it('builds fields with defaults applied', () => {
    expect(fieldOf(model, 'Leads', 'Email')).toEqual({
      apiName: 'Email',
      id: expect.any(String),
      label: 'Email',
      type: { kind: 'string', dataType: 'email', format: 'email' },
      custom: false,
      maxLength: 100,
      decimalPlaces: undefined,
      readOnly: false,
      creatable: true,
      updatable: true,
      requiredOnCreate: false,
      unique: true,
    });
    expect(fieldOf(model, 'Leads', 'Last_Name')).toMatchObject({ requiredOnCreate: true, unique: false, label: 'Last Name' });
    expect(fieldOf(model, 'Leads', 'Annual_Revenue')).toMatchObject({ decimalPlaces: 2, maxLength: 16 });
  });

  const flags: [module: string, field: string, want: Pick<FieldModel, 'readOnly' | 'creatable' | 'updatable' | 'requiredOnCreate'>][] = [
    ['Leads', 'Last_Name', { readOnly: false, creatable: true, updatable: true, requiredOnCreate: true }],
    ['Leads', 'Created_Time', { readOnly: true, creatable: false, updatable: false, requiredOnCreate: false }],
    ['Leads', 'Lead_Score__c', { readOnly: true, creatable: false, updatable: false, requiredOnCreate: false }],
    ['Sales_Orders', 'SO_Number', { readOnly: true, creatable: false, updatable: false, requiredOnCreate: false }],
    ['Sales_Orders', 'Grand_Total', { readOnly: true, creatable: false, updatable: false, requiredOnCreate: false }],
    ['Ordered_Items', 'Quantity', { readOnly: false, creatable: true, updatable: true, requiredOnCreate: true }],
  ];
  it.each(flags)('%s.%s read/write flags', (module, field, want) => {
    expect(fieldOf(model, module, field)).toMatchObject(want);
  });

  it('types relations', () => {
    expect(fieldOf(model, 'Contacts', 'Account_Name').type).toEqual({ kind: 'lookup', dataType: 'lookup', module: 'Accounts' });
    expect(fieldOf(model, 'Sales_Orders', 'Ordered_Items').type).toEqual({ kind: 'subform', dataType: 'subform', module: 'Ordered_Items' });
    expect(fieldOf(model, 'Contacts', 'Related_Accounts').type).toMatchObject({ kind: 'multilookup', linkingModule: 'Contacts_X_Accounts', connectedModule: 'Accounts' });
  });

  it('builds related lists with safe method names', () => {
    expect(moduleOf(model, 'Accounts').relatedLists).toEqual([
      { apiName: 'Contacts', label: 'Contacts', module: 'Contacts', methodName: 'contacts' },
      { apiName: 'Deleted', label: 'Deleted Things', module: undefined, methodName: 'deletedRelated' },
      { apiName: 'Notes', label: 'Notes', module: 'Notes', methodName: 'notes' },
    ]);
    expect(moduleOf(model, 'Leads').relatedLists).toEqual([]);
  });

  it('has no warnings for clean metadata', () => {
    expect(model.warnings).toEqual([]);
  });

  it('is deep-frozen', () => {
    expect(Object.isFrozen(model)).toBe(true);
    expect(Object.isFrozen(model.modules)).toBe(true);
    const lead = fieldOf(model, 'Leads', 'Lead_Status');
    expect(Object.isFrozen(lead)).toBe(true);
    expect(Object.isFrozen(lead.type)).toBe(true);
    expect(() => {
      (model.modules as ModuleModel[]).push(moduleOf(model, 'Leads'));
    }).toThrow(TypeError);
  });

  it('gives the same model for any order of the same snapshot, and leaves its input alone', () => {
    for (const seed of [3, 9, 27]) {
      const input = shuffled(small, seed);
      const before = JSON.stringify(input);
      expect(buildOrgModel(input, { org: 'small' })).toEqual(model);
      expect(JSON.stringify(input)).toBe(before);
    }
  });
});

describe('buildOrgModel defaults and warnings', () => {
  it('labels fall back display_label → field_label → api_name; booleans default false', () => {
    const m = buildOrgModel(
      oneModule([
        { api_name: 'A', data_type: 'text', display_label: 'Display', field_label: 'Field' },
        { api_name: 'B', data_type: 'text', field_label: 'Field' },
        { api_name: 'C', data_type: 'text' },
      ]),
      { org: 'x' },
    );
    const things = moduleOf(m, 'Things');
    expect(things.fields.map((f) => f.label)).toEqual(['Display', 'Field', 'C']);
    expect(things.fields[2]).toMatchObject({ custom: false, readOnly: false, requiredOnCreate: false, unique: false, id: undefined, maxLength: undefined });
    expect(things).toMatchObject({ singularLabel: 'Things', pluralLabel: 'Things', kind: 'other', creatable: true, editable: true, deletable: true, viewable: true });
  });

  it('operation_type forbidding api_create/api_update narrows creatable/updatable', () => {
    const m = buildOrgModel(
      oneModule([
        { api_name: 'Create_Only', data_type: 'text', operation_type: { api_create: true, api_update: false } },
        { api_name: 'Update_Only', data_type: 'text', system_mandatory: true, operation_type: { api_create: false, api_update: true } },
        { api_name: 'Neither', data_type: 'text', operation_type: { api_create: false, api_update: false } },
        { api_name: 'Null_Ops', data_type: 'text', operation_type: null },
      ]),
      { org: 'x' },
    );
    const got = Object.fromEntries(moduleOf(m, 'Things').fields.map((f) => [f.apiName, [f.readOnly, f.creatable, f.updatable, f.requiredOnCreate]]));
    expect(got).toEqual({
      Create_Only: [false, true, false, false],
      Neither: [false, false, false, false],
      Null_Ops: [false, true, true, false],
      // system_mandatory but not creatable through the API: cannot be required of API callers.
      Update_Only: [false, false, true, false],
    });
  });

  it('drops api_supported:false modules silently and warns about orphans and gaps', () => {
    const s: Snapshot = {
      modules: { modules: [{ api_name: 'Home', api_supported: false }, { api_name: 'Empty' }, { api_name: 'Things' }] },
      fields: {
        Home: { fields: [{ api_name: 'X', data_type: 'text' }] },
        Things: { fields: [{ api_name: 'Shape', data_type: 'hologram', json_type: 'jsonobject' }] },
        Ghosts: { fields: [] },
      },
    };
    const m = buildOrgModel(s, { org: 'x' });
    expect(m.modules.map((x) => x.apiName)).toEqual(['Empty', 'Things']);
    expect(m.warnings).toEqual([
      {
        code: 'related-lists',
        message:
          'no related_lists in the snapshot (GET /crm/v8/settings/related_lists?module=…): the client has no related-list methods; `zcrm-codegen pull` with the scope ZohoCRM.settings.related_lists.READ adds them',
      },
      { code: 'no-fields', module: 'Empty', message: 'no field metadata in the snapshot (GET /crm/v8/settings/fields?module=…): the module is typed without fields' },
      { code: 'orphan-fields', module: 'Ghosts', message: 'field metadata for a module not listed in modules.modules: ignored' },
      { code: 'unknown-data-type', module: 'Things', field: 'Shape', message: 'unknown data_type "hologram" (json_type "jsonobject"): typed as unknown (any JSON value)' },
    ]);
  });

  it('warns when a subform or multi-select lookup names a module the model lacks', () => {
    const m = buildOrgModel(
      oneModule([
        { api_name: 'Lines', data_type: 'subform', json_type: 'jsonarray', associated_module: { module: 'Lines_Sub' } },
        { api_name: 'Links', data_type: 'multiselectlookup', json_type: 'jsonarray', multiselectlookup: { linking_module: { api_name: 'Things_X_Others' }, connected_module: { api_name: 'Others' } } },
        { api_name: 'Self', data_type: 'lookup', json_type: 'jsonobject', lookup: { module: { api_name: 'se_module' } } },
      ]),
      { org: 'x' },
    );
    expect(m.warnings.filter((w) => w.code === 'dangling-module')).toEqual([
      { code: 'dangling-module', module: 'Things', field: 'Lines', message: 'subform field refers to module "Lines_Sub", which is not an API-supported module of the snapshot' },
      { code: 'dangling-module', module: 'Things', field: 'Links', message: 'multiselectlookup field refers to module "Things_X_Others", which is not an API-supported module of the snapshot' },
    ]);
  });

  it('rejects a structurally broken snapshot built in code with a SnapshotError, not a TypeError', () => {
    const broken = { modules: { modules: [{ api_name: 'Things' }] }, fields: [] } as unknown as Snapshot;
    expect(() => buildOrgModel(broken, { org: 'acme' })).toThrow(
      new SnapshotError('snapshot of org "acme": missing "fields" object (module API name → body of GET /crm/v8/settings/fields), got array', 'snapshot of org "acme"'),
    );
    expect(() => buildOrgModel(broken, { org: 'acme', source: 'live metadata of org acme' })).toThrow(/^live metadata of org acme: missing "fields"/);
  });

  it('degrades a field whose data_type is not a string instead of refusing the org', () => {
    const m = buildOrgModel(oneModule([{ api_name: 'Amount', data_type: 7 as unknown as string, json_type: 'double' }]), { org: 'acme' });
    expect(moduleOf(m, 'Things').fields[0]?.type).toEqual({ kind: 'number', dataType: 'double', integer: false });
    expect(m.warnings.filter((w) => w.code === 'no-data-type')).toEqual([
      { code: 'no-data-type', module: 'Things', field: 'Amount', message: 'no data_type (json_type "double"): typed as its json_type (number)' },
    ]);
  });

  it('does not read inherited properties for modules named like Object.prototype members', () => {
    const s = parseSnapshot(
      JSON.stringify({
        modules: { modules: [{ api_name: 'constructor' }, { api_name: '__proto__' }, { api_name: 'toString' }] },
        fields: { ['__proto__']: { fields: [{ api_name: 'valueOf', data_type: 'text' }] } },
      }),
      'x.json',
    );
    const m = buildOrgModel(s, { org: 'x' });
    expect(m.modules.map((x) => [x.apiName, x.fields.length])).toEqual([
      ['__proto__', 1],
      ['constructor', 0],
      ['toString', 0],
    ]);
    expect(m.warnings.filter((w) => w.code === 'no-fields').map((w) => w.module)).toEqual(['constructor', 'toString']);
  });
});

function checkModelInvariants(m: OrgModel): void {
  const lower = (s: string) => s.toLowerCase();
  const unique = (xs: string[]) => new Set(xs).size === xs.length;
  expect(unique(m.modules.map((x) => lower(x.typeName)))).toBe(true);
  expect(unique(m.modules.map((x) => x.accessorName))).toBe(true);
  const apiNames = m.modules.map((x) => x.apiName);
  expect(apiNames).toEqual([...apiNames].sort());
  for (const mod of m.modules) {
    expect(isIdentifier(mod.typeName) && !/^\p{Ll}/u.test(mod.typeName)).toBe(true);
    expect(isIdentifier(mod.accessorName)).toBe(true);
    const fieldNames = mod.fields.map((f) => f.apiName);
    expect(fieldNames).toEqual([...fieldNames].sort());
    for (const f of mod.fields) {
      if (f.readOnly) expect([f.creatable, f.updatable]).toEqual([false, false]);
      if (f.requiredOnCreate) expect(f.creatable).toBe(true);
    }
    expect(unique(mod.relatedLists.map((r) => r.methodName))).toBe(true);
    for (const r of mod.relatedLists) expect(isIdentifier(r.methodName)).toBe(true);
  }
}

describe('buildOrgModel over the shared fixtures', () => {
  const hostile = `${root}test/fixtures/snapshots/hostile.json`;
  it('hostile.json builds with warnings, never throws, names are safe', async () => {
    const m = buildOrgModel(await readSnapshot(hostile), { org: 'hostile' });
    checkModelInvariants(m);
    expect(m.warnings.length).toBeGreaterThan(0);
    expect(m.warnings.some((w) => /unknown data_type "hologram"/.test(w.message))).toBe(true);
    const byApi = new Map(m.modules.map((x) => [x.apiName, x]));
    // Modules that collide once sanitized get numbered in api_name order.
    const sales = ['SalesOrders', 'Sales_Orders', 'sales-orders'].map((n) => byApi.get(n)?.typeName);
    expect(sales).toEqual(['SalesOrders', 'SalesOrders2', 'SalesOrders3']);
    expect(buildOrgModel(shuffled(await readSnapshot(hostile), 5), { org: 'hostile' })).toEqual(m);
  });

  const demo = `${root}generated/demo/metadata.json`;
  it('the demo org builds cleanly', async () => {
    const m = buildOrgModel(await readSnapshot(demo), { org: 'demo' });
    checkModelInvariants(m);
    expect(m.warnings).toEqual([]);
    expect(m.modules.map((x) => x.apiName)).toEqual(expect.arrayContaining(['Leads', 'Contacts', 'Accounts', 'Deals']));
    expect(m.modules.some((x) => x.kind === 'subform')).toBe(true);
    expect(m.modules.some((x) => x.kind === 'linking')).toBe(true);
    // Every subform field points at a subform module of the model.
    const names = new Set(m.modules.map((x) => x.apiName));
    for (const mod of m.modules)
      for (const f of mod.fields) if (f.type.kind === 'subform') expect(names.has(f.type.module)).toBe(true);
    expect(fieldOf(m, 'Leads', 'Last_Name').requiredOnCreate).toBe(true);
  });
});

describe('buildOrgModel with a modules allow-list (zcrm.config.yaml `modules:`)', () => {
  const demo = (): Snapshot =>
    JSON.parse(readFileSync(new URL('../../generated/demo/metadata.json', import.meta.url), 'utf8')) as Snapshot;

  it('keeps the listed modules and the subform and linking modules their fields are typed by', () => {
    const full = buildOrgModel(demo(), { org: 'demo' });
    const some = buildOrgModel(demo(), { org: 'demo', modules: ['Leads', 'Quotes', 'Projects'] });
    const names = some.modules.map((m) => m.apiName);
    expect(names).toEqual(expect.arrayContaining(['Leads', 'Quotes', 'Quoted_Items', 'Projects', 'Projects_X_Vehicles']));
    expect(names).not.toContain('Contacts');
    // Names are decided over the whole org: narrowing the list renames nothing.
    for (const m of some.modules) {
      expect(m.typeName).toBe(full.modules.find((f) => f.apiName === m.apiName)!.typeName);
    }
    expect(some.snapshotHash).toBe(full.snapshotHash);
  });

  it('names the modules it cannot find', () => {
    expect(() => buildOrgModel(demo(), { org: 'demo', modules: ['Leads', 'Lead'] })).toThrow(
      /org "demo": modules "Lead" listed in the config are not API-supported modules/,
    );
  });
});
