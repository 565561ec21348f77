/**
 * One api_name, several field entries: Zoho's `Activities` lists `Tag` (and others) once per Tasks, Events
 * and Calls — same api_name, different ids. The API reads and writes one value under that name, so the
 * model keeps one field: entries of the same type merge (picklists unite their values), and for inputs the
 * merged field is as strict as every entry allows (writable only when every entry is, required only when
 * every entry is), so what the types accept, every variant accepts. Entries of different types cannot
 * share one type: the first is kept. Either way one warning says what was done.
 */
import type { FieldModel, FieldType, ModelWarning, PicklistValue } from './types.ts';

export function mergeDuplicateFields(module: string, fields: readonly FieldModel[], warn: (w: ModelWarning) => void): FieldModel[] {
  const groups = new Map<string, FieldModel[]>();
  for (const f of fields) {
    const group = groups.get(f.apiName);
    if (group === undefined) groups.set(f.apiName, [f]);
    else group.push(f);
  }
  const out: FieldModel[] = [];
  for (const [apiName, group] of groups) {
    const [first, ...rest] = group;
    if (first === undefined) continue;
    if (rest.length === 0) {
      out.push(first);
      continue;
    }
    const ids = group.map((f) => f.id ?? '(no id)').join(', ');
    const times = `listed ${group.length} times (ids ${ids})`;
    const merged = rest.reduce<FieldModel | undefined>((acc, f) => (acc === undefined ? undefined : mergeTwo(acc, f)), first);
    if (merged === undefined) {
      const kinds = group.map((f) => f.type.dataType).join(', ');
      warn({
        code: 'duplicate-field',
        module,
        field: apiName,
        message: `${times} with types that cannot share one (${kinds}): kept the first (${first.type.dataType})`,
      });
      out.push(first);
    } else {
      warn({ code: 'duplicate-field', module, field: apiName, message: `${times}: merged into one field (${describeMerge(group, merged)})` });
      out.push(merged);
    }
  }
  return out;
}

function mergeTwo(a: FieldModel, b: FieldModel): FieldModel | undefined {
  const type = mergeTypes(a.type, b.type);
  if (type === undefined) return undefined;
  const maxLength = a.maxLength === undefined ? b.maxLength : b.maxLength === undefined ? a.maxLength : Math.min(a.maxLength, b.maxLength);
  return {
    ...a,
    type,
    maxLength,
    readOnly: a.readOnly || b.readOnly,
    creatable: a.creatable && b.creatable,
    updatable: a.updatable && b.updatable,
    requiredOnCreate: a.requiredOnCreate && b.requiredOnCreate,
    unique: a.unique && b.unique,
  };
}

/** The type both entries share, or undefined. Picklists of one kind share a type whatever their values. */
function mergeTypes(a: FieldType, b: FieldType): FieldType | undefined {
  if ((a.kind === 'picklist' && b.kind === 'picklist') || (a.kind === 'multiselectpicklist' && b.kind === 'multiselectpicklist'))
    return { ...a, values: uniteValues(a.values, b.values) };
  return sameJson(a, b) ? a : undefined;
}

function uniteValues(a: readonly PicklistValue[], b: readonly PicklistValue[]): readonly PicklistValue[] {
  const seen = new Set(a.map((v) => v.actualValue));
  return [...a, ...b.filter((v) => !seen.has(v.actualValue) && (seen.add(v.actualValue), true))];
}

/** FieldTypes are built by one table with fixed key order, so equal JSON means equal types. */
function sameJson(a: FieldType, b: FieldType): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function describeMerge(group: readonly FieldModel[], merged: FieldModel): string {
  const notes: string[] = [];
  // Uniting only ever adds values: the merged list is longer than some entry's exactly when one had others.
  const valueCount = (f: FieldModel): number => ('values' in f.type ? f.type.values.length : 0);
  if (group.some((f) => valueCount(f) < valueCount(merged))) notes.push('picklist values united');
  if (group.some((f) => f.creatable !== merged.creatable || f.updatable !== merged.updatable)) notes.push('writable only where every entry is');
  if (group.some((f) => f.requiredOnCreate !== merged.requiredOnCreate)) notes.push('required only where every entry is');
  return notes.length === 0 ? 'identical definitions' : notes.join('; ');
}
