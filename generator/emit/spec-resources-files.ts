/**
 * runtime/spec-resources.js and the declarations of every client (runtime/index.d.ts holds them, declaration-bundle.ts), from the table spec-resources.ts
 * decides: the JavaScript is only the rows (member, HTTP method, path, operationId) the runtime's
 * buildSpecResources turns into methods; the declarations are one plain interface whose leaves are
 * `SpecOperation<operations["<operationId>"]>` — no mapped or conditional type over the whole spec, so a
 * consumer's tsc and editor resolve a method only when it is used (the lean-types rule, issue #11).
 */
import { jsdocText } from './jsdoc.ts';
import { propertyKey, stringLiteral } from './literals.ts';
import { specOperationRows, type SpecResourceOperation, type SpecResourceTable } from './spec-resources.ts';

export function renderSpecResourcesScript(table: SpecResourceTable, header: string): string {
  const rows = specOperationRows(table).map((row) => `  [${row.map(stringLiteral).join(', ')}],`);
  return (
    `${header}\n` +
    '/** [member, HTTP method, path, operationId] of every org-independent operation of the spec (names: generator/emit/spec-resources.ts). */\n' +
    `export const SPEC_OPERATIONS = [\n${rows.join('\n')}\n];\n`
  );
}

interface Node {
  readonly resources: Map<string, Node>;
  readonly methods: SpecResourceOperation[];
}

function tree(operations: readonly SpecResourceOperation[]): Node {
  const root: Node = { resources: new Map(), methods: [] };
  for (const op of operations) {
    let node = root;
    for (const name of op.member.slice(0, -1)) {
      let next = node.resources.get(name);
      if (next === undefined) {
        next = { resources: new Map(), methods: [] };
        node.resources.set(name, next);
      }
      node = next;
    }
    node.methods.push(op);
  }
  return root;
}

function methodDoc(op: SpecResourceOperation, indent: string): string {
  const summary = op.summary === undefined ? '' : `${jsdocText(op.summary)} — `;
  return `${indent}/** ${summary}\`${op.method} ${jsdocText(op.path)}\` (${jsdocText(op.operationId)}) */\n`;
}

function renderNode(node: Node, indent: string): string {
  let out = '';
  // Methods and resources in name order (the table is sorted by member, so both already are).
  for (const op of node.methods) {
    out += methodDoc(op, indent);
    out += `${indent}readonly ${propertyKey(op.member.at(-1)!)}: SpecOperation<operations[${stringLiteral(op.operationId)}]>;\n`;
  }
  for (const [name, child] of node.resources) {
    out += `${indent}readonly ${propertyKey(name)}: {\n${renderNode(child, `${indent}  `)}${indent}};\n`;
  }
  return out;
}

/** The names SpecResources has at its top: resources, and methods on no resource (none today). */
function topLevelNames(root: Node): string[] {
  return [...root.methods.map((op) => op.member[0] ?? ''), ...root.resources.keys()];
}

export function renderSpecResourcesDeclarations(table: SpecResourceTable, header: string): string {
  const root = tree(table.operations);
  return (
    `${header}\n` +
    "import type { SpecClient } from './spec-client.js';\n" +
    "import type { SpecOperation, SpecOperationRow } from './spec-operation.js';\n" +
    "import type { operations } from './spec-types.js';\n" +
    '/** [member, HTTP method, path, operationId] of every org-independent operation of the spec. */\n' +
    'export declare const SPEC_OPERATIONS: readonly SpecOperationRow[];\n' +
    '/**\n' +
    ' * The spec\'s org-independent operations, by resource: `crm.users.list({ query: { type: \'ActiveUsers\' } })`,\n' +
    ' * `crm.settings.layouts.list({ query: { module: \'Leads\' } })`. Path and query parameters, body and answer are\n' +
    ' * typed from the operation.\n' +
    ' */\n' +
    `export interface SpecResources {\n${renderNode(root, '  ')}}\n` +
    '/**\n' +
    ' * The client\'s members from SpecResources, helpers included (SpecClient), as a plain interface: the generated\n' +
    ' * Client extends it, and a Client extending only plain interfaces has no `this` type to instantiate on every\n' +
    ' * check (runtime org-client.ts, ClientServices).\n' +
    ' */\n' +
    `export interface SpecClientMembers {\n${topLevelNames(root).map((name) => `  readonly ${propertyKey(name)}: SpecClient<SpecResources>[${stringLiteral(name)}];\n`).join('')}}\n`
  );
}
