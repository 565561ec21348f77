/**
 * index.ts: the client's public surface — createClient and its types, the per-module record types,
 * the module classes, the spec types, and the runtime's public API (errors, ClientOptions, …).
 * Explicit exports win over `export *`, so a runtime name never shadows an org's own.
 */
import { StructureKind, type Project, type StatementStructures } from 'ts-morph';
import type { OrgModel } from '../model/types.ts';
import { schemaName } from '../openapi/field-schema.ts';
import { clientModules, moduleClassName, moduleFilePath } from './module-file.ts';
import { printFile } from './project.ts';

export function renderIndexFile(project: Project, model: OrgModel, header: string): string {
  const statements: StatementStructures[] = [
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: './client.js', namedExports: ['createClient'] },
    {
      kind: StructureKind.ExportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: './client.js',
      namedExports: ['Client', 'ModuleApiName', 'ModuleByApiName'],
    },
    {
      kind: StructureKind.ExportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: './types.js',
      namedExports: [
        'components',
        'operations',
        'paths',
        ...model.modules.flatMap((m) => (['record', 'create', 'update'] as const).map((r) => schemaName(m.typeName, r))),
      ],
    },
    ...clientModules(model).map(
      (m): StatementStructures => ({
        kind: StructureKind.ExportDeclaration,
        moduleSpecifier: `./${moduleFilePath(m).replace(/\.ts$/, '.js')}`,
        namedExports: [moduleClassName(m)],
      }),
    ),
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: './runtime/index.js' },
  ];
  return printFile(project, 'index.ts', header, { statements });
}
