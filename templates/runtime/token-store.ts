/**
 * Where access tokens are kept between calls (and, with a shared store, between processes), so one host
 * does not mint a token per process — Zoho allows 10 mints per refresh token per 10 minutes and 15 live
 * tokens at once (Zoho Accounts "OAuth token limits").
 */
import { createHash } from 'node:crypto';

export interface StoredToken {
  readonly accessToken: string;
  /** Epoch milliseconds when Zoho said it expires. */
  readonly expiresAt: number;
  /** Epoch milliseconds when it was minted (sets how early to refresh); optional. */
  readonly obtainedAt?: number | undefined;
  /** api_domain from the token response. */
  readonly apiDomain?: string | undefined;
}

export interface TokenStore {
  get(key: string): Promise<StoredToken | undefined>;
  set(key: string, token: StoredToken): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Optional: holds a lock across processes while one of them mints, so processes starting together share
   * one mint. Resolves to the release function.
   */
  lock?(key: string): Promise<() => Promise<void>>;
}

/**
 * The key a token is stored under: a SHA-256 of the client id and the grant (refresh token, or scope+soid
 * for client credentials) — never the raw secret.
 */
export function tokenStoreKey(clientId: string, grant: string): string {
  return createHash('sha256').update(clientId).update('\u0000').update(grant).digest('hex');
}

/** The default: tokens live in this process only. */
export class MemoryTokenStore implements TokenStore {
  private readonly tokens = new Map<string, StoredToken>();

  get(key: string): Promise<StoredToken | undefined> {
    return Promise.resolve(this.tokens.get(key));
  }

  set(key: string, token: StoredToken): Promise<void> {
    this.tokens.set(key, token);
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    this.tokens.delete(key);
    return Promise.resolve();
  }
}
