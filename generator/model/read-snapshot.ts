/**
 * The first step of the model: the raw, untrusted entries of a validated snapshot narrowed
 * to what the rest of the model may rely on — every module and field with a non-empty string api_name,
 * each module once — with one warning per entry that had to be skipped or chosen between. The rule is
 * Zoho's metadata is the truth about the org: keep what can be kept, say what was dropped and why.
 *
 * It reads the snapshot as given, so `#i` in a warning is the entry's place in the user's file (as
 * `jq '.fields.Leads.fields[i]'` counts), and returns everything sorted by api_name (stable: of two
 * entries with one name the first listed stays first), so the model never depends on the input's order.
 */
import { compareStrings } from '../canonical-json.ts';
import { byApiName } from '../metadata/snapshot.ts';
import { describeJson, isObject, nonEmptyString, own } from '../json-reading.ts';
import type { Snapshot, ZohoField, ZohoModule, ZohoRelatedList } from '../metadata/snapshot-types.ts';
import type { ModelWarning, WarningCode } from './types.ts';

export type Warn = (warning: ModelWarning) => void;

export interface SnapshotEntries {
  /** API-supported modules, each api_name once (the first listing wins), in canonical order. */
  readonly modules: readonly ZohoModule[];
  /** Field entries of a module that have an api_name, in canonical order; undefined when the snapshot has no body. */
  fieldsOf(apiName: string): readonly ZohoField[] | undefined;
  /** Related-list entries of a module, each api_name once; undefined when the snapshot has none for it. */
  relatedListsOf(apiName: string): readonly ZohoRelatedList[] | undefined;
  /** Whether the snapshot carries related lists at all (a curl-built one may not). */
  readonly hasRelatedLists: boolean;
}

export function readSnapshotEntries(snapshot: Snapshot, warn: Warn): SnapshotEntries {
  const listed = new Set<string>();
  const modules = readModules(snapshot.modules.modules as unknown[], warn, listed);
  const fieldBodies = snapshot.fields;
  const relatedBodies = isObject(snapshot.related_lists) ? snapshot.related_lists : undefined;
  for (const name of Object.keys(fieldBodies).sort(compareStrings)) {
    if (!listed.has(name))
      warn({ code: 'orphan-fields', module: name, message: 'field metadata for a module not listed in modules.modules: ignored' });
  }
  const fields = new Map<string, readonly ZohoField[]>();
  const related = new Map<string, readonly ZohoRelatedList[]>();
  for (const m of modules) {
    const body = Object.hasOwn(fieldBodies, m.api_name) ? fieldBodies[m.api_name] : undefined;
    const list = readFieldBody(m.api_name, body, warn);
    if (list !== undefined) fields.set(m.api_name, list);
    if (relatedBodies !== undefined && Object.hasOwn(relatedBodies, m.api_name)) {
      const lists = readRelatedBody(m.api_name, relatedBodies[m.api_name], warn);
      if (lists !== undefined) related.set(m.api_name, lists);
    }
  }
  modules.sort(byApiName);
  return {
    modules,
    fieldsOf: (apiName) => fields.get(apiName),
    relatedListsOf: (apiName) => related.get(apiName),
    hasRelatedLists: relatedBodies !== undefined,
  };
}

/** The API-supported modules; `listed` receives every api_name listed, supported or not. */
function readModules(entries: readonly unknown[], warn: Warn, listed: Set<string>): ZohoModule[] {
  const seen = new Map<string, number>();
  const byLowerCase = new Map<string, string>();
  const kept: ZohoModule[] = [];
  entries.forEach((entry, i) => {
    const where = `modules.modules[${i}]`;
    if (!isObject(entry)) {
      warn({ code: 'module-entry', module: where, message: `not an object (${describeJson(entry)}): skipped` });
      return;
    }
    const apiName = nonEmptyString(own(entry, 'api_name'));
    if (apiName === undefined) {
      const label = nonEmptyString(own(entry, 'plural_label')) ?? nonEmptyString(own(entry, 'module_name'));
      warn({
        code: 'module-entry',
        module: where,
        message: `no api_name${label === undefined ? '' : ` (label ${JSON.stringify(label)})`}: skipped`,
      });
      return;
    }
    const first = seen.get(apiName);
    if (first !== undefined) {
      warn({ code: 'duplicate-module', module: apiName, message: `listed twice in modules.modules: kept the first, skipped the other` });
      return;
    }
    seen.set(apiName, i);
    listed.add(apiName);
    if (own(entry, 'api_supported') === false) return; // Zoho's own "not through the API": not an oddity
    const clash = byLowerCase.get(apiName.toLowerCase());
    if (clash !== undefined) {
      warn({
        code: 'module-case-clash',
        module: apiName,
        message: `differs only by case from module ${JSON.stringify(clash)}: both kept, with distinct type, accessor and file names`,
      });
    } else byLowerCase.set(apiName.toLowerCase(), apiName);
    kept.push(entry as ZohoModule);
  });
  return kept;
}

function readFieldBody(module: string, body: unknown, warn: Warn): ZohoField[] | undefined {
  if (body === undefined) {
    warn({ code: 'no-fields', module, message: 'no field metadata in the snapshot (GET /crm/v8/settings/fields?module=…): the module is typed without fields' });
    return undefined;
  }
  const list = isObject(body) ? own(body, 'fields') : undefined;
  if (!Array.isArray(list)) {
    warn({
      code: 'no-fields',
      module,
      message: `field metadata is not Zoho's shape (expected an object with a "fields" array, got ${isObject(body) ? `"fields": ${describeJson(list)}` : describeJson(body)}): the module is typed without fields`,
    });
    return undefined;
  }
  const kept: ZohoField[] = [];
  list.forEach((entry: unknown, i: number) => {
    if (!isObject(entry)) {
      warn({ code: 'field-entry', module, field: `#${i}`, message: `not an object (${describeJson(entry)}): skipped` });
      return;
    }
    if (nonEmptyString(own(entry, 'api_name')) === undefined) {
      const label = nonEmptyString(own(entry, 'display_label')) ?? nonEmptyString(own(entry, 'field_label'));
      const id = nonEmptyString(own(entry, 'id'));
      warn({
        code: 'field-entry',
        module,
        field: `#${i}`,
        message: `no api_name${label === undefined ? '' : ` (label ${JSON.stringify(label)})`}${id === undefined ? '' : ` (id ${id})`}: skipped, it cannot be read or written through the API without one`,
      });
      return;
    }
    kept.push(entry as ZohoField);
  });
  return kept.sort(byApiName);
}

function readRelatedBody(module: string, body: unknown, warn: Warn): ZohoRelatedList[] | undefined {
  const list = isObject(body) ? own(body, 'related_lists') : undefined;
  if (!Array.isArray(list)) {
    warn({ code: 'related-lists', module, message: `related-list metadata is not Zoho's shape (expected an object with a "related_lists" array): no related-list methods` });
    return undefined;
  }
  const seen = new Set<string>();
  const kept: ZohoRelatedList[] = [];
  list.forEach((entry: unknown, i: number) => {
    const apiName = isObject(entry) ? nonEmptyString(own(entry, 'api_name')) : undefined;
    if (apiName === undefined) {
      warn({ code: 'related-lists', module, message: `related list #${i} has no api_name: skipped` });
      return;
    }
    if (seen.has(apiName)) {
      warn({ code: 'related-lists', module, message: `related list ${JSON.stringify(apiName)} listed twice: kept the first` });
      return;
    }
    seen.add(apiName);
    kept.push(entry as ZohoRelatedList);
  });
  return kept.sort(byApiName);
}
