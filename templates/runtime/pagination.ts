/**
 * Async iteration over Zoho's paged lists.
 *
 * v8 "Get Records": `page` reaches only the first 2,000 records; from there on `page_token` (from
 * `info.next_page_token`) is required. A list that ends says `info.more_records: false`; an empty module or
 * search answers 204 with no body. Pages are fetched only when the consumer asks for the next record, so an
 * early `break` fetches nothing more.
 */

/** Zoho's `info` object on list responses. */
export interface PageInfo {
  per_page?: number;
  count?: number;
  page?: number;
  sort_by?: string;
  sort_order?: 'asc' | 'desc';
  more_records?: boolean;
  next_page_token?: string | null;
  previous_page_token?: string | null;
  page_token_expiry?: string | null;
  [key: string]: unknown;
}

export interface RecordPage<R> {
  data: R[];
  info: PageInfo;
}

/** Which page to fetch: a page number (first 2,000 records) or a page token (beyond). */
export type PageCursor =
  | { readonly page: number; readonly pageToken?: undefined }
  | { readonly pageToken: string; readonly page?: undefined };

/** The first page a caller asked for: their page token, else their page number, else page 1. */
export function firstCursor(start: {
  page?: number | undefined;
  pageToken?: string | undefined;
}): PageCursor {
  return start.pageToken !== undefined ? { pageToken: start.pageToken } : { page: start.page ?? 1 };
}

/** Records reachable with `page` before `page_token` becomes mandatory. */
export const PAGE_NUMBER_LIMIT = 2000;

export interface PaginateOptions {
  perPage: number;
  /** Start here instead of page 1. */
  page?: number | undefined;
  pageToken?: string | undefined;
  /** Stop after this many records in all (search is capped by Zoho at 2,000). */
  maxRecords?: number | undefined;
  /** False when the API has no page_token (search, related lists): stop at the page limit. Default true. */
  pageTokens?: boolean;
}

/** The cursor for the page after `info`, or undefined at the end. */
export function nextCursor(
  current: PageCursor,
  info: PageInfo | undefined,
  perPage: number,
  pageTokens = true,
): PageCursor | undefined {
  if (info === undefined || info.more_records !== true) return undefined;
  const token =
    typeof info.next_page_token === 'string' && info.next_page_token !== ''
      ? info.next_page_token
      : undefined;
  if (current.pageToken !== undefined)
    return token === undefined ? undefined : { pageToken: token };
  const next = current.page + 1;
  if (next * perPage <= PAGE_NUMBER_LIMIT) return { page: next };
  // Past 2,000 records: only a page token works.
  if (!pageTokens || token === undefined) return undefined;
  return { pageToken: token };
}

/**
 * An async iterable over every record of a paged list. `fetchPage` returns undefined for a 204 (no records).
 * Written as a plain iterator (not an async generator) to keep per-record overhead to one resolved promise.
 */
export function paginate<R>(
  fetchPage: (cursor: PageCursor) => Promise<RecordPage<R> | undefined>,
  options: PaginateOptions,
): AsyncIterable<R> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<R> {
      return new PageIterator(fetchPage, options);
    },
  };
}

class PageIterator<R> implements AsyncIterator<R> {
  private buffer: R[] = [];
  private index = 0;
  private cursor: PageCursor | undefined;
  private yielded = 0;
  private done = false;

  constructor(
    private readonly fetchPage: (cursor: PageCursor) => Promise<RecordPage<R> | undefined>,
    private readonly options: PaginateOptions,
  ) {
    this.cursor = firstCursor(options);
  }

  next(): Promise<IteratorResult<R>> {
    if (this.index < this.buffer.length && !this.atMax()) {
      this.yielded++;
      return Promise.resolve({ done: false, value: this.buffer[this.index++] as R });
    }
    return this.fill();
  }

  return(): Promise<IteratorResult<R>> {
    this.finish();
    return Promise.resolve({ done: true, value: undefined });
  }

  private atMax(): boolean {
    return this.options.maxRecords !== undefined && this.yielded >= this.options.maxRecords;
  }

  private finish(): void {
    this.done = true;
    this.buffer = [];
    this.index = 0;
    this.cursor = undefined;
  }

  private async fill(): Promise<IteratorResult<R>> {
    while (!this.done && !this.atMax() && this.cursor !== undefined) {
      const cursor = this.cursor;
      const page = await this.fetchPage(cursor);
      if (page === undefined || !Array.isArray(page.data)) {
        this.finish();
        break;
      }
      this.buffer = page.data;
      this.index = 0;
      this.cursor = nextCursor(
        cursor,
        page.info,
        this.options.perPage,
        this.options.pageTokens ?? true,
      );
      if (this.buffer.length > 0) {
        this.yielded++;
        return { done: false, value: this.buffer[this.index++] as R };
      }
      if (this.cursor === undefined) break;
    }
    this.finish();
    return { done: true, value: undefined };
  }
}
