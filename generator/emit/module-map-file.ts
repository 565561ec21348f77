/**
 * module-map.d.ts: the org's modules by API name — each one's record and input types and its related
 * lists (list API name → the record type of the module it holds), and its fields as queries see them. The record operations and related
 * lists are typed once, generically over this map (runtime ModuleResource), not once per module.
 */
import { StructureKind, type StatementStructures } from 'ts-morph';
import type { ModuleModel, OrgModel } from '../model/types.ts';
import { RUNTIME_NS, RUNTIME_TYPES_FILE } from './field-ts-type.ts';
import { jsdocText } from './jsdoc.ts';
import { propertyKey, stringLiteral } from './literals.ts';
import { moduleTypesSpecifier } from './module-types-file.ts';
import { printFile } from './project.ts';
import { TypeImports } from './type-imports.ts';

export const MODULE_MAP_PATH = 'module-map.d.ts';

/** `Leads (module "Leads")`, the doc every per-module entry carries. */
export function moduleTitle(m: ModuleModel): string {
  return jsdocText(`${m.pluralLabel} (module ${stringLiteral(m.apiName)}).`);
}

export function renderModuleMapFile(model: OrgModel, header: string): string {
  const byApiName = new Map(model.modules.map((m) => [m.apiName, m]));
  const imports = new TypeImports();
  const use = (m: ModuleModel, name: string): string => imports.use(m, name);
  const clients = model.modules.filter((m) => m.hasAccessor);
  const entries = clients.map((m) => {
    const related = m.relatedLists.map((rl) => {
      const target = rl.module === undefined ? undefined : byApiName.get(rl.module);
      return `${propertyKey(rl.apiName)}: ${target === undefined ? `${RUNTIME_NS}.GenericRecord` : use(target, target.types.record)}`;
    });
    return {
      name: propertyKey(m.apiName),
      docs: [moduleTitle(m)],
      type: `{ record: ${use(m, m.types.record)}; create: ${use(m, m.types.create)}; update: ${use(m, m.types.update)}; fields: ${use(m, m.types.fields)}; related: {${related.length === 0 ? '' : ` ${related.join('; ')} `}} }`,
    };
  });
  const statements: StatementStructures[] = [
    ...imports.declarations(`./runtime/${RUNTIME_TYPES_FILE}`, (m) => moduleTypesSpecifier(m, 'root')),
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: 'ModuleMap',
      docs: [jsdocText(`The modules of org ${stringLiteral(model.org)} by API name: record and input types, related lists.`)],
      properties: entries,
    },
  ];
  return printFile(header, { statements });
}
