/**
 * End to end: real snapshots (the hostile fixture and the demo org) through the real spec, model,
 * augment and emit; the output must type-check on its own with `tsc --strict`, and be byte-identical
 * across runs and across any ordering of the snapshot's arrays and keys.
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGeneratorPackage, renderClient } from '../../generator/emit/generate-client.ts';
import { writeTree } from '../../generator/emit/write-tree.ts';
import { readSnapshot } from '../../generator/metadata/snapshot.ts';
import type { Snapshot } from '../../generator/metadata/snapshot-types.ts';
import { buildOrgModel } from '../../generator/model/build-org-model.ts';
import { augmentSpec } from '../../generator/openapi/augment.ts';
import { loadSpec } from '../../generator/openapi/load-spec.ts';
import type { OpenApiDocument } from '../../generator/openapi/openapi-types.ts';
import { treeDifferences } from '../helpers/compare-trees.ts';
import { sharedTypeCheck } from '../helpers/shared-type-check.ts';
import { shuffled } from '../helpers/shuffle.ts';
import { diagnosticsIn, formatDiagnostics, REPO_ROOT, typeCheck } from '../helpers/type-check.ts';
import { DEMO_DIR, demoOptions, linkNodeModules } from '../helpers/demo-client.ts';

const SLOW = 900_000;

interface Case {
  readonly name: string;
  readonly snapshot: string;
  /** What the CLI passes for this org besides the snapshot (the demo's README names its data center). */
  readonly options?: () => Promise<{ readonly dataCenter?: string; readonly snapshotFile?: string }>;
  /** The type errors of the client generated into `outDir` under its own strict tsconfig, one line each. */
  readonly typeErrors: (outDir: string) => Promise<string>;
}

const CASES: readonly Case[] = [
  {
    name: 'hostile',
    snapshot: join(REPO_ROOT, 'test/fixtures/snapshots/hostile.json'),
    typeErrors: async (outDir) =>
      formatDiagnostics(typeCheck({ tsconfig: join(outDir, 'tsconfig.json'), checkDeclarations: true }).diagnostics),
  },
  {
    // The demo org's client is generated/demo byte for byte (golden-demo.test.ts), so the run's shared
    // type-check of generated/demo is this client's: checked once per run, not once per test file.
    name: 'demo',
    snapshot: join(DEMO_DIR, 'metadata.json'),
    options: demoOptions,
    typeErrors: async (outDir) => {
      const differences = await treeDifferences(DEMO_DIR, outDir, new Set(['metadata.json']));
      const check = await sharedTypeCheck();
      return [...differences, formatDiagnostics(diagnosticsIn(check.diagnostics, `${DEMO_DIR}/`))]
        .filter((line) => line !== '')
        .join('\n');
    },
  },
];

let spec: OpenApiDocument;
let generatorVersion: string;
let workDir: string;
/** A frozen copy of templates/runtime: both renders of a case must read the same inputs. */
let runtimeDir: string;
beforeAll(async () => {
  spec = await loadSpec();
  generatorVersion = (await readGeneratorPackage()).version;
  workDir = await mkdtemp(join(tmpdir(), 'zcrm-generate-'));
  await linkNodeModules(workDir);
  runtimeDir = join(workDir, 'runtime-templates');
  await cp(join(REPO_ROOT, 'templates/runtime'), runtimeDir, { recursive: true });
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe.each(CASES)('generate $name', ({ name, snapshot: file, typeErrors, options }) => {
  let snapshot: Snapshot;
  let first: Map<string, string>;
  let outDir: string;

  beforeAll(async () => {
    snapshot = await readSnapshot(file);
    outDir = join(workDir, name);
    const model = buildOrgModel(snapshot, { org: name });
    first = await renderClient({ model, openapi: augmentSpec(spec, model), outDir, generatorVersion, runtimeDir, ...(await options?.()) });
    await writeTree(outDir, first);
  }, SLOW);

  it('emits the client tree', () => {
    const paths = [...first.keys()];
    expect(paths).toEqual(
      expect.arrayContaining([
        'README.md',
        'client.d.ts',
        'client.js',
        'index.d.ts',
        'index.js',
        'modules.d.ts',
        'openapi.json',
        'package.json',
        'runtime/index.d.ts',
        'runtime/index.js',
        'runtime/spec-types.d.ts',
        'tsconfig.json',
      ]),
    );
    // Every module's types in one file: an editor walks every file of the program on each keystroke.
    expect(paths.filter((p) => p.startsWith('modules'))).toEqual(['modules.d.ts']);
    // Declarations and JavaScript only: nothing a consumer's tsc would check statement by statement.
    expect(paths.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'))).toEqual([]);
    expect(paths.some((p) => p.includes('.test.'))).toBe(false);
    for (const [path, text] of first) {
      const header = path.endsWith('.json') ? text : text.split('\n', 2).join('\n');
      // The org's files name its snapshot; the runtime is the same for every org and names none.
      const stamped = header.includes(generatorVersion) && (path.startsWith('runtime/') ? !/[0-9a-f]{64}/.test(header) : /[0-9a-f]{64}/.test(header));
      expect([path, stamped]).toEqual([path, true]);
    }
  });

  it('type-checks on its own with tsc --strict', async () => {
    expect(await typeErrors(outDir)).toBe('');
  }, SLOW);

  it('is byte-identical when regenerated from a shuffled snapshot, and then writes nothing', async () => {
    const reordered = shuffled(snapshot, 7);
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(snapshot));
    const model = buildOrgModel(reordered, { org: name });
    const again = await renderClient({
      ...(await options?.()),
      model,
      openapi: augmentSpec(spec, model),
      outDir,
      generatorVersion,
      runtimeDir,
    });
    expect([...again.keys()]).toEqual([...first.keys()]);
    for (const [path, text] of again) expect([path, text === first.get(path)]).toEqual([path, true]);
    const report = await writeTree(outDir, again);
    expect(report.written).toEqual([]);
    expect(report.removed).toEqual([]);
  }, SLOW);

  it('README: metadata cannot break tables, HTML or the Mermaid diagram', () => {
    const readme = first.get('README.md') ?? '';
    expect(readme).not.toMatch(/<(?!!--)[a-z/]/i); // no raw tag but the header comment
    const fences = readme.split('```');
    expect(fences.length % 2).toBe(1); // every code fence closed
    const mermaid = readme.match(/```mermaid\n([\s\S]*?)```/)?.[1] ?? '';
    for (const line of mermaid.trimEnd().split('\n')) {
      expect(line).toMatch(/^(erDiagram|  [A-Za-z0-9_]+ (\}o--o\||\|\|--o\{|\}o--o\{) [A-Za-z0-9_]+ : [A-Za-z0-9_]+)$/);
    }
    // Every table row has as many cell separators (unescaped `|`) as its header.
    let columns: number | undefined;
    for (const line of readme.split('\n')) {
      if (!line.startsWith('|')) {
        columns = undefined;
        continue;
      }
      const bars = (line.match(/(?<!\\)\|/g) ?? []).length;
      columns ??= bars;
      expect([line, bars]).toEqual([line, columns]);
    }
  });

  it('openapi.json parses and carries every module schema', async () => {
    const doc = JSON.parse(await readFile(join(outDir, 'openapi.json'), 'utf8'));
    const model = buildOrgModel(snapshot, { org: name });
    for (const m of model.modules) {
      expect(Object.keys(doc.components.schemas)).toEqual(
        expect.arrayContaining([`${m.typeName}Record`, `${m.typeName}CreateInput`, `${m.typeName}UpdateInput`]),
      );
    }
  });
});
