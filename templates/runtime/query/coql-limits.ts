/**
 * Zoho's COQL limits, enforced before a query is sent (v8 "Query API - Limitations",
 * zoho.com/crm/developer/docs/api/v8/COQL-Limitations.html, and "COQL - Overview",
 * zoho.com/crm/developer/docs/api/v8/COQL-Overview.html).
 */
export const COQL_LIMITS = {
  /** "You can specify up to 50 field API names in the SELECT column" (Overview). Kaizen #183 says v7 raised it to 500; we keep the documented 50. */
  columns: 50,
  /** "You can include up to 25 criteria in this clause" (Overview, WHERE). */
  criteria: 25,
  /** "A maximum of four fields can be given in the GROUP BY clause". */
  groupBy: 4,
  /** "A maximum of 10 fields can be given in the ORDER BY clause". */
  orderBy: 10,
  /** "A maximum of five aggregate fields can be given in a query". */
  aggregates: 5,
  /** "in (up to 50 values)" (Limitations' comparators list). Kaizen #183 says v7 allows 100; 50 is safe on both. */
  inValues: 50,
  /** "Each API call can retrieve a maximum of 2,000 records". */
  rowsPerCall: 2000,
  /** "You can fetch up to 1,00,000 records using pagination with LIMIT and OFFSET". */
  offsetRows: 100_000,
  /** "A maximum of five base JOINs can be applied in a single query" (lookups followed in WHERE / ORDER BY / GROUP BY, as we read it). */
  baseJoins: 5,
  /** "A maximum of 15 SELECT clause JOINs can be applied in a single query" (lookups followed in SELECT). */
  selectJoins: 15,
  /** "You can use a maximum of two relations (joins) in a select query". */
  relations: 2,
} as const;

/** A query the builder will not send: Zoho would refuse it. The message names the limit. */
export class CoqlLimitError extends RangeError {
  override readonly name = 'CoqlLimitError';
  constructor(
    readonly limit: keyof typeof COQL_LIMITS,
    message: string,
  ) {
    super(message);
  }
}

export function checkLimit(limit: keyof typeof COQL_LIMITS, count: number, what: string): void {
  const max = COQL_LIMITS[limit];
  if (count > max)
    throw new CoqlLimitError(
      limit,
      `COQL allows at most ${max} ${what} (Zoho's limit); this query has ${count}`,
    );
}
