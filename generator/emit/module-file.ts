/**
 * modules/<fileName>.ts: one thin class per module over the runtime's ModuleResource (like a
 * Stainless resource): the record operations live in the runtime; the class adds the module's JSDoc
 * and one method per related list.
 */
import { StructureKind, type MethodDeclarationStructure, type OptionalKind, type Project } from 'ts-morph';
import type { ModuleModel, OrgModel, RelatedListModel } from '../model/types.ts';
import { schemaName } from '../openapi/field-schema.ts';
import { jsdocText } from './jsdoc.ts';
import { stringLiteral } from './literals.ts';
import { printFile } from './project.ts';

export function moduleClassName(module: ModuleModel): string {
  return `${module.typeName}Module`;
}

/** Modules that get a client accessor: every module with a top-level record API (not subforms). */
export function clientModules(model: OrgModel): readonly ModuleModel[] {
  return model.modules.filter((m) => m.kind !== 'subform');
}

export function moduleFilePath(module: ModuleModel): string {
  return `modules/${module.fileName}.ts`;
}

/**
 * Records of a module the snapshot does not describe. Lower-case, so it cannot collide with an
 * imported `<TypeName>Record` (type names are PascalCase).
 */
const GENERIC_RECORD = 'GenericRecord';

export function renderModuleFile(project: Project, model: OrgModel, module: ModuleModel, header: string): string {
  const byApiName = new Map(model.modules.map((m) => [m.apiName, m]));
  const typeImports = new Set<string>((['record', 'create', 'update'] as const).map((r) => schemaName(module.typeName, r)));
  let usesGeneric = false;
  const methods = module.relatedLists.map((list) => {
    const target = list.module === undefined ? undefined : byApiName.get(list.module);
    let recordType: string;
    if (target === undefined) {
      recordType = GENERIC_RECORD;
      usesGeneric = true;
    } else {
      recordType = schemaName(target.typeName, 'record');
      typeImports.add(recordType);
    }
    return relatedListMethod(module, list, recordType, target);
  });
  const namedImports = [...typeImports].sort();
  if (usesGeneric) namedImports.unshift('components');

  return printFile(project, moduleFilePath(module), header, {
    statements: [
      {
        kind: StructureKind.ImportDeclaration,
        isTypeOnly: true,
        moduleSpecifier: '../types.js',
        namedImports,
      },
      { kind: StructureKind.ImportDeclaration, moduleSpecifier: '../runtime/index.js', namespaceImport: 'runtime' },
      ...(usesGeneric
        ? [
            {
              kind: StructureKind.TypeAlias as const,
              name: GENERIC_RECORD,
              docs: ['A record of a module this snapshot does not describe.'],
              type: `components['schemas']['Record'] & { id: string }`,
            },
          ]
        : []),
      {
        kind: StructureKind.Class,
        isExported: true,
        name: moduleClassName(module),
        extends: `runtime.ModuleResource<${(['record', 'create', 'update'] as const)
          .map((r) => schemaName(module.typeName, r))
          .join(', ')}>`,
        docs: [moduleDoc(module)],
        methods,
      },
    ],
  });
}

function moduleDoc(module: ModuleModel): string {
  return jsdocText(
    [
      `${module.pluralLabel} — Zoho CRM module ${JSON.stringify(module.apiName)} (${module.kind}; one record is a ${JSON.stringify(module.singularLabel)}).`,
      '',
      'Records: list, iterate, get, create, update, upsert, delete, search, searchAll, count, deleted.',
      module.relatedLists.length > 0 ? 'Related lists: one method each, taking the parent record id.' : '',
    ]
      .filter((l, i, all) => !(l === '' && i === all.length - 1))
      .join('\n'),
  );
}

function relatedListMethod(
  module: ModuleModel,
  list: RelatedListModel,
  recordType: string,
  target: ModuleModel | undefined,
): OptionalKind<MethodDeclarationStructure> {
  const name = stringLiteral(list.apiName);
  const holds = target === undefined
    ? list.module === undefined ? 'records' : `records of module ${JSON.stringify(list.module)} (not in this snapshot)`
    : `${target.pluralLabel} (module ${JSON.stringify(target.apiName)})`;
  return {
    name: list.methodName,
    docs: [
      jsdocText(
        `Related list ${JSON.stringify(list.label)} (API name ${JSON.stringify(list.apiName)}): ${holds}.\n` +
          `\`list\` reads one page, \`iterate\` every page.\n` +
          `@param recordId Id of the ${module.singularLabel} record whose related records to read.`,
      ),
    ],
    parameters: [{ name: 'recordId', type: 'string' }],
    statements: [
      `return {
  list: <F extends keyof ${recordType} & string>(params: runtime.ListParams<F>) =>
    this.related<${recordType}, F>(${name}, recordId, params),
  iterate: <F extends keyof ${recordType} & string>(params: runtime.ListParams<F>) =>
    this.iterateRelated<${recordType}, F>(${name}, recordId, params),
};`,
    ],
  };
}
