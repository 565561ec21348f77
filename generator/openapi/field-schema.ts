/**
 * The one table from a field's FieldType (model/types.ts) to the JSON Schema (OpenAPI 3.1) of its
 * value, for each role a schema plays: a record as read, a create input, an update input.
 * augment.ts builds `<Type>Record` / `<Type>CreateInput` / `<Type>UpdateInput` from these.
 *
 * Zoho facts (Zoho CRM v8 docs: get-records.html, insert-records.html, field-meta.html,
 * upload-files-to-zfs.html):
 * - Empty fields come back as `null`, and `null` clears a field on update, so every property is
 *   nullable except those required on create.
 * - Lookups read as `{ name, id }` (owner lookups add `email`); writes need only `{ id }`.
 * - File and image upload fields hold arrays of file objects: reads carry `File_Id__s`,
 *   `File_Name__s`, `Size__s`, `id`…; writes attach a file uploaded to ZFS (POST /crm/v8/files) by
 *   its encrypted id (`file_id` for file upload fields, `Encrypted_Id` for image upload fields) and
 *   remove one with `{ attachment_id | id, _delete: null }`.
 */
import { fieldSummary } from '../model/describe-field.ts';
import type { FieldModel, FieldType, PicklistValue } from '../model/types.ts';

/** A JSON Schema object as it goes into the document (plain JSON). */
export type SchemaObject = { [key: string]: unknown };

/** Which of a module's three schemas a field's schema is for. */
export type SchemaRole = 'record' | 'create' | 'update';

/** Resolves a module API name to the component names of its schemas, when the org has it. */
export interface SchemaRefs {
  moduleSchema(moduleApiName: string, role: SchemaRole): string | undefined;
}

export function schemaRef(name: string): SchemaObject {
  return { $ref: `#/components/schemas/${name}` };
}

const LOOKUP_READ: SchemaObject = {
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'string', description: 'Id of the linked record (or user).' },
    name: { type: 'string', description: 'Display name of the linked record (or user).' },
  },
  additionalProperties: true,
};

const LOOKUP_WRITE: SchemaObject = {
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'string', description: 'Id of the record (or user) to link.' },
    name: { type: 'string', description: 'Ignored on write; accepted for round trips.' },
  },
};

const FILE_READ: SchemaObject = {
  type: 'object',
  description: 'A file attached to the field, as Zoho returns it.',
  properties: {
    id: { type: 'string' },
    File_Id__s: { type: 'string', description: 'Encrypted id of the file in ZFS.' },
    File_Name__s: { type: 'string' },
    Size__s: { type: ['string', 'number'] },
    attachment_id: { type: 'string' },
  },
  additionalProperties: true,
};

const FILE_UPLOAD_WRITE: SchemaObject = {
  type: 'object',
  description:
    'Attach a file uploaded to ZFS (POST /crm/v8/files) with `file_id`, or remove one with `{ attachment_id, _delete: null }`.',
  properties: {
    file_id: { type: 'string', description: 'Encrypted id returned by the ZFS upload.' },
    attachment_id: { type: 'string', description: 'Id of an attached file (to remove it).' },
    _delete: { type: 'null', description: 'Send `null` with `attachment_id` to remove that file.' },
  },
};

const IMAGE_UPLOAD_WRITE: SchemaObject = {
  type: 'object',
  description:
    'Attach an image uploaded to ZFS (POST /crm/v8/files) with `Encrypted_Id`, or remove one with `{ id, _delete: null }`.',
  properties: {
    Encrypted_Id: { type: 'string', description: 'Encrypted id returned by the ZFS upload.' },
    id: { type: 'string', description: 'Id of an attached image (to remove or describe it).' },
    Description__s: { type: 'string' },
    _delete: { type: 'null', description: 'Send `null` with `id` to remove that image.' },
  },
};

const LINKING_ROW: SchemaObject = {
  type: 'object',
  description: 'A row of the linking module: the connected record under its lookup field.',
  additionalProperties: true,
};

const SUBFORM_ROW: SchemaObject = {
  type: 'object',
  description: 'A subform row, keyed by field API name.',
  additionalProperties: true,
};

/**
 * Shapes every org's document shares, declared once under components.schemas and `$ref`ed by every field
 * that holds one (a lookup field no longer repeats the lookup's schema). The names match the runtime's
 * TypeScript types of the same shapes (templates/runtime/record-types.ts).
 */
export const SHARED_SCHEMAS: Readonly<Record<string, SchemaObject>> = {
  Lookup: LOOKUP_READ,
  LookupInput: LOOKUP_WRITE,
  FileAttachment: FILE_READ,
  FileUploadInput: FILE_UPLOAD_WRITE,
  ImageUploadInput: IMAGE_UPLOAD_WRITE,
  LinkingRow: LINKING_ROW,
  SubformRow: SUBFORM_ROW,
  JsonObject: { type: 'object', description: 'Any JSON object.', additionalProperties: true },
};

function shared(name: keyof typeof SHARED_SCHEMAS & string): SchemaObject {
  return schemaRef(name);
}

function enumOf(values: readonly PicklistValue[]): SchemaObject {
  if (values.length === 0) return { type: 'string' };
  return { type: 'string', enum: values.map((v) => v.actualValue) };
}

function rowsOf(moduleApiName: string | undefined, role: SchemaRole, refs: SchemaRefs, fallback: string): SchemaObject {
  const name = moduleApiName === undefined ? undefined : refs.moduleSchema(moduleApiName, role);
  return { type: 'array', items: schemaRef(name ?? fallback) };
}

/**
 * FieldType → schema of the value, before nullability and description. The single table: a new
 * kind in FieldType fails to compile here until it is given a schema.
 */
export function typeSchema(type: FieldType, role: SchemaRole, refs: SchemaRefs): SchemaObject {
  const write = role !== 'record';
  switch (type.kind) {
    case 'string':
      if (type.format === 'email') return { type: 'string', format: 'email' };
      if (type.format === 'url') return { type: 'string', format: 'uri' };
      return { type: 'string' };
    case 'number':
      return { type: type.integer ? 'integer' : 'number' };
    case 'bigint':
      // Zoho sends a JSON number, or a string when the value exceeds 2^53.
      return { type: ['integer', 'string'] };
    case 'boolean':
      return { type: 'boolean' };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'datetime':
      return { type: 'string', format: 'date-time' };
    case 'picklist':
      return enumOf(type.values);
    case 'multiselectpicklist':
      return { type: 'array', items: enumOf(type.values) };
    case 'lookup':
      return shared(write ? 'LookupInput' : 'Lookup');
    case 'multilookup':
      return rowsOf(type.linkingModule, role, refs, 'LinkingRow');
    case 'subform':
      return rowsOf(type.module, role, refs, 'SubformRow');
    case 'file':
      if (type.dataType.toLowerCase() === 'profileimage') return { type: 'string' };
      if (!write) return { type: 'array', items: shared('FileAttachment') };
      return { type: 'array', items: shared(type.dataType.toLowerCase() === 'imageupload' ? 'ImageUploadInput' : 'FileUploadInput') };
    case 'computed':
      return { ...typeSchema(type.returns, 'record', refs), readOnly: true };
    case 'object':
      // json_type jsonarray (Tag, Participants, …): a list of objects on the wire, not one object.
      return type.array === true ? { type: 'array', items: shared('JsonObject') } : shared('JsonObject');
    case 'unknown':
      // An empty schema: any JSON value (`unknown` in TypeScript).
      return {};
  }
}

/** Adds `null` to a schema's accepted values (OpenAPI 3.1: `type` arrays / `anyOf`). */
export function nullable(schema: SchemaObject): SchemaObject {
  if (Object.keys(schema).length === 0) return schema; // already accepts anything
  if (typeof schema['$ref'] === 'string') {
    const { $ref, ...rest } = schema;
    return { ...rest, anyOf: [{ $ref }, { type: 'null' }] };
  }
  const out: SchemaObject = { ...schema };
  const t = schema['type'];
  if (typeof t === 'string') out['type'] = t === 'null' ? t : [t, 'null'];
  else if (Array.isArray(t)) out['type'] = t.includes('null') ? t : [...t, 'null'];
  else return { anyOf: [schema, { type: 'null' }] };
  if (Array.isArray(schema['enum']) && !schema['enum'].includes(null)) out['enum'] = [...schema['enum'], null];
  return out;
}

const MAX_LISTED_VALUES = 50;

/** Human text for a field: its summary (label, data type, lookup target, …) and its picklist values. */
export function fieldDescription(field: FieldModel): string {
  const t = field.type;
  const lines = [fieldSummary(field)];
  if (t.kind === 'picklist' || t.kind === 'multiselectpicklist') {
    const shown = t.values.slice(0, MAX_LISTED_VALUES).map((v) =>
      v.displayValue === v.actualValue ? JSON.stringify(v.actualValue) : `${JSON.stringify(v.actualValue)} (shown as ${JSON.stringify(v.displayValue)})`,
    );
    const more = t.values.length - shown.length;
    lines.push(`Values: ${shown.join(', ')}${more > 0 ? `, and ${more} more` : ''}`);
  }
  return lines.join('\n');
}

/** The property schema of one field in one role: value schema, nullability, description. */
export function fieldSchema(field: FieldModel, role: SchemaRole, refs: SchemaRefs): SchemaObject {
  const base = typeSchema(field.type, role, refs);
  const required = role === 'create' && field.requiredOnCreate;
  const schema = required ? base : nullable(base);
  const out: SchemaObject = { ...schema, description: fieldDescription(field) };
  if (role === 'record' && field.readOnly) out['readOnly'] = true;
  if (role !== 'record' && field.maxLength !== undefined && schemaAcceptsString(base)) out['maxLength'] = field.maxLength;
  return out;
}

function schemaAcceptsString(schema: SchemaObject): boolean {
  return schema['type'] === 'string' && schema['enum'] === undefined && schema['format'] === undefined;
}
