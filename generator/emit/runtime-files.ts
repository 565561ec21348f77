/**
 * The runtime's sources: templates/runtime/**\/*.ts (tests excluded), which runtime-bundle.ts compiles
 * into every client's runtime/ (DESIGN.md, step 6).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareStrings } from '../canonical-json.ts';

export const DEFAULT_RUNTIME_DIR = fileURLToPath(new URL('../../templates/runtime/', import.meta.url));

function isShipped(name: string): boolean {
  return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.spec.ts');
}

const SKIPPED_DIRS = new Set(['__tests__', 'test', 'tests', 'node_modules', 'fixtures']);

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

/** The runtime's shipped sources, relative path → file text, sorted by path. */
export async function readRuntimeFiles(runtimeDir = DEFAULT_RUNTIME_DIR): Promise<Map<string, string>> {
  const out = await readTextTree(runtimeDir, isShipped, (name) => !SKIPPED_DIRS.has(name));
  if (!out.has('index.ts')) {
    throw new Error(`runtime templates at ${runtimeDir} have no index.ts (the runtime's public API)`);
  }
  return out;
}
