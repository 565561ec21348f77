/** Pure rules, as tables: OAuth scope matching and per-field value checks. */
import { describe, expect, it } from 'vitest';
import type { ZohoField } from '../../generator/metadata/snapshot-types.ts';
import { SnapshotIndex } from '../../emulator/module-index.ts';
import { scopeAllows, type ScopeNeed } from '../../emulator/scopes.ts';
import { RecordStore } from '../../emulator/store.ts';
import { checkValue, type ValidateContext } from '../../emulator/validate.ts';

describe('scopeAllows', () => {
  const leadsRead: ScopeNeed = { group: 'modules', op: 'READ', resource: 'Leads' };
  const leadsCreate: ScopeNeed = { group: 'modules', op: 'CREATE', resource: 'Leads' };
  it.each([
    [['ZohoCRM.modules.ALL'], leadsRead, true],
    [['ZohoCRM.modules.READ'], leadsRead, true],
    [['ZohoCRM.modules.READ'], leadsCreate, false],
    [['ZohoCRM.modules.WRITE'], leadsCreate, true],
    [['ZohoCRM.modules.leads.ALL'], leadsCreate, true],
    [['zohocrm.modules.leads.read'], leadsRead, true],
    [['ZohoCRM.modules.contacts.ALL'], leadsRead, false],
    [['ZohoCRM.settings.ALL'], leadsRead, false],
    [['ZohoCRM.settings.fields.READ'], { group: 'settings', op: 'READ', resource: 'fields' }, true],
    [
      ['ZohoCRM.settings.fields.READ'],
      { group: 'settings', op: 'READ', resource: 'modules' },
      false,
    ],
    [['ZohoCRM.modules.ALL'], { group: 'modules', op: 'READ', resource: 'Price_Books' }, true],
    [
      ['ZohoCRM.modules.pricebooks.READ'],
      { group: 'modules', op: 'READ', resource: 'Price_Books' },
      true,
    ],
    [['ZohoCRM.coql.READ'], { group: 'coql', op: 'READ' }, true],
    [[], { group: 'org', op: 'READ' }, false],
  ] as const)('%j grants %j: %s', (scopes, need, want) => {
    expect(scopeAllows(scopes, need)).toBe(want);
  });
});

describe('checkValue', () => {
  const field = (f: Partial<ZohoField> & { api_name: string; data_type: string }): ZohoField => ({
    json_type: 'string',
    length: 20,
    ...f,
  });
  const fields: ZohoField[] = [
    field({ api_name: 'Name', data_type: 'text' }),
    field({ api_name: 'Mail', data_type: 'email', length: 100 }),
    field({ api_name: 'Count', data_type: 'integer', json_type: 'integer' }),
    field({ api_name: 'Big', data_type: 'bigint', json_type: 'string' }),
    field({ api_name: 'Price', data_type: 'currency', json_type: 'double' }),
    field({ api_name: 'Flag', data_type: 'boolean', json_type: 'boolean' }),
    field({ api_name: 'Day', data_type: 'date' }),
    field({ api_name: 'At', data_type: 'datetime' }),
    field({
      api_name: 'Stage',
      data_type: 'picklist',
      pick_list_values: [
        { display_value: 'Open', actual_value: 'Open' },
        { display_value: 'Won', actual_value: 'Won' },
      ],
    }),
    field({
      api_name: 'Tags',
      data_type: 'multiselectpicklist',
      json_type: 'jsonarray',
      pick_list_values: [{ display_value: 'A', actual_value: 'A' }],
    }),
    field({ api_name: 'Owner', data_type: 'ownerlookup', json_type: 'jsonobject' }),
  ];
  const index = new SnapshotIndex({
    modules: { modules: [{ api_name: 'Things' }] },
    fields: { Things: { fields } },
  }).modules.get('Things');
  const ctx: ValidateContext = {
    store: new RecordStore(() => []),
    displayName: () => undefined,
    hasModule: () => false,
  };
  it.each([
    ['Name', 'short', true],
    ['Name', 'x'.repeat(21), false],
    ['Name', 5, false],
    ['Mail', 'a@b.example', true],
    ['Mail', 'not-mail', false],
    ['Count', 12, true],
    ['Count', 1.5, false],
    ['Count', '12', false],
    ['Count', 2 ** 31, false],
    ['Big', '9007199254740993', true],
    ['Price', 10.25, true],
    ['Price', '10.25', false],
    ['Flag', false, true],
    ['Flag', 'false', false],
    ['Day', '2026-01-31', true],
    ['Day', '31/01/2026', false],
    ['At', '2026-01-31T10:00:00+05:30', true],
    ['At', '2026-01-31T10:00:00', false],
    ['Stage', 'Won', true],
    ['Stage', 'won', false],
    ['Tags', ['A'], true],
    ['Tags', ['A', 'B'], false],
    ['Tags', 'A', false],
    ['Owner', { id: '5843200000000300001' }, true],
    ['Owner', { id: '1' }, false],
    ['Owner', 'not an object', false],
    ['Name', null, true],
  ] as const)('%s = %j → ok %s', (api, value, ok) => {
    const rule = index?.fields.get(api);
    if (!rule) throw new Error(`no rule ${api}`);
    expect(checkValue(rule, value, `$.data[0].${api}`, ctx).ok).toBe(ok);
  });
});
