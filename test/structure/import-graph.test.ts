/**
 * Data flows one way (DESIGN.md, "Data flow"), and the import graph says so: the generator's stages import
 * only the stages before them — metadata → model → openapi → emit → commands → cli — with the shared JSON
 * helpers below all of them; no file imports a later stage, and no two files import each other in a circle.
 * Read from the sources (static and literal dynamic imports), so a new arrow back up fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/type-check.ts';

/** Stage of a generator file, by folder; a file may import its own stage or an earlier one. */
const STAGES: readonly [prefix: string, rank: number][] = [
  ['generator/canonical-json.ts', 0],
  ['generator/json-reading.ts', 0],
  ['generator/config.ts', 0],
  ['generator/build-cache.ts', 0],
  ['generator/metadata/', 1],
  ['generator/model/', 2],
  ['generator/openapi/', 3],
  ['generator/emit/', 4],
  ['generator/commands/', 5],
  ['generator/cli.ts', 6],
];

function stageOf(file: string): number | undefined {
  return STAGES.find(([prefix]) => file === prefix || file.startsWith(prefix))?.[1];
}

function sources(dir: string): string[] {
  return readdirSync(join(REPO_ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
    .map((f) => join(dir, f).split('\\').join('/'));
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

/** Repository-relative file → the repository files it imports (relative specifiers only). */
function graph(files: readonly string[]): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(join(REPO_ROOT, file), 'utf8');
    const targets: string[] = [];
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      if (spec === undefined || !spec.startsWith('.')) continue;
      const target = relative(REPO_ROOT, resolve(REPO_ROOT, dirname(file), spec)).split('\\').join('/').replace(/\.js$/, '.ts');
      targets.push(target);
    }
    edges.set(file, targets);
  }
  return edges;
}

function cycles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    path.push(node);
    for (const next of edges.get(node) ?? []) {
      if (!edges.has(next)) continue;
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), next]);
      else if (state.get(next) === undefined) visit(next);
    }
    path.pop();
    state.set(node, 'done');
  };
  for (const node of edges.keys()) if (state.get(node) === undefined) visit(node);
  return found;
}

describe('the import graph', () => {
  const generator = graph(sources('generator'));
  const runtime = graph(sources('templates/runtime'));

  it('has no arrow from a stage of the generator back to a later one', () => {
    const backwards = [...generator].flatMap(([file, targets]) =>
      targets.flatMap((target) => {
        const [from, to] = [stageOf(file), stageOf(target)];
        return from !== undefined && to !== undefined && to > from ? [`${file} → ${target}`] : [];
      }),
    );
    expect(backwards).toEqual([]);
    expect(generator.size).toBeGreaterThan(40);
  });

  it('has no cycle in the generator or in the runtime', () => {
    expect(cycles(generator).map((c) => c.join(' → '))).toEqual([]);
    expect(cycles(runtime).map((c) => c.join(' → '))).toEqual([]);
    expect(runtime.size).toBeGreaterThan(20);
  });

  it('finds a cycle when there is one (the check is not vacuous)', () => {
    expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual([['a', 'b', 'c', 'a']]);
  });
});
