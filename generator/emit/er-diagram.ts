/**
 * A Mermaid ER diagram of the modules linked by lookups and subforms. Mermaid has no escaping that
 * every renderer honours, so identifiers and labels are reduced to `[A-Za-z0-9_]` — metadata can
 * then neither break the diagram nor close the surrounding code fence.
 */
import type { ModuleModel, OrgModel } from '../model/types.ts';

function mermaidId(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z]/.test(cleaned) ? cleaned : `M_${cleaned}`;
}

/** The diagram source, or undefined when no module links to another. */
export function erDiagram(model: OrgModel): string | undefined {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const m of model.modules) {
    let id = mermaidId(m.typeName);
    for (let n = 2; used.has(id); n++) id = `${mermaidId(m.typeName)}_${n}`;
    used.add(id);
    ids.set(m.apiName, id);
  }
  const lines = new Set<string>();
  const link = (from: ModuleModel, to: string | undefined, shape: string, field: string): void => {
    const target = to === undefined ? undefined : ids.get(to);
    const source = ids.get(from.apiName);
    if (target === undefined || source === undefined) return;
    lines.add(`  ${source} ${shape} ${target} : ${mermaidId(field)}`);
  };
  for (const m of model.modules) {
    for (const f of m.fields) {
      if (f.type.kind === 'lookup') link(m, f.type.module, '}o--o|', f.apiName);
      else if (f.type.kind === 'subform') link(m, f.type.module, '||--o{', f.apiName);
      else if (f.type.kind === 'multilookup') link(m, f.type.connectedModule, '}o--o{', f.apiName);
    }
  }
  if (lines.size === 0) return undefined;
  return ['erDiagram', ...[...lines].sort()].join('\n');
}
