/** Small pieces every resource's calls share: passing a caller's AbortSignal on, and an empty page. */
import type { PageInfo } from './pagination.js';

/** `{ signal }` when the caller gave one, else nothing (a CoreRequest must not carry `signal: undefined`). */
export function signalOf(options: { signal?: AbortSignal } | undefined): { signal?: AbortSignal } {
  return options?.signal === undefined ? {} : { signal: options.signal };
}

/** The page as answered, or an empty one for Zoho's 204 (no records, no notes, no attachments). */
export function orEmpty<P extends { data: unknown[]; info: PageInfo }>(page: P | undefined): P {
  if (page !== undefined && Array.isArray(page.data)) return page;
  return { data: [], info: { more_records: false, count: 0 } } as unknown as P;
}
