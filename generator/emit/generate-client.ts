/**
 * emit (DESIGN.md, "Data flow", step 5): OrgModel + the org's OpenAPI document (augment's output) →
 * generated/<org>/. renderClient builds every file in memory (pure but for reading templates and the
 * runtime bundle); generateClient hands the tree to write-tree.ts.
 *
 * What a client is made of: `modules.d.ts` (every module's Record, inputs and query fields, and the module
 * map), `client.js` + `.d.ts`, `index.js` + `.d.ts` — JavaScript with declarations, so a consumer's tsc binds
 * them under skipLibCheck instead of checking every statement — then the org-independent `runtime/`
 * (compiled once, runtime-bundle.ts), `openapi.json`, README.md, package.json and tsconfig.json.
 */
import { readFile } from 'node:fs/promises';
import { compareStrings } from '../canonical-json.ts';
import type { OrgModel } from '../model/types.ts';
import type { OpenApiDocument } from '../openapi/openapi-types.ts';
import { renderClientDeclarations, renderClientScript } from './client-file.ts';
import { DEFAULT_TEMPLATES_DIR, renderPackageJson, renderReadme, type PackageVersions } from './docs-files.ts';
import { tsHeader, type Provenance } from './header.ts';
import { renderIndexDeclarations, renderIndexScript } from './index-file.ts';
import { MODULES_PATH, renderModulesFile } from './module-types-file.ts';
import { runtimeBundle } from './runtime-bundle.ts';
import { renderTsconfig } from './tsconfig-file.ts';
import { jsonChunks } from './json-chunks.ts';
import { writeTree, type FileContent, type WriteReport } from './write-tree.ts';

export interface GenerateClientOptions {
  readonly model: OrgModel;
  /** The org's OpenAPI document (openapi/augment.ts), written as openapi.json. */
  readonly openapi: OpenApiDocument;
  readonly outDir: string;
  readonly generatorVersion: string;
  /** templates/runtime and spec/ by default; the bundle is cached by their content. */
  readonly runtimeDir?: string;
  readonly specDir?: string;
  readonly cacheDir?: string;
  readonly templatesDir?: string;
  /** Defaults to the versions in the generator's own package.json. */
  readonly packageVersions?: PackageVersions;
  /** The data center ids listed in the README (the runtime's DATA_CENTERS table). */
  readonly dataCenters?: readonly string[];
  /** Write nothing; the report says what would change (`generate --verify`). */
  readonly dryRun?: boolean;
  /** The org's data center (zcrm.config.yaml), shown in the README's example; absent with `--snapshot`. */
  readonly dataCenter?: string;
  /**
   * The snapshot's path relative to the output folder when it lives there (`metadata.json` for a configured
   * org), so the README names it; absent when it lives elsewhere (`--snapshot FILE`).
   */
  readonly snapshotFile?: string;
}

export type { WriteReport } from './write-tree.ts';

export async function generateClient(options: GenerateClientOptions): Promise<WriteReport> {
  return writeTree(options.outDir, await planClient(options), { dryRun: options.dryRun === true });
}

/** Every file of the client, relative path → text, sorted by path. */
export async function renderClient(options: GenerateClientOptions): Promise<Map<string, string>> {
  const plan = await planClient(options);
  return new Map([...plan].map(([path, content]) => [path, contentText(content)]));
}

function contentText(content: FileContent): string {
  if (typeof content === 'string') return content;
  if (typeof content === 'function') return content();
  if (content instanceof Uint8Array) return Buffer.from(content).toString('utf8');
  return [...content.chunks()].join('');
}

/**
 * Every file of the client, relative path → its text or the function making it. The per-module files and
 * openapi.json (most of a large org's bytes) are made only when written, one at a time.
 */
async function planClient(options: GenerateClientOptions): Promise<Map<string, FileContent>> {
  const { model } = options;
  const provenance: Provenance = { generatorVersion: options.generatorVersion, snapshotHash: model.snapshotHash, org: model.org };
  const header = tsHeader(provenance);
  const runtime = runtimeBundle({
    generatorVersion: options.generatorVersion,
    ...(options.runtimeDir === undefined ? {} : { runtimeDir: options.runtimeDir }),
    ...(options.specDir === undefined ? {} : { specDir: options.specDir }),
    ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
  });
  const files = new Map<string, FileContent>();
  files.set(MODULES_PATH, () => renderModulesFile(model, header));
  files.set('client.d.ts', renderClientDeclarations(model, header, options.dataCenter));
  files.set('client.js', renderClientScript(model, header, options.dataCenter));
  files.set('index.d.ts', renderIndexDeclarations(model, header));
  files.set('index.js', renderIndexScript(header));
  files.set('tsconfig.json', renderTsconfig(provenance));

  const templatesDir = options.templatesDir ?? DEFAULT_TEMPLATES_DIR;
  files.set(
    'package.json',
    await renderPackageJson(model, provenance, options.packageVersions ?? (await readGeneratorPackage()).versions, templatesDir),
  );
  // augment returns every level key-sorted already: only our top-level marker needs placing.
  const marker = { generatorVersion: options.generatorVersion, org: model.org, snapshotSha256: model.snapshotHash };
  const top: Record<string, unknown> = { ...(options.openapi as unknown as Record<string, unknown>), 'x-zcrm-codegen': marker };
  const documented = Object.fromEntries(Object.keys(top).sort(compareStrings).map((k) => [k, top[k]]));
  files.set('openapi.json', { *chunks() { yield* jsonChunks(documented); yield '\n'; } });
  const dataCenters = options.dataCenters ?? (await runtimeDataCenters());
  files.set(
    'README.md',
    await renderReadme(model, provenance, {
      dataCenters,
      templatesDir,
      ...(options.dataCenter === undefined ? {} : { dataCenter: options.dataCenter }),
      ...(options.snapshotFile === undefined ? {} : { snapshotFile: options.snapshotFile }),
    }),
  );
  for (const [path, text] of await runtime) files.set(`runtime/${path}`, text);
  return new Map([...files].sort(([a], [b]) => compareStrings(a, b)));
}

/** The data center ids, from the runtime's one table (templates/runtime/data-centers.ts). */
async function runtimeDataCenters(): Promise<readonly string[]> {
  const { DATA_CENTER_IDS } = await import('../../templates/runtime/data-centers.ts');
  return DATA_CENTER_IDS;
}

/** The generator's package.json: its version and the versions a generated client pins. */
export async function readGeneratorPackage(): Promise<{ version: string; versions: PackageVersions }> {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: unknown;
    dependencies?: Record<string, unknown>;
    devDependencies?: Record<string, unknown>;
    engines?: Record<string, unknown>;
    peerDependencies?: Record<string, unknown>;
    peerDependenciesMeta?: Record<string, { optional?: unknown } | undefined>;
  };
  const dep = (name: string): string => {
    const v = pkg.dependencies?.[name] ?? pkg.devDependencies?.[name];
    return typeof v === 'string' ? v : '*';
  };
  return {
    version: typeof pkg.version === 'string' ? pkg.version : '0.0.0',
    versions: {
      undici: dep('undici'),
      typescript: dep('typescript'),
      typesNode: dep('@types/node'),
      node: typeof pkg.engines?.['node'] === 'string' ? pkg.engines['node'] : '>=20',
      optionalPeers: Object.fromEntries(
        Object.entries(pkg.peerDependencies ?? {}).filter(
          (entry): entry is [string, string] =>
            typeof entry[1] === 'string' && pkg.peerDependenciesMeta?.[entry[0]]?.optional === true,
        ),
      ),
    },
  };
}
