/**
 * Whether Redis is usable right now. The first failure of an outage is reported once (the
 * `onCoordinationError` hook); while down, Redis is left alone and retried every `retryMs`, so calls go on
 * per process without waiting on it.
 */
export class RedisHealth {
  private down = false;
  private retryAt = 0;

  constructor(
    private readonly report: (error: Error) => void,
    private readonly retryMs = 2_000,
    private readonly restored: () => void = () => undefined,
  ) {}

  /** True when Redis should be tried (up, or due for a retry). */
  usable(): boolean {
    return !this.down || Date.now() >= this.retryAt;
  }

  get isDown(): boolean {
    return this.down;
  }

  failed(err: unknown): void {
    this.retryAt = Date.now() + this.retryMs;
    if (this.down) return;
    this.down = true;
    this.report(err instanceof Error ? err : new Error(String(err)));
  }

  ok(): void {
    if (!this.down) return;
    this.down = false;
    this.restored();
  }
}
