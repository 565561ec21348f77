/**
 * The runtime's declarations in one file (declaration-bundle.ts): what it keeps, how it exports, what it
 * refuses — and, on the demo client, that the bundle promises exactly the values runtime/index.js exports.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { bundleDeclarations, DeclarationBundleError } from '../../generator/emit/declaration-bundle.ts';
import { DEMO_DIR } from '../helpers/demo-client.ts';

const HEADER = '// header\n';

function bundle(files: Record<string, string>): string {
  return bundleDeclarations({ files: new Map(Object.entries(files)), entry: 'index.d.ts', header: HEADER });
}

describe('bundleDeclarations', () => {
  it('concatenates, drops imports between bundled files, keeps doc comments and outside imports once', () => {
    const out = bundle({
      'index.d.ts': "export { createThing } from './thing.js';\nexport type { Thing } from './thing.js';\n",
      'thing.d.ts':
        "// header of thing\nimport { Readable } from 'node:stream';\nimport type { Helper } from './util/helper.js';\n/** A thing. */\nexport interface Thing { h: Helper; r: Readable }\n/** Makes one. */\nexport declare function createThing(): Thing;\nexport declare class Internal {}\n",
      'util/helper.d.ts': "import { type Readable } from 'node:stream';\nimport { type operations } from '../spec-types.js';\nexport type Helper = { s: Readable; o: operations };\ntype Local = string;\nexport {};\n",
    });
    expect(out).toBe(
      `${HEADER}import { Readable } from "node:stream";\nimport { type operations } from "./spec-types.js";\n\n` +
        '/** A thing. */\nexport interface Thing { h: Helper; r: Readable }\n/** Makes one. */\nexport declare function createThing(): Thing;\ndeclare class Internal {}\n' +
        'export type Helper = { s: Readable; o: operations };\ntype Local = string;\n' +
        'export type { Internal };\n',
    );
  });

  it("rewrites tsc's import('./x.js').T of a bundled file to T", () => {
    const out = bundle({
      'index.d.ts': "export { f } from './a.js';\n",
      'a.d.ts': "export declare function f(): Promise<import('./b.js').Status<string>>;\n",
      'b.d.ts': 'export interface Status<T> { s: T }\n',
    });
    expect(out).toContain('export declare function f(): Promise<Status<string>>;');
  });

  it.each([
    { name: 'a name declared by two files', files: { 'index.d.ts': '', 'a.d.ts': 'export type X = 1;\n', 'b.d.ts': 'type X = 2;\n' }, error: /X is declared by both a\.d\.ts and b\.d\.ts/ },
    { name: 'a renamed import', files: { 'index.d.ts': '', 'a.d.ts': "import type { X as Y } from './b.js';\nexport type Z = Y;\n", 'b.d.ts': 'export type X = 1;\n' }, error: /a\.d\.ts: imports X as Y/ },
    { name: 'export *', files: { 'index.d.ts': "export * from './a.js';\n", 'a.d.ts': 'export type X = 1;\n' }, error: /index\.d\.ts: export \*/ },
    { name: 'a renamed export', files: { 'index.d.ts': "export { X as Y } from './a.js';\n", 'a.d.ts': 'export declare const X: 1;\n' }, error: /exports X as Y/ },
    { name: 'an index export nobody declares', files: { 'index.d.ts': "export { gone } from './a.js';\n", 'a.d.ts': 'export type X = 1;\n' }, error: /exports gone, which no bundled file declares/ },
    { name: 'a global augmentation', files: { 'index.d.ts': '', 'a.d.ts': "declare module 'x' { }\n" }, error: /a\.d\.ts: a default or global declaration/ },
  ] as { name: string; files: Record<string, string>; error: RegExp }[])('refuses $name, naming the file', ({ files, error }) => {
    expect(() => bundle(files)).toThrow(DeclarationBundleError);
    expect(() => bundle(files)).toThrow(error);
  });
});

describe("the demo client's runtime/index.d.ts", () => {
  it('declares as values exactly what runtime/index.js exports', async () => {
    const text = await readFile(join(DEMO_DIR, 'runtime/index.d.ts'), 'utf8');
    const sf = ts.createSourceFile('index.d.ts', text, ts.ScriptTarget.Latest, true);
    const declared = new Set<string>();
    for (const s of sf.statements) {
      const exported = ts.canHaveModifiers(s) && (ts.getModifiers(s) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (!exported) continue;
      if (ts.isVariableStatement(s)) for (const d of s.declarationList.declarations) declared.add(d.name.getText(sf));
      else if ((ts.isClassDeclaration(s) || ts.isFunctionDeclaration(s)) && s.name !== undefined) declared.add(s.name.text);
    }
    const js = (await import(join(DEMO_DIR, 'runtime/index.js'))) as Record<string, unknown>;
    expect([...declared].sort()).toEqual(Object.keys(js).sort());
    expect(declared.size).toBeGreaterThan(30);
  });
});
