/** Test helpers: start an emulator on the mini snapshot, mint tokens, make raw HTTP calls with undici. */
import { request } from 'undici';
import { afterAll, beforeAll, expect } from 'vitest';
import { SpecValidator } from './spec-validator.ts';
import { fileURLToPath } from 'node:url';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator/index.ts';

export const MINI_SNAPSHOT = fileURLToPath(
  new URL('../../emulator/fixtures/mini-snapshot.json', import.meta.url),
);

export async function start(options: Partial<EmulatorOptions> = {}): Promise<Emulator> {
  return startEmulator({ snapshot: MINI_SNAPSHOT, ...options });
}

/** What useEmulator started for a test file. */
export interface EmulatorSession {
  readonly emu: Emulator;
  readonly token: string;
  readonly crm: Api;
}

/**
 * The set-up an emulator test file opens with. Before its tests: an emulator (on the mini snapshot unless
 * `options.snapshot` says otherwise), an access token, and a client bound to both, handed to `started`
 * (which keeps what the file uses). After them: the emulator is closed, and every response the file got
 * through `call` must have matched spec/.
 */
export function useEmulator(
  options: Partial<EmulatorOptions>,
  started: (session: EmulatorSession) => void,
): void {
  let emu: Emulator | undefined;
  beforeAll(async () => {
    specProblems.length = 0;
    emu = await start(options);
    const token = await accessToken(emu);
    started({ emu, token, crm: api(emu, token) });
  });
  afterAll(async () => {
    await emu?.close();
    expectResponsesMatchSpec();
  });
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  bytes: Uint8Array;
  /** The JSON body ({} when there is none); read nested values with obj/arr/rows/row. */
  json: Record<string, unknown>;
}

export async function tokenCall(emu: Emulator, params: Record<string, string>): Promise<Reply> {
  return call(emu, null, 'POST', '/oauth/v2/token', { form: params });
}

export async function accessToken(emu: Emulator): Promise<string> {
  const r = await tokenCall(emu, {
    grant_type: 'refresh_token',
    client_id: emu.credentials.clientId,
    client_secret: emu.credentials.clientSecret,
    refresh_token: emu.credentials.refreshToken,
  });
  const t = r.json['access_token'];
  if (typeof t !== 'string') throw new Error(`no token: ${r.text}`);
  return t;
}

export interface CallOptions {
  query?: Record<string, string | number>;
  body?: unknown;
  rawBody?: string | Uint8Array;
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

export async function call(
  emu: Emulator,
  token: string | null,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  o: CallOptions = {},
): Promise<Reply> {
  const url = new URL(path, emu.url);
  for (const [k, v] of Object.entries(o.query ?? {})) url.searchParams.set(k, String(v));
  const headers: Record<string, string> = { ...o.headers };
  if (token !== null) headers['authorization'] = `Zoho-oauthtoken ${token}`;
  let body: string | Uint8Array | undefined;
  if (o.form) {
    body = new URLSearchParams(o.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (o.rawBody !== undefined) body = o.rawBody;
  else if (o.body !== undefined) {
    body = JSON.stringify(o.body);
    headers['content-type'] = 'application/json';
  }
  const res = await request(url, { method, headers, body });
  const bytes = new Uint8Array(await res.body.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  let json: Record<string, unknown> = {};
  if (text !== '' && String(res.headers['content-type'] ?? '').includes('json'))
    json = obj(JSON.parse(text));
  const reply: Reply = { status: res.statusCode, headers: res.headers, text, bytes, json };
  await checkAgainstSpec(method, url.pathname, reply);
  return reply;
}

/** An API client bound to one emulator and token. */
export function api(emu: Emulator, token: string) {
  return {
    get: (path: string, o?: CallOptions) => call(emu, token, 'GET', path, o),
    post: (path: string, o?: CallOptions) => call(emu, token, 'POST', path, o),
    put: (path: string, o?: CallOptions) => call(emu, token, 'PUT', path, o),
    patch: (path: string, o?: CallOptions) => call(emu, token, 'PATCH', path, o),
    del: (path: string, o?: CallOptions) => call(emu, token, 'DELETE', path, o),
  };
}

export type Api = ReturnType<typeof api>;

export function obj(v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new Error(`expected an object, got ${JSON.stringify(v)}`);
  return v as Record<string, unknown>;
}

export function arr(v: unknown): Record<string, unknown>[] {
  if (!Array.isArray(v)) throw new Error(`expected an array, got ${JSON.stringify(v)}`);
  return v.map(obj);
}

/** `data` of a response body. */
export function rows(r: Reply, key = 'data'): Record<string, unknown>[] {
  return arr(r.json[key]);
}

/** One element of `data` (throws when absent). */
export function row(r: Reply, i = 0, key = 'data'): Record<string, unknown> {
  const x = rows(r, key)[i];
  if (!x) throw new Error(`no ${key}[${i}] in ${r.text}`);
  return x;
}

export function info(r: Reply): Record<string, unknown> {
  return obj(r.json['info']);
}

// Every response a test gets through `call` is checked against spec/ (the operation's documented
// statuses and JSON schemas); each test file asserts in afterAll that none failed. Calls to paths
// the spec does not describe (deliberately wrong URLs) are skipped.
let validator: Promise<SpecValidator> | null = null;
const specProblems: string[] = [];

async function checkAgainstSpec(method: string, path: string, reply: Reply): Promise<void> {
  validator ??= SpecValidator.load();
  const v = await validator;
  if (!v.operation(method, path)) return;
  // Injected gateway faults (502/503/504) are a proxy's HTML page, not an answer of the operation.
  if (reply.status >= 502 && reply.status <= 504) return;
  specProblems.push(...v.check(method, path, reply));
}

/** Asserts that every response checked since the last call matched spec/ (and starts the list afresh). */
export function expectResponsesMatchSpec(): void {
  expect(specProblems.splice(0), 'responses that do not match spec/').toEqual([]);
}
