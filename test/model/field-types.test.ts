import { describe, expect, it } from 'vitest';
import type { ZohoField } from '../../generator/metadata/snapshot-types.ts';
import { fieldTypeOf, KNOWN_DATA_TYPES } from '../../generator/model/field-types.ts';
import type { FieldType } from '../../generator/model/types.ts';

/** A field as the v8 Fields Metadata API sends it: unused sub-objects are `{}`, not absent. */
function field(data_type: string, json_type: string | null, extra: Partial<ZohoField> = {}): ZohoField {
  return {
    api_name: 'Some_Field',
    data_type,
    json_type,
    lookup: {},
    formula: {},
    rollup_summary: {},
    multiselectlookup: {},
    associated_module: null,
    pick_list_values: [],
    ...extra,
  };
}

function typeOf(f: ZohoField): { type: FieldType; warnings: string[] } {
  const warnings: string[] = [];
  return { type: fieldTypeOf(f, (_code, m) => warnings.push(m)), warnings };
}

const values = [
  { display_value: '-None-', actual_value: '-None-', sequence_number: 1 },
  { display_value: 'Contacted (display)', actual_value: 'Contacted', sequence_number: 2 },
];

describe('fieldTypeOf: every data_type in the table', () => {
  const cases: [name: string, given: ZohoField, want: FieldType][] = [
    ['text', field('text', 'string'), { kind: 'string', dataType: 'text' }],
    ['textarea', field('textarea', 'string'), { kind: 'string', dataType: 'textarea', format: 'textarea' }],
    ['email', field('email', 'string'), { kind: 'string', dataType: 'email', format: 'email' }],
    ['phone', field('phone', 'string'), { kind: 'string', dataType: 'phone', format: 'phone' }],
    ['website', field('website', 'string'), { kind: 'string', dataType: 'website', format: 'url' }],
    ['autonumber', field('autonumber', 'string'), { kind: 'string', dataType: 'autonumber', format: 'autonumber' }],
    [
      'picklist',
      field('picklist', 'string', { pick_list_values: values }),
      {
        kind: 'picklist',
        dataType: 'picklist',
        values: [
          { actualValue: '-None-', displayValue: '-None-' },
          { actualValue: 'Contacted', displayValue: 'Contacted (display)' },
        ],
      },
    ],
    [
      'multiselectpicklist',
      field('multiselectpicklist', 'jsonarray', { pick_list_values: values }),
      {
        kind: 'multiselectpicklist',
        dataType: 'multiselectpicklist',
        values: [
          { actualValue: '-None-', displayValue: '-None-' },
          { actualValue: 'Contacted', displayValue: 'Contacted (display)' },
        ],
      },
    ],
    ['integer', field('integer', 'integer'), { kind: 'number', dataType: 'integer', integer: true }],
    ['bigint', field('bigint', 'integer'), { kind: 'bigint', dataType: 'bigint' }],
    ['bigint sent as string', field('bigint', 'string'), { kind: 'bigint', dataType: 'bigint' }],
    ['double', field('double', 'double'), { kind: 'number', dataType: 'double', integer: false }],
    ['decimal', field('decimal', 'double'), { kind: 'number', dataType: 'decimal', integer: false }],
    ['currency', field('currency', 'double'), { kind: 'number', dataType: 'currency', integer: false }],
    ['percent', field('percent', 'double'), { kind: 'number', dataType: 'percent', integer: false }],
    ['currency sent as string', field('currency', 'string'), { kind: 'string', dataType: 'currency' }],
    ['boolean', field('boolean', 'boolean'), { kind: 'boolean', dataType: 'boolean' }],
    ['date', field('date', 'string'), { kind: 'date', dataType: 'date' }],
    ['datetime', field('datetime', 'string'), { kind: 'datetime', dataType: 'datetime' }],
    [
      'lookup',
      field('lookup', 'jsonobject', { lookup: { api_name: 'Contacts', module: { api_name: 'Accounts', id: '1' } } }),
      { kind: 'lookup', dataType: 'lookup', module: 'Accounts' },
    ],
    ['ownerlookup', field('ownerlookup', 'jsonobject'), { kind: 'lookup', dataType: 'ownerlookup', module: undefined }],
    ['userlookup', field('userlookup', 'jsonobject'), { kind: 'lookup', dataType: 'userlookup', module: undefined }],
    [
      'multiselectlookup',
      field('multiselectlookup', 'jsonarray', {
        multiselectlookup: {
          linking_module: { api_name: 'Contacts_X_Accounts', id: '2' },
          connected_module: { api_name: 'Accounts', id: '1' },
          lookup_apiname: 'Contacts',
          connectedlookup_apiname: 'Accounts',
        },
      }),
      { kind: 'multilookup', dataType: 'multiselectlookup', linkingModule: 'Contacts_X_Accounts', connectedModule: 'Accounts' },
    ],
    [
      'multiselectlookup (v8 linking_details / connected_details win over the older keys)',
      field('multiselectlookup', 'jsonarray', {
        multiselectlookup: {
          linking_details: { module: { api_name: 'Projects_X_Vehicles', id: '3' } },
          connected_details: { module: { api_name: 'Vehicles', id: '4' }, field: { api_name: 'Projects' } },
          linking_module: { api_name: 'Stale_Linking', id: '9' },
        },
      }),
      { kind: 'multilookup', dataType: 'multiselectlookup', linkingModule: 'Projects_X_Vehicles', connectedModule: 'Vehicles' },
    ],
    [
      'multiuserlookup (v8 linking_details only)',
      field('multiuserlookup', 'jsonarray', {
        multiuserlookup: {
          linking_details: { module: { api_name: 'Projects_X_Users' } },
          connected_details: { module: { api_name: 'users' } },
        },
      }),
      { kind: 'multilookup', dataType: 'multiuserlookup', linkingModule: 'Projects_X_Users', connectedModule: undefined },
    ],
    [
      'multiuserlookup',
      field('multiuserlookup', 'jsonarray', {
        multiuserlookup: { linking_module: { api_name: 'Deals_X_Users' }, connected_module: { api_name: 'users' } },
      }),
      { kind: 'multilookup', dataType: 'multiuserlookup', linkingModule: 'Deals_X_Users', connectedModule: undefined },
    ],
    [
      'subform (v8 associated_module)',
      field('subform', 'jsonarray', { associated_module: { module: 'Ordered_Items', id: '5' } }),
      { kind: 'subform', dataType: 'subform', module: 'Ordered_Items' },
    ],
    [
      'subform (older subform.module)',
      field('subform', 'jsonarray', { associated_module: null, subform: { module: 'Quoted_Items' } }),
      { kind: 'subform', dataType: 'subform', module: 'Quoted_Items' },
    ],
    ['fileupload', field('fileupload', 'jsonarray'), { kind: 'file', dataType: 'fileupload' }],
    ['imageupload', field('imageupload', 'jsonarray'), { kind: 'file', dataType: 'imageupload' }],
    ['profileimage', field('profileimage', 'string'), { kind: 'file', dataType: 'profileimage' }],
    [
      'formula returning currency',
      field('formula', 'double', { formula: { return_type: 'currency', expression: 'Amount * 2' } }),
      { kind: 'computed', dataType: 'formula', returns: { kind: 'number', dataType: 'currency', integer: false } },
    ],
    [
      'formula returning text',
      field('formula', 'string', { formula: { return_type: 'text' } }),
      { kind: 'computed', dataType: 'formula', returns: { kind: 'string', dataType: 'text' } },
    ],
    [
      'formula returning date',
      field('formula', 'string', { formula: { return_type: 'date' } }),
      { kind: 'computed', dataType: 'formula', returns: { kind: 'date', dataType: 'date' } },
    ],
    [
      'formula without return_type: from json_type',
      field('formula', 'boolean'),
      { kind: 'computed', dataType: 'formula', returns: { kind: 'boolean', dataType: 'boolean' } },
    ],
    [
      'rollup_summary',
      field('rollup_summary', 'double', { rollup_summary: { return_type: 'integer' } }),
      { kind: 'computed', dataType: 'rollup_summary', returns: { kind: 'number', dataType: 'integer', integer: true } },
    ],
    ['consent_lookup', field('consent_lookup', 'jsonobject'), { kind: 'object', dataType: 'consent_lookup' }],
    ['event_reminder', field('event_reminder', 'jsonobject'), { kind: 'object', dataType: 'event_reminder' }],
    ['multi_module_lookup', field('multi_module_lookup', 'jsonobject'), { kind: 'object', dataType: 'multi_module_lookup' }],
    ['multireminder (jsonarray)', field('multireminder', 'jsonarray'), { kind: 'object', dataType: 'multireminder', array: true }],
    ['address', field('address', 'jsonobject'), { kind: 'object', dataType: 'address' }],
    ['RRULE (upper case)', field('RRULE', 'jsonobject'), { kind: 'object', dataType: 'RRULE' }],
    ['ALARM (upper case)', field('ALARM', 'jsonobject'), { kind: 'object', dataType: 'ALARM' }],
    // json_type beats data_type where the wire value has another shape (real v8 responses):
    ['Tag: text sent as jsonarray', field('text', 'jsonarray'), { kind: 'object', dataType: 'text', array: true }],
    ['Participants: bigint sent as jsonarray', field('bigint', 'jsonarray'), { kind: 'object', dataType: 'bigint', array: true }],
    ['text holding a JSON object', field('text', 'jsonobject'), { kind: 'object', dataType: 'text' }],
  ];

  it.each(cases)('%s', (_name, given, want) => {
    const { type, warnings } = typeOf(given);
    expect(type).toStrictEqual(want);
    expect(warnings).toEqual([]);
  });

  it('covers every data_type the table knows', () => {
    const covered = new Set(cases.map(([, given]) => given.data_type.toLowerCase()));
    expect(KNOWN_DATA_TYPES.filter((t) => !covered.has(t))).toEqual([]);
  });
});

describe('fieldTypeOf: unknown and missing metadata never crashes', () => {
  const cases: [name: string, given: ZohoField, want: FieldType, warning: RegExp][] = [
    [
      'unknown data_type',
      field('hologram', 'jsonobject'),
      { kind: 'unknown', dataType: 'hologram', jsonType: 'jsonobject' },
      /unknown data_type "hologram" \(json_type "jsonobject"\)/,
    ],
    ['empty data_type, no json_type', { api_name: 'X', data_type: '' }, { kind: 'unknown', dataType: '(none)', jsonType: undefined }, /^no data_type and no json_type: typed as unknown/],
    ['no data_type at all, json_type string', { api_name: 'X', json_type: 'string' } as unknown as ZohoField, { kind: 'string', dataType: 'text' }, /^no data_type \(json_type "string"\): typed as its json_type \(string\)/],
    ['data_type a number, json_type jsonarray', { api_name: 'X', data_type: 11, json_type: 'jsonarray' } as unknown as ZohoField, { kind: 'object', dataType: 'jsonarray', array: true }, /typed as its json_type \(object array\)/],
    ['data_type null, json_type double', { api_name: 'X', data_type: null, json_type: 'double' } as unknown as ZohoField, { kind: 'number', dataType: 'double', integer: false }, /^no data_type/],
    ['json_type a number', { api_name: 'X', data_type: 'text', json_type: 7 } as unknown as ZohoField, { kind: 'string', dataType: 'text' }, /json_type is 7, not a type name: ignored/],
    ['lookup null', field('lookup', 'jsonobject', { lookup: null }), { kind: 'lookup', dataType: 'lookup', module: undefined }, /names no target module/],
    [
      'picklist without pick_list_values',
      { api_name: 'X', data_type: 'picklist' },
      { kind: 'picklist', dataType: 'picklist', values: [] },
      /no pick_list_values/,
    ],
    [
      'picklist with pick_list_values null',
      field('picklist', 'string', { pick_list_values: null }),
      { kind: 'picklist', dataType: 'picklist', values: [] },
      /no pick_list_values/,
    ],
    [
      'picklist with a duplicate value',
      field('picklist', 'string', {
        pick_list_values: [
          { display_value: 'A', actual_value: 'A' },
          { display_value: 'A again', actual_value: 'A' },
        ],
      }),
      { kind: 'picklist', dataType: 'picklist', values: [{ actualValue: 'A', displayValue: 'A' }] },
      /"A" listed twice/,
    ],
    [
      'picklist value without actual_value',
      field('picklist', 'string', { pick_list_values: [{ display_value: 'Ghost' } as never, { display_value: 'B', actual_value: 'B' }] }),
      { kind: 'picklist', dataType: 'picklist', values: [{ actualValue: 'B', displayValue: 'B' }] },
      /without a string actual_value/,
    ],
    [
      'subform without a module',
      field('subform', 'jsonarray'),
      { kind: 'unknown', dataType: 'subform', jsonType: 'jsonarray' },
      /names no subform module/,
    ],
    [
      'formula with no return_type and no json_type',
      { api_name: 'X', data_type: 'formula' },
      { kind: 'computed', dataType: 'formula', returns: { kind: 'unknown', dataType: 'unknown', jsonType: undefined } },
      /no formula\.return_type/,
    ],
    [
      'formula with an unknown return_type',
      field('formula', 'string', { formula: { return_type: 'sparkle' } }),
      { kind: 'computed', dataType: 'formula', returns: { kind: 'unknown', dataType: 'sparkle', jsonType: 'string' } },
      /formula return_type: unknown data_type "sparkle"/,
    ],
  ];

  it.each(cases)('%s', (_name, given, want, warning) => {
    const { type, warnings } = typeOf(given);
    expect(type).toStrictEqual(want);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(warning);
  });

  it('survives Object.prototype names anywhere in the metadata', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(typeOf(field(name, name)).type).toEqual({ kind: 'unknown', dataType: name, jsonType: name });
      expect(typeOf(field('formula', name)).type).toMatchObject({ kind: 'computed', returns: { kind: 'unknown' } });
      expect(typeOf(field('formula', 'double', { formula: { return_type: name } })).type).toMatchObject({
        kind: 'computed',
        returns: { kind: 'unknown', dataType: name },
      });
    }
  });

  it('ignores missing optional keys (a hand-built field with only api_name and data_type)', () => {
    expect(typeOf({ api_name: 'Amount', data_type: 'currency' })).toEqual({
      type: { kind: 'number', dataType: 'currency', integer: false },
      warnings: [],
    });
    expect(typeOf({ api_name: 'Account', data_type: 'lookup' }).type).toEqual({ kind: 'lookup', dataType: 'lookup', module: undefined });
  });

  it('reads only own keys of sub-objects', () => {
    const lookup = Object.create({ module: { api_name: 'Inherited' } }) as Record<string, unknown>;
    expect(typeOf(field('lookup', 'jsonobject', { lookup })).type).toEqual({ kind: 'lookup', dataType: 'lookup', module: undefined });
  });
});
