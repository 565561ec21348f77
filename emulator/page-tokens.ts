/**
 * page_token cursors (v8 "Get Records": past 2,000 records only page_token works; a token is valid
 * for 24 hours — `page_token_expiry`). A token remembers the listing it continues and the sort key
 * of the last record served, so records created or deleted meanwhile never shift the next page
 * (no record served twice, none skipped).
 */
import { randomBytes } from 'node:crypto';

export interface Cursor {
  module: string;
  /** Sort key of the last record before this page (see listing.ts `sortKey`); null = from the start. */
  after: string | null;
  /** Page number the next page reports in `info.page`. */
  page: number;
  perPage: number;
  sortBy: string;
  sortOrder: 'asc' | 'desc';
  expiresAt: number;
}

export const PAGE_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

export class PageTokens {
  private readonly tokens = new Map<string, Cursor>();

  issue(c: Omit<Cursor, 'expiresAt'>): { token: string; expiresAt: number } {
    if (this.tokens.size > 10_000) this.purge();
    const token = randomBytes(24).toString('hex');
    const expiresAt = Date.now() + PAGE_TOKEN_TTL_MS;
    this.tokens.set(token, { ...c, expiresAt });
    return { token, expiresAt };
  }

  get(token: string): Cursor | 'expired' | undefined {
    const c = this.tokens.get(token);
    if (!c) return undefined;
    return c.expiresAt <= Date.now() ? 'expired' : c;
  }

  /** Test hook: make every cursor expired. */
  expireAll(): void {
    for (const c of this.tokens.values()) c.expiresAt = 0;
  }

  private purge(): void {
    const now = Date.now();
    for (const [k, c] of this.tokens) if (c.expiresAt <= now) this.tokens.delete(k);
  }
}
