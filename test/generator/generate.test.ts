/**
 * End to end: real snapshots (the hostile fixture and the demo org) through the real spec, model,
 * augment and emit; the output must type-check on its own with `tsc --strict`, and be byte-identical
 * across runs and across any ordering of the snapshot's arrays and keys.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderClient } from '../../generator/emit/generate-client.ts';
import { writeTree } from '../../generator/emit/write-tree.ts';
import { readSnapshot } from '../../generator/metadata/snapshot.ts';
import type { Snapshot } from '../../generator/metadata/snapshot-types.ts';
import { buildOrgModel } from '../../generator/model/build-org-model.ts';
import { augmentSpec } from '../../generator/openapi/augment.ts';
import { loadSpec } from '../../generator/openapi/load-spec.ts';
import type { OpenApiDocument } from '../../generator/openapi/openapi-types.ts';

const REPO = resolve(import.meta.dirname, '../..');
const OUT_ROOT = join(REPO, 'test/generator/out');
const TSC = join(REPO, 'node_modules/.bin/tsc');
const SLOW = 900_000;

const CASES = [
  { name: 'hostile', snapshot: join(REPO, 'test/fixtures/snapshots/hostile.json') },
  { name: 'demo', snapshot: join(REPO, 'generated/demo/metadata.json') },
];

/**
 * The same snapshot in another order: every object's keys reversed, and the arrays whose order
 * carries no meaning (contracts.md: canonicalizeSnapshot sorts them) shuffled by a seeded
 * Fisher–Yates — modules, each module's fields and related lists, picklist values (ordered by
 * sequence_number). Other arrays (profiles, …) are raw Zoho data whose order is part of the snapshot.
 */
function shuffled<T>(value: T, seed = 7): T {
  let state = seed;
  const random = (): number => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const shuffle = (items: unknown[]): unknown[] => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  };
  // Paths (keys from the root, `*` = any) of the arrays canonicalizeSnapshot sorts.
  const unordered = ['modules.modules', 'fields.*.fields', 'related_lists.*.related_lists', 'fields.*.fields.*.pick_list_values'];
  const matches = (path: readonly string[]): boolean =>
    unordered.some((p) => {
      const parts = p.split('.');
      return parts.length === path.length && parts.every((part, i) => part === '*' || part === path[i]);
    });
  const walk = (node: unknown, path: readonly string[]): unknown => {
    if (Array.isArray(node)) {
      const copy = node.map((n) => walk(n, [...path, '*']));
      return matches(path) ? shuffle(copy) : copy;
    }
    if (typeof node !== 'object' || node === null) return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node).reverse()) {
      Object.defineProperty(out, k, { value: walk(v, [...path, k]), enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  return walk(value, []) as T;
}

function tsc(dir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    // --skipLibCheck false: the client is declarations, and those are what this must prove correct.
    const child = spawn(TSC, ['--strict', '--noEmit', '--skipLibCheck', 'false', '-p', dir], { cwd: REPO });
    let output = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, output }));
  });
}

let spec: OpenApiDocument;
let workDir: string;
/** A frozen copy of templates/runtime: both renders of a case must read the same inputs. */
let runtimeDir: string;
beforeAll(async () => {
  spec = await loadSpec();
  await mkdir(OUT_ROOT, { recursive: true });
  workDir = await mkdtemp(join(OUT_ROOT, 'generate-'));
  runtimeDir = join(workDir, 'runtime-templates');
  await cp(join(REPO, 'templates/runtime'), runtimeDir, { recursive: true });
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe.each(CASES)('generate $name', ({ name, snapshot: file }) => {
  let snapshot: Snapshot;
  let first: Map<string, string>;
  let outDir: string;

  beforeAll(async () => {
    snapshot = await readSnapshot(file);
    outDir = join(workDir, name);
    const model = buildOrgModel(snapshot, { org: name });
    first = await renderClient({ model, openapi: augmentSpec(spec, model), outDir, generatorVersion: '0.0.0-test', runtimeDir });
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
        'module-map.d.ts',
        'openapi.json',
        'package.json',
        'runtime/index.d.ts',
        'runtime/index.js',
        'runtime/spec-types.d.ts',
        'tsconfig.json',
      ]),
    );
    expect(paths.some((p) => p.startsWith('modules/') && p.endsWith('.d.ts'))).toBe(true);
    // Declarations and JavaScript only: nothing a consumer's tsc would check statement by statement.
    expect(paths.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'))).toEqual([]);
    expect(paths.some((p) => p.includes('.test.'))).toBe(false);
    for (const [path, text] of first) {
      const header = path.endsWith('.json') ? text : text.split('\n', 2).join('\n');
      // The org's files name its snapshot; the runtime is the same for every org and names none.
      const stamped = header.includes('0.0.0-test') && (path.startsWith('runtime/') ? !/[0-9a-f]{64}/.test(header) : /[0-9a-f]{64}/.test(header));
      expect([path, stamped]).toEqual([path, true]);
    }
  });

  it('type-checks on its own with tsc --strict', async () => {
    const { code, output } = await tsc(outDir);
    expect(output).toBe('');
    expect(code).toBe(0);
  }, SLOW);

  it('is byte-identical when regenerated from a shuffled snapshot, and then writes nothing', async () => {
    const reordered = shuffled(snapshot);
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(snapshot));
    const model = buildOrgModel(reordered, { org: name });
    const again = await renderClient({
      model,
      openapi: augmentSpec(spec, model),
      outDir,
      generatorVersion: '0.0.0-test',
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
