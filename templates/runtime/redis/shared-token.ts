/**
 * One access token per grant (client id + refresh token) for every process, kept in Redis.
 *
 * - Exactly one process refreshes: it takes the refresh lock (SET NX PX, with a fencing token from a
 *   counter), mints, and stores the token only if it still holds the lock; the others poll (with backoff)
 *   until the new token appears or the lock is gone — a holder that died leaves the lock to expire and
 *   the next process takes over.
 * - The holder extends its lock every third of `lockMs` while the mint is in flight: a token endpoint
 *   slower than the lock (a mint may take the request timeout × 3 attempts) must not let a second
 *   process mint, since every mint spends Zoho's 10-per-10-minutes budget. A holder killed mid-mint
 *   stops extending, so its lock still expires within `lockMs`.
 * - Each stored token carries its generation (the fence of its writer). A process that saw INVALID_TOKEN
 *   on generation g refreshes only while the stored generation is still g: however many processes see
 *   the same refusal, one refresh follows.
 * - What is stored: the access token (it has to be shared to be useful), its expiry, when it was minted
 *   and api_domain — with a TTL of the token's remaining life. Never the client secret or refresh token.
 * - When Redis fails, the per-process token source takes over (health.ts decides when to retry Redis).
 */
import { hostname } from 'node:os';
import { REFRESH_BEFORE_EXPIRY_MS, TokenMinter, type TokenSource } from '../auth.js';
import { TokenEndpointError } from '../errors.js';
import type { RefreshEvent } from '../hooks.js';
import { sleep } from '../retry.js';
import type { RedisHealth } from './health.js';
import type { TokenKeys } from './keys.js';
import { RedisCommandError, command, type RedisConnection } from './redis-client.js';
import { EXTEND_LOCK, LOCK, PUBLISH_TOKEN, READ_TOKEN, UNLOCK } from './scripts.js';

export interface SharedTokenConfig {
  /** Refresh lock TTL: how long a dead holder blocks the others. */
  readonly lockMs: number;
  /**
   * Longest wait for another process's refresh before minting per process: longer than the slowest mint
   * a live holder can be in (it keeps its lock meanwhile), so a slow endpoint never causes a second mint.
   */
  readonly waitMaxMs: number;
}

/**
 * Waited `waitMaxMs` for another process's refresh: not a Redis failure (Redis answered every poll), so
 * it is not reported as one; this process then mints on its own.
 */
export class SharedTokenWaitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SharedTokenWaitError';
  }
}

/** Below this much remaining life a token is not served; callers wait for the refresh. */
const MIN_USABLE_MS = 30_000;
/**
 * Shared tokens are refreshed closer to expiry than per-process ones (1/20 of their life, at most 5
 * minutes): one process mints for all, so early refreshes would only spend the mint budget.
 */
const SHARED_REFRESH_FRACTION = 20;

interface SharedCurrent {
  readonly accessToken: string;
  readonly generation: number;
  readonly expiresAt: number;
  readonly refreshAt: number;
}

interface Stored {
  readonly accessToken: string;
  readonly expiresAt: number;
  readonly obtainedAt: number;
  readonly apiDomain: string | undefined;
  readonly generation: number;
  /** Remaining life by the Redis clock. */
  readonly pttl: number;
}

const HOLDER = `${hostname()}:${process.pid}`;

export class SharedTokenSource implements TokenSource {
  private current: SharedCurrent | undefined;
  private inflight: Promise<SharedCurrent> | undefined;
  /** The generation Zoho refused; a stored token must be newer. */
  private staleGeneration: number | undefined;
  private rejected: string | undefined;
  private sharedApiDomain: string | undefined;

  constructor(
    private readonly conn: RedisConnection,
    private readonly keys: TokenKeys,
    private readonly minter: TokenMinter,
    private readonly local: TokenSource,
    private readonly health: RedisHealth,
    private readonly config: SharedTokenConfig,
  ) {}

  get apiDomain(): string | undefined {
    return this.sharedApiDomain ?? this.local.apiDomain;
  }

  get secrets(): readonly string[] {
    return this.local.secrets;
  }

  /** The generation of the token in use (0 before any); for tests and status. */
  get generation(): number {
    return this.current?.generation ?? 0;
  }

  getToken(): string | Promise<string> {
    const cur = this.current;
    if (!this.health.usable()) {
      // Redis is down: the shared token stays good until it is due; only then does this process mint.
      return cur !== undefined && Date.now() < cur.refreshAt
        ? cur.accessToken
        : this.local.getToken();
    }
    if (cur !== undefined) {
      const now = Date.now();
      if (now < cur.refreshAt) return cur.accessToken;
      if (now < cur.expiresAt - MIN_USABLE_MS) {
        this.refresh('expiring').catch(() => undefined);
        return cur.accessToken;
      }
    }
    const reason: RefreshEvent['reason'] =
      cur !== undefined ? 'expiring' : this.rejected !== undefined ? 'invalid-token' : 'initial';
    return this.refresh(reason).then(
      (c) => c.accessToken,
      (err: unknown) => {
        if (err instanceof SharedTokenWaitError) return this.local.getToken();
        if (!(err instanceof RedisCommandError)) throw err;
        this.health.failed(err);
        return this.local.getToken();
      },
    );
  }

  invalidate(token: string): boolean {
    if (this.current?.accessToken === token) {
      this.staleGeneration = this.current.generation;
      this.rejected = token;
      this.current = undefined;
      return true;
    }
    if (this.rejected === token) return true;
    // A token the per-process fallback handed out.
    return this.local.invalidate(token);
  }

  private refresh(reason: RefreshEvent['reason']): Promise<SharedCurrent> {
    this.inflight ??= this.doRefresh(reason).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async doRefresh(reason: RefreshEvent['reason']): Promise<SharedCurrent> {
    const deadline = Date.now() + this.config.waitMaxMs;
    let pause = 20;
    for (;;) {
      this.minter.throwIfRefused();
      const stored = await this.read();
      if (stored !== undefined && this.usable(stored)) return this.adopt(stored);
      const fence = Number(
        await LOCK.run(this.conn, [this.keys.lock, this.keys.fence], [this.config.lockMs, HOLDER]),
      );
      if (fence > 0) return this.refreshHolding(fence, reason);
      if (Date.now() > deadline)
        throw new SharedTokenWaitError(
          `no shared token within ${this.config.waitMaxMs} ms (another process holds the refresh lock)`,
        );
      await sleep(pause + Math.floor(Math.random() * pause));
      pause = Math.min(pause * 2, 200);
    }
  }

  /** Holding the lock (fence `fence`): mint unless someone just did, store fenced, release. */
  private async refreshHolding(
    fence: number,
    reason: RefreshEvent['reason'],
  ): Promise<SharedCurrent> {
    const lockValue = `${fence}:${HOLDER}`;
    try {
      const again = await this.read();
      if (again !== undefined && this.usable(again)) return this.adopt(again);
      let token;
      const keepLock = this.keepLock(lockValue);
      try {
        token = await this.minter.mint(reason);
      } catch (err) {
        await this.shareRefusal(err);
        throw err;
      } finally {
        clearInterval(keepLock);
      }
      const ttl = Math.max(1, token.expiresAt - Date.now());
      const written = Number(
        await PUBLISH_TOKEN.run(
          this.conn,
          [this.keys.token, this.keys.lock],
          [
            lockValue,
            fence,
            token.accessToken,
            token.expiresAt,
            token.obtainedAt ?? Date.now(),
            token.apiDomain ?? '',
            ttl,
          ],
        ).catch(() => 0),
      );
      // Fenced out (our lock expired while minting): the token is still good — use it here, unshared.
      return this.adopt({
        accessToken: token.accessToken,
        expiresAt: token.expiresAt,
        obtainedAt: token.obtainedAt ?? Date.now(),
        apiDomain: token.apiDomain,
        generation: written > 0 ? written : fence,
        pttl: ttl,
      });
    } finally {
      await UNLOCK.run(this.conn, [this.keys.lock], [lockValue]).catch(() => undefined);
    }
  }

  /**
   * Extends the lock every third of its TTL while the mint runs. A failed or refused extension is left
   * alone: the next one may succeed, and a holder that lost its lock is fenced out when it publishes.
   */
  private keepLock(lockValue: string): ReturnType<typeof setInterval> {
    const timer = setInterval(
      () => {
        EXTEND_LOCK.run(this.conn, [this.keys.lock], [lockValue, this.config.lockMs]).catch(
          () => undefined,
        );
      },
      Math.max(20, Math.floor(this.config.lockMs / 3)),
    );
    timer.unref?.();
    return timer;
  }

  /** Refusals that a cool-down guards are shared, so the other processes do not ask again. */
  private async shareRefusal(err: unknown): Promise<void> {
    const ms = TokenMinter.coolDownFor(err);
    if (ms === undefined || !(err instanceof TokenEndpointError)) return;
    await command(this.conn, [
      'HSET',
      this.keys.refusal,
      'code',
      err.code,
      'message',
      `${err.code} (seen by another process)`,
    ]).catch(() => undefined);
    await command(this.conn, ['PEXPIRE', this.keys.refusal, String(ms)]).catch(() => undefined);
  }

  private usable(s: Stored): boolean {
    if (s.accessToken === this.rejected) return false;
    if (this.staleGeneration !== undefined && s.generation <= this.staleGeneration) return false;
    return s.pttl > refreshMargin(s);
  }

  private adopt(s: Stored): SharedCurrent {
    const now = Date.now();
    const cur: SharedCurrent = {
      accessToken: s.accessToken,
      generation: s.generation,
      expiresAt: now + s.pttl,
      refreshAt: now + s.pttl - refreshMargin(s),
    };
    this.current = cur;
    this.staleGeneration = undefined;
    const domain = this.minter.acceptedApiDomain({
      accessToken: s.accessToken,
      expiresAt: s.expiresAt,
      obtainedAt: s.obtainedAt,
      apiDomain: s.apiDomain,
    });
    if (domain !== undefined) this.sharedApiDomain = domain;
    return cur;
  }

  private async read(): Promise<Stored | undefined> {
    const reply = await READ_TOKEN.run(this.conn, [this.keys.token, this.keys.refusal], []);
    const r = Array.isArray(reply)
      ? reply.map((v) => (v === null || v === undefined ? '' : String(v)))
      : [];
    const [token, expiresAt, obtainedAt, apiDomain, generation, pttl, code, message, refusalPttl] =
      r;
    if (code !== undefined && code !== '' && Number(refusalPttl) > 0) {
      const err = TokenEndpointError.fromBody(200, { error: code, error_description: message });
      this.minter.refuseFor(err, Number(refusalPttl));
      throw err;
    }
    if (token === undefined || token === '' || Number(pttl) <= 0) return undefined;
    return {
      accessToken: token,
      expiresAt: Number(expiresAt),
      obtainedAt: Number(obtainedAt),
      apiDomain: apiDomain === '' ? undefined : apiDomain,
      generation: Number(generation),
      pttl: Number(pttl),
    };
  }
}

function refreshMargin(s: { expiresAt: number; obtainedAt: number }): number {
  const life = Math.max(0, s.expiresAt - s.obtainedAt);
  return Math.min(REFRESH_BEFORE_EXPIRY_MS, life / SHARED_REFRESH_FRACTION);
}
