/**
 * A counting semaphore with a FIFO queue: at most `max` calls in flight; the rest wait their turn rather than
 * fail. A waiter whose AbortSignal fires leaves the queue.
 */

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

export class Limiter {
  readonly max: number;
  private active = 0;
  /** Served from `head`; served slots are cleared and compacted now and then (no shift() per release). */
  private readonly queue: (Waiter | undefined)[] = [];
  private head = 0;

  constructor(max: number) {
    if (!Number.isInteger(max) || max < 1)
      throw new TypeError(`Limiter: max must be a positive integer, got ${max}`);
    this.max = max;
  }

  get inFlight(): number {
    return this.active;
  }

  get waiting(): number {
    return this.queue.length - this.head;
  }

  /** Takes a slot if one is free and nobody is queued (no promise, for the hot path). */
  tryAcquire(): boolean {
    if (this.active < this.max && this.head === this.queue.length) {
      this.active++;
      return true;
    }
    return false;
  }

  /** Resolves when a slot is held; the caller must call `release()` exactly once afterwards. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.active < this.max && this.waiting === 0) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      if (signal !== undefined) {
        waiter.onAbort = () => {
          const i = this.queue.indexOf(waiter, this.head);
          if (i >= 0) this.queue.splice(i, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
    });
  }

  release(): void {
    if (this.head < this.queue.length) {
      const next = this.queue[this.head];
      this.queue[this.head] = undefined;
      this.head++;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      if (next !== undefined) {
        if (next.signal !== undefined && next.onAbort !== undefined)
          next.signal.removeEventListener('abort', next.onAbort);
        // The slot passes straight to the next waiter: `active` stays the same.
        next.resolve();
        return;
      }
    }
    if (this.active > 0) this.active--;
  }
}
