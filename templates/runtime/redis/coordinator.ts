/**
 * What the gate (../coordination.ts) and the Redis coordinator (./index.ts) agree on: the options and the
 * coordinator's interface. Both import this file; the gate loads ./index.ts on demand, and nothing here
 * imports the gate, so the import graph runs one way (coordination → redis).
 */
import type { TokenMinter, TokenSource } from '../auth.js';
import type { CostInput } from '../credit-cost.js';
import type { RedisClientLike } from './redis-client.js';

/** The shared rolling-24-hour API-credit budget. */
export interface CreditBudgetOptions {
  /** The org's credits per 24 hours (Zoho "API Limits": 50,000 + per-license credits, by edition). */
  dailyBudget: number;
  /** Credits kept back for others (the CRM UI's integrations, people); calls stop at dailyBudget - reserve. Default 0. */
  reserve?: number;
  /** Over the budget: 'fail' (default) throws CreditBudgetError at once; 'wait' waits for credits to free up. */
  onExhausted?: 'wait' | 'fail';
  /** Your own cost for a call (undefined: Zoho's table in redis/credit-cost.ts). */
  cost?: (call: CostInput) => number | undefined;
  /** Advanced (tests): the window length; default 24 h. */
  windowMs?: number;
}

export interface RedisCommonOptions {
  /** Prefix of every key; default 'zcrm:'. */
  keyPrefix?: string;
  /**
   * The name of the org's shared cap and credits. Default: a hash of the client id and refresh token (or
   * scope + soid), so clients with the same grant share. Set it (e.g. to the org id) when several grants
   * call the same org; required with `auth.accessToken` / `auth.getAccessToken`.
   */
  orgKey?: string;
  /** Heavy calls (bulk, COQL, convert, mass update) in flight org-wide; default min(10, maxConcurrency). */
  heavyConcurrency?: number;
  credits?: CreditBudgetOptions;
  /** Redis unreachable: 'local' (default) carries on per process; 'fail' throws CoordinationError. */
  onRedisDown?: 'local' | 'fail';
  /** A slot's lease; renewed while the call runs, so only a crashed process's slots wait this long. Default 30 000. */
  leaseMs?: number;
  /** Refresh-lock TTL; default 15 000. */
  lockMs?: number;
  /** Default 2 000. */
  connectTimeoutMs?: number;
  /** Default 1 500. */
  commandTimeoutMs?: number;
}

/**
 * Share one access token, the org's concurrency cap (`maxConcurrency`) and its API-credit budget between
 * every process through Redis. Either a URL (needs the optional peer @redis/client) or a client you
 * connected yourself (left open on close()).
 */
export type RedisOptions = ({ url: string } | { client: RedisClientLike }) & RedisCommonOptions;

/** What ZohoCore needs from a loaded coordinator (redis/index.ts). */
export interface Coordinator {
  /** The shared token source, when the auth mode mints tokens. */
  readonly tokens: TokenSource | undefined;
  /** A lease id; 'down' when Redis failed; 'credits' when the budget is spent (and onExhausted is 'fail'). */
  enter(
    heavy: boolean,
    cost: number,
    signal: AbortSignal | undefined,
  ): Promise<
    | { kind: 'lease'; id: string }
    | { kind: 'down'; error: Error }
    | { kind: 'credits'; waitMs: number; used: number }
  >;
  leave(id: string): void;
  close(): Promise<void>;
}

export interface CoordinatorDeps {
  readonly options: RedisOptions;
  readonly maxConcurrency: number;
  readonly heavyConcurrency: number;
  readonly local: TokenSource;
  readonly minter: TokenMinter | undefined;
  readonly timeoutMs: number;
  /** Called on the first failure of an outage. */
  readonly reportDown: (error: Error) => void;
  /** Called when Redis answers again after an outage. */
  readonly reportUp: () => void;
}
