/**
 * COQL: `POST /crm/v8/coql` with `{select_query}` (v8 "COQL API"). One call returns at most 2,000 rows
 * (LIMIT ≤ 2000) and LIMIT/OFFSET reaches at most 100,000 rows in all.
 */
import type { ZohoCore } from '../core.js';
import type { PageInfo } from '../pagination.js';
import { SelectQueryBuilder } from '../query/coql-builder.js';

export const COQL_MAX_LIMIT = 2000;
export const COQL_MAX_ROWS = 100_000;

export interface CoqlPage {
  data: Record<string, unknown>[];
  info: PageInfo;
}

export class CoqlResource<TMap extends object = {}> {
  constructor(private readonly core: ZohoCore) {}

  /**
   * A typed select query on one module of the org (query/coql-builder.ts):
   * `selectFrom('Leads').select(['Last_Name', 'Owner.email']).where('Lead_Status', '=', 'Contacted')`.
   */
  selectFrom<const M extends keyof TMap & string>(module: M): SelectQueryBuilder<TMap, M, never> {
    return new SelectQueryBuilder(this.query.bind(this), {
      module,
      columns: [],
      where: [],
      groupBy: [],
      orderBy: [],
    });
  }

  /** Runs one SELECT query as written. A query matching nothing gives `{data: [], info}`. */
  async query(selectQuery: string, options?: { signal?: AbortSignal }): Promise<CoqlPage> {
    const body = await this.core.request<CoqlPage | undefined>({
      method: 'POST',
      path: '/crm/v8/coql',
      body: { select_query: selectQuery },
      operation: 'coqlQuery',
      // A read: safe to replay.
      idempotent: true,
      heavy: true,
      ...(options?.signal === undefined ? {} : { signal: options.signal }),
    });
    if (body === undefined || !Array.isArray(body.data))
      return { data: [], info: { count: 0, more_records: false } };
    return body;
  }

  /**
   * Every row of a query written without LIMIT, fetched 2,000 at a time with `LIMIT n OFFSET m` (v8 "COQL
   * Limitations": 2,000 per call, 100,000 in all) — stops there. Add an ORDER BY for stable pages.
   */
  async *iterate(
    selectQuery: string,
    options?: { pageSize?: number; signal?: AbortSignal },
  ): AsyncIterable<Record<string, unknown>> {
    const trimmed = selectQuery.trim().replace(/;\s*$/, '');
    if (/\blimit\s+\d+/i.test(trimmed)) {
      throw new TypeError(
        'coql.iterate: write the query without LIMIT/OFFSET; iterate pages with LIMIT itself',
      );
    }
    const size = Math.min(Math.max(1, options?.pageSize ?? COQL_MAX_LIMIT), COQL_MAX_LIMIT);
    for (let offset = 0; offset < COQL_MAX_ROWS; offset += size) {
      const count = Math.min(size, COQL_MAX_ROWS - offset);
      const page = await this.query(`${trimmed} LIMIT ${count} OFFSET ${offset}`, options);
      yield* page.data;
      if (page.info.more_records !== true || page.data.length < count) return;
    }
  }
}
