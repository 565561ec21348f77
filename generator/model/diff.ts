/**
 * What changed between two OrgModels, judged by what it means for code that uses the generated
 * client (`zcrm-codegen diff`, `check`). A change is breaking when code that compiled against the
 * old client may stop compiling or start failing: a module, field, related list or picklist value
 * removed, a field's type changed, a field newly required on create, newly read-only or no longer
 * creatable/updatable, a generated name changed. Additions are not breaking — except a new field
 * that is required on create, which every existing create call now lacks.
 */
import { compareStrings } from '../canonical-json.ts';
import { quoteName } from '../json-reading.ts';
import { lookupTarget } from './field-types.ts';
import type { FieldModel, FieldType, ModuleModel, OrgModel } from './types.ts';

export type DiffChange =
  | 'module-added'
  | 'module-removed'
  | 'module-renamed'
  | 'field-added'
  | 'field-removed'
  | 'type-changed'
  | 'picklist-value-added'
  | 'picklist-value-removed'
  | 'required-changed'
  | 'read-only-changed'
  | 'creatable-changed'
  | 'updatable-changed'
  | 'related-list-added'
  | 'related-list-removed'
  | 'related-list-renamed';

export interface DiffEntry {
  readonly module: string;
  /** The field's api_name, for field-level changes. */
  readonly field?: string;
  /** The related list's api_name, for related-list changes. */
  readonly relatedList?: string;
  readonly change: DiffChange;
  readonly breaking: boolean;
  /** One line for people: `field "Lead_Status": picklist value "Junk" removed`. */
  readonly description: string;
}

export interface SchemaDiff {
  readonly org: string;
  readonly oldHash: string;
  readonly newHash: string;
  /** Sorted by module, then field/related list, then change: deterministic. */
  readonly entries: readonly DiffEntry[];
  readonly breakingCount: number;
}

/** Metadata names quoted with JSON escapes, plus U+2028/U+2029 (JSON leaves them raw; some terminals break lines there). */
const q = quoteName;

export function diffModels(oldModel: OrgModel, newModel: OrgModel): SchemaDiff {
  const entries: DiffEntry[] = [];
  const oldModules = byApiName(oldModel.modules);
  const newModules = byApiName(newModel.modules);
  for (const [name, before] of oldModules) {
    const after = newModules.get(name);
    if (!after) {
      entries.push({ module: name, change: 'module-removed', breaking: true, description: `module removed (was ${before.typeName})` });
    } else {
      diffModule(before, after, entries);
    }
  }
  for (const [name, after] of newModules) {
    if (!oldModules.has(name))
      entries.push({
        module: name,
        change: 'module-added',
        breaking: false,
        description: `module added as ${after.typeName} (crm.${after.accessorName}, ${after.fields.length} fields)`,
      });
  }
  entries.sort(
    (a, b) =>
      compareStrings(a.module, b.module) ||
      compareStrings(a.field ?? a.relatedList ?? '', b.field ?? b.relatedList ?? '') ||
      compareStrings(a.change, b.change) ||
      compareStrings(a.description, b.description),
  );
  return {
    org: newModel.org,
    oldHash: oldModel.snapshotHash,
    newHash: newModel.snapshotHash,
    entries,
    breakingCount: entries.filter((e) => e.breaking).length,
  };
}

function diffModule(before: ModuleModel, after: ModuleModel, out: DiffEntry[]): void {
  const module = before.apiName;
  if (before.typeName !== after.typeName || before.accessorName !== after.accessorName)
    out.push({
      module,
      change: 'module-renamed',
      breaking: true,
      description: `generated names changed: ${before.typeName} (crm.${before.accessorName}) -> ${after.typeName} (crm.${after.accessorName})`,
    });

  const oldFields = byApiName(before.fields);
  const newFields = byApiName(after.fields);
  for (const [name, f] of oldFields) {
    const g = newFields.get(name);
    if (g) diffField(module, f, g, out);
    else out.push({ module, field: name, change: 'field-removed', breaking: true, description: `field ${q(name)} removed (was ${typeLabel(f.type)})` });
  }
  for (const [name, g] of newFields) {
    if (oldFields.has(name)) continue;
    out.push({
      module,
      field: name,
      change: 'field-added',
      breaking: g.requiredOnCreate,
      description: `field ${q(name)} added (${typeLabel(g.type)}${g.requiredOnCreate ? ', required on create' : ''}${g.readOnly ? ', read-only' : ''})`,
    });
  }

  const oldLists = byApiName(before.relatedLists);
  const newLists = byApiName(after.relatedLists);
  for (const [name, rl] of oldLists) {
    const next = newLists.get(name);
    if (!next)
      out.push({ module, relatedList: name, change: 'related-list-removed', breaking: true, description: `related list ${q(name)} removed (was .${rl.methodName}())` });
    else if (next.methodName !== rl.methodName)
      out.push({
        module,
        relatedList: name,
        change: 'related-list-renamed',
        breaking: true,
        description: `related list ${q(name)} method renamed: .${rl.methodName}() -> .${next.methodName}()`,
      });
  }
  for (const [name, rl] of newLists) {
    if (!oldLists.has(name))
      out.push({ module, relatedList: name, change: 'related-list-added', breaking: false, description: `related list ${q(name)} added (.${rl.methodName}())` });
  }
}

function diffField(module: string, f: FieldModel, g: FieldModel, out: DiffEntry[]): void {
  const field = f.apiName;
  const at = `field ${q(field)}`;
  const push = (change: DiffChange, breaking: boolean, description: string): void => {
    out.push({ module, field, change, breaking, description: `${at}: ${description}` });
  };
  const before = typeSignature(f.type);
  const after = typeSignature(g.type);
  if (before !== after) {
    push('type-changed', true, `type ${before} -> ${after}`);
  } else if (hasValues(f.type) && hasValues(g.type)) {
    const oldValues = new Set(f.type.values.map((v) => v.actualValue));
    const newValues = new Set(g.type.values.map((v) => v.actualValue));
    for (const v of oldValues) if (!newValues.has(v)) push('picklist-value-removed', true, `picklist value ${q(v)} removed`);
    for (const v of newValues) if (!oldValues.has(v)) push('picklist-value-added', false, `picklist value ${q(v)} added`);
  }
  if (f.requiredOnCreate !== g.requiredOnCreate)
    push('required-changed', g.requiredOnCreate, g.requiredOnCreate ? 'now required on create' : 'no longer required on create');
  if (f.readOnly !== g.readOnly) {
    push('read-only-changed', g.readOnly, g.readOnly ? 'now read-only' : 'no longer read-only');
  } else {
    // Read-only already implies neither creatable nor updatable; report these only on their own.
    if (f.creatable !== g.creatable) push('creatable-changed', !g.creatable, g.creatable ? 'now settable on create' : 'no longer settable on create');
    if (f.updatable !== g.updatable) push('updatable-changed', !g.updatable, g.updatable ? 'now settable on update' : 'no longer settable on update');
  }
}

function hasValues(t: FieldType): t is Extract<FieldType, { kind: 'picklist' | 'multiselectpicklist' }> {
  return t.kind === 'picklist' || t.kind === 'multiselectpicklist';
}

/**
 * What a type means to client code: the kind and its target module(s). Picklist values are compared
 * separately; string formats, integer-ness and data_type renames do not change a TypeScript type.
 */
export function typeSignature(t: FieldType): string {
  switch (t.kind) {
    case 'lookup':
      return `lookup(${lookupTarget(t)})`;
    case 'multilookup':
      return `multilookup(${t.linkingModule ?? '?'}, ${t.connectedModule ?? 'users'})`;
    case 'subform':
      return `subform(${t.module})`;
    case 'computed':
      return `computed(${typeSignature(t.returns)})`;
    case 'object':
      return t.array ? 'object[]' : 'object';
    case 'unknown':
      return `unknown(${t.dataType})`;
    default:
      return t.kind;
  }
}

/** A short type description for added/removed lines: the signature plus the Zoho data_type. */
function typeLabel(t: FieldType): string {
  const sig = typeSignature(t);
  return t.dataType && !sig.startsWith(t.dataType) ? `${sig}, ${t.dataType}` : sig;
}

function byApiName<T extends { readonly apiName: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((i) => [i.apiName, i]));
}

export interface FormatDiffOptions {
  /** Wrap breaking lines in ANSI red and module headings in bold. Default false (plain text). */
  readonly color?: boolean;
}

/**
 * A plain-text report: one block per module (its api_name as heading), one line per change,
 * breaking lines prefixed `! ` and tagged BREAKING, then a summary line.
 */
export function formatDiff(d: SchemaDiff, options: FormatDiffOptions = {}): string {
  if (d.entries.length === 0) return 'No schema changes.\n';
  const red = (s: string): string => (options.color ? `\u001b[31m${s}\u001b[39m` : s);
  const bold = (s: string): string => (options.color ? `\u001b[1m${s}\u001b[22m` : s);
  const lines: string[] = [];
  let current: string | undefined;
  const modules = new Set<string>();
  for (const e of d.entries) {
    if (e.module !== current) {
      if (current !== undefined) lines.push('');
      // Module names are metadata: JSON-quote any that would not print on one clean line.
      lines.push(bold(/^[\x21-\x7e]+$/.test(e.module) ? e.module : q(e.module)));
      current = e.module;
      modules.add(e.module);
    }
    lines.push(e.breaking ? red(`! BREAKING ${e.description}`) : `  ${e.description}`);
  }
  const changes = `${d.entries.length} change${d.entries.length === 1 ? '' : 's'}`;
  const where = `${modules.size} module${modules.size === 1 ? '' : 's'}`;
  lines.push('', `Summary: ${changes} in ${where}, ${d.breakingCount} breaking.`);
  return `${lines.join('\n')}\n`;
}
