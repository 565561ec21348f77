/**
 * The token cache `pull`, `check` and `doctor` share (a runtime may point at it too): the runtime's
 * FileTokenStore in `.zcrm-cache/tokens.json`, one live access token per refresh token on this machine, so
 * repeated runs from cron do not spend Zoho's mint budget (10 access tokens per refresh token per 10 minutes).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FileTokenStore } from '../../templates/runtime/file-token-store.ts';

export const CACHE_DIR = '.zcrm-cache';

export async function openTokenCache(cwd: string): Promise<FileTokenStore> {
  await ensureCacheDir(cwd);
  return new FileTokenStore(join(cwd, CACHE_DIR, 'tokens.json'));
}

/**
 * The cache holds live access tokens: it ignores itself (`.zcrm-cache/.gitignore` = `*`), so it stays out of
 * git even in a repository whose own .gitignore does not list it. Returns the folder.
 */
export async function ensureCacheDir(cwd: string): Promise<string> {
  const dir = join(cwd, CACHE_DIR);
  await mkdir(dir, { recursive: true, mode: 0o700 }).catch(() => undefined);
  await writeFile(join(dir, '.gitignore'), '# access tokens: never commit\n*\n', {
    flag: 'wx',
  }).catch(() => undefined);
  return dir;
}
