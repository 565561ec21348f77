/**
 * COQL comparators per field kind, from Zoho's "COQL - Overview" table of comparators by field type
 * (zoho.com/crm/developer/docs/api/v8/COQL-Overview.html): ordering only for numbers, dates, date-times
 * and ids; `like` for text and picklists (starts with `'x%'`, ends with `'%x'`, contains `'%x%'`); a
 * boolean takes `=` and `!=` only; a lookup compares by id; multi-line fields take none.
 */
import type { KindAt, OperatorFor, QueryKind, ScalarFor } from './schema-types.js';

const EQUALITY = ['=', '!=', 'in', 'not in'] as const;
const ORDERING = ['<', '<=', '>', '>=', 'between', 'not between'] as const;
const LIKES = ['like', 'not like'] as const;
const NULLS = ['is null', 'is not null'] as const;

export const COQL_OPERATORS_BY_KIND = {
  text: [...EQUALITY, ...LIKES, ...NULLS],
  autonumber: [...EQUALITY, ...LIKES, ...NULLS],
  picklist: [...EQUALITY, ...LIKES, ...NULLS],
  multiselect: [...EQUALITY, ...LIKES, ...NULLS],
  number: [...EQUALITY, ...ORDERING, ...NULLS],
  date: [...EQUALITY, ...ORDERING, ...NULLS],
  datetime: [...EQUALITY, ...ORDERING, ...NULLS],
  id: [...EQUALITY, ...ORDERING, ...NULLS],
  boolean: ['=', '!='],
  lookup: [...EQUALITY, ...NULLS],
  textarea: [],
} as const satisfies Record<string, readonly string[]>;

type CoqlOperatorTable = typeof COQL_OPERATORS_BY_KIND;
export type CoqlOperator = CoqlOperatorTable[keyof CoqlOperatorTable][number];

/** The comparators a kind allows. */
export type CoqlOperatorFor<K> = OperatorFor<CoqlOperatorTable, K>;

/**
 * The value arguments after the operator: none for `is null`, two for `between`, a list for `in`, a
 * pattern for `like`, one value otherwise (a multi-select compares with its options, `;`-joined).
 */
export type CoqlValueArgs<TMap, M, P extends string, O> = O extends 'is null' | 'is not null'
  ? []
  : O extends 'between' | 'not between'
    ? [range: readonly [ScalarFor<TMap, M, P>, ScalarFor<TMap, M, P>]]
    : O extends 'in' | 'not in'
      ? [values: readonly ScalarFor<TMap, M, P>[]]
      : O extends 'like' | 'not like'
        ? [pattern: string]
        : KindAt<TMap, M, P> extends 'multiselect'
          ? [options: readonly ScalarFor<TMap, M, P>[]]
          : [value: ScalarFor<TMap, M, P>];
