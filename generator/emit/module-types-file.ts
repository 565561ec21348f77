/**
 * modules.d.ts: every module's types in one file — per module `<Name>Record`, `AsRead<{…}>` over one property per
 * field (its JSDoc from the org's metadata), `<Name>CreateInput` / `<Name>UpdateInput` as the runtime's mapped types over
 * it, naming only which fields an input requires or leaves out, and `<Name>Fields` for the query builders.
 * Each field is written once (the size rule in DESIGN.md, step 5); the editor shows its JSDoc on the inputs too.
 *
 * One file, not one per module: a language service re-walks every file of the program on each keystroke
 * (program reuse, package scope, document registry), so on an org of a hundred modules the per-file work
 * was most of what a completion after an edit cost. Names are unique across the org (naming.ts), so no
 * module's types need importing from another.
 */
import { StructureKind, Writers, type OptionalKind, type PropertySignatureStructure, type StatementStructures, type WriterFunction } from 'ts-morph';
import { fieldSummary } from '../model/describe-field.ts';
import { queryKind } from '../model/query-kind.ts';
import { RUNTIME_RECORD_SHAPES } from '../model/naming.ts';
import type { FieldModel, ModuleModel, OrgModel } from '../model/types.ts';
import { impliedQueryKind, recordValueType, RUNTIME_SPECIFIER, writeOverride, type ModuleLookup } from './field-ts-type.ts';
import { jsdocBlock, jsdocText } from './jsdoc.ts';
import { propertyKey, stringLiteral } from './literals.ts';
import { moduleMapStatement } from './module-map-file.ts';
import { printFile, printStatements } from './project.ts';

export const MODULES_PATH = 'modules.d.ts';
/** The import specifier of modules.d.ts from the client folder's root. */
export const MODULES_SPECIFIER = './modules.js';

/** modules.d.ts: the runtime's record shapes as `rt`, each module's types one module after another, then ModuleMap. */
export function renderModulesFile(model: OrgModel, header: string): string {
  const byApiName = new Map(model.modules.map((m) => [m.apiName, m]));
  const moduleOf: ModuleLookup = (apiName) => (apiName === undefined ? undefined : byApiName.get(apiName));
  const parts = [
    printFile(header, {
      // By name, not as a namespace (`rt.Lookup`): a namespace import of the runtime's one declaration file makes
      // the checker build a type of its every export again on each keystroke in the user's editor.
      statements: [{ kind: StructureKind.ImportDeclaration, isTypeOnly: true, namedImports: [...RUNTIME_RECORD_SHAPES], moduleSpecifier: RUNTIME_SPECIFIER }],
    }),
  ];
  // Printed module by module, so a large org's structures are never all alive at once.
  for (const m of model.modules) parts.push(printStatements(moduleStatements(m, moduleOf)));
  parts.push(printStatements([moduleMapStatement(model)]));
  return parts.join('\n');
}

function moduleStatements(module: ModuleModel, moduleOf: ModuleLookup): (StatementStructures | WriterFunction)[] {
  // Every record has its id, a string (RecordId), whatever a field called `id` in the metadata claims.
  const fields = module.fields.filter((f) => f.apiName !== 'id').map((f) => recordProperty(f, moduleOf));

  const { types } = module;
  // `id` is the record's, never an input field (a field the metadata calls `id` included) — except that a
  // subform row is updated by its id (rows without one are added), so subform updates keep it.
  const inputs = module.fields.filter((f) => f.apiName !== 'id');
  const requiredOnCreate = inputs.filter((f) => f.creatable && f.requiredOnCreate).map((f) => f.apiName);
  const notOnCreate = ['id', ...inputs.filter((f) => !f.creatable).map((f) => f.apiName)];
  const notOnUpdate = [...(module.kind === 'subform' ? [] : ['id']), ...inputs.filter((f) => !f.updatable).map((f) => f.apiName)];
  const createWrites = writeOverrides(module.fields.filter((f) => f.creatable), 'create', moduleOf);
  const updateWrites = writeOverrides(module.fields.filter((f) => f.updatable), 'update', moduleOf);

  const what = `${jsdocText(module.singularLabel)} — a record of module ${stringLiteral(module.apiName)}`;
  const statements: (StatementStructures | WriterFunction)[] = [
    recordStatement(types.record, `${what} as read: only the fields asked for are present, empty ones are \`null\`.`, fields),
    // The inputs are interfaces over the runtime's mapped types, not type aliases: naming an interface
    // costs the checker nothing until its members are needed, while an alias is resolved (its key unions
    // built) wherever it is mentioned — in the module map, on every completion that touches the module.
    heritageOnly(
      `${what} to create${requiredOnCreate.length > 0 ? `; required: ${requiredOnCreate.map((n) => jsdocText(n)).join(', ')}` : ''}.`,
      types.create,
      `CreateInput<${types.record}, ${keyUnion(requiredOnCreate)}, ${keyUnion(notOnCreate)}${createWrites === undefined ? '' : `, ${createWrites}`}>`,
    ),
    heritageOnly(
      `Changes to ${jsdocText(module.singularLabel)} (module ${stringLiteral(module.apiName)}): fields left out stay as they are, \`null\` clears one.`,
      types.update,
      `UpdateInput<${types.record}, ${keyUnion(notOnUpdate)}${updateWrites === undefined ? '' : `, ${updateWrites}`}>`,
    ),
    fieldsInterface(module),
  ];
  return statements;
}

/**
 * `export interface <Name>Record extends AsRead<{ …fields }>, RecordId {}`: each field's value type written once,
 * made optional and nullable by the runtime's AsRead. Written as a statement, not an interface structure:
 * ts-morph lays a heritage clause out as one hanging line, which would indent the fields as a continuation.
 *
 * Why `, RecordId {}` here and `>` then `{}` on the next line in heritageOnly: where type arguments in a
 * heritage clause are followed by `{` on the same line, TypeScript's parser first reads them as a possible
 * expression, cannot tell them from a comparison until past the `>`, gives up and reads them all again —
 * every field twice. Followed by `,` or a line break they are read once: on a 20,000-field org that was a
 * third of modules.d.ts's parse time, which every editor pays on opening the project.
 */
function recordStatement(name: string, doc: string, fields: OptionalKind<PropertySignatureStructure>[]): WriterFunction {
  return (writer) => {
    writer.writeLine(docComment(doc));
    writer.write(`export interface ${name} extends AsRead<`);
    Writers.objectType({ properties: fields })(writer);
    writer.write('>, RecordId {}');
  };
}

/** `export interface <name> extends <base>` and an empty body on the next line (see recordStatement for why). */
function heritageOnly(doc: string, name: string, base: string): WriterFunction {
  return (writer) => {
    writer.writeLine(docComment(doc));
    writer.writeLine(`export interface ${name} extends ${base}`);
    writer.write('{}');
  };
}

/** A doc comment as ts-morph prints `docs`: one line, or a block when the text has several. */
function docComment(doc: string): string {
  const text = jsdocText(doc);
  return text.includes('\n') ? jsdocBlock([text]) : `/** ${text} */`;
}

function recordProperty(f: FieldModel, moduleOf: ModuleLookup): OptionalKind<PropertySignatureStructure> {
  const value = recordValueType(f.type, moduleOf);
  return {
    name: propertyKey(f.apiName),
    type: value,
    docs: [jsdocText(fieldSummary(f))],
  };
}

/**
 * `<Name>Fields`: each field queries can use → its query kind, for the typed COQL and search builders
 * (operators and value types, and `lookup:<Module>` to follow dotted paths). Only what the record's types do
 * not imply is written — `QueryFields<LeadsRecord, { datetime: "Created_Time"; "lookup:Accounts":
 * "Account_Name"; none: "Photo" }>` — dates, multi-line text, lookup targets, and `none` for a field queries
 * cannot use although its type looks queryable; the runtime reads the rest off the record (impliedQueryKind).
 * On the synthetic 100-module org that is three fields in ten, where one entry per field was a seventh of
 * the org's type text.
 */
function fieldsInterface(module: ModuleModel): WriterFunction {
  const stated = new Map<string, string[]>();
  for (const f of module.fields) {
    if (f.apiName === 'id') continue;
    const kind = queryKind(f.type) ?? 'none';
    if (kind === (impliedQueryKind(f.type) ?? 'none')) continue;
    const names = stated.get(kind);
    if (names === undefined) stated.set(kind, [f.apiName]);
    else names.push(f.apiName);
  }
  const groups = [...stated].map(([kind, names]) => `${propertyKey(kind)}: ${keyUnion(names)}`);
  return heritageOnly(
    jsdocText(`How COQL and search see the fields of module ${stringLiteral(module.apiName)} (the typed query builders read it).`),
    module.types.fields,
    `QueryFields<${module.types.record}, {${groups.length === 0 ? '' : ` ${groups.join('; ')} `}}>`,
  );
}

/** `'A' | 'B'`, or `never`. */
function keyUnion(names: readonly string[]): string {
  return names.length === 0 ? 'never' : [...new Set(names)].map(stringLiteral).join(' | ');
}

/** `{ Product_Details: OrderedItemsCreateInput[] }` for the fields written differently from how they read. */
function writeOverrides(fields: readonly FieldModel[], role: 'create' | 'update', moduleOf: ModuleLookup): string | undefined {
  const entries = fields.flatMap((f) => {
    const type = writeOverride(f.type, role, moduleOf);
    return type === undefined ? [] : [`${propertyKey(f.apiName)}: ${type}`];
  });
  return entries.length === 0 ? undefined : `{ ${entries.join('; ')} }`;
}
