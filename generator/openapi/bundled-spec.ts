/**
 * The hand-maintained spec as `generate` reads it: bundled into one document once per content of spec/
 * and kept (build-cache.ts), so a generation parses one JSON file instead of bundling some eighty YAML
 * files with @redocly/openapi-core — a sixth of what a generation took on a 100-module org, and loading
 * the bundler is skipped too. load-spec.ts stays the one way the spec is bundled (and what the tests lint).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { cacheDirs, DEFAULT_SPEC_DIR, lookupDirs, packageVersion, readCachedEntry, readTextTree, writeCachedEntry } from '../build-cache.ts';
import type { OpenApiDocument } from './openapi-types.ts';

/** Bumped when what is cached changes shape, so old entries are not reused. */
const SPEC_CACHE_FORMAT = 1;
const SPEC_FILE = 'openapi.json';

export interface BundledSpecOptions {
  /** The spec's folder (holding openapi.yaml); default the generator's own spec/. */
  readonly specDir?: string;
  /** Where entries are read and written; default the package's prebuilt entries, then the tool caches. */
  readonly cacheDir?: string;
}

/** The spec bundled (loadSpec's document), from the cache when spec/ has not changed; a fresh object each call. */
export async function loadBundledSpec(options: BundledSpecOptions = {}): Promise<OpenApiDocument> {
  const specDir = options.specDir ?? DEFAULT_SPEC_DIR;
  const key = specKey(await readTextTree(specDir));
  const cached = await readCachedEntry(lookupDirs(options.cacheDir), key);
  const text = cached?.get(SPEC_FILE);
  if (text !== undefined) return JSON.parse(text) as OpenApiDocument;
  const { loadSpec } = await import('./load-spec.ts');
  const spec = await loadSpec(join(specDir, 'openapi.yaml'));
  await writeCachedEntry(cacheDirs(options.cacheDir), key, new Map([[SPEC_FILE, JSON.stringify(spec)]]));
  return spec;
}

function specKey(files: ReadonlyMap<string, string>): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ SPEC_CACHE_FORMAT, redocly: packageVersion('@redocly/openapi-core') }));
  for (const [path, text] of files) hash.update(`\0spec/${path}\0${text}`);
  return `spec-${hash.digest('hex').slice(0, 32)}`;
}
