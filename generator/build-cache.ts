/**
 * Where the generator keeps what it builds once per content and never per generate — the compiled runtime
 * (emit/runtime-bundle.ts) and the bundled spec (openapi/bundled-spec.ts): prebuilt into the package by its
 * build (dist/runtime-bundle), else in node_modules/.cache/zcrm-codegen (the usual place for tool caches),
 * else the OS temp folder. An entry is a folder of files named by the hash of everything that shapes it;
 * it is written whole under a temporary name and renamed into place, so processes building at once never
 * see half an entry.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareStrings } from './canonical-json.ts';

export const GENERATOR_ROOT = fileURLToPath(new URL('../', import.meta.url));
/** The hand-maintained spec the runtime bundle and the bundled spec are built from (and keyed by). */
export const DEFAULT_SPEC_DIR = join(GENERATOR_ROOT, 'spec');
/** Where the package build puts its entries (scripts/build.mjs), so an installed generator never builds them. */
export const PREBUILT_DIR = join(GENERATOR_ROOT, 'runtime-bundle');
const DEFAULT_CACHE_DIR = join(GENERATOR_ROOT, 'node_modules', '.cache', 'zcrm-codegen');

/** Path inside an entry (always `/`-separated) → text. */
export type CachedFiles = ReadonlyMap<string, string>;

/** Where to write entries: the folder given, else the tool cache, else the OS temp folder. */
export function cacheDirs(explicit: string | undefined): string[] {
  return explicit !== undefined ? [explicit] : [DEFAULT_CACHE_DIR, join(tmpdir(), 'zcrm-codegen-cache')];
}

/** Where to look for an entry: the folder given, else the package's prebuilt entries and then the caches. */
export function lookupDirs(explicit: string | undefined): string[] {
  return explicit !== undefined ? [explicit] : [PREBUILT_DIR, ...cacheDirs(undefined)];
}

/**
 * Every file under `root` that `keep` accepts, relative path (always `/`-separated) → text, in path order;
 * folders `descend` refuses are not entered.
 */
export async function readTextTree(
  root: string,
  keep: (name: string) => boolean = () => true,
  descend: (name: string) => boolean = () => true,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries.sort((a, b) => compareStrings(a.name, b.name))) {
      const full = join(dir, e.name);
      if (e.isDirectory() && descend(e.name)) await walk(full);
      else if (e.isFile() && keep(e.name)) out.set(relative(root, full).split(sep).join('/'), await readFile(full, 'utf8'));
    }
  };
  await walk(root);
  return out;
}

/** The version of an installed package, or `?` (part of the cache keys: a new version renders differently). */
export function packageVersion(name: string): string {
  const require = createRequire(import.meta.url);
  try {
    return (require(`${name}/package.json`) as { version?: string }).version ?? '?';
  } catch {
    return '?';
  }
}

/** The entry `key` from the first folder of `dirs` that has it whole, else undefined. */
export async function readCachedEntry(dirs: readonly string[], key: string): Promise<CachedFiles | undefined> {
  for (const dir of dirs) {
    try {
      const manifest = JSON.parse(await readFile(join(dir, key, 'manifest.json'), 'utf8')) as unknown;
      if (!Array.isArray(manifest) || !manifest.every((p) => typeof p === 'string')) continue;
      const files = new Map<string, string>();
      for (const path of manifest as string[]) files.set(path, await readFile(join(dir, key, 'files', path), 'utf8'));
      return files;
    } catch {
      // not in this folder (or not whole): try the next
    }
  }
  return undefined;
}

/** Writes the entry into the first folder of `dirs` that takes it; false when none is writable. */
export async function writeCachedEntry(dirs: readonly string[], key: string, files: CachedFiles): Promise<boolean> {
  for (const dir of dirs) if (await writeEntry(dir, key, files)) return true;
  return false;
}

async function writeEntry(cacheDir: string, key: string, files: CachedFiles): Promise<boolean> {
  const temp = join(cacheDir, `${key}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    for (const [path, text] of files) {
      const file = join(temp, 'files', path);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, text);
    }
    await writeFile(join(temp, 'manifest.json'), JSON.stringify([...files.keys()]));
    await rename(temp, join(cacheDir, key)).catch(async (error: NodeJS.ErrnoException) => {
      // Another process put the same entry in place first: it holds the same bytes.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
      await rm(temp, { recursive: true, force: true });
    });
    return true;
  } catch {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    return false;
  }
}
