/**
 * startEmulator: a local, stateful Zoho CRM v8 server for tests (contracts.md "Emulator").
 * OAuth at `${url}/oauth/v2/token`, API at `${url}/crm/v8/…`, bulk at `${url}/crm/bulk/v8/…`.
 */
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Snapshot } from '../generator/metadata/snapshot-types.ts';
import { BulkJobs } from './bulk-jobs.ts';
import { Faults } from './faults.ts';
import { Limits } from './limits.ts';
import { Channels } from './notifications.ts';
import { OAuthServer } from './oauth.ts';
import { RequestLog } from './request-log.ts';
import { recordTimelines } from './action-state.ts';
import { buildRouter } from './routes.ts';
import { withSpecFallback } from './spec-fallback.ts';
import { DEFAULT_SCOPES } from './scopes.ts';
import { Seeder } from './seed.ts';
import { EmulatorServer } from './server.ts';
import { EmulatorState } from './state.ts';
import type { EmulatorOptions, Fault, LogEntry, Rec } from './types.ts';

export type { EmulatorOptions, Fault, FaultMatch, LogEntry } from './types.ts';

export interface Emulator {
  url: string;
  credentials: { clientId: string; clientSecret: string; refreshToken: string };
  faults: { set(f: Fault): void; clear(): void; list(): { fault: Fault; fired: number }[] };
  log: {
    /** Every request, OAuth included, with its operationId and final status (0 = connection reset). */
    entries: readonly LogEntry[];
    /** Calls of one operation; without an argument, all API calls (OAuth calls excluded). */
    count(operationId?: string): number;
    peakConcurrency: number;
    tokensMinted: number;
    clear(): void;
  };
  store: { records(module: string): readonly Rec[] };
  setSnapshot(s: Snapshot): void;
  /** Test helper: a single-use authorization code for these scopes (expires in 3 minutes). */
  issueGrantCode(scopes?: readonly string[]): string;
  /** Test helper: resolves once every notification callback in flight has been delivered (or failed). */
  notificationsSettled(): Promise<void>;
  close(): Promise<void>;
}

function checkSnapshot(v: unknown, source: string): Snapshot {
  const o = v as Partial<Snapshot> | null;
  if (
    !o ||
    typeof o !== 'object' ||
    !o.modules ||
    !Array.isArray(o.modules.modules) ||
    !o.fields ||
    typeof o.fields !== 'object'
  ) {
    throw new Error(
      `${source}: not a Zoho metadata snapshot (expected {modules: {modules: [...]}, fields: {...}})`,
    );
  }
  return o as Snapshot;
}

async function loadSnapshot(s: Snapshot | string): Promise<Snapshot> {
  if (typeof s !== 'string') return checkSnapshot(s, 'snapshot option');
  let text: string;
  try {
    text = await readFile(s, 'utf8');
  } catch (e) {
    throw new Error(`${s}: cannot read snapshot (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`${s}: snapshot is not valid JSON (${(e as Error).message})`);
  }
  return checkSnapshot(parsed, s);
}

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const snapshot = await loadSnapshot(options.snapshot);
  const credentials = {
    clientId: options.clientId ?? '1000.EMULATORCLIENT0000000000000000',
    clientSecret: options.clientSecret ?? 'emulator-client-secret-0000000000000000000',
    refreshToken:
      options.refreshToken ??
      '1000.emulatorrefresh00000000000000000.emulatorrefresh00000000000000000',
  };
  const state = new EmulatorState(snapshot);
  const seeder = new Seeder(state, options.records ?? 0, options.seed ?? 1);
  state.store.setEnsure((m) => seeder.ensure(m));
  const oauth = new OAuthServer({
    ...credentials,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    scopes: options.scopes ?? DEFAULT_SCOPES,
    mintPerTenMinutes: options.limits?.mintPerTenMinutes ?? 10,
    apiDomain: () => state.url,
  });
  const limits = new Limits(options.limits ?? {});
  const faults = new Faults(() => oauth.expireAll());
  const log = new RequestLog();
  const bulk = new BulkJobs();
  const channels = new Channels(() => state);
  state.store.onChange((m, op, ids, fields) => channels.onChange(m, op, ids, fields));
  recordTimelines(state);
  const server = new EmulatorServer({
    router: await withSpecFallback(buildRouter()),
    oauth,
    limits,
    faults,
    log,
    context: { state, bulk, channels, oauth },
    admin: options.admin,
  });

  await new Promise<void>((resolve, reject) => {
    server.http.once('error', reject);
    server.http.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.http.address() as AddressInfo).port;
  state.url = `http://127.0.0.1:${port}`;

  return {
    url: state.url,
    credentials,
    faults: { set: (f) => faults.set(f), clear: () => faults.clear(), list: () => faults.list() },
    log: {
      get entries() {
        return log.entries;
      },
      count: (op?: string) => log.count(op),
      get peakConcurrency() {
        return limits.peak;
      },
      get tokensMinted() {
        return oauth.minted;
      },
      clear: () => {
        log.clear();
        limits.resetPeak();
      },
    },
    store: { records: (m) => [...state.store.list(state.index.find(m)?.apiName ?? m)] },
    setSnapshot: (s) => state.setSnapshot(checkSnapshot(s, 'setSnapshot')),
    issueGrantCode: (scopes) => oauth.issueGrantCode(scopes ?? DEFAULT_SCOPES),
    notificationsSettled: async () => {
      while (channels.pending.size > 0) await Promise.all([...channels.pending]);
    },
    close: async () => {
      bulk.close();
      await state.blobs.close();
      await new Promise<void>((resolve) => {
        server.http.close(() => resolve());
        server.http.closeAllConnections();
      });
    },
  };
}
