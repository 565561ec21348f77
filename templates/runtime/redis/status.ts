/**
 * What the shared limits look like right now, read from Redis without changing anything (for
 * `zcrm-codegen status`). Shows token age and expiry — never the token — leases in flight and their
 * holders, and credits spent in the window.
 */
import { DEFAULT_KEY_PREFIX, parseKey } from './keys.js';
import {
  closeConnection,
  command,
  connectRedisUrl,
  DEFAULT_REDIS_TIMEOUTS,
  type RedisClientLike,
  type RedisConnection,
} from './redis-client.js';

const DAY_MS = 86_400_000;
/** The bucket size the clients use for a 24-hour window (redis/index.ts). */
const BUCKET_MS = 60_000;

export interface OrgStatus {
  /** The `{tag}` of the keys: a hash of the grant, or the orgKey option. */
  readonly key: string;
  readonly token?: {
    readonly ageMs: number | undefined;
    readonly expiresInMs: number;
    readonly generation: number;
    readonly apiDomain: string | undefined;
    readonly refreshing: boolean;
  };
  readonly inFlight: number;
  readonly heavyInFlight: number;
  /** Lease holders ("host:pid") with their count of leases. */
  readonly holders: Readonly<Record<string, number>>;
  /** Credits spent in the rolling window (24 h), undefined when none were recorded. */
  readonly creditsUsed: number | undefined;
}

export interface SharedStatus {
  readonly keyPrefix: string;
  readonly orgs: readonly OrgStatus[];
}

export interface StatusOptions {
  url?: string;
  client?: RedisClientLike;
  keyPrefix?: string;
}

export async function readSharedStatus(options: StatusOptions): Promise<SharedStatus> {
  const prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
  let conn: RedisConnection;
  if (options.client !== undefined)
    conn = { client: options.client, owned: false, timeouts: DEFAULT_REDIS_TIMEOUTS };
  else if (options.url !== undefined)
    conn = await connectRedisUrl(options.url, DEFAULT_REDIS_TIMEOUTS);
  else throw new TypeError('readSharedStatus: pass { url } or { client }');
  try {
    const tags = new Map<string, Set<string>>();
    let cursor = '0';
    do {
      const reply = await command(conn, [
        'SCAN',
        cursor,
        'MATCH',
        `${escapeGlob(prefix)}{*`,
        'COUNT',
        '500',
      ]);
      const [next, found] = Array.isArray(reply) ? reply : ['0', []];
      cursor = String(next);
      for (const k of Array.isArray(found) ? found : []) {
        const parsed = parseKey(prefix, String(k));
        if (parsed === undefined) continue;
        if (!tags.has(parsed.tag)) tags.set(parsed.tag, new Set());
        tags.get(parsed.tag)?.add(parsed.kind);
      }
    } while (cursor !== '0');
    const timeReply = await command(conn, ['TIME']);
    const t = Array.isArray(timeReply) ? timeReply : [];
    const now = Number(t[0]) * 1000 + Math.floor(Number(t[1]) / 1000);
    const orgs: OrgStatus[] = [];
    for (const [tag, kinds] of [...tags].sort(([a], [b]) => a.localeCompare(b))) {
      orgs.push(await orgStatus(conn, prefix, tag, kinds, now));
    }
    return { keyPrefix: prefix, orgs };
  } finally {
    await closeConnection(conn);
  }
}

async function orgStatus(
  conn: RedisConnection,
  prefix: string,
  tag: string,
  kinds: ReadonlySet<string>,
  now: number,
): Promise<OrgStatus> {
  const base = `${prefix}{${tag}}:`;
  let token: OrgStatus['token'];
  if (kinds.has('token')) {
    const f = await command(conn, [
      'HMGET',
      `${base}token`,
      'obtained_at',
      'expires_at',
      'generation',
      'api_domain',
    ]);
    const pttl = Number(await command(conn, ['PTTL', `${base}token`]));
    const [obtained, expires, generation, apiDomain] = Array.isArray(f)
      ? f.map((v) => (v == null ? '' : String(v)))
      : [];
    void expires;
    token = {
      ageMs:
        obtained === undefined || obtained === ''
          ? undefined
          : Math.max(0, Date.now() - Number(obtained)),
      expiresInMs: Math.max(0, pttl),
      generation: Number(generation ?? 0),
      apiDomain: apiDomain === '' ? undefined : apiDomain,
      refreshing: kinds.has('token-lock'),
    };
  }
  const leases = await liveLeases(conn, `${base}inflight`, now);
  const heavy = await liveLeases(conn, `${base}inflight-heavy`, now);
  const holders: Record<string, number> = {};
  for (const id of leases) {
    const holder = id.slice(0, id.lastIndexOf(':'));
    holders[holder] = (holders[holder] ?? 0) + 1;
  }
  let creditsUsed: number | undefined;
  if (kinds.has('credits')) {
    // Summed over the buckets still in the window (the running total is only trimmed on the next call).
    const buckets = await command(conn, [
      'ZRANGEBYSCORE',
      `${base}credit-buckets`,
      String(now - DAY_MS - BUCKET_MS),
      '+inf',
    ]);
    const names = Array.isArray(buckets) ? buckets.map(String) : [];
    const values =
      names.length === 0 ? [] : await command(conn, ['HMGET', `${base}credits`, ...names]);
    creditsUsed = (Array.isArray(values) ? values : []).reduce<number>(
      (sum, v) => sum + (v == null ? 0 : Number(v)),
      0,
    );
  }
  return {
    key: tag,
    ...(token === undefined ? {} : { token }),
    inFlight: leases.length,
    heavyInFlight: heavy.length,
    holders,
    creditsUsed,
  };
}

async function liveLeases(conn: RedisConnection, key: string, now: number): Promise<string[]> {
  const r = await command(conn, ['ZRANGEBYSCORE', key, String(now + 1), '+inf']);
  return Array.isArray(r) ? r.map(String) : [];
}

function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/** Human-readable lines for the CLI. */
export function formatSharedStatus(s: SharedStatus): string {
  if (s.orgs.length === 0) return `no shared limits found under key prefix "${s.keyPrefix}"\n`;
  const lines: string[] = [];
  for (const o of s.orgs) {
    lines.push(`org key ${o.key}`);
    if (o.token !== undefined) {
      const age = o.token.ageMs === undefined ? 'unknown age' : `age ${seconds(o.token.ageMs)}`;
      lines.push(
        `  token: generation ${o.token.generation}, ${age}, expires in ${seconds(o.token.expiresInMs)}${o.token.refreshing ? ', refresh in progress' : ''}${o.token.apiDomain === undefined ? '' : `, api_domain ${o.token.apiDomain}`}`,
      );
    } else lines.push('  token: none stored');
    const holders = Object.entries(o.holders)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([h, n]) => `${h} ×${n}`)
      .join(', ');
    lines.push(
      `  in flight: ${o.inFlight} (heavy ${o.heavyInFlight})${holders === '' ? '' : ` — ${holders}`}`,
    );
    lines.push(`  credits used in the last 24 h: ${o.creditsUsed ?? 0}`);
  }
  return lines.join('\n') + '\n';
}

function seconds(ms: number): string {
  return ms >= 120_000 ? `${Math.round(ms / 60_000)} min` : `${(ms / 1000).toFixed(1)} s`;
}
