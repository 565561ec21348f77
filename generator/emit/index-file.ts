/**
 * index.d.ts and index.js: the client's public surface — createClient and its types, the module map, every
 * module's record and input types, the errors users catch and the option types they pass. Not the
 * runtime's internals (the limiter, retry decisions, pagination, redaction): those stay behind runtime/.
 */
import { StructureKind, type StatementStructures } from 'ts-morph';
import { compareStrings } from '../canonical-json.ts';
import type { OrgModel } from '../model/types.ts';
import { PUBLIC_RUNTIME_TYPES, PUBLIC_RUNTIME_VALUES } from '../model/naming.ts';
import { MODULES_SPECIFIER } from './module-types-file.ts';
import { printFile } from './project.ts';

export function renderIndexDeclarations(model: OrgModel, header: string): string {
  const statements: StatementStructures[] = [
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: './client.js', namedExports: ['createClient'] },
    { kind: StructureKind.ExportDeclaration, isTypeOnly: true, moduleSpecifier: './client.js', namedExports: ['Client', 'ModuleApiName', 'ModuleClient'] },
    {
      kind: StructureKind.ExportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: MODULES_SPECIFIER,
      namedExports: ['ModuleMap', ...model.modules.flatMap((m) => [m.types.record, m.types.create, m.types.update]).sort(compareStrings)],
    },
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: './runtime/index.js', namedExports: [...PUBLIC_RUNTIME_VALUES] },
    { kind: StructureKind.ExportDeclaration, isTypeOnly: true, moduleSpecifier: './runtime/index.js', namedExports: [...PUBLIC_RUNTIME_TYPES] },
  ];
  return printFile(header, { statements });
}

export function renderIndexScript(header: string): string {
  const statements: StatementStructures[] = [
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: './client.js', namedExports: ['createClient'] },
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: './runtime/index.js', namedExports: [...PUBLIC_RUNTIME_VALUES] },
  ];
  return printFile(header, { statements });
}
