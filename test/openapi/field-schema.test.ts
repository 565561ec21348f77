import { describe, expect, it } from 'vitest';
import type { FieldModel, FieldType } from '../../generator/model/types.ts';
import {
  fieldSchema,
  nullable,
  SHARED_SCHEMAS,
  typeSchema,
  type SchemaRefs,
  type SchemaRole,
} from '../../generator/openapi/field-schema.ts';
import { field } from '../generator/fixtures/model.ts';

const refs: SchemaRefs = {
  moduleSchema: (apiName, role) =>
    apiName === 'Line_Items'
      ? `LineItems${{ record: 'Record', create: 'CreateInput', update: 'UpdateInput' }[role]}`
      : undefined,
};

const picklistValues = [
  { actualValue: 'A', displayValue: 'A' },
  { actualValue: 'b"`${x}', displayValue: 'B' },
];

describe('typeSchema: one row per FieldType kind', () => {
  const table: { given: FieldType; role: SchemaRole; want: unknown }[] = [
    { given: { kind: 'string', dataType: 'text' }, role: 'record', want: { type: 'string' } },
    {
      given: { kind: 'string', dataType: 'email', format: 'email' },
      role: 'record',
      want: { type: 'string', format: 'email' },
    },
    {
      given: { kind: 'string', dataType: 'website', format: 'url' },
      role: 'create',
      want: { type: 'string', format: 'uri' },
    },
    {
      given: { kind: 'string', dataType: 'phone', format: 'phone' },
      role: 'record',
      want: { type: 'string' },
    },
    {
      given: { kind: 'number', dataType: 'integer', integer: true },
      role: 'record',
      want: { type: 'integer' },
    },
    {
      given: { kind: 'number', dataType: 'currency', integer: false },
      role: 'create',
      want: { type: 'number' },
    },
    {
      given: { kind: 'bigint', dataType: 'bigint' },
      role: 'record',
      want: { type: ['integer', 'string'] },
    },
    { given: { kind: 'boolean', dataType: 'boolean' }, role: 'update', want: { type: 'boolean' } },
    {
      given: { kind: 'date', dataType: 'date' },
      role: 'record',
      want: { type: 'string', format: 'date' },
    },
    {
      given: { kind: 'datetime', dataType: 'datetime' },
      role: 'record',
      want: { type: 'string', format: 'date-time' },
    },
    {
      given: { kind: 'picklist', dataType: 'picklist', values: picklistValues },
      role: 'create',
      want: { type: 'string', enum: ['A', 'b"`${x}'] },
    },
    {
      given: { kind: 'picklist', dataType: 'picklist', values: [] },
      role: 'create',
      want: { type: 'string' },
    },
    {
      given: {
        kind: 'multiselectpicklist',
        dataType: 'multiselectpicklist',
        values: picklistValues,
      },
      role: 'record',
      want: { type: 'array', items: { type: 'string', enum: ['A', 'b"`${x}'] } },
    },
    {
      given: { kind: 'lookup', dataType: 'lookup', module: 'Accounts' },
      role: 'record',
      want: { $ref: '#/components/schemas/Lookup' },
    },
    {
      given: { kind: 'lookup', dataType: 'ownerlookup', module: undefined },
      role: 'create',
      want: { $ref: '#/components/schemas/LookupInput' },
    },
    {
      given: { kind: 'subform', dataType: 'subform', module: 'Line_Items' },
      role: 'record',
      want: { type: 'array', items: { $ref: '#/components/schemas/LineItemsRecord' } },
    },
    {
      given: { kind: 'subform', dataType: 'subform', module: 'Line_Items' },
      role: 'create',
      want: { type: 'array', items: { $ref: '#/components/schemas/LineItemsCreateInput' } },
    },
    {
      given: { kind: 'subform', dataType: 'subform', module: 'Missing' },
      role: 'record',
      want: { type: 'array', items: { $ref: '#/components/schemas/SubformRow' } },
    },
    {
      given: {
        kind: 'multilookup',
        dataType: 'multiselectlookup',
        linkingModule: 'Line_Items',
        connectedModule: 'X',
      },
      role: 'update',
      want: { type: 'array', items: { $ref: '#/components/schemas/LineItemsUpdateInput' } },
    },
    {
      given: { kind: 'file', dataType: 'fileupload' },
      role: 'create',
      want: { type: 'array', items: { $ref: '#/components/schemas/FileUploadInput' } },
    },
    {
      given: { kind: 'file', dataType: 'imageupload' },
      role: 'update',
      want: { type: 'array', items: { $ref: '#/components/schemas/ImageUploadInput' } },
    },
    {
      given: { kind: 'file', dataType: 'fileupload' },
      role: 'record',
      want: { type: 'array', items: { $ref: '#/components/schemas/FileAttachment' } },
    },
    {
      given: {
        kind: 'computed',
        dataType: 'formula',
        returns: { kind: 'number', dataType: 'double', integer: false },
      },
      role: 'record',
      want: { type: 'number', readOnly: true },
    },
    {
      given: { kind: 'object', dataType: 'jsonobject' },
      role: 'record',
      want: { $ref: '#/components/schemas/JsonObject' },
    },
    {
      given: { kind: 'object', dataType: 'text', array: true },
      role: 'record',
      want: { type: 'array', items: { $ref: '#/components/schemas/JsonObject' } },
    },
    {
      given: { kind: 'unknown', dataType: 'hologram', jsonType: undefined },
      role: 'record',
      want: {},
    },
  ];
  it.each(table)('$given.kind ($given.dataType) as $role', ({ given, role, want }) => {
    expect(typeSchema(given, role, refs)).toEqual(want);
  });

  it('declares each shared shape once: lookups read {id, name} and are written as {id}; files by file_id or Encrypted_Id', () => {
    expect(SHARED_SCHEMAS['Lookup']).toMatchObject({
      type: 'object',
      required: ['id'],
      additionalProperties: true,
    });
    expect(SHARED_SCHEMAS['LookupInput']).toMatchObject({ type: 'object', required: ['id'] });
    expect(SHARED_SCHEMAS['FileUploadInput']).toMatchObject({
      properties: { file_id: { type: 'string' } },
    });
    expect(SHARED_SCHEMAS['ImageUploadInput']).toMatchObject({
      properties: { Encrypted_Id: { type: 'string' } },
    });
    expect(SHARED_SCHEMAS['FileAttachment']).toMatchObject({ additionalProperties: true });
  });
});

describe('nullable', () => {
  it.each([
    { given: { type: 'string' }, want: { type: ['string', 'null'] } },
    { given: { type: ['integer', 'string'] }, want: { type: ['integer', 'string', 'null'] } },
    {
      given: { type: 'string', enum: ['A'] },
      want: { type: ['string', 'null'], enum: ['A', null] },
    },
    { given: { $ref: '#/x' }, want: { anyOf: [{ $ref: '#/x' }, { type: 'null' }] } },
    { given: {}, want: {} },
  ])('$given', ({ given, want }) => {
    expect(nullable(given)).toEqual(want);
  });
});

describe('fieldSchema', () => {
  const status = field(
    'Lead_Status',
    { kind: 'picklist', dataType: 'picklist', values: picklistValues },
    { custom: true },
  );

  it('describes data type, custom and picklist values (display value when it differs)', () => {
    const s = fieldSchema(status, 'record', refs);
    expect(s['description']).toBe('picklist, custom\nValues: "A", "b\\"`${x}" (shown as "B")');
  });

  it('is nullable except when required on create', () => {
    const name = field(
      'Last_Name',
      { kind: 'string', dataType: 'text' },
      { requiredOnCreate: true, maxLength: 80 },
    );
    expect(fieldSchema(name, 'record', refs)['type']).toEqual(['string', 'null']);
    expect(fieldSchema(name, 'create', refs)).toMatchObject({ type: 'string', maxLength: 80 });
    expect(fieldSchema(name, 'update', refs)).toMatchObject({
      type: ['string', 'null'],
      maxLength: 80,
    });
  });

  it('marks read-only fields readOnly in the record schema', () => {
    const f = field('Created_Time', { kind: 'datetime', dataType: 'datetime' }, { readOnly: true });
    expect(fieldSchema(f, 'record', refs)).toMatchObject({ readOnly: true, format: 'date-time' });
  });

  it.each([
    {
      name: 'Acc',
      type: { kind: 'lookup', dataType: 'lookup', module: 'Accounts' },
      over: {},
      want: 'lookup to Accounts',
    },
    {
      name: 'Owner',
      type: { kind: 'lookup', dataType: 'ownerlookup', module: undefined },
      over: {},
      want: 'ownerlookup to users',
    },
    {
      name: 'Vendor_Name',
      type: { kind: 'lookup', dataType: 'lookup', module: 'Vendors' },
      over: { label: 'Seller', custom: true, requiredOnCreate: true },
      want: 'Seller (lookup to Vendors, custom, required)',
    },
    {
      name: 'Total',
      type: {
        kind: 'computed',
        dataType: 'formula',
        returns: { kind: 'number', dataType: 'double', integer: false },
      },
      over: { readOnly: true, decimalPlaces: 2 },
      want: 'formula returning double, 2 decimals, read-only',
    },
    {
      name: 'Code',
      type: { kind: 'string', dataType: 'text' },
      over: { maxLength: 30, unique: true, label: 'Code' },
      want: 'text, max 30 chars, unique',
    },
    {
      name: 'H',
      type: { kind: 'unknown', dataType: 'hologram', jsonType: 'jsonobject' },
      over: {},
      want: 'data type "hologram" unknown to the generator (json_type "jsonobject"), typed as any JSON value',
    },
  ] as { name: string; type: FieldType; over: Partial<FieldModel>; want: string }[])(
    'describes $name in one line: $want (the label only when it differs from the API name)',
    ({ name, type, over, want }) => {
      expect(fieldSchema(field(name, type, over), 'record', refs)['description']).toBe(want);
    },
  );
});
