/** model/query-kind.ts: each field type → how COQL and search see it (given FieldType → want kind). */
import { describe, expect, it } from 'vitest';
import { queryKind } from '../../generator/model/query-kind.ts';
import type { FieldType } from '../../generator/model/types.ts';

const cases: { name: string; given: FieldType; want: ReturnType<typeof queryKind> }[] = [
  { name: 'text', given: { kind: 'string', dataType: 'text' }, want: 'text' },
  { name: 'email is text', given: { kind: 'string', dataType: 'email', format: 'email' }, want: 'text' },
  { name: 'textarea (not in criteria)', given: { kind: 'string', dataType: 'textarea', format: 'textarea' }, want: 'textarea' },
  { name: 'autonumber', given: { kind: 'string', dataType: 'autonumber', format: 'autonumber' }, want: 'autonumber' },
  { name: 'currency', given: { kind: 'number', dataType: 'currency', integer: false }, want: 'number' },
  { name: 'bigint', given: { kind: 'bigint', dataType: 'bigint' }, want: 'number' },
  { name: 'boolean', given: { kind: 'boolean', dataType: 'boolean' }, want: 'boolean' },
  { name: 'date', given: { kind: 'date', dataType: 'date' }, want: 'date' },
  { name: 'datetime', given: { kind: 'datetime', dataType: 'datetime' }, want: 'datetime' },
  { name: 'picklist', given: { kind: 'picklist', dataType: 'picklist', values: [] }, want: 'picklist' },
  { name: 'multi-select picklist', given: { kind: 'multiselectpicklist', dataType: 'multiselectpicklist', values: [] }, want: 'multiselect' },
  { name: 'lookup names its target', given: { kind: 'lookup', dataType: 'lookup', module: 'Accounts' }, want: 'lookup:Accounts' },
  { name: 'owner lookup leads to Users', given: { kind: 'lookup', dataType: 'ownerlookup', module: undefined }, want: 'lookup:Users' },
  { name: 'user lookup leads to Users', given: { kind: 'lookup', dataType: 'userlookup', module: undefined }, want: 'lookup:Users' },
  { name: 'a lookup without target compares by id, is not followed', given: { kind: 'lookup', dataType: 'lookup', module: undefined }, want: 'lookup' },
  {
    name: 'formula: its return type',
    given: { kind: 'computed', dataType: 'formula', returns: { kind: 'number', dataType: 'double', integer: false } },
    want: 'number',
  },
  {
    name: 'formula of unknown return type: left out',
    given: { kind: 'computed', dataType: 'formula', returns: { kind: 'unknown', dataType: 'unknown', jsonType: undefined } },
    want: undefined,
  },
  { name: 'file upload: not queryable', given: { kind: 'file', dataType: 'fileupload' }, want: undefined },
  { name: 'subform: not queryable', given: { kind: 'subform', dataType: 'subform', module: 'Items' }, want: undefined },
  { name: 'multi-select lookup: not queryable', given: { kind: 'multilookup', dataType: 'multiselectlookup', linkingModule: 'X', connectedModule: 'Y' }, want: undefined },
  { name: 'address (JSON): not queryable', given: { kind: 'object', dataType: 'address' }, want: undefined },
];

describe('queryKind', () => {
  it.each(cases)('$name', ({ given, want }) => {
    expect(queryKind(given)).toBe(want);
  });
});
