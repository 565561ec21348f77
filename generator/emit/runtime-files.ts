/**
 * The runtime's sources: templates/runtime/**\/*.ts (tests excluded), which runtime-bundle.ts compiles
 * into every client's runtime/ (DESIGN.md, step 6).
 */
import { fileURLToPath } from 'node:url';
import { readTextTree } from '../build-cache.ts';

export const DEFAULT_RUNTIME_DIR = fileURLToPath(new URL('../../templates/runtime/', import.meta.url));

function isShipped(name: string): boolean {
  return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.spec.ts');
}

const SKIPPED_DIRS = new Set(['__tests__', 'test', 'tests', 'node_modules', 'fixtures']);

/** The runtime's shipped sources, relative path → file text, sorted by path. */
export async function readRuntimeFiles(runtimeDir = DEFAULT_RUNTIME_DIR): Promise<Map<string, string>> {
  const out = await readTextTree(runtimeDir, isShipped, (name) => !SKIPPED_DIRS.has(name));
  if (!out.has('index.ts')) {
    throw new Error(`runtime templates at ${runtimeDir} have no index.ts (the runtime's public API)`);
  }
  return out;
}
