/**
 * One type assertion per field of the demo org: the query kind the typed builders see through the module map
 * (`FieldsOf<ModuleMap, M>[F]`, completed by the runtime from the record's types, query/schema-types.ts) is
 * the kind the generator decides (model/query-kind.ts), and a field queries cannot use is not there at all.
 * Compiled in the shared type check as a file of its own; a last, control assertion is wrong on purpose.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSnapshot } from '../../generator/metadata/snapshot.ts';
import { buildOrgModel } from '../../generator/model/build-org-model.ts';
import { queryKind } from '../../generator/model/query-kind.ts';
import { DEMO_SNAPSHOT } from '../helpers/demo-client.ts';
import { REPO_ROOT } from '../helpers/type-check.ts';

export const QUERY_KINDS_FILE = join(REPO_ROOT, 'test/types/query-kinds.in-memory.ts');
/** The control: Email is text, not a number. */
export const QUERY_KINDS_CONTROL = "export const control: Equal<FieldsOf<ModuleMap, 'Leads'>['Email'], 'number'> = true;";

export function queryKindsSource(): { source: string; assertions: number } {
  const model = buildOrgModel(parseSnapshot(readFileSync(DEMO_SNAPSHOT, 'utf8'), DEMO_SNAPSHOT), { org: 'demo' });
  const lines: string[] = [
    "import type { ModuleMap } from '../../generated/demo/modules.js';",
    "import type { FieldsOf } from '../../generated/demo/runtime/index.js';",
    'type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;',
  ];
  let n = 0;
  for (const m of model.modules.filter((x) => x.hasAccessor)) {
    const fields = `FieldsOf<ModuleMap, ${JSON.stringify(m.apiName)}>`;
    for (const f of m.fields) {
      if (f.apiName === 'id') continue;
      const kind = queryKind(f.type);
      const name = JSON.stringify(f.apiName);
      lines.push(
        kind === undefined
          ? `export const k${n}: ${name} extends keyof ${fields} ? false : true = true;`
          : `export const k${n}: Equal<${fields}[${name}], ${JSON.stringify(kind)}> = true;`,
      );
      n++;
    }
  }
  lines.push(QUERY_KINDS_CONTROL, '');
  return { source: lines.join('\n'), assertions: n };
}
