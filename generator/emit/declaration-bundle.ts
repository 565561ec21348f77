/**
 * The runtime's declarations as one file, `runtime/index.d.ts`, beside its JavaScript files: what every
 * client's generated types import. tsc emits a `.d.ts` per source file, some sixty for the runtime, and a
 * consumer's editor resolves, reads and parses each one when it opens the project — per file, that was
 * several times the cost of the same bytes in one file, for every org whatever its size.
 *
 * The runtime's sources are written so that this is a concatenation: every top-level name is unique across
 * the runtime, imports are never renamed, and there is no `export *` — the bundler refuses anything else,
 * naming the file and the name, rather than emit declarations that merge or shadow one another. So:
 * - imports between bundled files are dropped (the names are declared in the same file now); imports of
 *   other modules (`node:stream`, the separate `spec-types.d.ts`) are kept once, at the top;
 * - a value the runtime's index exports stays exported; a value exported only by its own file (a class the
 *   generated types name, `ModuleResource`) is exported as a type only, so the declarations never promise
 *   the index's JavaScript an export it does not have; exported types stay exported; the rest stays local;
 * - each declaration keeps its doc comment.
 */
import { posix } from 'node:path';
import ts from 'typescript';
import { compareStrings } from '../canonical-json.ts';

export class DeclarationBundleError extends Error {
  override name = 'DeclarationBundleError';
}

export interface DeclarationBundleInput {
  /** Path under runtime/ (`/`-separated) → `.d.ts` text, for every file to bundle. */
  readonly files: ReadonlyMap<string, string>;
  /** The file whose exports are the runtime's public values (`index.d.ts`). */
  readonly entry: string;
  /** Text to start the bundle with (the generated-file header). */
  readonly header: string;
}

interface ExternalImport {
  /** name → imported as a type only */
  readonly names: Map<string, boolean>;
}

/** One `.d.ts` holding the declarations of every file in `input.files` (see above). */
export function bundleDeclarations(input: DeclarationBundleInput): string {
  const { files, entry } = input;
  const entryText = files.get(entry);
  if (entryText === undefined) throw new DeclarationBundleError(`${entry} is not among the declarations to bundle`);
  const publicValues = valueExportsOf(entry, parse(entry, entryText));

  const declaredIn = new Map<string, string>();
  const externals = new Map<string, ExternalImport>();
  const references = new Set<string>();
  const body: string[] = [];
  const typeOnly = new Set<string>();

  for (const [path, text] of [...files].sort(([a], [b]) => compareStrings(a, b))) {
    const sf = parse(path, text);
    for (const ref of sf.typeReferenceDirectives) references.add(`/// <reference types="${ref.fileName}" />`);
    for (const ref of sf.libReferenceDirectives) references.add(`/// <reference lib="${ref.fileName}" />`);
    for (const s of sf.statements) {
      if (ts.isImportDeclaration(s)) {
        importOf(path, s, files, externals);
        continue;
      }
      if (ts.isExportDeclaration(s)) {
        checkReExport(path, s);
        continue;
      }
      const names = declaredNames(path, s);
      for (const name of names) {
        const first = declaredIn.get(name);
        if (first !== undefined && first !== path) {
          throw new DeclarationBundleError(`${name} is declared by both ${first} and ${path}: rename one (the runtime's declarations share one scope)`);
        }
        declaredIn.set(name, path);
      }
      const exportKeyword = modifiersOf(s).find((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      const isValue = !ts.isInterfaceDeclaration(s) && !ts.isTypeAliasDeclaration(s);
      const edits = importTypeEdits(path, sf, s, files);
      if (exportKeyword !== undefined && isValue && !names.every((n) => publicValues.has(n))) {
        // Exported by its own file, not by the index: the index's JavaScript has no such export.
        const at = exportKeyword.getStart(sf);
        edits.push({ from: at, to: at + 'export '.length, text: '' });
        for (const n of names) typeOnly.add(n);
      }
      const statement = applyEdits(sf.text, statementStart(sf, s), s.end, edits);
      body.push(statement);
    }
  }
  for (const name of publicValues) {
    if (!declaredIn.has(name)) throw new DeclarationBundleError(`${entry} exports ${name}, which no bundled file declares`);
  }
  const importLines = [...externals].map(([specifier, { names }]) => {
    const list = [...names].map(([n, isType]) => (isType ? `type ${n}` : n)).join(', ');
    return `import { ${list} } from ${JSON.stringify(specifier)};`;
  });
  for (const [, { names }] of externals) {
    for (const n of names.keys()) {
      if (declaredIn.has(n)) throw new DeclarationBundleError(`${n} is both imported and declared in the runtime's declarations`);
    }
  }
  const exportTypes = typeOnly.size === 0 ? 'export {};' : `export type { ${[...typeOnly].join(', ')} };`;
  return `${input.header}${[...references, ...importLines].join('\n')}\n\n${body.join('\n')}\n${exportTypes}\n`;
}

function modifiersOf(s: ts.Statement): readonly ts.ModifierLike[] {
  return (ts.canHaveModifiers(s) ? ts.getModifiers(s) : undefined) ?? [];
}

function parse(path: string, text: string): ts.SourceFile {
  return ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

/** The names a top-level declaration introduces (several for `declare const a: A, b: B`). */
function declaredNames(path: string, s: ts.Statement): string[] {
  if (ts.isVariableStatement(s)) {
    return s.declarationList.declarations.map((d) => {
      if (!ts.isIdentifier(d.name)) throw new DeclarationBundleError(`${path}: a destructured declaration cannot be bundled`);
      return d.name.text;
    });
  }
  if (
    ts.isInterfaceDeclaration(s) ||
    ts.isTypeAliasDeclaration(s) ||
    ts.isClassDeclaration(s) ||
    ts.isFunctionDeclaration(s) ||
    ts.isEnumDeclaration(s) ||
    ts.isModuleDeclaration(s)
  ) {
    if (s.name === undefined || !ts.isIdentifier(s.name)) throw new DeclarationBundleError(`${path}: a default or global declaration cannot be bundled`);
    if (s.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) throw new DeclarationBundleError(`${path}: a default export cannot be bundled`);
    return [s.name.text];
  }
  throw new DeclarationBundleError(`${path}: a ${ts.SyntaxKind[s.kind]} statement cannot be bundled`);
}

/** Where a statement's text starts: its doc comment, else its first token (the file header stays behind). */
function statementStart(sf: ts.SourceFile, s: ts.Statement): number {
  const docs = (ts.getLeadingCommentRanges(sf.text, s.pos) ?? []).filter((r) => sf.text.startsWith('/**', r.pos));
  return docs[0]?.pos ?? s.getStart(sf);
}

interface Edit {
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

function applyEdits(text: string, start: number, end: number, edits: readonly Edit[]): string {
  let out = '';
  let at = start;
  for (const e of [...edits].sort((a, b) => a.from - b.from)) {
    out += text.slice(at, e.from) + e.text;
    at = e.to;
  }
  return out + text.slice(at, end);
}

/**
 * tsc writes `import('./redis/status.js').SharedStatus` where a declaration names a type its source did not
 * import. Into a bundled file that is just `SharedStatus`; into a separate one, the specifier from the bundle.
 */
function importTypeEdits(path: string, sf: ts.SourceFile, s: ts.Statement, files: ReadonlyMap<string, string>): Edit[] {
  const edits: Edit[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      const specifier = node.argument.literal.text;
      if (specifier.startsWith('.')) {
        const target = declarationPath(path, specifier);
        if (!files.has(target)) {
          edits.push({ from: node.argument.literal.getStart(sf), to: node.argument.literal.end, text: JSON.stringify(`./${target.replace(/\.d\.ts$/, '.js')}`) });
        } else if (node.isTypeOf || node.qualifier === undefined) {
          throw new DeclarationBundleError(`${path}: ${node.getText(sf)} cannot be bundled; import the type by name`);
        } else {
          const args = node.typeArguments === undefined ? '' : `<${node.typeArguments.map((a) => a.getText(sf)).join(', ')}>`;
          edits.push({ from: node.getStart(sf), to: node.end, text: `${node.qualifier.getText(sf)}${args}` });
          return;
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(s);
  return edits;
}

/** Where a relative specifier of `from` leads, as a runtime/ path of a `.d.ts` (`./core.js` → `core.d.ts`). */
function declarationPath(from: string, specifier: string): string {
  return posix.normalize(posix.join(posix.dirname(from), specifier)).replace(/\.js$/, '.d.ts');
}

function importOf(path: string, s: ts.ImportDeclaration, files: ReadonlyMap<string, string>, externals: Map<string, ExternalImport>): void {
  if (!ts.isStringLiteral(s.moduleSpecifier)) throw new DeclarationBundleError(`${path}: an import without a string specifier`);
  const clause = s.importClause;
  const bindings = clause?.namedBindings;
  if (clause?.name !== undefined || (bindings !== undefined && !ts.isNamedImports(bindings))) {
    throw new DeclarationBundleError(`${path}: only named imports can be bundled (import { a } from '…')`);
  }
  for (const e of bindings?.elements ?? []) {
    if (e.propertyName !== undefined) throw new DeclarationBundleError(`${path}: imports ${e.propertyName.text} as ${e.name.text}; renamed imports cannot be bundled`);
  }
  let specifier = s.moduleSpecifier.text;
  if (specifier.startsWith('.')) {
    const target = declarationPath(path, specifier);
    if (files.has(target)) return; // declared in the bundle itself
    specifier = `./${target.replace(/\.d\.ts$/, '.js')}`;
  }
  const entry = externals.get(specifier) ?? { names: new Map<string, boolean>() };
  externals.set(specifier, entry);
  for (const e of bindings?.elements ?? []) {
    const isType = clause?.isTypeOnly === true || e.isTypeOnly;
    entry.names.set(e.name.text, (entry.names.get(e.name.text) ?? true) && isType);
  }
}

/** Re-exports are dropped (every name is declared in the bundle); what they cannot say plainly is refused. */
function checkReExport(path: string, s: ts.ExportDeclaration): void {
  if (s.exportClause === undefined) throw new DeclarationBundleError(`${path}: export * cannot be bundled; name the exports`);
  if (ts.isNamespaceExport(s.exportClause)) throw new DeclarationBundleError(`${path}: export * as ns cannot be bundled`);
  for (const e of s.exportClause.elements) {
    if (e.propertyName !== undefined) throw new DeclarationBundleError(`${path}: exports ${e.propertyName.text} as ${e.name.text}; renamed exports cannot be bundled`);
  }
  if (s.moduleSpecifier === undefined && s.exportClause.elements.length > 0) {
    throw new DeclarationBundleError(`${path}: export { … } of local names cannot be bundled; export them where they are declared`);
  }
}

/** The value names a file exports: its exported value declarations and its value re-exports. */
function valueExportsOf(path: string, sf: ts.SourceFile): Set<string> {
  const out = new Set<string>();
  for (const s of sf.statements) {
    if (ts.isExportDeclaration(s)) {
      checkReExport(path, s);
      if (s.isTypeOnly || s.exportClause === undefined || !ts.isNamedExports(s.exportClause)) continue;
      for (const e of s.exportClause.elements) if (!e.isTypeOnly) out.add(e.name.text);
    } else if (!ts.isImportDeclaration(s) && !ts.isInterfaceDeclaration(s) && !ts.isTypeAliasDeclaration(s)) {
      if (modifiersOf(s).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) for (const n of declaredNames(path, s)) out.add(n);
    }
  }
  return out;
}
