/**
 * The types of the COQL builder: which columns, paths and values a call accepts and what a row holds —
 * each resolved for the one column or path the call names (schema-types.ts).
 */
import type { AggregateFn } from './coql-compile.js';
import type { CoqlOperatorFor, CoqlValueArgs } from './coql-operators.js';
import type { TypedCondition } from './condition.js';
import type { KindAt, PathArg, Simplify, ValueAt } from './schema-types.js';

/** Which aggregate takes which kinds: SUM and AVG numbers, MAX and MIN anything ordered, COUNT anything. */
type AggregateAccepts<F, K> = F extends 'COUNT'
  ? true
  : F extends 'SUM' | 'AVG'
    ? K extends 'number'
      ? true
      : false
    : K extends 'number' | 'date' | 'datetime' | 'id'
      ? true
      : false;

/** A select column: a path, or `FN(path)` with a function that takes the path's kind. */
export type ColumnArg<TMap, M, C> = C extends `${infer F}(${infer P})`
  ? F extends AggregateFn
    ? [KindAt<TMap, M, P>] extends [never]
      ? `${F}(${PathArg<TMap, M, P>})`
      : AggregateAccepts<F, KindAt<TMap, M, P>> extends true
        ? C
        : `${F}(<${F extends 'SUM' | 'AVG' ? 'a number field' : 'a number, date or date-time field'}>)`
    : PathArg<TMap, M, C>
  : PathArg<TMap, M, C>;

/** True when a column list holds an aggregate. */
export type HasAggregate<C> = true extends (C extends `${AggregateFn}(${string})` ? true : never)
  ? true
  : false;

/**
 * A column's value in a row, keyed as Zoho keys it: a joined column by the dotted path as written
 * (`"Account_Name.Industry"`; Zoho's sample responses key `'What_Id->Leads.Last_Name'` so, beside `id`:
 * Kaizen #81 "COQL API - Part II", help.zoho.com/portal/en/community/topic/kaizen-81-coql-api-part-ii), an
 * aggregate by `FN(path)` (`"COUNT(id)"`), as the emulator answers — no aggregate sample response was found.
 */
export type ColumnValue<TMap, M, C extends string> = C extends `${infer F}(${infer P})`
  ? F extends 'COUNT' | 'SUM'
    ? number
    : F extends 'AVG'
      ? number | null
      : ValueAt<TMap, M, P>
  : ValueAt<TMap, M, C>;

/** A row: exactly the selected columns, plus `id` unless the query aggregates. */
export type CoqlRow<TMap, M, C extends string, Grouped extends boolean> = Simplify<
  (Grouped extends true ? {} : HasAggregate<C> extends true ? {} : { id: string }) & {
    [K in C]: ColumnValue<TMap, M, K>;
  }
>;

/** The condition factory `whereGroup` hands out: `w(path, op, value)`, `w.and([...])`, `w.or([...])`. */
export interface CoqlConditions<TMap, M> {
  <const P extends string, const O extends CoqlOperatorFor<KindAt<TMap, M, P>>>(
    path: PathArg<TMap, M, P, 'criteria'>,
    op: O,
    ...args: CoqlValueArgs<TMap, M, P, O>
  ): TypedCondition<M>;
  and(conditions: readonly TypedCondition<M>[]): TypedCondition<M>;
  or(conditions: readonly TypedCondition<M>[]): TypedCondition<M>;
}
