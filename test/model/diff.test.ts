import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diffModels, formatDiff, type DiffEntry } from '../../generator/model/diff.ts';
import { parseSnapshot } from '../../generator/metadata/snapshot.ts';
import type { Snapshot, ZohoField } from '../../generator/metadata/snapshot-types.ts';
import { buildOrgModel } from '../../generator/model/build-org-model.ts';
import { shuffled } from '../helpers/shuffle.ts';

const smallFile = fileURLToPath(new URL('./fixtures/small-org.json', import.meta.url));
const base = parseSnapshot(readFileSync(smallFile, 'utf8'), smallFile);
const build = (s: Snapshot) => buildOrgModel(s, { org: 'small' });

/** The base snapshot changed by `edit` (on a deep copy). */
function edited(edit: (s: Snapshot) => void): Snapshot {
  const s = structuredClone(base);
  edit(s);
  return s;
}
function fieldIn(s: Snapshot, module: string, apiName: string): ZohoField {
  const f = s.fields[module]?.fields.find((x) => x.api_name === apiName);
  if (!f) throw new Error(`no field ${module}.${apiName}`);
  return f;
}
const entries = (s: Snapshot): Pick<DiffEntry, 'module' | 'change' | 'breaking' | 'description'>[] =>
  diffModels(build(base), build(s)).entries.map(({ module, change, breaking, description }) => ({ module, change, breaking, description }));

describe('diffModels', () => {
  it('finds nothing between a model and itself, or a reordered snapshot', () => {
    expect(diffModels(build(base), build(shuffled(base, 11))).entries).toEqual([]);
  });

  const cases: [name: string, edit: (s: Snapshot) => void, want: ReturnType<typeof entries>][] = [
    [
      'module removed',
      (s) => {
        s.modules.modules = s.modules.modules.filter((m) => m.api_name !== 'Sales_Orders');
        delete s.fields['Sales_Orders'];
      },
      [{ module: 'Sales_Orders', change: 'module-removed', breaking: true, description: 'module removed (was SalesOrders)' }],
    ],
    [
      'module added',
      (s) => {
        s.modules.modules.push({ api_name: 'Vehicles', generated_type: 'custom', api_supported: true });
        s.fields['Vehicles'] = { fields: [{ api_name: 'Name', data_type: 'text' }] };
      },
      [{ module: 'Vehicles', change: 'module-added', breaking: false, description: 'module added as Vehicles (crm.vehicles, 1 fields)' }],
    ],
    [
      'module no longer API-supported counts as removed',
      (s) => {
        const m = s.modules.modules.find((x) => x.api_name === 'Accounts');
        if (m) m.api_supported = false;
      },
      [{ module: 'Accounts', change: 'module-removed', breaking: true, description: 'module removed (was Accounts)' }],
    ],
    [
      'field removed',
      (s) => {
        const body = s.fields['Leads'];
        if (body) body.fields = body.fields.filter((f) => f.api_name !== 'Phone');
      },
      [{ module: 'Leads', change: 'field-removed', breaking: true, description: 'field "Phone" removed (was string, phone)' }],
    ],
    [
      'optional field added',
      (s) => s.fields['Leads']?.fields.push({ api_name: 'Score', data_type: 'integer', json_type: 'integer' }),
      [{ module: 'Leads', change: 'field-added', breaking: false, description: 'field "Score" added (number, integer)' }],
    ],
    [
      'required field added is breaking',
      (s) => s.fields['Leads']?.fields.push({ api_name: 'Region', data_type: 'text', system_mandatory: true }),
      [{ module: 'Leads', change: 'field-added', breaking: true, description: 'field "Region" added (string, text, required on create)' }],
    ],
    [
      'lookup target changed',
      (s) => {
        fieldIn(s, 'Sales_Orders', 'Contact_Name').lookup = { module: { api_name: 'Leads' } };
      },
      [{ module: 'Sales_Orders', change: 'type-changed', breaking: true, description: 'field "Contact_Name": type lookup(Contacts) -> lookup(Leads)' }],
    ],
    [
      'kind changed',
      (s) => {
        Object.assign(fieldIn(s, 'Leads', 'No_of_Employees'), { data_type: 'text', json_type: 'string' });
      },
      [{ module: 'Leads', change: 'type-changed', breaking: true, description: 'field "No_of_Employees": type number -> string' }],
    ],
    [
      'a string format change is not a type change',
      (s) => {
        fieldIn(s, 'Leads', 'Website').data_type = 'text';
      },
      [],
    ],
    [
      'picklist values added and removed',
      (s) => {
        const f = fieldIn(s, 'Leads', 'Lead_Status');
        f.pick_list_values = [
          ...(f.pick_list_values ?? []).filter((v) => v.actual_value !== 'Junk Lead'),
          { display_value: 'Qualified', actual_value: 'Qualified', sequence_number: 9 },
        ];
      },
      [
        { module: 'Leads', change: 'picklist-value-added', breaking: false, description: 'field "Lead_Status": picklist value "Qualified" added' },
        { module: 'Leads', change: 'picklist-value-removed', breaking: true, description: 'field "Lead_Status": picklist value "Junk Lead" removed' },
      ],
    ],
    [
      'newly required',
      (s) => {
        fieldIn(s, 'Leads', 'Email').system_mandatory = true;
      },
      [{ module: 'Leads', change: 'required-changed', breaking: true, description: 'field "Email": now required on create' }],
    ],
    [
      'no longer required',
      (s) => {
        fieldIn(s, 'Leads', 'Last_Name').system_mandatory = false;
      },
      [{ module: 'Leads', change: 'required-changed', breaking: false, description: 'field "Last_Name": no longer required on create' }],
    ],
    [
      'newly read-only (reported once, not also as creatable/updatable)',
      (s) => {
        fieldIn(s, 'Leads', 'Phone').read_only = true;
      },
      [{ module: 'Leads', change: 'read-only-changed', breaking: true, description: 'field "Phone": now read-only' }],
    ],
    [
      'no longer read-only',
      (s) => {
        Object.assign(fieldIn(s, 'Sales_Orders', 'Grand_Total'), { read_only: false });
      },
      [{ module: 'Sales_Orders', change: 'read-only-changed', breaking: false, description: 'field "Grand_Total": no longer read-only' }],
    ],
    [
      'update forbidden by operation_type',
      (s) => {
        fieldIn(s, 'Leads', 'Phone').operation_type = { api_create: true, api_update: false };
      },
      [{ module: 'Leads', change: 'updatable-changed', breaking: true, description: 'field "Phone": no longer settable on update' }],
    ],
    [
      'create forbidden by operation_type, which also drops a requirement',
      (s) => {
        fieldIn(s, 'Leads', 'Last_Name').operation_type = { api_create: false, api_update: true };
      },
      [
        { module: 'Leads', change: 'creatable-changed', breaking: true, description: 'field "Last_Name": no longer settable on create' },
        { module: 'Leads', change: 'required-changed', breaking: false, description: 'field "Last_Name": no longer required on create' },
      ],
    ],
    [
      'related lists removed and added',
      (s) => {
        const body = s.related_lists?.['Accounts'];
        if (body) body.related_lists = [...body.related_lists.filter((r) => r.api_name !== 'Notes'), { api_name: 'Attachments', module: { api_name: 'Attachments' } }];
      },
      [
        { module: 'Accounts', change: 'related-list-added', breaking: false, description: 'related list "Attachments" added (.attachments())' },
        { module: 'Accounts', change: 'related-list-removed', breaking: true, description: 'related list "Notes" removed (was .notes())' },
      ],
    ],
    [
      'generated names changed by a new colliding module',
      (s) => {
        s.modules.modules.push({ api_name: 'SalesOrders', api_supported: true });
        s.fields['SalesOrders'] = { fields: [] };
      },
      [
        { module: 'SalesOrders', change: 'module-added', breaking: false, description: 'module added as SalesOrders (crm.salesOrders, 0 fields)' },
        {
          module: 'Sales_Orders',
          change: 'module-renamed',
          breaking: true,
          description: 'generated names changed: SalesOrders (crm.salesOrders) -> SalesOrders2 (crm.salesOrders2)',
        },
      ],
    ],
  ];

  it.each(cases)('%s', (_name, edit, want) => {
    expect(entries(edited(edit))).toEqual(want);
  });

  it('counts breaking entries and records both hashes', () => {
    const after = build(edited((s) => (fieldIn(s, 'Leads', 'Email').system_mandatory = true)));
    const d = diffModels(build(base), after);
    expect(d.breakingCount).toBe(1);
    expect(d.oldHash).toBe(build(base).snapshotHash);
    expect(d.newHash).toBe(after.snapshotHash);
    expect(d.entries[0]).toMatchObject({ field: 'Email' });
  });
});

describe('formatDiff', () => {
  const after = edited((s) => {
    const f = fieldIn(s, 'Leads', 'Lead_Status');
    f.pick_list_values = (f.pick_list_values ?? []).filter((v) => v.actual_value !== 'Junk Lead');
    s.fields['Leads']?.fields.push({ api_name: 'Score', data_type: 'integer', json_type: 'integer' });
    s.modules.modules.push({ api_name: 'Vehicles', api_supported: true });
    s.fields['Vehicles'] = { fields: [] };
  });
  const d = diffModels(build(base), build(after));

  it('groups by module, marks breaking lines and ends with a summary', () => {
    expect(formatDiff(d)).toBe(
      [
        'Leads',
        '! BREAKING field "Lead_Status": picklist value "Junk Lead" removed',
        '  field "Score" added (number, integer)',
        '',
        'Vehicles',
        '  module added as Vehicles (crm.vehicles, 0 fields)',
        '',
        'Summary: 3 changes in 2 modules, 1 breaking.',
        '',
      ].join('\n'),
    );
  });

  it('has no ANSI codes unless asked', () => {
    const ansi = /\u001b\[/;
    expect(formatDiff(d)).not.toMatch(ansi);
    expect(formatDiff(d, { color: true })).toMatch(ansi);
  });

  it('says so when nothing changed', () => {
    expect(formatDiff(diffModels(build(base), build(base)))).toBe('No schema changes.\n');
  });

  it('keeps hostile module and field names on one line each', () => {
    const weird = 'Bad\nModule';
    const a = build(base);
    const b = build(
      edited((s) => {
        s.modules.modules.push({ api_name: weird, api_supported: true });
        s.fields[weird] = { fields: [] };
        s.fields['Leads']?.fields.push({ api_name: 'X\u2028"Y', data_type: 'text' });
      }),
    );
    const text = formatDiff(diffModels(a, b));
    expect(text).toContain('"Bad\\nModule"\n');
    expect(text).toContain('field "X\\u2028\\"Y" added');
    expect(text).not.toMatch(/[\u2028\u2029]/);
    expect(text.split('\n')).toHaveLength(8);
  });
});
