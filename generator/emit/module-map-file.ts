/**
 * `ModuleMap`, at the end of modules.d.ts: the org's modules by API name — each one's record and input types,
 * its fields as queries see them, and its related lists (list API name → the record type of the module it
 * holds). The record operations, related lists and query builders are typed once, generically over this map
 * (runtime ModuleResource, CoqlResource), not once per module.
 */
import { StructureKind, type StatementStructures } from 'ts-morph';
import type { ModuleModel, OrgModel } from '../model/types.ts';
import { jsdocText } from './jsdoc.ts';
import { propertyKey, stringLiteral } from './literals.ts';

/** `Leads (module "Leads")`, the doc every per-module entry carries. */
export function moduleTitle(m: ModuleModel): string {
  return jsdocText(`${m.pluralLabel} (module ${stringLiteral(m.apiName)}).`);
}

export function moduleMapStatement(model: OrgModel): StatementStructures {
  const byApiName = new Map(model.modules.map((m) => [m.apiName, m]));
  const clients = model.modules.filter((m) => m.hasAccessor);
  const entries = clients.map((m) => {
    const related = m.relatedLists.map((rl) => {
      const target = rl.module === undefined ? undefined : byApiName.get(rl.module);
      return `${propertyKey(rl.apiName)}: ${target === undefined ? `GenericRecord` : target.types.record}`;
    });
    const { types } = m;
    return {
      name: propertyKey(m.apiName),
      docs: [moduleTitle(m)],
      type: `{ record: ${types.record}; create: ${types.create}; update: ${types.update}; fields: ${types.fields}; related: {${related.length === 0 ? '' : ` ${related.join('; ')} `}} }`,
    };
  });
  return {
    kind: StructureKind.Interface,
    isExported: true,
    name: 'ModuleMap',
    docs: [jsdocText(`The modules of org ${stringLiteral(model.org)} by API name: record and input types, related lists.`)],
    properties: entries,
  };
}
