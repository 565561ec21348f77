/**
 * Key names. Every key of one org (or one token) carries the same `{hash tag}`, so a Redis Cluster keeps
 * them in one slot and a Lua script may touch several of them.
 */
import { createHash } from 'node:crypto';

export const DEFAULT_KEY_PREFIX = 'zcrm:';

export interface TokenKeys {
  /** Hash: access_token, expires_at, obtained_at, api_domain, generation. TTL = the token's remaining life. */
  readonly token: string;
  /** The refresh lock: "<fence>:<holder>", SET NX PX. */
  readonly lock: string;
  /** Counter handing out fencing tokens; the fence of the writer is the token's generation. */
  readonly fence: string;
  /** A token-endpoint refusal shared for its cool-down: hash code, message. */
  readonly refusal: string;
}

export interface OrgKeys {
  /** Sorted set: lease id → lease expiry (ms, Redis clock). */
  readonly inflight: string;
  /** The same, for heavy APIs only. */
  readonly heavy: string;
  /** Hash: bucket start (ms) → credits spent in it; field "total" = the sum over live buckets. */
  readonly credits: string;
  /** Sorted set of bucket starts, to find buckets that left the window. */
  readonly creditBuckets: string;
  /** Pub/sub channel: a slot was freed. */
  readonly freed: string;
}

/** A short, stable name for a secret-derived identity (never the secret itself). */
export function hashTag(...parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\u0000');
  return h.digest('hex').slice(0, 32);
}

export function tokenKeys(prefix: string, tag: string): TokenKeys {
  const base = `${prefix}{${tag}}:`;
  return {
    token: `${base}token`,
    lock: `${base}token-lock`,
    fence: `${base}token-fence`,
    refusal: `${base}token-refusal`,
  };
}

export function orgKeys(prefix: string, tag: string): OrgKeys {
  const base = `${prefix}{${tag}}:`;
  return {
    inflight: `${base}inflight`,
    heavy: `${base}inflight-heavy`,
    credits: `${base}credits`,
    creditBuckets: `${base}credit-buckets`,
    freed: `${base}freed`,
  };
}

/** The tag and kind of a key written by this module, or undefined for anything else. */
export function parseKey(prefix: string, key: string): { tag: string; kind: string } | undefined {
  if (!key.startsWith(prefix + '{')) return undefined;
  const close = key.indexOf('}:', prefix.length);
  if (close < 0) return undefined;
  return { tag: key.slice(prefix.length + 1, close), kind: key.slice(close + 2) };
}
