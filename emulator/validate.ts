/**
 * Per-record validation against the snapshot's field rules, answering Zoho's per-record errors:
 * MANDATORY_NOT_FOUND {api_name, json_path}, INVALID_DATA {api_name, json_path, expected_data_type},
 * DUPLICATE_DATA {api_name, json_path, id, duplicate_record}. Read-only and unknown keys are dropped,
 * as Zoho drops them (v8 "Insert Records": only fields with api_create/api_update are applied).
 */
import { defineOwn } from '../generator/canonical-json.ts';
import { errorBody, isObject, type ActionResult } from './envelopes.ts';
import type { FieldRule, ModuleIndex } from './module-index.ts';
import { USERS } from './org.ts';
import type { RecordStore } from './store.ts';
import { checkFileField, type ZfsFileRef } from './file-fields.ts';

export interface ValidateContext {
  store: RecordStore;
  displayName(module: string, id: string): string | undefined;
  hasModule(module: string): boolean;
  /** Field rules of a subform's own module (`associated_module.module`), to check its rows. */
  subform?(module: string): ModuleIndex | undefined;
  /** A fresh 19-digit id for a new subform row. */
  newId?(): string;
  /** A file uploaded through the Files API, by encrypted id (file and image upload fields: file-fields.ts). */
  zfsFile?(id: string): ZfsFileRef | undefined;
}

export type Check = { ok: true; value: unknown } | { ok: false; error: ActionResult };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?[+-]\d{2}:\d{2}$/;
const USER_IDS = new Map(USERS.map((u) => [u.id, u]));

export function invalid(
  rule: FieldRule,
  path: string,
  expected: string,
  extra: Record<string, unknown> = {},
): Check {
  return {
    ok: false,
    error: errorBody('INVALID_DATA', 'invalid data', {
      api_name: rule.apiName,
      json_path: path,
      expected_data_type: expected,
      ...extra,
    }),
  };
}

function expectedType(rule: FieldRule): string {
  return rule.dataType === 'lookup' ||
    rule.dataType === 'ownerlookup' ||
    rule.dataType === 'userlookup'
    ? 'jsonobject'
    : rule.jsonType === 'double'
      ? 'double'
      : rule.dataType;
}

function checkLookup(rule: FieldRule, v: unknown, path: string, ctx: ValidateContext): Check {
  const id =
    typeof v === 'string' ? v : isObject(v) && typeof v['id'] === 'string' ? v['id'] : null;
  if (id === null) return invalid(rule, path, 'jsonobject');
  if (rule.lookupModule === 'users') {
    const u = USER_IDS.get(id);
    if (!u)
      return {
        ok: false,
        error: errorBody('INVALID_DATA', 'invalid data', {
          api_name: rule.apiName,
          json_path: path,
          expected_data_type: 'jsonobject',
          id,
        }),
      };
    return { ok: true, value: { name: u.full_name, id: u.id, email: u.email } };
  }
  if (rule.lookupModule && ctx.hasModule(rule.lookupModule)) {
    const name = ctx.displayName(rule.lookupModule, id);
    if (name === undefined) {
      return {
        ok: false,
        error: errorBody('INVALID_DATA', 'the id given seems to be invalid', {
          api_name: rule.apiName,
          json_path: path,
          id,
        }),
      };
    }
    return { ok: true, value: { name, id } };
  }
  return { ok: true, value: { name: null, id } };
}

/** Check one field value; returns the value to store. */
export function checkValue(rule: FieldRule, v: unknown, path: string, ctx: ValidateContext): Check {
  if (v === null) return { ok: true, value: null };
  switch (rule.dataType) {
    case 'lookup':
    case 'ownerlookup':
    case 'userlookup':
      return checkLookup(rule, v, path, ctx);
    case 'boolean':
      return typeof v === 'boolean' ? { ok: true, value: v } : invalid(rule, path, 'boolean');
    case 'integer':
    case 'bigint':
      if (typeof v === 'number' && Number.isInteger(v)) {
        if (rule.dataType === 'integer' && Math.abs(v) > 2147483647)
          return invalid(rule, path, 'integer');
        return { ok: true, value: v };
      }
      if (rule.dataType === 'bigint' && typeof v === 'string' && /^-?\d{1,19}$/.test(v))
        return { ok: true, value: v };
      return invalid(rule, path, rule.dataType);
    case 'double':
    case 'currency':
    case 'decimal':
    case 'percent':
      return typeof v === 'number' && Number.isFinite(v)
        ? { ok: true, value: v }
        : invalid(rule, path, 'double');
    case 'date':
      return typeof v === 'string' && DATE.test(v) && !Number.isNaN(Date.parse(v))
        ? { ok: true, value: v }
        : invalid(rule, path, 'date');
    case 'datetime':
      return typeof v === 'string' && DATETIME.test(v) && !Number.isNaN(Date.parse(v))
        ? { ok: true, value: v }
        : invalid(rule, path, 'datetime');
    case 'picklist':
      if (typeof v !== 'string') return invalid(rule, path, 'picklist');
      if (rule.picklist && !rule.picklist.has(v)) return invalid(rule, path, 'picklist');
      return { ok: true, value: v };
    case 'multiselectpicklist':
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
        return invalid(rule, path, 'jsonarray');
      if (rule.picklist && !v.every((x: string) => rule.picklist?.has(x)))
        return invalid(rule, path, 'multiselectpicklist');
      return { ok: true, value: v };
    case 'subform':
      return checkSubform(rule, v, path, ctx);
    case 'fileupload':
    case 'imageupload':
      return checkFileField(rule, v, path, ctx);
    default:
      break;
  }
  if (rule.jsonType === 'jsonarray')
    return Array.isArray(v) ? { ok: true, value: v } : invalid(rule, path, 'jsonarray');
  if (rule.jsonType === 'jsonobject')
    return isObject(v) ? { ok: true, value: v } : invalid(rule, path, 'jsonobject');
  if (rule.jsonType === 'string') {
    if (typeof v !== 'string') return invalid(rule, path, expectedType(rule));
    if (rule.maxLength !== null && v.length > rule.maxLength)
      return invalid(rule, path, expectedType(rule), { maximum_length: rule.maxLength });
    if (rule.dataType === 'email' && v !== '' && !EMAIL.test(v))
      return invalid(rule, path, 'email');
    return { ok: true, value: v };
  }
  return { ok: true, value: v };
}

/**
 * Subform rows (line items) are checked against the subform module's own fields, with json_paths
 * like `$.data[0].Quoted_Items[1].Quantity`; new rows get ids, as Zoho gives them.
 */
function checkSubform(rule: FieldRule, v: unknown, path: string, ctx: ValidateContext): Check {
  if (!Array.isArray(v)) return invalid(rule, path, 'jsonarray');
  const target = rule.field.associated_module?.module ?? rule.field.associated_module?.api_name;
  const sub = typeof target === 'string' ? ctx.subform?.(target) : undefined;
  if (!sub) return { ok: true, value: v };
  const rows: Record<string, unknown>[] = [];
  for (const [j, row] of v.entries()) {
    const existing = isObject(row) && typeof row['id'] === 'string' ? row['id'] : null;
    const checked = validateRecord(
      row,
      sub,
      j,
      existing ? 'update' : 'create',
      ctx,
      path.replace(/^\$\./, ''),
    );
    if (!checked.ok) return checked;
    rows.push({ ...checked.values, id: existing ?? ctx.newId?.() ?? String(j) });
  }
  return { ok: true, value: rows };
}

export type Validated =
  { ok: true; values: Record<string, unknown> } | { ok: false; error: ActionResult };

/**
 * Validate one input record. `mode` 'create' enforces system-mandatory fields; 'update' only the
 * fields present (a mandatory field set to null or '' is still MANDATORY_NOT_FOUND).
 */
export function validateRecord(
  input: unknown,
  index: ModuleIndex,
  i: number,
  mode: 'create' | 'update',
  ctx: ValidateContext,
  root = 'data',
): Validated {
  const base = `$.${root}[${i}]`;
  if (!isObject(input))
    return {
      ok: false,
      error: errorBody('INVALID_DATA', 'invalid data', {
        expected_data_type: 'jsonobject',
        json_path: base,
      }),
    };
  if (mode === 'create') {
    for (const m of index.mandatory) {
      const v = input[m.apiName];
      if (v === undefined || v === null || v === '') {
        return {
          ok: false,
          error: errorBody('MANDATORY_NOT_FOUND', 'required field not found', {
            api_name: m.apiName,
            json_path: `${base}.${m.apiName}`,
          }),
        };
      }
    }
  }
  const values: Record<string, unknown> = {};
  for (const key of Object.keys(input)) {
    const rule = index.fields.get(key);
    if (!rule || rule.readOnly) continue;
    const v = input[key];
    if (v === undefined) continue;
    const path = `${base}.${key}`;
    if (rule.mandatory && (v === null || v === '')) {
      return {
        ok: false,
        error: errorBody('MANDATORY_NOT_FOUND', 'required field not found', {
          api_name: key,
          json_path: path,
        }),
      };
    }
    const c = checkValue(rule, v, path, ctx);
    if (!c.ok) return c;
    defineOwn(values, key, c.value);
  }
  return { ok: true, values };
}

/** DUPLICATE_DATA for a unique field already held by another record of the module. */
export function duplicateError(
  index: ModuleIndex,
  values: Record<string, unknown>,
  i: number,
  store: RecordStore,
  selfId: string | null,
  root = 'data',
): ActionResult | null {
  for (const u of index.uniques) {
    const v = values[u.apiName];
    if (v === undefined || v === null || v === '') continue;
    const other = store.findUnique(index.apiName, u.apiName, v);
    if (other !== undefined && other !== selfId) {
      return errorBody('DUPLICATE_DATA', 'duplicate data', {
        api_name: u.apiName,
        json_path: `$.${root}[${i}].${u.apiName}`,
        id: other,
        duplicate_record: {
          id: other,
          module: { api_name: index.apiName, id: index.module.id ?? null },
        },
        more_records: false,
      });
    }
  }
  return null;
}
