/** What tests read back: every call with its operationId, peak concurrency, tokens minted. */
import type { LogEntry } from './types.ts';

export class RequestLog {
  readonly entries: LogEntry[] = [];

  add(e: LogEntry): void {
    this.entries.push(e);
  }

  count(operationId?: string): number {
    if (operationId === undefined)
      return this.entries.filter(
        (e) => e.operationId !== 'getToken' && e.operationId !== 'revokeToken',
      ).length;
    let n = 0;
    for (const e of this.entries) if (e.operationId === operationId) n += 1;
    return n;
  }

  clear(): void {
    this.entries.length = 0;
  }
}
