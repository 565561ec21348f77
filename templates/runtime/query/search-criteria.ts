/**
 * Typed `criteria` for Search Records (GET /crm/v8/{module}/search), v8 "Search Records",
 * zoho.com/crm/developer/docs/api/v8/search-records.html:
 * - a condition is `(Field:operator:value)`; groups are `((A)and(B))`, nested two at a time;
 * - operators by field type (SEARCH_OPERATORS_BY_KIND); `in` lists values with commas, `between` two;
 * - in a value, `(`, `)` and `,` are escaped with a backslash, and so is a backslash itself
 *   (Zoho's example: `Burns\,B` for "Burns,B");
 * - at most 10 criteria, and `in` takes at most 100 values.
 * Values are typed by the module's fields (schema-types.ts) and escaped here, never concatenated raw.
 */
import {
  countComparisons,
  group,
  pairwise,
  type Condition,
  type TypedCondition,
} from './condition.js';
import { isoDateTime } from './coql-literal.js';
import type { KindAt, OperatorFor, ScalarFor } from './schema-types.js';

export const SEARCH_LIMITS = {
  /** "You can search for a maximum of 10 criteria (with same or different columns)". */
  criteria: 10,
  /** "The in operator supports up to 100 values". */
  inValues: 100,
} as const;

const ORDERED = [
  'equals',
  'not_equal',
  'greater_equal',
  'greater_than',
  'less_equal',
  'less_than',
  'between',
  'in',
] as const;

export const SEARCH_OPERATORS_BY_KIND = {
  text: ['equals', 'not_equal', 'starts_with', 'in'],
  textarea: ['equals', 'not_equal', 'starts_with'],
  autonumber: ['equals', 'not_equal', 'in'],
  picklist: ['equals', 'not_equal', 'in'],
  multiselect: ['equals', 'not_equal', 'in', 'starts_with'],
  number: ORDERED,
  date: ORDERED,
  datetime: ORDERED,
  boolean: ['equals', 'not_equal'],
  lookup: ['equals', 'not_equal', 'in'],
} as const satisfies Record<string, readonly string[]>;

type SearchOperatorTable = typeof SEARCH_OPERATORS_BY_KIND;
export type SearchOperator = SearchOperatorTable[keyof SearchOperatorTable][number];

/** A module seen alone: its field kinds and record, as a one-module map for schema-types.ts. */
type Self<TFields, TRecord> = { readonly self: { fields: TFields; record: TRecord } };

export type SearchOperatorFor<K> = OperatorFor<SearchOperatorTable, K>;

/** A field of the module (search criteria name the module's own fields), else the list of them. */
export type SearchFieldArg<TFields, P> = P extends keyof TFields & string
  ? P
  : keyof TFields & string;

type SearchValueArgs<TFields, TRecord, P extends string, O> = O extends 'between'
  ? [
      range: readonly [
        ScalarFor<Self<TFields, TRecord>, 'self', P>,
        ScalarFor<Self<TFields, TRecord>, 'self', P>,
      ],
    ]
  : O extends 'in'
    ? [values: readonly ScalarFor<Self<TFields, TRecord>, 'self', P>[]]
    : O extends 'starts_with'
      ? [prefix: string]
      : KindAt<Self<TFields, TRecord>, 'self', P> extends 'multiselect'
        ? [options: readonly ScalarFor<Self<TFields, TRecord>, 'self', P>[]]
        : [value: ScalarFor<Self<TFields, TRecord>, 'self', P>];

/** `w(field, operator, value)`, `w.and([...])`, `w.or([...])`. */
export interface CriteriaConditions<TFields, TRecord> {
  <
    const P extends string,
    const O extends SearchOperatorFor<KindAt<Self<TFields, TRecord>, 'self', P>>,
  >(
    field: SearchFieldArg<TFields, P>,
    op: O,
    ...args: SearchValueArgs<TFields, TRecord, P, O>
  ): TypedCondition<'search'>;
  and(conditions: readonly TypedCondition<'search'>[]): TypedCondition<'search'>;
  or(conditions: readonly TypedCondition<'search'>[]): TypedCondition<'search'>;
}

/** `search({ where: (w) => w.and([w('Last_Name', 'equals', 'Smith'), w('Lead_Status', 'in', ['Contacted'])]) })`. */
export type SearchWhere<TFields, TRecord> = (
  w: CriteriaConditions<TFields, TRecord>,
) => TypedCondition<'search'>;

/** Runs a `where` callback and writes Zoho's criteria string. */
export function compileCriteria<TFields, TRecord>(where: SearchWhere<TFields, TRecord>): string {
  const w = ((field: string, op: string, ...args: unknown[]) => {
    if (typeof field !== 'string' || typeof op !== 'string')
      throw new TypeError('search where: give a field and an operator');
    return { node: { kind: 'compare', path: field, op, args } };
  }) as unknown as CriteriaConditions<TFields, TRecord>;
  w.and = (conditions) => group('and', conditions);
  w.or = (conditions) => group('or', conditions);
  const root = where(w).node;
  const n = countComparisons(root);
  if (n > SEARCH_LIMITS.criteria)
    throw new RangeError(
      `search allows at most ${SEARCH_LIMITS.criteria} criteria (Zoho's limit); this one has ${n}`,
    );
  return criteria(root);
}

const FIELD = /^[A-Za-z][A-Za-z0-9_]*$/;

function criteria(c: Condition): string {
  if (c.kind !== 'compare') {
    const parts = c.children.map(criteria);
    return parts.length === 1 ? parts[0]! : pairwise(parts, (a, b) => `(${a}${c.kind}${b})`);
  }
  if (!FIELD.test(c.path))
    throw new TypeError(`search: ${JSON.stringify(c.path)} is not a field API name`);
  const [arg] = c.args;
  let value: string;
  if (c.op === 'between' || c.op === 'in') {
    if (!Array.isArray(arg) || arg.length === 0 || (c.op === 'between' && arg.length !== 2))
      throw new TypeError(
        `search: ${c.op} on ${c.path} takes ${c.op === 'between' ? 'exactly two values' : 'a non-empty list'}`,
      );
    if (c.op === 'in' && arg.length > SEARCH_LIMITS.inValues)
      throw new RangeError(
        `search: in takes at most ${SEARCH_LIMITS.inValues} values (Zoho's limit); ${c.path} has ${arg.length}`,
      );
    value = arg.map((v) => escapeValue(v, c.path)).join(',');
  } else {
    value = escapeValue(Array.isArray(arg) ? arg.map(String).join(';') : arg, c.path);
  }
  return `(${c.path}:${c.op}:${value})`;
}

function escapeValue(v: unknown, field: string): string {
  let text: string;
  if (typeof v === 'string') text = v;
  else if (typeof v === 'number' && Number.isFinite(v)) text = String(v);
  else if (typeof v === 'boolean') text = v ? 'true' : 'false';
  else if (v instanceof Date) text = isoDateTime(v);
  else
    throw new TypeError(`search: cannot compare ${field} with ${v === null ? 'null' : typeof v}`);
  return text.replace(/[\\(),]/g, (ch) => `\\${ch}`);
}
