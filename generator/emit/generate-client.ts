/**
 * emit (DESIGN.md, "Data flow", step 5): OrgModel + the v8 spec → generated/<org>/.
 * renderClient builds every file in memory (pure but for reading templates); generateClient
 * formats nothing twice and hands the tree to write-tree.ts.
 */
import { readFile } from 'node:fs/promises';
import type { OrgModel } from '../model/types.ts';
import { compareStrings } from '../canonical-json.ts';
import { augmentSpec } from '../openapi/augment.ts';
import type { OpenApiDocument } from '../openapi/openapi-types.ts';
import { renderClientFile } from './client-file.ts';
import { DEFAULT_TEMPLATES_DIR, renderPackageJson, renderReadme, type PackageVersions } from './docs-files.ts';
import { formatFiles } from './format.ts';
import { tsHeader, type Provenance } from './header.ts';
import { renderIndexFile } from './index-file.ts';
import { clientModules, moduleFilePath, renderModuleFile } from './module-file.ts';
import { createEmitProject } from './project.ts';
import { DEFAULT_RUNTIME_DIR, readRuntimeFiles } from './runtime-files.ts';
import { renderTsconfig } from './tsconfig-file.ts';
import { renderTypesFile } from './types-file.ts';
import { writeTree, type WriteReport } from './write-tree.ts';

export interface GenerateClientOptions {
  readonly model: OrgModel;
  /** The hand-written v8 spec (loadSpec); augmented here with the org's modules. */
  readonly spec: OpenApiDocument;
  readonly outDir: string;
  readonly generatorVersion: string;
  readonly runtimeDir?: string;
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
  const files = await renderClient(options);
  return writeTree(options.outDir, files, { dryRun: options.dryRun === true });
}

/** Every file of the client, relative path → formatted text. */
export async function renderClient(options: GenerateClientOptions): Promise<Map<string, string>> {
  const { model } = options;
  const provenance: Provenance = {
    generatorVersion: options.generatorVersion,
    snapshotHash: model.snapshotHash,
    org: model.org,
  };
  const header = tsHeader(provenance);
  const doc = augmentSpec(options.spec, model);
  const files = new Map<string, string>();
  const project = createEmitProject();
  for (const m of clientModules(model)) files.set(moduleFilePath(m), renderModuleFile(project, model, m, header));
  files.set('client.ts', renderClientFile(project, model, header));
  files.set('index.ts', renderIndexFile(project, model, header));
  const templatesDir = options.templatesDir ?? DEFAULT_TEMPLATES_DIR;
  files.set('package.json', await renderPackageJson(model, provenance, options.packageVersions ?? (await generatorPackageVersions()), templatesDir));
  files.set('tsconfig.json', renderTsconfig(provenance));
  // Prettier runs (in worker threads on a large org) while this thread builds types.ts below.
  const formatting = formatFiles(files);

  // Printed deterministically by their own printers (JSON.stringify, and the TypeScript printer behind
  // openapi-typescript), and by far the largest files: prettier over them costs more than all the rest of
  // generation on a large org (9.5 s of 13 s for the demo), so they skip it. The TypeScript we shape goes through it.
  const printed = new Map<string, string>();
  // augmentSpec returns every level key-sorted already: only our top-level marker needs placing.
  const marker = { generatorVersion: options.generatorVersion, org: model.org, snapshotSha256: model.snapshotHash };
  const top: Record<string, unknown> = { ...(doc as unknown as Record<string, unknown>), 'x-zcrm-codegen': marker };
  const documented = Object.fromEntries(Object.keys(top).sort(compareStrings).map((k) => [k, top[k]]));
  printed.set('openapi.json', `${JSON.stringify(documented, null, 2)}\n`);
  printed.set('types.ts', await renderTypesFile(doc, model, header));

  // Copied verbatim (templates/runtime is kept prettier-clean; test/generator/runtime-files.test.ts checks).
  for (const [path, text] of await readRuntimeFiles(options.runtimeDir ?? DEFAULT_RUNTIME_DIR)) {
    printed.set(`runtime/${path}`, `${header}${text}`);
  }
  const dataCenters = options.dataCenters ?? (await runtimeDataCenters());
  // Not prettier: it pads every table column to the widest cell, which is slow on a large org (1.5 s of the
  // demo) and turns one changed label into a whole-table diff. The template writes valid Markdown itself.
  printed.set(
    'README.md',
    await renderReadme(model, provenance, {
      dataCenters,
      templatesDir,
      ...(options.dataCenter === undefined ? {} : { dataCenter: options.dataCenter }),
      ...(options.snapshotFile === undefined ? {} : { snapshotFile: options.snapshotFile }),
    }),
  );

  const formatted = await formatting;
  return new Map([...formatted, ...printed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
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

async function generatorPackageVersions(): Promise<PackageVersions> {
  return (await readGeneratorPackage()).versions;
}
