/**
 * How the emulator reads and compares one field's value, by the field's Zoho `data_type`.
 * Shared by the search `criteria` matcher (criteria.ts) and the COQL engine (coql.ts), so a number,
 * a date or a lookup compares the same way in both.
 *
 * Zoho facts used here (Zoho CRM v8 docs, "Search Records" → "supported data types"):
 * numbers (integer, bigint, double, currency, decimal, percent) compare numerically; date and
 * datetime compare chronologically (datetimes are ISO 8601 with an offset, e.g.
 * `2024-02-19T18:30:23-11:00`); lookups hold `{ id, name }`; a formula compares as its `return_type`.
 */
import type { ZohoField } from '../generator/metadata/snapshot-types.ts';

export type ValueKind =
  | 'number'
  | 'date'
  | 'datetime'
  | 'boolean'
  | 'lookup'
  | 'picklist'
  | 'multiselect'
  | 'text'
  | 'textarea'
  | 'unsupported';

const KIND_BY_DATA_TYPE: Readonly<Record<string, ValueKind>> = {
  integer: 'number',
  bigint: 'number',
  long: 'number',
  double: 'number',
  currency: 'number',
  decimal: 'number',
  percent: 'number',
  date: 'date',
  datetime: 'datetime',
  boolean: 'boolean',
  lookup: 'lookup',
  ownerlookup: 'lookup',
  userlookup: 'lookup',
  picklist: 'picklist',
  // Search treats autonumber like picklist (equals, not_equal, in): an exact value.
  autonumber: 'picklist',
  multiselectpicklist: 'multiselect',
  textarea: 'textarea',
  text: 'text',
  email: 'text',
  phone: 'text',
  website: 'text',
};

/** The kind a formula or rollup returns, from its `return_type` (Zoho spells these like data types). */
function kindOfReturnType(returnType: string | undefined): ValueKind {
  if (returnType === undefined) return 'text';
  return KIND_BY_DATA_TYPE[returnType.toLowerCase()] ?? 'text';
}

/** The comparison kind of a field; without metadata, guessed from a sample value. */
export function kindOf(field: ZohoField | undefined, sample?: unknown): ValueKind {
  if (field !== undefined) {
    const dataType = field.data_type.toLowerCase();
    if (dataType === 'formula') return kindOfReturnType(field.formula?.return_type);
    if (dataType === 'rollup_summary') return kindOfReturnType(field.rollup_summary?.return_type);
    return KIND_BY_DATA_TYPE[dataType] ?? 'unsupported';
  }
  return guessKind(sample);
}

function guessKind(sample: unknown): ValueKind {
  if (typeof sample === 'number') return 'number';
  if (typeof sample === 'boolean') return 'boolean';
  if (Array.isArray(sample)) return 'multiselect';
  if (isLookupValue(sample)) return 'lookup';
  if (typeof sample === 'string') {
    if (DATETIME_RE.test(sample)) return 'datetime';
    if (DATE_RE.test(sample)) return 'date';
  }
  return 'text';
}

export interface LookupValue {
  id: string;
  name?: string;
}

export function isLookupValue(v: unknown): v is LookupValue {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    typeof (v as { id?: unknown }).id === 'string'
  );
}

/** True for what Zoho shows as "no value": null, undefined, '' and []. */
export function isEmptyValue(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

const NUMBER_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
export const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** ISO 8601 date-time; Zoho always writes the seconds and an offset (`Z` accepted too). */
export const DATETIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;

/** A number from a JSON number or a numeric string (Zoho sends bigint and some currencies as strings). */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string') {
    const t = v.trim();
    return NUMBER_RE.test(t) ? Number(t) : undefined;
  }
  return undefined;
}

function validCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/** `YYYY-MM-DD` as a sortable day number, or undefined when not a real calendar date. */
export function toDay(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = DATE_RE.exec(v.trim());
  if (m === null) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (!validCalendarDate(y, mo, d)) return undefined;
  return Date.UTC(y, mo - 1, d) / 86_400_000;
}

/** An ISO date-time with offset as epoch milliseconds, or undefined when malformed. */
export function toInstant(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  const m = DATETIME_RE.exec(t);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  if (!validCalendarDate(Number(y), Number(mo), Number(d))) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const offset = m[8] ?? 'Z';
  if (offset !== 'Z') {
    const oh = Number(offset.slice(1, 3));
    const om = Number(offset.slice(4, 6));
    if (oh > 14 || om > 59) return undefined;
  }
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

export function toBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
  }
  return undefined;
}

/** The text Zoho would compare for a scalar value (lookups compare by name elsewhere). */
export function toText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isLookupValue(v)) return v.name;
  return undefined;
}

/**
 * Compares a record's value with a query value of the given kind: negative, 0 or positive,
 * or undefined when the two cannot be compared (an empty value, or a value of the wrong type).
 * Text compares case-insensitively, picklists exactly.
 */
export function compareValues(
  recordValue: unknown,
  queryValue: unknown,
  kind: ValueKind,
): number | undefined {
  if (isEmptyValue(recordValue) || isEmptyValue(queryValue)) return undefined;
  switch (kind) {
    case 'number':
      return compareNumbers(recordValue, queryValue);
    case 'date':
      // A datetime compared with a date compares its calendar day as written.
      return diff(toDay(dayPart(recordValue)), toDay(dayPart(queryValue)));
    case 'datetime':
      return diff(toInstant(recordValue), toInstant(queryValue));
    case 'boolean': {
      const a = toBoolean(recordValue);
      const b = toBoolean(queryValue);
      return a === undefined || b === undefined ? undefined : Number(a) - Number(b);
    }
    case 'lookup': {
      const a = isLookupValue(recordValue) ? recordValue.id : toText(recordValue);
      const b = isLookupValue(queryValue) ? queryValue.id : toText(queryValue);
      return a === undefined || b === undefined ? undefined : compareStrings(a, b);
    }
    case 'picklist': {
      const a = toText(recordValue);
      const b = toText(queryValue);
      return a === undefined || b === undefined ? undefined : compareStrings(a, b);
    }
    default: {
      const a = toText(recordValue);
      const b = toText(queryValue);
      return a === undefined || b === undefined
        ? undefined
        : compareStrings(a.toLowerCase(), b.toLowerCase());
    }
  }
}

const INTEGER_RE = /^[+-]?\d+$/;

/**
 * Numbers compare numerically; two integers compare exactly even past 2^53 (bigint fields arrive
 * as strings such as "9007199254740993", which a double would round).
 */
function compareNumbers(a: unknown, b: unknown): number | undefined {
  const sa =
    typeof a === 'string'
      ? a.trim()
      : typeof a === 'number' && Number.isInteger(a)
        ? String(a)
        : undefined;
  const sb =
    typeof b === 'string'
      ? b.trim()
      : typeof b === 'number' && Number.isInteger(b)
        ? String(b)
        : undefined;
  if (sa !== undefined && sb !== undefined && INTEGER_RE.test(sa) && INTEGER_RE.test(sb)) {
    const x = BigInt(sa);
    const y = BigInt(sb);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return diff(toNumber(a), toNumber(b));
}

function dayPart(v: unknown): unknown {
  return typeof v === 'string' && DATETIME_RE.test(v.trim()) ? v.trim().slice(0, 10) : v;
}

function diff(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a - b;
}

/** Code-unit order, the same on every machine (no locale). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
