/**
 * ClientOptions.redis: the options, and the gate ZohoCore passes each attempt through when they are set.
 * The Redis code itself (./redis/) is loaded with a dynamic import on the first call, so a client without
 * `redis` loads nothing beyond undici.
 */
import type { TokenSource } from './auth.js';
import { CoordinationError, CreditBudgetError, RequestAbortedError } from './errors.js';
import { emit, type Hooks } from './hooks.js';
import { registerSecrets } from './redact.js';
import { defaultCreditCost, type CostInput } from './credit-cost.js';
import type { RedisClientLike } from './redis/redis-client.js';
import type { Coordinator, CoordinatorDeps, RedisOptions } from './redis/coordinator.js';

export type { RedisClientLike } from './redis/redis-client.js';
export type { CostInput } from './credit-cost.js';
export type {
  Coordinator,
  CoordinatorDeps,
  CreditBudgetOptions,
  RedisOptions,
} from './redis/coordinator.js';

/** The part of a call the gate reads. */
export interface GateRequest extends CostInput {
  readonly heavy?: boolean | undefined;
}

const LOAD_RETRY_MS = 2_000;

/** Checks ClientOptions.redis when the client is built (bad input fails fast, naming the field). */
export function validateRedisOptions(o: unknown, hasMinter: boolean): RedisOptions {
  const fail = (msg: string): never => {
    throw new TypeError(`ZohoCore: option \`redis${msg}`);
  };
  if (typeof o !== 'object' || o === null) return fail('` must be { url } or { client }');
  const r = o as Record<string, unknown>;
  if ('url' in r) {
    if (typeof r['url'] !== 'string' || !/^rediss?:\/\//.test(r['url']))
      fail('.url` must be a redis:// or rediss:// URL');
    try {
      const password = new URL(r['url'] as string).password;
      if (password !== '') registerSecrets(decodeURIComponent(password));
    } catch {
      fail('.url` is not a valid URL');
    }
  } else if ('client' in r) {
    const c = r['client'] as { sendCommand?: unknown } | null;
    if (typeof c !== 'object' || c === null || typeof c.sendCommand !== 'function')
      fail('.client` must be a connected @redis/client client (with sendCommand)');
  } else fail('` needs `url` or `client`');
  if (r['keyPrefix'] !== undefined && typeof r['keyPrefix'] !== 'string')
    fail('.keyPrefix` must be a string');
  if (r['orgKey'] !== undefined && (typeof r['orgKey'] !== 'string' || r['orgKey'] === ''))
    fail('.orgKey` must be a non-empty string');
  if (!hasMinter && r['orgKey'] === undefined)
    fail(
      '.orgKey` is required with auth.accessToken / auth.getAccessToken (there is no grant to name the org by)',
    );
  for (const k of [
    'heavyConcurrency',
    'leaseMs',
    'lockMs',
    'connectTimeoutMs',
    'commandTimeoutMs',
  ]) {
    const v = r[k];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 1))
      fail(`.${k}\` must be a positive integer, got ${String(v)}`);
  }
  if (r['onRedisDown'] !== undefined && r['onRedisDown'] !== 'local' && r['onRedisDown'] !== 'fail')
    fail(".onRedisDown` must be 'local' or 'fail'");
  const credits = r['credits'] as Record<string, unknown> | undefined;
  if (credits !== undefined) {
    if (typeof credits !== 'object' || credits === null) fail('.credits` must be an object');
    const budget = credits['dailyBudget'];
    if (typeof budget !== 'number' || !Number.isInteger(budget) || budget < 1)
      fail('.credits.dailyBudget` must be a positive integer');
    const reserve = credits['reserve'] ?? 0;
    if (
      typeof reserve !== 'number' ||
      !Number.isInteger(reserve) ||
      reserve < 0 ||
      reserve >= (budget as number)
    )
      fail('.credits.reserve` must be an integer from 0 to dailyBudget - 1');
    const on = credits['onExhausted'];
    if (on !== undefined && on !== 'wait' && on !== 'fail')
      fail(".credits.onExhausted` must be 'wait' or 'fail'");
    if (credits['cost'] !== undefined && typeof credits['cost'] !== 'function')
      fail('.credits.cost` must be a function');
  }
  return o as RedisOptions;
}

/**
 * Between ZohoCore and the loaded coordinator: loads it on first use, turns its answers into errors, and
 * reports an outage once through `onCoordinationError`.
 */
export class CoordinationGate {
  private coordinator: Coordinator | undefined;
  private loading: Promise<Coordinator | undefined> | undefined;
  private loadRetryAt = 0;
  private down = false;
  private closed = false;
  private readonly fallback: 'local' | 'fail';

  constructor(
    private readonly deps: Omit<CoordinatorDeps, 'reportDown' | 'reportUp'>,
    private readonly hooks: Hooks | undefined,
  ) {
    this.fallback = deps.options.onRedisDown ?? 'local';
  }

  /** The shared token source once loaded (else undefined: the per-process one is used). */
  get tokens(): TokenSource | undefined {
    return this.coordinator?.tokens;
  }

  /** A lease to give back with `leave`, or undefined when running per process (Redis down). */
  async enter(req: GateRequest, signal: AbortSignal | undefined): Promise<string | undefined> {
    const c = this.coordinator ?? (await this.load());
    if (c === undefined) return this.downResult(req.operation, undefined);
    const cost = this.cost(req);
    const budget = this.deps.options.credits;
    const limit = budget === undefined ? 0 : budget.dailyBudget - (budget.reserve ?? 0);
    // A call dearer than the whole budget would wait forever: refuse it whatever onExhausted says.
    if (budget !== undefined && cost > limit)
      throw new CreditBudgetError({
        operation: req.operation,
        used: 0,
        limit,
        cost,
        retryAfterMs: 0,
      });
    let r;
    try {
      r = await c.enter(req.heavy === true, cost, signal);
    } catch (err) {
      throw new RequestAbortedError(req.operation, err);
    }
    if (r.kind === 'lease') return r.id;
    if (r.kind === 'down') return this.downResult(req.operation, r.error);
    throw new CreditBudgetError({
      operation: req.operation,
      used: r.used,
      limit,
      cost,
      retryAfterMs: r.waitMs,
    });
  }

  leave(id: string): void {
    this.coordinator?.leave(id);
  }

  async close(): Promise<void> {
    this.closed = true;
    const c = this.coordinator ?? (await this.loading);
    this.coordinator = undefined;
    await c?.close();
  }

  private cost(req: GateRequest): number {
    const custom = this.deps.options.credits?.cost?.(req);
    if (custom !== undefined && Number.isFinite(custom) && custom >= 0) return Math.ceil(custom);
    return defaultCreditCost(req);
  }

  private downResult(operation: string, error: Error | undefined): undefined {
    if (this.fallback === 'fail')
      throw new CoordinationError(
        operation,
        `Redis is unavailable and redis.onRedisDown is 'fail'${error === undefined ? '' : `: ${error.message}`}`,
        error,
      );
    return undefined;
  }

  private load(): Promise<Coordinator | undefined> {
    if (this.closed || Date.now() < this.loadRetryAt) return Promise.resolve(undefined);
    this.loading ??= (async () => {
      try {
        const mod = await import('./redis/index.js');
        const c = await mod.createRedisCoordinator({
          ...this.deps,
          reportDown: (e) => this.reportDown(e),
          reportUp: () => {
            this.down = false;
          },
        });
        if (this.closed) {
          await c.close();
          return undefined;
        }
        this.coordinator = c;
        this.down = false;
        return c;
      } catch (err) {
        if (isSetupError(err)) throw new CoordinationError('redis', errorMessage(err), err);
        this.reportDown(err instanceof Error ? err : new Error(String(err)));
        this.loadRetryAt = Date.now() + LOAD_RETRY_MS;
        return undefined;
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  private reportDown(error: Error): void {
    if (this.down) return;
    this.down = true;
    emit(this.hooks?.onCoordinationError, {
      error: new CoordinationError(
        'redis',
        `Redis is unavailable (${error.message}); ${this.fallback === 'local' ? 'carrying on per process' : 'calls fail until it is back'}`,
        error,
      ),
      fallback: this.fallback,
    });
  }
}

/** A missing or unusable @redis/client: a setup mistake, not an outage — always thrown. */
function isSetupError(err: unknown): boolean {
  return err instanceof Error && (err as { setup?: unknown }).setup === true;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Delegates to the shared token source once the coordinator is loaded, to the per-process one before. */
export class CoordinatedTokenSource implements TokenSource {
  constructor(
    private readonly local: TokenSource,
    private readonly gate: CoordinationGate,
  ) {}
  getToken(): string | Promise<string> {
    return (this.gate.tokens ?? this.local).getToken();
  }
  invalidate(token: string): boolean {
    return (this.gate.tokens ?? this.local).invalidate(token);
  }
  get apiDomain(): string | undefined {
    return (this.gate.tokens ?? this.local).apiDomain;
  }
  get secrets(): readonly string[] {
    return this.local.secrets;
  }
}

/**
 * What the shared limits look like in Redis now (token age and expiry — never the token — leases in
 * flight and their holders, credits spent in 24 h), per org key under `keyPrefix`. Loads the Redis code
 * on demand, like the client does.
 */
export async function getSharedStatus(options: {
  url?: string;
  client?: RedisClientLike;
  keyPrefix?: string;
}): Promise<import('./redis/status.js').SharedStatus> {
  const mod = await import('./redis/index.js');
  return mod.readSharedStatus(options);
}
