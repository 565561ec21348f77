/** Shapes shared by the emulator's files: one request in, one response out, and the public options. */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Snapshot } from '../generator/metadata/snapshot-types.ts';

export type Rec = Record<string, unknown> & { id: string };

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /**
   * The body unread, for routes that take files (RouteDef.streamBody): the handler streams it to disk
   * instead of the server holding it whole. `body` is then empty. Unset on every other route, and on a
   * sub-request (composite), whose body is `body`.
   */
  stream?: AsyncIterable<Buffer>;
  /** Path parameters captured by the route pattern (`:module`, `:id`, …). */
  params: Record<string, string>;
  /** Scopes of the access token that made the call (empty for OAuth endpoints). */
  scopes: readonly string[];
}

export interface ApiResponse {
  status: number;
  json?: unknown;
  bytes?: Uint8Array;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** A stored file sent as it is read from disk (downloads), never loaded whole. */
  file?: { path: string; size: number };
}

export interface EmulatorLimits {
  concurrency?: number;
  /** Sub-concurrency of heavy APIs (COQL, bulk, convert, mass update, composite); unset = no cap. */
  heavyConcurrency?: number;
  perMinute?: number;
  perDay?: number;
  mintPerTenMinutes?: number;
}

export interface EmulatorOptions {
  snapshot: Snapshot | string;
  port?: number;
  records?: number;
  seed?: number;
  clientId?: string;
  clientSecret?: string;
  refreshToken?: string;
  accessTokenTtlSeconds?: number;
  scopes?: string[];
  limits?: EmulatorLimits;
  /**
   * Answers requests under ADMIN_PREFIX (`/__admin/`) before any routing, limit or fault — the dev server's
   * admin endpoint (admin.ts). Returns when it has answered.
   */
  admin?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

export type FaultMatch = { method?: string; pathPrefix?: string; operation?: string };
export type Fault =
  | { kind: 'latency'; ms: number; match?: FaultMatch }
  | {
      kind: 'status';
      status: 429 | 500 | 502 | 503 | 504;
      /** For 429: the Retry-After (and X-RATELIMIT-RESET) seconds to answer with; default 1. */
      retryAfterSeconds?: number;
      times?: number;
      every?: number;
      match?: FaultMatch;
    }
  | { kind: 'reset-before-apply'; times?: number; every?: number; match?: FaultMatch }
  | { kind: 'reset-after-apply'; times?: number; every?: number; match?: FaultMatch }
  | { kind: 'expire-tokens' };

export interface LogEntry {
  time: number;
  method: string;
  path: string;
  operationId: string;
  status: number;
  durationMs: number;
}
