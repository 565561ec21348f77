/**
 * What typing the spec's resources costs a consumer's tsc, in the form chosen and in the alternative: the demo
 * client with its runtime/spec-resources.d.ts as generated (A: one plain interface, leaves
 * `SpecOperation<operations[id]>`) and as a generic proxy type over the same operation table (B: a type-level
 * `member → operationId` map nested with template-literal splitting — what a runtime Proxy over the table would
 * be typed with). Each at the spec's size and with every operation copied under `--scale` roots, to see how each
 * grows as spec/ does. Prints tsc's type and instantiation counts (exact) and the check time of a five-line
 * consumer (strict, skipLibCheck, NodeNext).
 *
 *   npx tsx test/bench/spec-resources-types.ts [--scale 16] [--runs 3]
 */
import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import ts from 'typescript';
import { DEMO_DIR } from '../helpers/demo-client.ts';
import { scratchDir } from '../helpers/scratch-dir.ts';
import { REPO_ROOT } from '../helpers/type-check.ts';
import { median } from './stats.ts';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '16' }, runs: { type: 'string', default: '3' } } });
const SCALE = Number(values.scale);
const RUNS = Number(values.runs);

const HEAD =
  "import type { SpecOperation, SpecOperationRow } from './spec-operation.js';\n" +
  "import type { operations } from './spec-types.js';\n" +
  'export declare const SPEC_OPERATIONS: readonly SpecOperationRow[];\n';

/** [member, operationId] of the generated table, copied under `scale` roots (r1.users.list, …). */
function table(scale: number): [string, string][] {
  const js = readFileSync(join(DEMO_DIR, 'runtime/spec-resources.js'), 'utf8');
  const rows = [...js.matchAll(/\["([^"]+)", "[A-Z]+", "[^"]+", "([^"]+)"\]/g)].map((m) => [m[1]!, m[2]!] as const);
  const out: [string, string][] = [];
  for (let i = 0; i < scale; i++) for (const [member, id] of rows) out.push([i === 0 ? member : `r${i}.${member}`, id]);
  return out;
}

type Tree = { [name: string]: Tree | string };

function plainInterface(ops: [string, string][]): string {
  const root: Tree = {};
  for (const [member, id] of ops) {
    const parts = member.split('.');
    let node = root;
    for (const p of parts.slice(0, -1)) node = (node[p] ??= {}) as Tree;
    node[parts.at(-1)!] = id;
  }
  const render = (node: Tree, indent: string): string =>
    Object.entries(node)
      .map(([k, v]) =>
        typeof v === 'string'
          ? `${indent}readonly ${k}: SpecOperation<operations["${v}"]>;\n`
          : `${indent}readonly ${k}: {\n${render(v, `${indent}  `)}${indent}};\n`,
      )
      .join('');
  return `${HEAD}export interface SpecResources {\n${render(root, '  ')}}\n`;
}

function genericProxy(ops: [string, string][]): string {
  return `${HEAD}type Table = {\n${ops.map(([m, id]) => `  "${m}": "${id}";`).join('\n')}\n};
type Split<S extends string> = S extends \`\${infer H}.\${infer T}\` ? [H, ...Split<T>] : [S];
type Nest<P, V> = P extends [infer H extends string, ...infer T] ? { readonly [K in H]: Nest<T, V> } : V;
type U2I<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type Deep<T> = T extends (...a: never[]) => unknown ? T : { readonly [K in keyof T]: Deep<T[K]> };
export type SpecResources = Deep<U2I<{ [K in keyof Table & string]: Nest<Split<K>, SpecOperation<operations[Table[K]]>> }[keyof Table & string]>>;
`;
}

const CONSUMER = `import { createClient } from './client/index.js';
const crm = createClient({ auth: { accessToken: 't' } });
const u = await crm.users.list({ query: { type: 'ActiveUsers' } });
const l = await crm.settings.layouts.list({ query: { module: 'Leads' } });
export const n = (u?.users.length ?? 0) + (l?.layouts.length ?? 0) + (await crm.org.zgid()).length;
`;

interface Figures {
  types: number;
  instantiations: number;
  checkMs: number;
}

function check(dir: string): Figures {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
  };
  const program = ts.createProgram([join(dir, 'consumer.ts')], options);
  const start = performance.now();
  const diagnostics = ts.getPreEmitDiagnostics(program);
  const checkMs = performance.now() - start;
  if (diagnostics.length > 0) {
    throw new Error(ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => '\n' }));
  }
  return { types: program.getTypeCount(), instantiations: program.getInstantiationCount(), checkMs };
}

const scratch = await scratchDir('spec-resources-bench');
try {
  console.log(`consumer tsc (strict, skipLibCheck, NodeNext) over the demo client; ${RUNS} runs each, median check time`);
  console.log(`${'form'.padEnd(44)}${'operations'.padStart(11)}${'types'.padStart(8)}${'instantiations'.padStart(16)}${'check'.padStart(10)}`);
  for (const scale of [1, SCALE]) {
    const ops = table(scale);
    for (const [name, render] of [
      ['A: generated interface (chosen)', plainInterface],
      ['B: generic proxy type over the table', genericProxy],
    ] as const) {
      const dir = join(scratch.dir, `${name[0]}${scale}`);
      cpSync(DEMO_DIR, join(dir, 'client'), { recursive: true });
      writeFileSync(join(dir, 'client/runtime/spec-resources.d.ts'), render(ops));
      writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
      writeFileSync(join(dir, 'consumer.ts'), CONSUMER);
      symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
      const runs = Array.from({ length: RUNS }, () => check(dir));
      const first = runs[0]!;
      const ms = median(runs.map((r) => r.checkMs));
      console.log(`${name.padEnd(44)}${String(ops.length).padStart(11)}${String(first.types).padStart(8)}${String(first.instantiations).padStart(16)}${`${(ms / 1000).toFixed(2)} s`.padStart(10)}`);
    }
  }
} finally {
  await scratch.remove();
}
