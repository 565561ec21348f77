/**
 * What one call costs in Zoho API credits (the rolling 24-hour budget per org).
 *
 * Zoho's "API Limits" page (v8, same table since v2): every call costs 1 credit unless the table says
 * otherwise; Convert Lead costs 5. The other entries below are from that table as summarised in our
 * research (seed 003 and api-limits summaries) and could not be re-read verbatim here — pass
 * `redis.credits.cost` to override any of them for your org.
 */

/** The fields of a call the cost depends on (a subset of CoreRequest). */
export interface CostInput {
  readonly operation: string;
  readonly query?: Readonly<Record<string, unknown>> | undefined;
  readonly body?: unknown;
}

/** Fixed costs per operationId (anything else costs 1). */
export const CREDIT_COSTS: Readonly<Record<string, number>> = {
  /** "Convert Lead API": 5 credits per call (API Limits). */
  convertLead: 5,
  /** Bulk write job creation (initialize): 500 credits. */
  createBulkWriteJob: 500,
  /** Bulk read job creation: 50 credits. */
  createBulkReadJob: 50,
};

/**
 * COQL is charged by the LIMIT of the query: up to 200 rows 1 credit, 201–1000 rows 2, 1001–2000 rows 3
 * (API Limits, "COQL API"). A query without LIMIT returns at most 200 rows.
 */
export function coqlCost(selectQuery: string): number {
  const m = /\blimit\s+(?:(\d+)\s*,\s*)?(\d+)\s*(?:offset\s+\d+\s*)?;?\s*$/i.exec(
    selectQuery.trim(),
  );
  const rows = m?.[2] === undefined ? 200 : Number(m[2]);
  if (rows <= 200) return 1;
  if (rows <= 1000) return 2;
  return 3;
}

/** The credits a call costs, by Zoho's table. */
export function defaultCreditCost(req: CostInput): number {
  const fixed = CREDIT_COSTS[req.operation];
  if (fixed !== undefined) return fixed;
  if (req.operation === 'coqlQuery') {
    const body = req.body as { select_query?: unknown } | undefined;
    if (typeof body?.select_query === 'string') return coqlCost(body.select_query);
  }
  return 1;
}
