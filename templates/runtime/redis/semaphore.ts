/**
 * A semaphore shared by every process of an org: a sorted set of lease ids scored by their expiry (Redis
 * clock). Taking, freeing and renewing a lease are Lua scripts (scripts.ts); a crashed process's leases
 * expire on their own and its slots come back. The same script spends the call's API credits, so a slot
 * and its credits are taken together or not at all.
 *
 * Waiting: each process queues its own callers FIFO and only the head asks Redis; a freed slot is
 * announced on a pub/sub channel (with a polling fallback), so waiting costs one script call per process
 * per freed slot, not one per caller.
 *
 * A command that timed out on our side may still run on the server: a paused Redis (SIGSTOP, a long
 * fork, a stalled VM) answers the queued ACQUIRE when it resumes and grants a slot the caller has long
 * stopped waiting for. Such a lease id is "unsettled": a RELEASE for it is sent at once on the same
 * connection — Redis runs one connection's commands in order, so the RELEASE lands after the ACQUIRE —
 * and sent again until Redis answers it. After a pause no lease is left that no live call owns; without
 * this, orphan leases held the org's slots until they expired (`leaseMs`).
 */
import { hostname } from 'node:os';
import { ACQUIRE, RELEASE, RENEW } from './scripts.js';
import type { OrgKeys } from './keys.js';
import type { RedisHealth } from './health.js';
import type { RedisConnection } from './redis-client.js';

export interface SemaphoreConfig {
  /** Calls in flight across all processes. */
  readonly cap: number;
  /** Heavy calls in flight across all processes (≤ cap). */
  readonly heavyCap: number;
  /** Lease life; renewed every third of it while the call runs. */
  readonly leaseMs: number;
  /** 0 = no limit; else credits allowed in the window (daily budget minus reserve). */
  readonly creditLimit: number;
  readonly windowMs: number;
  readonly bucketMs: number;
  /** Poll interval while waiting when no pub/sub message comes. */
  readonly pollMs: number;
}

export type AcquireResult =
  | { readonly kind: 'lease'; readonly id: string }
  /** Redis failed: the caller carries on without a shared slot. */
  | { readonly kind: 'down'; readonly error: Error }
  /** The credit budget is spent; `waitMs` until enough credits leave the window (at the earliest). */
  | { readonly kind: 'credits'; readonly waitMs: number; readonly used: number };

interface Waiter {
  readonly heavy: boolean;
  readonly cost: number;
  /** Wait for credits rather than answer 'credits'. */
  readonly waitForCredits: boolean;
  readonly resolve: (r: AcquireResult) => void;
  readonly reject: (err: unknown) => void;
  readonly signal: AbortSignal | undefined;
  settled: boolean;
}

let leaseCounter = 0;
const HOLDER = `${hostname()}:${process.pid}`;

export class SharedSemaphore {
  private readonly queue: Waiter[] = [];
  private pumping = false;
  private wakeUp: (() => void) | undefined;
  /** A wake that came while no one slept (e.g. during a script call): the next sleep returns at once. */
  private wakePending = false;
  private readonly held = new Set<string>();
  /** Lease ids that may be granted (or not yet freed) in Redis though no call owns them: to release. */
  private readonly unsettled = new Set<string>();
  private settling = false;
  /** RELEASEs under way, awaited by close() so the connection is not closed under them. */
  private readonly releasing = new Set<Promise<void>>();
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private renewTimer: ReturnType<typeof setInterval> | undefined;
  private closed = false;

  constructor(
    private readonly conn: RedisConnection,
    private readonly keys: OrgKeys,
    private readonly config: SemaphoreConfig,
    private readonly health: RedisHealth,
  ) {}

  /** Held leases of this process (for tests and status). */
  get heldCount(): number {
    return this.held.size;
  }

  /** Lease ids this process still has to free in Redis (for tests). */
  get unsettledCount(): number {
    return this.unsettled.size;
  }

  /** A freed slot somewhere (pub/sub) or here: the head waiter tries again now. */
  wake(): void {
    const w = this.wakeUp;
    this.wakeUp = undefined;
    if (w === undefined) this.wakePending = true;
    else w();
  }

  acquire(
    heavy: boolean,
    cost: number,
    waitForCredits: boolean,
    signal?: AbortSignal,
  ): Promise<AcquireResult> {
    return new Promise<AcquireResult>((resolve, reject) => {
      const waiter: Waiter = {
        heavy,
        cost,
        waitForCredits,
        resolve,
        reject,
        signal,
        settled: false,
      };
      if (signal !== undefined) {
        if (signal.aborted) {
          reject(signal.reason);
          return;
        }
        signal.addEventListener(
          'abort',
          () => {
            if (waiter.settled) return;
            waiter.settled = true;
            reject(signal.reason);
            this.wake();
          },
          { once: true },
        );
      }
      this.queue.push(waiter);
      void this.pump();
    });
  }

  /** Frees a lease (fire and forget: one that fails is sent again until Redis answers it). */
  release(id: string): void {
    if (!this.held.delete(id)) return;
    if (this.held.size === 0) this.stopRenewing();
    void this.sendRelease(id);
  }

  /** One RELEASE. A failed one stays unsettled and is sent again later. */
  private sendRelease(id: string): Promise<void> {
    const sent = RELEASE.run(
      this.conn,
      [this.keys.inflight, this.keys.heavy],
      [id, this.keys.freed],
    ).then(
      () => {
        this.unsettled.delete(id);
        if (!this.closed) {
          this.health.ok();
          this.wake();
        }
      },
      (err: unknown) => {
        this.unsettled.add(id);
        if (!this.closed) {
          this.health.failed(err);
          this.scheduleSettle();
          this.wake();
        }
      },
    );
    this.releasing.add(sent);
    void sent.finally(() => this.releasing.delete(sent));
    return sent;
  }

  /** Sends the RELEASE of every unsettled lease again, one round at a time, until Redis answers. */
  private settle(): void {
    if (this.settling || this.unsettled.size === 0) return;
    this.settling = true;
    void Promise.all([...this.unsettled].map((id) => this.sendRelease(id))).finally(() => {
      this.settling = false;
      if (this.unsettled.size > 0) this.scheduleSettle();
    });
  }

  private scheduleSettle(): void {
    if (this.settleTimer !== undefined || this.closed) return;
    this.settleTimer = setTimeout(() => {
      this.settleTimer = undefined;
      this.settle();
    }, this.config.pollMs * 4);
    this.settleTimer.unref?.();
  }

  /**
   * Stops waiting and renewing, frees every lease this process holds or may hold, and waits for those
   * RELEASEs (each bounded by the command timeout) so the connection is not closed under them.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.stopRenewing();
    if (this.settleTimer !== undefined) clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
    for (const w of this.queue.splice(0)) {
      if (!w.settled) {
        w.settled = true;
        w.resolve({ kind: 'down', error: new Error('the client is closed') });
      }
    }
    this.wake();
    const ids = new Set([...this.held, ...this.unsettled]);
    this.held.clear();
    for (const id of ids) void this.sendRelease(id);
    await Promise.allSettled([...this.releasing]);
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      // Set when the heavy cap is full: heavy waiters keep their place, light ones behind them go first.
      let heavyFull = false;
      while (this.queue.length > 0) {
        const head = this.queue[0];
        if (head === undefined || head.settled) {
          this.queue.shift();
          continue;
        }
        const index = heavyFull ? this.queue.findIndex((q) => !q.settled && !q.heavy) : 0;
        const w = index < 0 ? undefined : this.queue[index];
        if (w === undefined) {
          await this.sleep(this.config.pollMs + Math.floor(Math.random() * 10));
          heavyFull = false;
          continue;
        }
        if (this.closed || !this.health.usable()) {
          this.settleAllDown(new Error('Redis is unavailable'));
          break;
        }
        const id = `${HOLDER}:${++leaseCounter}`;
        this.wakePending = false;
        let reply: unknown;
        try {
          reply = await ACQUIRE.run(
            this.conn,
            [this.keys.inflight, this.keys.heavy, this.keys.credits, this.keys.creditBuckets],
            [
              id,
              this.config.leaseMs,
              this.config.cap,
              w.heavy ? 1 : 0,
              this.config.heavyCap,
              w.cost,
              this.config.creditLimit,
              this.config.windowMs,
              this.config.bucketMs,
            ],
          );
        } catch (err) {
          // The script may still run when Redis answers again (a pause): free the slot it may take.
          this.unsettled.add(id);
          void this.sendRelease(id);
          this.health.failed(err);
          this.settleAllDown(err instanceof Error ? err : new Error(String(err)));
          break;
        }
        this.health.ok();
        this.settle();
        const [code, a, b] = readTriple(reply);
        if (code === 1) {
          this.queue.splice(index, 1);
          if (w.settled) {
            // Aborted while Redis answered: give the slot straight back.
            this.held.add(id);
            this.release(id);
            continue;
          }
          w.settled = true;
          this.held.add(id);
          this.startRenewing();
          w.resolve({ kind: 'lease', id });
          continue;
        }
        if (code === 2 && !heavyFull) {
          heavyFull = true;
          continue;
        }
        if (code === -1 && !w.waitForCredits) {
          this.queue.splice(index, 1);
          w.settled = true;
          w.resolve({ kind: 'credits', waitMs: a, used: b });
          continue;
        }
        // No slot (or no credits and this caller waits): sleep until a slot is freed or the poll is due.
        const wait = code === -1 ? Math.min(a, 30_000) : Math.min(a, this.config.pollMs);
        await this.sleep(wait + Math.floor(Math.random() * 10));
        heavyFull = false;
      }
    } finally {
      this.pumping = false;
    }
  }

  private settleAllDown(error: Error): void {
    for (const w of this.queue.splice(0)) {
      if (w.settled) continue;
      w.settled = true;
      w.resolve({ kind: 'down', error });
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.wakePending) {
      this.wakePending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        if (this.wakeUp === done) this.wakeUp = undefined;
        resolve();
      }, ms);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.wakeUp = done;
    });
  }

  private startRenewing(): void {
    if (this.renewTimer !== undefined) return;
    this.renewTimer = setInterval(
      () => {
        if (this.held.size === 0) return;
        RENEW.run(
          this.conn,
          [this.keys.inflight, this.keys.heavy],
          [this.config.leaseMs, ...this.held],
        ).catch((err: unknown) => this.health.failed(err));
      },
      Math.max(50, Math.floor(this.config.leaseMs / 3)),
    );
    this.renewTimer.unref?.();
  }

  private stopRenewing(): void {
    if (this.renewTimer === undefined) return;
    clearInterval(this.renewTimer);
    this.renewTimer = undefined;
  }
}

function readTriple(reply: unknown): [number, number, number] {
  if (!Array.isArray(reply)) return [0, 50, 0];
  return [Number(reply[0] ?? 0), Number(reply[1] ?? 0), Number(reply[2] ?? 0)];
}
