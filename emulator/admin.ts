/**
 * The dev server's admin endpoint: what tests do to the emulator in-process, a user does over HTTP.
 * Loopback only — the peer and the Host header must both be loopback (a page in a browser cannot reach it by
 * DNS rebinding) — and it lives under /__admin/, a path Zoho never uses, answered before routing, limits and
 * faults, so injecting a fault never blocks taking it away.
 *
 *   GET    /__admin/status         url, records per module seeded, faults armed (and how often each fired),
 *                                  tokens minted, API calls served
 *   POST   /__admin/faults         arm one fault or an array of them (JSON, as EmulatorOptions' Fault):
 *                                  {"kind":"status","status":429,"retryAfterSeconds":5,"times":3}
 *                                  {"kind":"status","status":503,"every":4}
 *                                  {"kind":"reset-before-apply","times":1}    (connection reset)
 *                                  {"kind":"latency","ms":2000}
 *                                  {"kind":"expire-tokens"}                   (every access token now invalid)
 *   DELETE /__admin/faults         disarm every fault
 *   POST   /__admin/reset          a fresh store: {"records": N, "seed": S} (both optional; default as started)
 *   GET    /__admin/log?last=N     the last N requests (method, path, operationId, status, ms)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLoopbackHost } from '../templates/runtime/data-centers.ts';
import type { Emulator, Fault } from './index.ts';

export const ADMIN_PREFIX = '/__admin/';

export interface AdminTarget {
  readonly emulator: () => Emulator;
  readonly records: () => number;
  readonly seed: () => number;
  /** Starts over on the same port; called after the answer went out. */
  readonly reset: (options: { records?: number; seed?: number }) => Promise<void>;
}

class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function adminHandler(
  target: AdminTarget,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    let after: (() => Promise<void>) | undefined;
    let status = 200;
    let body: unknown;
    try {
      if (!isLoopbackPeer(req))
        throw new AdminError(403, 'the admin endpoint answers loopback clients only');
      const url = new URL(req.url ?? '/', 'http://localhost');
      const action = `${(req.method ?? 'GET').toUpperCase()} ${url.pathname.replace(/\/+$/, '')}`;
      const emulator = target.emulator();
      switch (action) {
        case 'GET /__admin':
        case 'GET /__admin/status':
          body = describeState(target);
          break;
        case 'POST /__admin/faults': {
          const given = await readJson(req);
          const faults = (Array.isArray(given) ? given : [given]).map(toFault);
          for (const f of faults) emulator.faults.set(f);
          body = { faults: emulator.faults.list() };
          break;
        }
        case 'DELETE /__admin/faults':
          emulator.faults.clear();
          body = { faults: [] };
          break;
        case 'POST /__admin/reset': {
          const given = await readJson(req, {});
          const options = { ...optionalCount(given, 'records'), ...optionalCount(given, 'seed') };
          body = {
            reset: true,
            records: options.records ?? target.records(),
            seed: options.seed ?? target.seed(),
          };
          after = () => target.reset(options);
          break;
        }
        case 'GET /__admin/log': {
          const last = Number(url.searchParams.get('last') ?? '50');
          body = {
            entries: emulator.log.entries.slice(
              -Math.max(0, Math.min(Number.isFinite(last) ? last : 50, 10_000)),
            ),
          };
          break;
        }
        default:
          throw new AdminError(404, `no admin action ${action}; see GET ${ADMIN_PREFIX}status`);
      }
    } catch (error) {
      status = error instanceof AdminError ? error.status : 500;
      body = { error: error instanceof Error ? error.message : String(error) };
    }
    const text = `${JSON.stringify(body, null, 2)}\n`;
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      connection: 'close',
    });
    await new Promise<void>((resolve) => res.end(text, resolve));
    if (after !== undefined) setImmediate(() => void after());
  };
}

function describeState(target: AdminTarget): Record<string, unknown> {
  const e = target.emulator();
  return {
    url: e.url,
    recordsPerModule: target.records(),
    seed: target.seed(),
    faults: e.faults.list(),
    tokensMinted: e.log.tokensMinted,
    apiCalls: e.log.count(),
  };
}

function isLoopbackPeer(req: IncomingMessage): boolean {
  const peer = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  const hostOk = host === '' || isLoopbackHost(host);
  return (peer === '::1' || /^127\./.test(peer)) && hostOk;
}

async function readJson(req: IncomingMessage, empty?: unknown): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > 64 * 1024) throw new AdminError(413, 'admin request body over 64 KiB');
    chunks.push(c);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '' && empty !== undefined) return empty;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AdminError(400, `the body is not JSON: ${JSON.stringify(text.slice(0, 80))}`);
  }
}

function optionalCount(
  given: unknown,
  key: 'records' | 'seed',
): { records?: number; seed?: number } {
  const v =
    typeof given === 'object' && given !== null
      ? (given as Record<string, unknown>)[key]
      : undefined;
  if (v === undefined) return {};
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    throw new AdminError(400, `${key} must be a non-negative integer`);
  return { [key]: v };
}

const STATUSES = [429, 500, 502, 503, 504] as const;
const COUNTS = ['times', 'every'] as const;

/** A fault from JSON, checked field by field so a typo is a 400 naming it, not a fault that never fires. */
export function toFault(v: unknown): Fault {
  if (typeof v !== 'object' || v === null)
    throw new AdminError(400, 'a fault is a JSON object with a "kind"');
  const o = v as Record<string, unknown>;
  const allowed: Record<string, readonly string[]> = {
    status: ['kind', 'status', 'retryAfterSeconds', 'times', 'every', 'match'],
    'reset-before-apply': ['kind', 'times', 'every', 'match'],
    'reset-after-apply': ['kind', 'times', 'every', 'match'],
    latency: ['kind', 'ms', 'match'],
    'expire-tokens': ['kind'],
  };
  const kind = o['kind'];
  const keys = typeof kind === 'string' ? allowed[kind] : undefined;
  if (keys === undefined)
    throw new AdminError(
      400,
      `unknown fault kind ${JSON.stringify(kind)}; one of ${Object.keys(allowed).join(', ')}`,
    );
  for (const k of Object.keys(o))
    if (!keys.includes(k))
      throw new AdminError(400, `a ${String(kind)} fault has no field ${JSON.stringify(k)}`);
  const count = (k: string, min: number) => {
    const n = o[k];
    if (n !== undefined && (typeof n !== 'number' || !Number.isInteger(n) || n < min))
      throw new AdminError(400, `${k} must be an integer ≥ ${min}`);
  };
  for (const k of COUNTS) count(k, 1);
  count('retryAfterSeconds', 0);
  count('ms', 0);
  if (kind === 'status' && !STATUSES.includes(o['status'] as (typeof STATUSES)[number])) {
    throw new AdminError(400, `status must be one of ${STATUSES.join(', ')}`);
  }
  if (kind === 'latency' && o['ms'] === undefined)
    throw new AdminError(400, 'a latency fault needs "ms"');
  const m = o['match'];
  if (m !== undefined) {
    if (typeof m !== 'object' || m === null)
      throw new AdminError(400, 'match is an object {method?, pathPrefix?, operation?}');
    for (const [k, x] of Object.entries(m)) {
      if (!['method', 'pathPrefix', 'operation'].includes(k) || typeof x !== 'string') {
        throw new AdminError(
          400,
          `match.${k} is not one of method, pathPrefix, operation (strings)`,
        );
      }
    }
  }
  return o as unknown as Fault;
}
