/**
 * The org-independent part of every client, `runtime/`: templates/runtime compiled to `.js` + `.d.ts`,
 * `spec-types.d.ts` (openapi-typescript over spec/, the `paths` of the typed `request`) and `spec-resources.js` /
 * `.d.ts` (the spec's org-independent operations as `crm.users`, `crm.settings.layouts`, …: spec-resources.ts). A consumer's
 * tsc only binds `.d.ts` under skipLibCheck, where it would check every statement of a `.ts` runtime
 * (DESIGN.md step 6), so the runtime ships compiled.
 *
 * Built once per content: the cache key is the hash of the runtime sources, the spec sources and the
 * versions of everything that shapes the output, so `generate` never compiles or runs openapi-typescript
 * again until one of those changes. The cache lives in node_modules/.cache/zcrm-codegen (the usual place
 * for tool caches), else the OS temp folder; entries are written whole and renamed into place, so
 * processes building at once never see half a bundle.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareStrings } from '../canonical-json.ts';
import { DEFAULT_RUNTIME_DIR, readRuntimeFiles, readTextTree } from './runtime-files.ts';

/**
 * Bumped when the bundle's layout or headers change, or the rules that render it from the same sources (the spec
 * resources' names, spec-resources.ts; which responses spec-types.d.ts keeps, spec-types.ts, and what its lean
 * pass leaves out, spec-types-lean.ts; the declarations in one file, declaration-bundle.ts), so old cache
 * entries are not reused.
 */
const BUNDLE_FORMAT = 6;

const GENERATOR_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_SPEC_DIR = join(GENERATOR_ROOT, 'spec');
const DEFAULT_CACHE_DIR = join(GENERATOR_ROOT, 'node_modules', '.cache', 'zcrm-codegen');
/** Where the package build puts the bundle (scripts/build.mjs), so an installed generator never compiles. */
export const PREBUILT_DIR = join(GENERATOR_ROOT, 'runtime-bundle');

export interface RuntimeBundleOptions {
  readonly generatorVersion: string;
  readonly runtimeDir?: string;
  readonly specDir?: string;
  readonly cacheDir?: string;
}

export class RuntimeBuildError extends Error {
  override name = 'RuntimeBuildError';
}

/** Path under `runtime/` (always `/`-separated) → text, sorted by path. */
export type RuntimeBundle = ReadonlyMap<string, string>;

export async function runtimeBundle(options: RuntimeBundleOptions): Promise<RuntimeBundle> {
  const runtimeDir = options.runtimeDir ?? DEFAULT_RUNTIME_DIR;
  const specDir = options.specDir ?? DEFAULT_SPEC_DIR;
  const sources = await readRuntimeFiles(runtimeDir);
  const specFiles = await readTextTree(specDir);
  const key = bundleKey(options.generatorVersion, sources, specFiles);
  for (const dir of options.cacheDir === undefined ? [PREBUILT_DIR, ...cacheDirs(undefined)] : [options.cacheDir]) {
    const cached = await readCached(join(dir, key));
    if (cached !== undefined) return cached;
  }
  const bundle = await buildBundle(options.generatorVersion, runtimeDir, sources, specDir);
  for (const dir of cacheDirs(options.cacheDir)) {
    if (await writeCached(dir, key, bundle)) break;
  }
  return bundle;
}

function cacheDirs(explicit: string | undefined): string[] {
  return explicit !== undefined ? [explicit] : [DEFAULT_CACHE_DIR, join(tmpdir(), 'zcrm-codegen-cache')];
}

function bundleKey(generatorVersion: string, sources: ReadonlyMap<string, string>, spec: ReadonlyMap<string, string>): string {
  const hash = createHash('sha256');
  const versions = { BUNDLE_FORMAT, generatorVersion, typescript: packageVersion('typescript'), openapiTypescript: packageVersion('openapi-typescript') };
  hash.update(JSON.stringify(versions));
  for (const [name, files] of [['runtime', sources], ['spec', spec]] as const) {
    for (const [path, text] of files) hash.update(`\0${name}/${path}\0${text}`);
  }
  return hash.digest('hex').slice(0, 32);
}

function packageVersion(name: string): string {
  const require = createRequire(import.meta.url);
  try {
    return (require(`${name}/package.json`) as { version?: string }).version ?? '?';
  } catch {
    return '?';
  }
}

async function readCached(dir: string): Promise<RuntimeBundle | undefined> {
  try {
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as unknown;
    if (!Array.isArray(manifest) || !manifest.every((p) => typeof p === 'string')) return undefined;
    const files = new Map<string, string>();
    for (const path of manifest as string[]) files.set(path, await readFile(join(dir, 'files', path), 'utf8'));
    return files;
  } catch {
    return undefined;
  }
}

/** Writes the entry whole under a temporary name and renames it into place; false when the folder is not writable. */
async function writeCached(cacheDir: string, key: string, bundle: RuntimeBundle): Promise<boolean> {
  const temp = join(cacheDir, `${key}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    for (const [path, text] of bundle) {
      const file = join(temp, 'files', path);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, text);
    }
    await writeFile(join(temp, 'manifest.json'), JSON.stringify([...bundle.keys()]));
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

/** The @types folder holding @types/node, wherever the package manager put it (the runtime is compiled against it). */
function nodeTypesRoot(): string {
  try {
    return dirname(dirname(createRequire(import.meta.url).resolve('@types/node/package.json')));
  } catch {
    throw new RuntimeBuildError(
      'compiling the runtime needs @types/node installed beside the generator (npm i -D @types/node); a packaged generator ships the runtime prebuilt',
    );
  }
}

function runtimeHeader(generatorVersion: string, source: string): string {
  return `// Generated by zcrm-codegen ${generatorVersion.replace(/[^0-9A-Za-z.+-]/g, '')}: the org-independent runtime, from ${source}. Do not edit.\n`;
}

async function buildBundle(
  generatorVersion: string,
  runtimeDir: string,
  sources: ReadonlyMap<string, string>,
  specDir: string,
): Promise<RuntimeBundle> {
  const [{ default: ts }, { loadSpec }, { renderSpecTypes }, { specResourceTable }, resourceFiles, { bundleDeclarations }] = await Promise.all([
    import('typescript'),
    import('../openapi/load-spec.ts'),
    import('./spec-types.ts'),
    import('./spec-resources.ts'),
    import('./spec-resources-files.ts'),
    import('./declaration-bundle.ts'),
  ]);
  const outDir = join(runtimeDir, '__zcrm_out__');
  const program = ts.createProgram({
    rootNames: [...sources.keys()].map((p) => join(runtimeDir, p)),
    options: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2023.d.ts'],
      types: ['node'],
      typeRoots: [nodeTypesRoot()],
      strict: true,
      declaration: true,
      skipLibCheck: true,
      newLine: ts.NewLineKind.LineFeed,
      outDir,
      rootDir: runtimeDir,
    },
  });
  const files = new Map<string, string>();
  const emitted = program.emit(undefined, (fileName, text) => {
    const path = relative(outDir, fileName).split(sep).join('/');
    const source = `templates/runtime/${path.replace(/\.d\.ts$|\.js$/, '.ts')}`;
    files.set(path, `${runtimeHeader(generatorVersion, source)}${text.endsWith('\n') ? text : `${text}\n`}`);
  });
  const problems = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics].filter(
    (d) => d.category === ts.DiagnosticCategory.Error,
  );
  if (problems.length > 0 || emitted.emitSkipped) {
    const text = ts.formatDiagnostics(problems.slice(0, 10), {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => runtimeDir,
      getNewLine: () => '\n',
    });
    throw new RuntimeBuildError(`the runtime at ${runtimeDir} does not compile:\n${text}`);
  }
  const specHeader = runtimeHeader(generatorVersion, 'spec/ (openapi-typescript)');
  const spec = await loadSpec(join(specDir, 'openapi.yaml'));
  // The table first: renderSpecTypes rewrites the document in place.
  const table = specResourceTable(spec);
  files.set('spec-resources.js', resourceFiles.renderSpecResourcesScript(table, specHeader));
  files.set('spec-resources.d.ts', resourceFiles.renderSpecResourcesDeclarations(table, specHeader));
  files.set('spec-types.d.ts', await renderSpecTypes(spec, specHeader));
  // Every declaration but the spec's types in one index.d.ts (declaration-bundle.ts); spec-types.d.ts stays
  // apart, a file of its own that only the typed `request` and the spec resources name.
  const declarations = new Map([...files].filter(([path]) => path.endsWith('.d.ts') && path !== 'spec-types.d.ts'));
  for (const path of declarations.keys()) files.delete(path);
  files.set('index.d.ts', bundleDeclarations({ files: declarations, entry: 'index.d.ts', header: runtimeHeader(generatorVersion, 'templates/runtime, its declarations in one file') }));
  return new Map([...files].sort(([a], [b]) => compareStrings(a, b)));
}
