/**
 * Switchable faults (contracts.md "Emulator"). A fault without `match` applies to API calls only,
 * never to the OAuth endpoints; `times` fires on the next N matching calls, `every` on every Nth;
 * neither = every matching call.
 */
import type { Fault, FaultMatch } from './types.ts';

export type FaultAction =
  | { kind: 'status'; status: 429 | 500 | 502 | 503 | 504; retryAfterSeconds?: number }
  | { kind: 'reset-before-apply' }
  | { kind: 'reset-after-apply' };

interface Armed {
  fault: Exclude<Fault, { kind: 'expire-tokens' }>;
  seen: number;
  fired: number;
}

function matches(
  m: FaultMatch | undefined,
  method: string,
  path: string,
  operation: string,
): boolean {
  if (!m) return !path.startsWith('/oauth/');
  if (m.method !== undefined && m.method.toUpperCase() !== method) return false;
  if (m.pathPrefix !== undefined && !path.startsWith(m.pathPrefix)) return false;
  if (m.operation !== undefined && m.operation !== operation) return false;
  if (m.pathPrefix === undefined && m.operation === undefined && path.startsWith('/oauth/'))
    return false;
  return true;
}

export class Faults {
  private armed: Armed[] = [];

  constructor(private readonly onExpireTokens: () => void) {}

  set(f: Fault): void {
    if (f.kind === 'expire-tokens') {
      this.onExpireTokens();
      return;
    }
    this.armed.push({ fault: f, seen: 0, fired: 0 });
  }

  clear(): void {
    this.armed = [];
  }

  /** The faults armed now, with how often each fired (the admin endpoint shows them). */
  list(): { fault: Fault; fired: number }[] {
    return this.armed.map((a) => ({ fault: a.fault, fired: a.fired }));
  }

  /** Added latency for this call (sum of matching latency faults). */
  latency(method: string, path: string, operation: string): number {
    let ms = 0;
    for (const a of this.armed)
      if (a.fault.kind === 'latency' && matches(a.fault.match, method, path, operation))
        ms += a.fault.ms;
    return ms;
  }

  /** The first non-latency fault that fires for this call, if any. */
  take(method: string, path: string, operation: string): FaultAction | null {
    for (const a of this.armed) {
      const f = a.fault;
      if (f.kind === 'latency' || !matches(f.match, method, path, operation)) continue;
      a.seen += 1;
      let fire: boolean;
      if (f.every !== undefined)
        fire = a.seen % f.every === 0 && (f.times === undefined || a.fired < f.times);
      else if (f.times !== undefined) fire = a.fired < f.times;
      else fire = true;
      if (!fire) continue;
      a.fired += 1;
      if (f.kind === 'status') {
        return f.retryAfterSeconds === undefined
          ? { kind: 'status', status: f.status }
          : { kind: 'status', status: f.status, retryAfterSeconds: f.retryAfterSeconds };
      }
      return { kind: f.kind };
    }
    return null;
  }
}
