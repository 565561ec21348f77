/**
 * The `criteria` grammar of Zoho's Search Records API, parsed and evaluated over in-memory records.
 *
 * Source: Zoho CRM v8 docs, "Search Records" (GET /crm/v8/{module}/search):
 * - `(({api_name}:{operator}:{value})and/or({api_name}:{operator}:{value}))`; a single condition may
 *   also be sent without parentheses (`criteria=Campaign_Name:equals:CRM`).
 * - at most 10 criteria; `in` takes at most 100 comma-separated values; `between` takes two.
 * - `(`, `)` and `,` inside a value are escaped with a backslash, and so is a backslash
 *   (`Burns\,B`, `K\\`); we also accept `\:` although Zoho's datetime examples leave `:` bare
 *   (the value runs to the closing parenthesis, so a bare `:` is fine).
 * - operators per field type (see OPERATORS_BY_KIND); `equals` on text "behaves like contains".
 * - a bad field, operator or value → HTTP 400 `{"code":"INVALID_QUERY","details":{"reason":…,
 *   "api_name":…},"message":"Invalid query formed","status":"error"}` (the reason "the field is not
 *   available for search" is Zoho's own wording, as is "invalid operator found").
 * Ours, where Zoho is silent: `and` binds tighter than `or` when a level mixes them; `not_equal`
 *   matches records whose value is empty, every other operator does not; picklists compare
 *   exactly, text case-insensitively; a lookup matches by id or by name.
 */
import type { ZohoField } from '../generator/metadata/snapshot-types.ts';
import {
  compareValues,
  isEmptyValue,
  isLookupValue,
  kindOf,
  toBoolean,
  toDay,
  toInstant,
  toNumber,
  toText,
  type ValueKind,
} from './coql-values.ts';

export const CRITERIA_OPERATORS = [
  'equals',
  'not_equal',
  'starts_with',
  'in',
  'between',
  'greater_than',
  'greater_equal',
  'less_than',
  'less_equal',
] as const;
export type CriteriaOperator = (typeof CRITERIA_OPERATORS)[number];

export interface CriteriaCondition {
  readonly kind: 'condition';
  /** The API name as written, e.g. `Last_Name` or `Owner.id`. */
  readonly field: string;
  readonly operator: CriteriaOperator;
  /** Unescaped values: one, or several for `in`, exactly two for `between`. */
  readonly values: readonly string[];
}

export interface CriteriaGroup {
  readonly kind: 'group';
  readonly op: 'and' | 'or';
  readonly children: readonly Criteria[];
}

export type Criteria = CriteriaCondition | CriteriaGroup;

/** Zoho: "You can search for a maximum of 10 criteria (with same or different columns)". */
export const MAX_CRITERIA = 10;
/** Zoho: "The in operator supports upto 100 values". */
export const MAX_IN_VALUES = 100;
/** Ours: redundant parentheses are legal, but not a stack overflow's worth. */
const MAX_NESTING = 32;

/** Operators Zoho documents per field type for the criteria parameter. */
export const OPERATORS_BY_KIND: Readonly<Record<ValueKind, readonly CriteriaOperator[]>> = {
  number: [
    'equals',
    'not_equal',
    'greater_equal',
    'greater_than',
    'less_equal',
    'less_than',
    'between',
    'in',
  ],
  date: [
    'equals',
    'not_equal',
    'greater_equal',
    'greater_than',
    'less_equal',
    'less_than',
    'between',
    'in',
  ],
  datetime: [
    'equals',
    'not_equal',
    'greater_equal',
    'greater_than',
    'less_equal',
    'less_than',
    'between',
    'in',
  ],
  boolean: ['equals', 'not_equal'],
  textarea: ['equals', 'not_equal', 'starts_with'],
  lookup: ['equals', 'not_equal', 'in'],
  picklist: ['equals', 'not_equal', 'in'],
  text: ['equals', 'not_equal', 'starts_with', 'in'],
  multiselect: ['equals', 'not_equal', 'in', 'starts_with'],
  unsupported: [],
};

export interface CriteriaErrorDetails {
  reason: string;
  api_name?: string;
  operator?: string;
  [key: string]: unknown;
}

/** A rejected criteria, shaped as Zoho's error body (HTTP 400). */
export class CriteriaError extends Error {
  readonly code = 'INVALID_QUERY';
  readonly status = 400;
  readonly details: CriteriaErrorDetails;

  constructor(details: CriteriaErrorDetails) {
    super('Invalid query formed');
    this.name = 'CriteriaError';
    this.details = details;
  }

  toJSON(): { code: string; details: CriteriaErrorDetails; message: string; status: 'error' } {
    return { code: this.code, details: this.details, message: this.message, status: 'error' };
  }
}

function fail(reason: string, extra: Omit<CriteriaErrorDetails, 'reason'> = {}): never {
  throw new CriteriaError({ reason, ...extra });
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

const FIELD_RE = /^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)?$/;
const ESCAPABLE = new Set(['(', ')', ',', '\\', ':']);

/**
 * Parses a criteria string. With `fields` (the module's field metadata by API name), also checks
 * every field, operator and value as Zoho does.
 */
export function parseCriteria(text: string, fields?: ReadonlyMap<string, ZohoField>): Criteria {
  if (typeof text !== 'string') fail('criteria must be a string');
  const parsed = new CriteriaParser(text).parse();
  if (fields !== undefined) validateCriteria(parsed, fields);
  return parsed;
}

class CriteriaParser {
  private pos = 0;
  private conditions = 0;

  constructor(private readonly text: string) {}

  parse(): Criteria {
    this.skipSpace();
    if (this.pos >= this.text.length) fail('criteria is empty');
    let result: Criteria;
    if (this.text[this.pos] === '(') {
      result = this.parseExpression(0);
    } else {
      // Zoho accepts one bare condition: criteria=Campaign_Name:equals:CRM
      result = this.parseCondition(true);
    }
    this.skipSpace();
    if (this.pos < this.text.length) {
      fail(`unexpected ${JSON.stringify(this.text[this.pos])} at position ${this.pos}`);
    }
    return result;
  }

  /** term (('and' | 'or') term)*, `and` binding tighter than `or`. */
  private parseExpression(depth: number): Criteria {
    const terms: Criteria[] = [this.parseTerm(depth)];
    const ops: ('and' | 'or')[] = [];
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.text.length || this.text[this.pos] === ')') break;
      const start = this.pos;
      while (this.pos < this.text.length && /[A-Za-z]/.test(this.text[this.pos] ?? '')) this.pos++;
      const word = this.text.slice(start, this.pos).toLowerCase();
      if (word !== 'and' && word !== 'or') {
        fail(`expected "and" or "or" at position ${start}`);
      }
      ops.push(word);
      terms.push(this.parseTerm(depth));
    }
    return combine(terms, ops);
  }

  /** '(' expression ')' | '(' condition ')' */
  private parseTerm(depth: number): Criteria {
    this.skipSpace();
    if (this.text[this.pos] !== '(') {
      fail(
        this.pos >= this.text.length
          ? 'criteria ends too early'
          : `expected "(" at position ${this.pos}`,
      );
    }
    if (depth >= MAX_NESTING) fail(`parentheses nested deeper than ${MAX_NESTING}`);
    const open = this.pos;
    this.pos++;
    this.skipSpace();
    let node: Criteria;
    if (this.text[this.pos] === '(') {
      node = this.parseExpression(depth + 1);
    } else {
      node = this.parseCondition(false);
    }
    this.skipSpace();
    if (this.text[this.pos] !== ')') fail(`missing ")" for "(" at position ${open}`);
    this.pos++;
    return node;
  }

  /** field ':' operator ':' value — the value runs to the next unescaped ')' (or the end, if bare). */
  private parseCondition(bare: boolean): CriteriaCondition {
    this.conditions++;
    if (this.conditions > MAX_CRITERIA) fail(`more than ${MAX_CRITERIA} criteria`);

    const field = this.readPart('field');
    if (!FIELD_RE.test(field)) fail(`invalid field API name ${JSON.stringify(field)}`);
    const operatorText = this.readPart('operator').toLowerCase();
    const operator = CRITERIA_OPERATORS.find((op) => op === operatorText);
    if (operator === undefined)
      fail('invalid operator found', { api_name: field, operator: operatorText });

    const raw = this.readValue(bare, field);
    const values = splitValues(raw, operator, field);
    return { kind: 'condition', field, operator, values };
  }

  /** Reads up to the next ':' (the field or the operator). */
  private readPart(what: 'field' | 'operator'): string {
    const start = this.pos;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === ':') {
        const part = this.text.slice(start, this.pos).trim();
        this.pos++;
        if (part === '') fail(`${what} is missing at position ${start}`);
        return part;
      }
      if (c === '(' || c === ')') break;
      this.pos++;
    }
    return fail(`expected "${what}:" at position ${start}`);
  }

  private readValue(bare: boolean, field: string): string {
    const start = this.pos;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === '\\') {
        this.pos += 2;
        continue;
      }
      if (c === ')') {
        if (bare) fail(`unbalanced ")" at position ${this.pos}`);
        return this.text.slice(start, this.pos);
      }
      if (c === '(') {
        fail(`"(" in the value must be escaped with a backslash`, { api_name: field });
      }
      this.pos++;
    }
    if (this.pos > this.text.length)
      fail('a backslash ends the criteria; escape it as \\\\', { api_name: field });
    if (!bare) fail(`missing ")" after the value of ${field}`, { api_name: field });
    return this.text.slice(start);
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] ?? '')) this.pos++;
  }
}

/** Builds the tree for `t0 op0 t1 op1 t2 …` with `and` before `or`; flattens same-op chains. */
function combine(terms: readonly Criteria[], ops: readonly ('and' | 'or')[]): Criteria {
  const orParts: Criteria[][] = [[]];
  terms.forEach((term, i) => {
    if (i > 0 && ops[i - 1] === 'or') orParts.push([]);
    orParts[orParts.length - 1]?.push(term);
  });
  const ands = orParts.map((part) =>
    part.length === 1 ? (part[0] as Criteria) : group('and', part),
  );
  return ands.length === 1 ? (ands[0] as Criteria) : group('or', ands);
}

function group(op: 'and' | 'or', children: readonly Criteria[]): CriteriaGroup {
  const flat: Criteria[] = [];
  for (const c of children) {
    if (c.kind === 'group' && c.op === op) flat.push(...c.children);
    else flat.push(c);
  }
  return { kind: 'group', op, children: flat };
}

/** Splits a raw value on unescaped commas (for `in`/`between`) and removes the escapes. */
function splitValues(raw: string, operator: CriteriaOperator, field: string): string[] {
  const pieces: string[] = [];
  let current = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c === '\\') {
      const next = raw[i + 1];
      if (next !== undefined && ESCAPABLE.has(next)) {
        current += next;
        i++;
      } else {
        current += c;
      }
      continue;
    }
    if (c === ',') {
      pieces.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  pieces.push(current);
  const values = pieces.map((p) => p.trim());
  const extra = { api_name: field, operator };

  if (operator === 'in') {
    if (values.length > MAX_IN_VALUES) fail(`"in" takes at most ${MAX_IN_VALUES} values`, extra);
  } else if (operator === 'between') {
    if (values.length !== 2) fail('"between" takes exactly two comma-separated values', extra);
  } else if (values.length !== 1) {
    fail('a "," in the value must be escaped with a backslash', extra);
  }
  if (values.some((v) => v === '')) fail('the value is empty', extra);
  return values;
}

/** Escapes a value for use in criteria, as Zoho asks: `(`, `)`, `,` and `\` get a backslash. */
export function escapeCriteriaValue(value: string): string {
  return value.replace(/[\\(),]/g, (c) => `\\${c}`);
}

// ---------------------------------------------------------------------------------------------
// Validation against field metadata
// ---------------------------------------------------------------------------------------------

/** Throws CriteriaError for an unknown or unsearchable field, a wrong operator or a mistyped value. */
export function validateCriteria(criteria: Criteria, fields: ReadonlyMap<string, ZohoField>): void {
  if (criteria.kind === 'group') {
    for (const child of criteria.children) validateCriteria(child, fields);
    return;
  }
  const kind = conditionKind(criteria.field, fields, undefined);
  if (kind === 'unsupported')
    fail('the field is not available for search', { api_name: criteria.field });
  if (!OPERATORS_BY_KIND[kind].includes(criteria.operator)) {
    fail('invalid operator found', { api_name: criteria.field, operator: criteria.operator });
  }
  const parse = VALUE_PARSERS[kind];
  if (parse !== undefined) {
    for (const v of criteria.values) {
      if (parse(v) === undefined) {
        fail(`the value ${JSON.stringify(v)} does not match the data type of the field`, {
          api_name: criteria.field,
          operator: criteria.operator,
        });
      }
    }
  }
}

const VALUE_PARSERS: Partial<Record<ValueKind, (v: string) => unknown>> = {
  number: toNumber,
  date: toDay,
  datetime: toInstant,
  boolean: toBoolean,
};

/**
 * The kind a condition's field compares as. `id` is every record's key; `Lookup.id` / `Lookup.name`
 * reach into a lookup. With metadata, an unknown field is 'unsupported'.
 */
function conditionKind(
  field: string,
  fields: ReadonlyMap<string, ZohoField> | undefined,
  sample: unknown,
): ValueKind {
  const [base, sub] = field.split('.') as [string, string | undefined];
  if (sub === undefined && base === 'id') return 'picklist';
  const meta = fields?.get(base);
  if (fields !== undefined && meta === undefined) return 'unsupported';
  if (sub !== undefined) {
    const baseKind = kindOf(meta, isLookupValue(sample) ? sample : { id: '' });
    if (baseKind !== 'lookup') return 'unsupported';
    if (sub === 'id') return 'picklist';
    if (sub === 'name') return 'text';
    return 'unsupported';
  }
  return kindOf(meta, sample);
}

// ---------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------

/** True when the record satisfies the criteria. Never throws on odd record values. */
export function matchesCriteria(
  record: Readonly<Record<string, unknown>>,
  criteria: Criteria,
  fieldTypes?: ReadonlyMap<string, ZohoField>,
): boolean {
  if (criteria.kind === 'group') {
    return criteria.op === 'and'
      ? criteria.children.every((c) => matchesCriteria(record, c, fieldTypes))
      : criteria.children.some((c) => matchesCriteria(record, c, fieldTypes));
  }
  return matchesCondition(record, criteria, fieldTypes);
}

function readField(record: Readonly<Record<string, unknown>>, field: string): unknown {
  const [base, sub] = field.split('.') as [string, string | undefined];
  const value = Object.prototype.hasOwnProperty.call(record, base) ? record[base] : undefined;
  if (sub === undefined) return value;
  return isLookupValue(value) ? (value as unknown as Record<string, unknown>)[sub] : undefined;
}

function matchesCondition(
  record: Readonly<Record<string, unknown>>,
  c: CriteriaCondition,
  fieldTypes: ReadonlyMap<string, ZohoField> | undefined,
): boolean {
  const value = readField(record, c.field);
  let kind = conditionKind(c.field, fieldTypes, value);
  if (kind === 'unsupported') return false;
  const ordering =
    c.operator !== 'equals' &&
    c.operator !== 'not_equal' &&
    c.operator !== 'in' &&
    c.operator !== 'starts_with';
  // Without metadata a numeric string ("25000") still compares as a number in a range.
  if (fieldTypes === undefined && ordering && kind === 'text' && toNumber(value) !== undefined)
    kind = 'number';

  if (c.operator === 'not_equal') {
    if (isEmptyValue(value)) return true;
    return !c.values.some((v) => sameValue(value, v, kind));
  }
  if (isEmptyValue(value)) return false;
  const first = c.values[0] as string;
  switch (c.operator) {
    case 'equals':
      return equalsMatch(value, first, kind);
    case 'in':
      return c.values.some((v) => sameValue(value, v, kind));
    case 'starts_with':
      return startsWith(value, first);
    case 'between': {
      const lo = compareValues(value, c.values[0], kind);
      const hi = compareValues(value, c.values[1], kind);
      return lo !== undefined && hi !== undefined && lo >= 0 && hi <= 0;
    }
    default: {
      const cmp = compareValues(value, first, kind);
      if (cmp === undefined) return false;
      if (c.operator === 'greater_than') return cmp > 0;
      if (c.operator === 'greater_equal') return cmp >= 0;
      if (c.operator === 'less_than') return cmp < 0;
      return cmp <= 0;
    }
  }
}

/** `equals`: Zoho documents that on text it "behaves like contains" (case-insensitive here). */
function equalsMatch(value: unknown, query: string, kind: ValueKind): boolean {
  if (kind === 'text' || kind === 'textarea') {
    const t = toText(value);
    return t !== undefined && t.toLowerCase().includes(query.toLowerCase());
  }
  return sameValue(value, query, kind);
}

/** Exact equality as `in` and `not_equal` use it: text case-insensitive, picklists exact. */
function sameValue(value: unknown, query: string, kind: ValueKind): boolean {
  if (Array.isArray(value)) {
    return value.some((item) => sameValue(item, query, kind === 'multiselect' ? 'text' : kind));
  }
  if (kind === 'lookup' || isLookupValue(value)) {
    if (isLookupValue(value)) {
      return (
        value.id === query ||
        (value.name !== undefined && value.name.toLowerCase() === query.toLowerCase())
      );
    }
    return toText(value) === query;
  }
  return compareValues(value, query, kind) === 0;
}

function startsWith(value: unknown, query: string): boolean {
  const q = query.toLowerCase();
  if (Array.isArray(value)) return value.some((item) => startsWith(item, query));
  const t = toText(value);
  return t !== undefined && t.toLowerCase().startsWith(q);
}

// ---------------------------------------------------------------------------------------------
// word / email / phone search (the other three parameters of Search Records)
// ---------------------------------------------------------------------------------------------

/**
 * `word`: Zoho's module-wide text search. Case-insensitive "contains" over every text value of the
 * record, lookup names and multi-select items included; `$`-prefixed system keys are skipped.
 */
export function matchesWord(record: Readonly<Record<string, unknown>>, word: string): boolean {
  const q = word.trim().toLowerCase();
  if (q === '') return false;
  for (const [key, value] of Object.entries(record)) {
    if (key.startsWith('$')) continue;
    if (textsOf(value).some((t) => t.toLowerCase().includes(q))) return true;
  }
  return false;
}

function textsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number') return [String(value)];
  if (isLookupValue(value)) return value.name !== undefined ? [value.name] : [];
  if (Array.isArray(value)) return value.flatMap((v) => textsOf(v));
  return [];
}

/** `email`: every email field of the module (by metadata, or keys named like emails), case-insensitive. */
export function matchesEmail(
  record: Readonly<Record<string, unknown>>,
  email: string,
  fieldTypes?: ReadonlyMap<string, ZohoField>,
): boolean {
  const q = email.trim().toLowerCase();
  return keysOfType(record, 'email', /e-?mail/i, fieldTypes).some((k) => {
    const v = record[k];
    return typeof v === 'string' && v.trim().toLowerCase() === q;
  });
}

/** `phone`: every phone field of the module; compared on digits, so "+1 (555) 010-2000" = "15550102000". */
export function matchesPhone(
  record: Readonly<Record<string, unknown>>,
  phone: string,
  fieldTypes?: ReadonlyMap<string, ZohoField>,
): boolean {
  const q = digitsOf(phone);
  if (q === '') return false;
  return keysOfType(record, 'phone', /phone|mobile|fax/i, fieldTypes).some((k) => {
    const v = record[k];
    return (typeof v === 'string' || typeof v === 'number') && digitsOf(String(v)) === q;
  });
}

function digitsOf(s: string): string {
  return s.replace(/\D+/g, '');
}

function keysOfType(
  record: Readonly<Record<string, unknown>>,
  dataType: string,
  guess: RegExp,
  fieldTypes: ReadonlyMap<string, ZohoField> | undefined,
): string[] {
  if (fieldTypes !== undefined) {
    return [...fieldTypes.values()].filter((f) => f.data_type === dataType).map((f) => f.api_name);
  }
  return Object.keys(record).filter((k) => !k.startsWith('$') && guess.test(k));
}
