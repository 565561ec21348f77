/**
 * When doctor last verified an org's credentials against Zoho. A warm token cache proves nothing about the
 * client secret or refresh token in the environment now (a rotated or mistyped secret would pass for an
 * hour), so doctor mints with the credentials it was given — at once when they changed, and otherwise at most
 * once per VERIFY_EVERY_MS, because every mint spends Zoho's budget of 10 per refresh token per 10 minutes.
 *
 * Credentials are remembered only as an HMAC-SHA256 of client id, secret and refresh token under a random
 * salt kept beside it (`.zcrm-cache/verified.json`): never the values, and not a plain hash a leaked file could
 * be checked against. The record also keeps the token answer's `scope` (not secret), which holds for every
 * token minted from that refresh token.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureCacheDir } from './token-cache.ts';

export const VERIFY_EVERY_MS = 10 * 60_000;
/** Records older than this are dropped when the file is written, so it stays small. */
const KEEP_MS = 24 * 60 * 60_000;
const FILE = 'verified.json';

export interface Credentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
}

export interface Verification {
  /** Epoch ms of the last successful mint with these exact credentials. */
  readonly at: number;
  /** The raw `scope` of that token answer, when Zoho sent one. */
  readonly scope?: string;
}

interface VerifiedFile {
  readonly salt: string;
  readonly entries: Record<string, Verification>;
}

async function readFileOf(cwd: string): Promise<VerifiedFile | undefined> {
  try {
    const parsed = JSON.parse(
      await readFile(join(cwd, '.zcrm-cache', FILE), 'utf8'),
    ) as Partial<VerifiedFile>;
    if (
      typeof parsed.salt !== 'string' ||
      typeof parsed.entries !== 'object' ||
      parsed.entries === null
    )
      return undefined;
    return { salt: parsed.salt, entries: parsed.entries };
  } catch {
    return undefined;
  }
}

export function fingerprint(salt: string, c: Credentials): string {
  return createHmac('sha256', salt)
    .update(`${c.clientId}\u0000${c.clientSecret}\u0000${c.refreshToken}`)
    .digest('hex');
}

/** The last verification of exactly these credentials, if any. */
export async function lastVerification(
  cwd: string,
  c: Credentials,
): Promise<Verification | undefined> {
  const file = await readFileOf(cwd);
  const entry = file === undefined ? undefined : file.entries[fingerprint(file.salt, c)];
  return entry !== undefined && typeof entry.at === 'number' ? entry : undefined;
}

/** True when these credentials have not been verified within VERIFY_EVERY_MS (or never). */
export function verificationDue(last: Verification | undefined, now: number): boolean {
  return last === undefined || now - last.at >= VERIFY_EVERY_MS || last.at > now;
}

export async function recordVerification(
  cwd: string,
  c: Credentials,
  v: Verification,
): Promise<void> {
  const dir = await ensureCacheDir(cwd);
  const old = await readFileOf(cwd);
  const salt = old?.salt ?? randomBytes(16).toString('hex');
  const entries: Record<string, Verification> = {};
  for (const [fp, e] of Object.entries(old?.entries ?? {}))
    if (v.at - e.at < KEEP_MS) entries[fp] = e;
  entries[fingerprint(salt, c)] = v;
  await writeFile(join(dir, FILE), JSON.stringify({ salt, entries }), { mode: 0o600 }).catch(
    () => undefined,
  );
}
