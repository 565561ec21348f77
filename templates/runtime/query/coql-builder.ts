/**
 * `crm.coql.selectFrom('Leads').select([...]).where(...).orderBy(...).limit(n)`, shaped like kysely: each
 * call returns a new builder; `compile()` shows the COQL, `execute()` runs one call, `iterate()` reads
 * every row. Typed over the org's module map (coql-types.ts); checked again at run time, since callers
 * may be plain JavaScript (coql-compile.ts).
 */
import { group, type Condition, type TypedCondition } from './condition.js';
import { compileCoql, isAggregateQuery, type QueryParts } from './coql-compile.js';
import { COQL_LIMITS } from './coql-limits.js';
import type { CoqlOperatorFor, CoqlValueArgs } from './coql-operators.js';
import type { CoqlConditions, CoqlRow, ColumnArg } from './coql-types.js';
import { nextPageAfter } from './coql-keyset.js';
import type { KindAt, PathArg } from './schema-types.js';

/** One COQL answer, as the COQL resource's `query` gives it (resources/coql.ts CoqlPage). */
export interface CoqlAnswer {
  data: Record<string, unknown>[];
  info: { more_records?: boolean };
}

/** What runs a query: the COQL resource's `query`. */
export type RunCoql = (
  selectQuery: string,
  options?: { signal?: AbortSignal },
) => Promise<CoqlAnswer>;

export class SelectQueryBuilder<
  TMap,
  M extends string,
  C extends string,
  Grouped extends boolean = false,
> {
  readonly #run: RunCoql;
  readonly #parts: QueryParts;

  constructor(run: RunCoql, parts: QueryParts) {
    this.#run = run;
    this.#parts = parts;
  }

  /** Adds columns: field API names, dotted lookup paths (`Owner.email`), or aggregates (`COUNT(id)`). */
  select<const N extends string>(
    columns: readonly ColumnArg<TMap, M, N>[],
  ): SelectQueryBuilder<TMap, M, C | N, Grouped> {
    if (!Array.isArray(columns)) throw new TypeError('select(): give an array of columns');
    return new SelectQueryBuilder(this.#run, {
      ...this.#parts,
      columns: [...this.#parts.columns, ...(columns as readonly string[])],
    });
  }

  /** ANDs one comparison: `where('Annual_Revenue', '>', 100000)`, `where('Email', 'is null')`. */
  where<const P extends string, const O extends CoqlOperatorFor<KindAt<TMap, M, P>>>(
    path: PathArg<TMap, M, P, 'criteria'>,
    op: O,
    ...args: CoqlValueArgs<TMap, M, P, O>
  ): SelectQueryBuilder<TMap, M, C, Grouped> {
    return this.#with({ where: [...this.#parts.where, comparison(path, op, args)] });
  }

  /** ANDs a group: `whereGroup((w) => w.or([w('Rating', '=', 'Active'), w('Annual_Revenue', '>', 1e6)]))`. */
  whereGroup(
    build: (w: CoqlConditions<TMap, M>) => TypedCondition<M>,
  ): SelectQueryBuilder<TMap, M, C, Grouped> {
    const w = ((path: string, op: string, ...args: unknown[]) => ({
      node: comparison(path, op, args),
    })) as unknown as CoqlConditions<TMap, M>;
    w.and = (conditions) => group('and', conditions);
    w.or = (conditions) => group('or', conditions);
    return this.#with({ where: [...this.#parts.where, build(w).node] });
  }

  /** Orders by a path or a selected aggregate; ties are broken by id, Zoho's default order. */
  orderBy<const P extends string>(
    path: P extends C ? P : PathArg<TMap, M, P>,
    direction: 'asc' | 'desc' = 'asc',
  ): SelectQueryBuilder<TMap, M, C, Grouped> {
    return this.#with({ orderBy: [...this.#parts.orderBy, { path: path as string, direction }] });
  }

  /** Groups rows (with aggregates in select); rows then have no `id`. */
  groupBy<const P extends string>(
    paths: readonly PathArg<TMap, M, P>[],
  ): SelectQueryBuilder<TMap, M, C, true> {
    return new SelectQueryBuilder(this.#run, {
      ...this.#parts,
      groupBy: [...this.#parts.groupBy, ...(paths as readonly string[])],
    });
  }

  /** At most n rows (Zoho: 2,000 a call). */
  limit(n: number): SelectQueryBuilder<TMap, M, C, Grouped> {
    return this.#with({ limit: n });
  }

  /** Skips n rows (LIMIT + OFFSET reach the first 100,000 rows at most; iterate() goes past). */
  offset(n: number): SelectQueryBuilder<TMap, M, C, Grouped> {
    return this.#with({ offset: n });
  }

  /** The COQL text this query sends. Throws when it breaks one of Zoho's limits. */
  compile(): string {
    return compileCoql(this.#parts);
  }

  /** One call: the rows (at most LIMIT, default Zoho's 200). */
  async execute(options?: { signal?: AbortSignal }): Promise<CoqlRow<TMap, M, C, Grouped>[]> {
    const page = await this.#run(this.compile(), options);
    return page.data as CoqlRow<TMap, M, C, Grouped>[];
  }

  /**
   * Every matching row, 2,000 a call, in order: by id, or by the one order-by field and then id. Pages
   * follow each other by keyset (`id > last`, or `(field, id)` after the last row), not OFFSET, so they
   * go past Zoho's 100,000-row OFFSET ceiling ("Query API - Limitations", Pagination) without losing or
   * repeating rows. A LIMIT caps the rows read in all.
   */
  async *iterate(options?: {
    signal?: AbortSignal;
    pageSize?: number;
  }): AsyncIterable<CoqlRow<TMap, M, C, Grouped>> {
    const parts = this.#parts;
    if (isAggregateQuery(parts))
      throw new TypeError('coql iterate(): aggregate queries answer in one call: use execute()');
    if (parts.offset !== undefined)
      throw new TypeError('coql iterate(): pages by keyset and takes no offset');
    if (parts.orderBy.length > 1)
      throw new TypeError(
        'coql iterate(): pages by keyset on (one order-by field, id): order by at most one field',
      );
    const pageSize = Math.min(
      Math.max(1, Math.trunc(options?.pageSize ?? COQL_LIMITS.rowsPerCall)),
      COQL_LIMITS.rowsPerCall,
    );
    let remaining = parts.limit ?? Infinity;
    const order = parts.orderBy[0];
    // The order-by field is read from each page's last row, so it is selected (and dropped from rows if the caller did not ask for it).
    const extra =
      order !== undefined && order.path !== 'id' && !parts.columns.includes(order.path)
        ? order.path
        : undefined;
    const columns = extra === undefined ? parts.columns : [...parts.columns, extra];
    let after: Condition | undefined;
    for (;;) {
      const size = Math.min(pageSize, remaining);
      const text = compileCoql({
        ...parts,
        columns,
        where: after === undefined ? parts.where : [...parts.where, after],
        orderBy:
          order === undefined || order.path === 'id'
            ? [{ path: 'id', direction: order?.direction ?? 'asc' }]
            : [order, { path: 'id', direction: 'asc' }],
        limit: size,
      });
      const page = await this.#run(text, options);
      const rows = page.data;
      const last = rows[rows.length - 1];
      // Read before the rows go out (and lose the column the caller did not select).
      const next =
        last === undefined ||
        rows.length < size ||
        remaining - rows.length <= 0 ||
        page.info.more_records === false
          ? undefined
          : nextPageAfter(last, order, extra);
      for (const row of rows) {
        if (extra !== undefined) delete row[extra];
        yield row as CoqlRow<TMap, M, C, Grouped>;
      }
      remaining -= rows.length;
      if (next === undefined) return;
      after = next;
    }
  }

  #with(change: Partial<QueryParts>): SelectQueryBuilder<TMap, M, C, Grouped> {
    return new SelectQueryBuilder(this.#run, { ...this.#parts, ...change });
  }
}

function comparison(path: unknown, op: unknown, args: readonly unknown[]): Condition {
  if (typeof path !== 'string' || typeof op !== 'string')
    throw new TypeError('where(): give a column and a comparator');
  return { kind: 'compare', path, op: op.toLowerCase(), args };
}
