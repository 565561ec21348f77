/**
 * The one table from a Zoho field's metadata to a FieldType (DESIGN.md, "Field metadata → types").
 *
 * Zoho facts used here — Fields Metadata API, zoho.com/crm/developer/docs/api/v8/field-meta.html,
 * checked against real v8 responses:
 * - `json_type` says what the wire value is (string, integer, double, boolean, jsonobject, jsonarray)
 *   and beats `data_type` where they disagree: `Tag` is data_type text with json_type jsonarray;
 *   Meetings' `Participants` is data_type bigint with json_type jsonarray.
 * - Picklists list their options under `pick_list_values[].actual_value` (what the API reads and
 *   writes) and `display_value`.
 * - lookup: `lookup.module.api_name`; ownerlookup / userlookup point at users.
 * - multiselectlookup: `multiselectlookup.linking_details.module` / `connected_details.module` (v8), else the
 *   older `linking_module` / `connected_module`; multiuserlookup the same under `multiuserlookup` (its
 *   connected side is users).
 * - subform: the subform's own module is `associated_module.module` (v8); older bodies used
 *   `subform.module`.
 * - formula / rollup_summary carry `formula.return_type` / `rollup_summary.return_type`.
 * - Unused sub-objects are sent as `{}` (`"lookup": {}`, `"formula": {}`), never absent: only the
 *   keys inside them mean anything.
 */
import { isObject, nonEmptyString as str, own } from '../json-reading.ts';
import { byPicklistOrder } from '../metadata/snapshot.ts';
import type { ZohoField, ZohoPicklistValue } from '../metadata/snapshot-types.ts';
import type { FieldType, PicklistValue, StringFormat, WarningCode } from './types.ts';

/** Reports metadata the table could only partly read: what it was and what was done instead. */
export type TypeWarn = (code: WarningCode, message: string) => void;

/** How one data_type becomes a FieldType. */
type TypeRule = (field: ZohoField, warn: TypeWarn) => FieldType;

const string =
  (format?: StringFormat): TypeRule =>
  (f) =>
    format ? { kind: 'string', dataType: f.data_type, format } : { kind: 'string', dataType: f.data_type };
const number =
  (integer: boolean): TypeRule =>
  (f) => ({ kind: 'number', dataType: f.data_type, integer });
const object: TypeRule = (f) => ({ kind: 'object', dataType: f.data_type });
const file: TypeRule = (f) => ({ kind: 'file', dataType: f.data_type });

/**
 * data_type (lower-cased) → rule. The single source of truth for which Zoho data types exist and
 * what they hold; anything missing here becomes `{ kind: 'unknown' }` with a warning.
 */
const DATA_TYPES: ReadonlyMap<string, TypeRule> = new Map<string, TypeRule>([
  ['text', string()],
  ['textarea', string('textarea')],
  ['email', string('email')],
  ['phone', string('phone')],
  ['website', string('url')],
  // Read-only: the server assigns it (build-org-model marks autonumber read-only).
  ['autonumber', string('autonumber')],
  ['picklist', (f, warn) => ({ kind: 'picklist', dataType: f.data_type, values: picklistValues(f, warn) })],
  [
    'multiselectpicklist',
    (f, warn) => ({ kind: 'multiselectpicklist', dataType: f.data_type, values: picklistValues(f, warn) }),
  ],
  ['integer', number(true)],
  // Long integers: sent as a JSON number or string depending on size, so they keep their own kind.
  ['bigint', (f) => ({ kind: 'bigint', dataType: f.data_type })],
  ['double', number(false)],
  ['decimal', number(false)],
  ['currency', number(false)],
  ['percent', number(false)],
  ['boolean', (f) => ({ kind: 'boolean', dataType: f.data_type })],
  ['date', (f) => ({ kind: 'date', dataType: f.data_type })],
  ['datetime', (f) => ({ kind: 'datetime', dataType: f.data_type })],
  ['lookup', lookupType],
  ['ownerlookup', (f) => ({ kind: 'lookup', dataType: f.data_type, module: undefined })],
  ['userlookup', (f) => ({ kind: 'lookup', dataType: f.data_type, module: undefined })],
  [
    'multiselectlookup',
    (f) => ({ kind: 'multilookup', dataType: f.data_type, ...linkEnds(sub(f, 'multiselectlookup')) }),
  ],
  [
    'multiuserlookup',
    // The connected side is users, not a module of the org.
    (f) => ({
      kind: 'multilookup',
      dataType: f.data_type,
      linkingModule: linkEnds(sub(f, 'multiuserlookup')).linkingModule,
      connectedModule: undefined,
    }),
  ],
  ['subform', subformType],
  ['fileupload', file],
  ['imageupload', file],
  ['profileimage', file],
  ['formula', (f, warn) => computedType(f, 'formula', warn)],
  ['rollup_summary', (f, warn) => computedType(f, 'rollup_summary', warn)],
  ['consent_lookup', object],
  ['event_reminder', object],
  ['multi_module_lookup', object],
  ['multireminder', object],
  ['address', object],
  ['rrule', object],
  ['alarm', object],
]);

/** Kinds that already describe a JSON array on the wire. */
const ARRAY_KINDS: ReadonlySet<FieldType['kind']> = new Set(['multiselectpicklist', 'multilookup', 'subform', 'file']);
/** Kinds that already describe a JSON object on the wire. */
const OBJECT_KINDS: ReadonlySet<FieldType['kind']> = new Set(['lookup', 'file', 'object']);

/** What a computed field's return_type is called in a field whose data_type it would be. */
const RETURN_TYPE_FROM_JSON_TYPE: ReadonlyMap<string, string> = new Map([
  ['string', 'text'],
  ['integer', 'integer'],
  ['double', 'double'],
  ['boolean', 'boolean'],
]);

/**
 * What a field without a data_type (older orgs, hand-edited snapshots) is typed as from its json_type
 * alone: the wire shape, nothing narrower.
 */
const BY_JSON_TYPE: ReadonlyMap<string, FieldType> = new Map<string, FieldType>([
  ['string', { kind: 'string', dataType: 'text' }],
  ['integer', { kind: 'number', dataType: 'integer', integer: true }],
  ['double', { kind: 'number', dataType: 'double', integer: false }],
  ['boolean', { kind: 'boolean', dataType: 'boolean' }],
  ['jsonobject', { kind: 'object', dataType: 'jsonobject' }],
  ['jsonarray', { kind: 'object', dataType: 'jsonarray', array: true }],
]);

/**
 * The FieldType of one field: data_type picks the rule, json_type overrides it where the wire value
 * is a different shape. Never throws on metadata; `warn` receives what could not be understood.
 */
export function fieldTypeOf(field: ZohoField, warn: TypeWarn): FieldType {
  const rawJsonType: unknown = Object.hasOwn(field, 'json_type') ? field.json_type : undefined;
  const jsonType = str(rawJsonType);
  if (rawJsonType !== undefined && rawJsonType !== null && jsonType === undefined)
    warn('odd-metadata', `json_type is ${JSON.stringify(rawJsonType)}, not a type name: ignored`);
  const dataType = str(Object.hasOwn(field, 'data_type') ? field.data_type : undefined);
  if (dataType === undefined) {
    const byJson = jsonType === undefined ? undefined : BY_JSON_TYPE.get(jsonType);
    warn(
      'no-data-type',
      `no data_type${jsonType === undefined ? ' and no json_type' : ` (json_type ${JSON.stringify(jsonType)})`}: typed as ${byJson === undefined ? 'unknown (any JSON value)' : `its json_type (${byJson.kind}${byJson.kind === 'object' && byJson.array === true ? ' array' : ''})`}`,
    );
    return byJson ?? { kind: 'unknown', dataType: '(none)', jsonType };
  }
  const rule = DATA_TYPES.get(dataType.toLowerCase());
  if (!rule) {
    warn(
      'unknown-data-type',
      `unknown data_type ${JSON.stringify(dataType)}${jsonType ? ` (json_type ${JSON.stringify(jsonType)})` : ''}: typed as unknown (any JSON value)`,
    );
    return { kind: 'unknown', dataType, jsonType };
  }
  const type = rule(field, warn);
  if (type.kind === 'computed' || type.kind === 'unknown') return type;
  // A JSON array where the data_type suggests a scalar (Tag, Participants, multireminder).
  if (jsonType === 'jsonarray' && !ARRAY_KINDS.has(type.kind)) return { kind: 'object', dataType, array: true };
  // A JSON object where the data_type suggests a scalar (a text field holding a JSON object).
  if (jsonType === 'jsonobject' && !OBJECT_KINDS.has(type.kind)) return { kind: 'object', dataType };
  // A number the API sends as a string (json_type "string") is typed as the wire has it.
  if (jsonType === 'string' && type.kind === 'number') return { kind: 'string', dataType };
  return type;
}

function computedType(field: ZohoField, key: 'formula' | 'rollup_summary', warn: TypeWarn): FieldType {
  const jsonType = str(field.json_type);
  const declared = own(sub(field, key), 'return_type');
  const returnType =
    typeof declared === 'string' && declared.length > 0
      ? declared
      : jsonType !== undefined
        ? RETURN_TYPE_FROM_JSON_TYPE.get(jsonType)
        : undefined;
  if (returnType === undefined) {
    warn('odd-metadata', `${field.data_type} field has no ${key}.return_type: its value is typed as unknown`);
    // 'unknown' stands in for the return type Zoho did not name, so descriptions never read "returns ".
    return { kind: 'computed', dataType: field.data_type, returns: { kind: 'unknown', dataType: 'unknown', jsonType } };
  }
  // The return type is itself a data_type name ("double", "currency", "text", "date", "boolean", …).
  const inner: ZohoField = { api_name: field.api_name, data_type: returnType, json_type: jsonType ?? null };
  const returns = fieldTypeOf(inner, (code, m) => warn(code, `${field.data_type} return_type: ${m}`));
  return { kind: 'computed', dataType: field.data_type, returns };
}

function lookupType(field: ZohoField, warn: TypeWarn): FieldType {
  const module = refName(own(sub(field, 'lookup'), 'module'));
  if (module === undefined)
    warn('odd-metadata', 'lookup field names no target module (lookup.module.api_name): typed as a lookup `{ id, name? }` to an unknown module');
  return { kind: 'lookup', dataType: field.data_type, module };
}

function subformType(field: ZohoField, warn: TypeWarn): FieldType {
  const associated = sub(field, 'associated_module');
  const legacy = sub(field, 'subform');
  const module =
    str(own(associated, 'module')) ?? str(own(associated, 'api_name')) ?? str(own(legacy, 'module')) ?? refName(own(legacy, 'module'));
  if (module === undefined) {
    warn('odd-metadata', 'subform field names no subform module (associated_module.module): typed as unknown');
    return { kind: 'unknown', dataType: field.data_type, jsonType: str(field.json_type) };
  }
  return { kind: 'subform', dataType: field.data_type, module };
}

/**
 * Picklist options in Zoho's order (sequence_number, then actual_value), duplicates by actual_value
 * dropped with a warning; entries without a string actual_value skipped with one.
 */
function picklistValues(field: ZohoField, warn: TypeWarn): readonly PicklistValue[] {
  const raw: unknown = field.pick_list_values;
  if (!Array.isArray(raw)) {
    warn('odd-metadata', `${field.data_type} field has no pick_list_values list (${raw === null ? 'null' : 'absent'}): typed as any string`);
    return [];
  }
  const seen = new Set<string>();
  const values: PicklistValue[] = [];
  for (const entry of [...(raw as unknown[])].sort(byPicklistOrder)) {
    const v: Partial<ZohoPicklistValue> = isObject(entry) ? entry : {};
    const actualValue = typeof v.actual_value === 'string' ? v.actual_value : undefined;
    if (actualValue === undefined) {
      warn('odd-metadata', `picklist value without a string actual_value skipped: ${JSON.stringify(v.display_value ?? entry ?? null)}`);
      continue;
    }
    if (seen.has(actualValue)) {
      warn('odd-metadata', `picklist value ${JSON.stringify(actualValue)} listed twice: kept once`);
      continue;
    }
    seen.add(actualValue);
    values.push({ actualValue, displayValue: str(v.display_value) ?? actualValue });
  }
  return values;
}



/** A sub-object of the field (`lookup`, `formula`, …) when it is an object; own keys only. */
function sub(field: ZohoField, key: string): Record<string, unknown> | undefined {
  const v = Object.hasOwn(field, key) ? field[key] : undefined;
  return isObject(v) ? v : undefined;
}


/**
 * Both ends of a multi-select or multi-user lookup. v8 names them under `linking_details.module` and
 * `connected_details.module` (v8 Fields Metadata); older bodies, still seen in v8 responses, use
 * `linking_module` / `connected_module`. The v8 keys win when both are present.
 */
function linkEnds(m: Record<string, unknown> | undefined): {
  linkingModule: string | undefined;
  connectedModule: string | undefined;
} {
  const linking = isObject(own(m, 'linking_details')) ? (own(m, 'linking_details') as Record<string, unknown>) : undefined;
  const connected = isObject(own(m, 'connected_details'))
    ? (own(m, 'connected_details') as Record<string, unknown>)
    : undefined;
  return {
    linkingModule: refName(own(linking, 'module')) ?? refName(own(m, 'linking_module')),
    connectedModule: refName(own(connected, 'module')) ?? refName(own(m, 'connected_module')),
  };
}

/** `{ api_name }` → the api_name; anything else → undefined. */
function refName(ref: unknown): string | undefined {
  return isObject(ref) ? str(own(ref, 'api_name')) : undefined;
}

/** Whose records a lookup names, for prose: `users` (owner and user lookups), the module, or `an unknown module`. */
export function lookupTarget(t: Extract<FieldType, { kind: 'lookup' }>): string {
  if (t.module !== undefined) return t.module;
  return t.dataType.toLowerCase() === 'lookup' ? 'an unknown module' : 'users';
}

/** The data_types the table knows, for tests and docs. */
export const KNOWN_DATA_TYPES: readonly string[] = [...DATA_TYPES.keys()];
