/**
 * A TokenStore in one JSON file, shared by every process on the host that points at it. Writes go to a
 * temporary file that is renamed over the original (atomic on POSIX), with mode 0600 so only the owner
 * can read the tokens.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { StoredToken, TokenStore } from './token-store.js';

type FileShape = Record<string, StoredToken>;

/** A lock older than this is from a crashed process and is broken. */
const STALE_LOCK_MS = 30_000;
/** Waiting longer than this for the lock, we go ahead without it (worst case: one extra mint). */
const LOCK_WAIT_MS = 15_000;
const LOCK_POLL_MS = 25;

export class FileTokenStore implements TokenStore {
  readonly file: string;
  /** Serializes this process's writes so two updates do not lose each other. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(file: string) {
    if (typeof file !== 'string' || file === '')
      throw new TypeError('FileTokenStore: a file path is required');
    this.file = file;
  }

  async get(key: string): Promise<StoredToken | undefined> {
    const all = await this.readAll();
    return all[key];
  }

  set(key: string, token: StoredToken): Promise<void> {
    return this.update((all) => {
      all[key] = {
        accessToken: token.accessToken,
        expiresAt: token.expiresAt,
        obtainedAt: token.obtainedAt,
        apiDomain: token.apiDomain,
      };
    });
  }

  delete(key: string): Promise<void> {
    return this.update((all) => {
      delete all[key];
    });
  }

  /**
   * A lock file beside the store (`<file>.lock`, created exclusively) held while one process mints; the
   * others wait, then find the new token in the file.
   */
  async lock(_key: string): Promise<() => Promise<void>> {
    const lockFile = `${this.file}.lock`;
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        const handle = await open(lockFile, 'wx', 0o600);
        await handle.writeFile(String(process.pid));
        await handle.close();
        let released = false;
        return async () => {
          if (released) return;
          released = true;
          await unlink(lockFile).catch(() => undefined);
        };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const age = await stat(lockFile).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > STALE_LOCK_MS) {
        await unlink(lockFile).catch(() => undefined);
        continue;
      }
      if (Date.now() > deadline) return () => Promise.resolve();
      await new Promise((r) => setTimeout(r, LOCK_POLL_MS));
    }
  }

  private update(change: (all: FileShape) => void): Promise<void> {
    const next = this.chain.then(async () => {
      const all = await this.readAll();
      change(all);
      await this.writeAll(all);
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async readAll(): Promise<FileShape> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
      const out: FileShape = {};
      for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
        if (typeof v !== 'object' || v === null) continue;
        const t = v as Record<string, unknown>;
        if (typeof t['accessToken'] === 'string' && typeof t['expiresAt'] === 'number') {
          out[k] = {
            accessToken: t['accessToken'],
            expiresAt: t['expiresAt'],
            obtainedAt: typeof t['obtainedAt'] === 'number' ? t['obtainedAt'] : undefined,
            apiDomain: typeof t['apiDomain'] === 'string' ? t['apiDomain'] : undefined,
          };
        }
      }
      return out;
    } catch {
      // A torn or hand-edited file is treated as empty: the worst case is one extra token mint.
      return {};
    }
  }

  private async writeAll(all: FileShape): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, JSON.stringify(all), { mode: 0o600 });
      await chmod(tmp, 0o600);
      await rename(tmp, this.file);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
  }
}
