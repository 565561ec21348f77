/**
 * snapshot → OrgModel: the pure middle of the pipeline (DESIGN.md, "model").
 *
 * Defaults are applied here once, names are decided here once (naming.ts), types come from the one
 * table (field-types.ts). The result is sorted by api_name and deep-frozen: augment and every
 * emitter read it and nothing downstream can change it.
 */
import { compareStrings } from '../canonical-json.ts';
import { isObject, nonEmptyString as str, own } from '../json-reading.ts';
import { canonicalizeSnapshot, hashCanonical, validateSnapshot } from '../metadata/snapshot.ts';
import type { Snapshot, ZohoField, ZohoModule, ZohoRelatedList } from '../metadata/snapshot-types.ts';
import { fieldTypeOf } from './field-types.ts';
import { mergeDuplicateFields } from './merge-fields.ts';
import { nameModules, nameRelatedLists } from './naming.ts';
import { readSnapshotEntries } from './read-snapshot.ts';
import type { FieldModel, ModelWarning, ModuleKind, ModuleModel, OrgModel, RelatedListModel } from './types.ts';

export interface BuildOrgModelOptions {
  /** The org's name (zcrm.config.yaml), recorded in the model and generated headers. */
  readonly org: string;
  /** Where the snapshot came from, for error messages (default: `snapshot of org "<org>"`). */
  readonly source?: string;
  /**
   * Generate only these modules (zcrm.config.yaml `modules:`), plus the subform and linking modules
   * their fields are typed by. Names are still decided over the whole org, so narrowing or widening the
   * list never renames a module that stays.
   */
  readonly modules?: readonly string[];
}

/** An allow-list that names a module the snapshot does not have. */
export class ModuleSelectionError extends Error {
  override name = 'ModuleSelectionError';
}

/** Zoho's modules-API `generated_type` → our ModuleKind ("default" is a standard module). */
const MODULE_KINDS: Readonly<Record<string, ModuleKind>> = {
  default: 'standard',
  custom: 'custom',
  subform: 'subform',
  linking: 'linking',
};

/**
 * Builds the OrgModel. Only modules with `api_supported !== false` are kept (subform and linking
 * modules included: they type subforms and multi-select lookups). Throws a SnapshotError only for
 * the structural faults parseSnapshot rejects; everything else it cannot understand becomes a warning.
 */
export function buildOrgModel(snapshot: Snapshot, options: BuildOrgModelOptions): OrgModel {
  // A snapshot straight from a pull (or built in code) has not been through readSnapshot: check the
  // structure here too, so a broken one is a SnapshotError naming the source, never a TypeError.
  validateSnapshot(snapshot, options.source ?? `snapshot of org ${JSON.stringify(options.org)}`);
  const warnings: ModelWarning[] = [];
  const warn = (w: ModelWarning): void => void warnings.push(w);
  const entries = readSnapshotEntries(snapshot, warn);
  if (!entries.hasRelatedLists) {
    warn({
      code: 'related-lists',
      message:
        'no related_lists in the snapshot (GET /crm/v8/settings/related_lists?module=…): the client has no related-list methods; ' +
        '`zcrm-codegen pull` with the scope ZohoCRM.settings.related_lists.READ adds them',
    });
  }

  const names = nameModules(entries.modules.map((m) => m.api_name));
  const modules = entries.modules.map((m): ModuleModel => {
    const moduleNames = names.get(m.api_name);
    if (!moduleNames) throw new Error(`internal: no names decided for module ${JSON.stringify(m.api_name)}`);
    const built = (entries.fieldsOf(m.api_name) ?? []).map((f) => buildField(m.api_name, f, warn));
    const kind = moduleKind(m);
    return {
      apiName: m.api_name,
      id: str(m.id),
      singularLabel: str(m.singular_label) ?? str(m.module_name) ?? m.api_name,
      pluralLabel: str(m.plural_label) ?? str(m.singular_label) ?? str(m.module_name) ?? m.api_name,
      kind,
      // Zoho always sends these; a hand-built snapshot that omits them has not restricted the module.
      creatable: m.creatable !== false,
      editable: m.editable !== false,
      deletable: m.deletable !== false,
      viewable: m.viewable !== false,
      typeName: moduleNames.typeName,
      types: moduleNames.types,
      hasAccessor: kind !== 'subform',
      accessorName: moduleNames.accessorName,
      fields: mergeDuplicateFields(m.api_name, built, warn),
      relatedLists: buildRelatedLists(entries.relatedListsOf(m.api_name) ?? []),
    };
  });

  const selected = options.modules === undefined ? modules : selectModules(modules, options.modules, options.org);
  warnings.push(...danglingModuleWarnings(selected));
  // Grouped by module then field for people reading them (snapshot-wide ones first); the sort is stable,
  // so ties keep build order.
  warnings.sort((a, b) => compareStrings(a.module ?? '', b.module ?? '') || compareStrings(a.field ?? '', b.field ?? ''));
  const kept = new Set(selected.map((m) => m.apiName));
  return deepFreeze({
    org: options.org,
    snapshotHash: hashCanonical(canonicalizeSnapshot(snapshot)),
    modules: selected,
    // Warnings about modules the allow-list leaves out are noise for this client.
    warnings: warnings.filter((w) => w.module === undefined || kept.has(w.module) || !names.has(w.module)),
  });
}

/** The allowed modules and, transitively, the subform and linking modules their fields need. */
function selectModules(all: readonly ModuleModel[], allowed: readonly string[], org: string): ModuleModel[] {
  const byName = new Map(all.map((m) => [m.apiName, m]));
  const unknown = allowed.filter((name) => !byName.has(name));
  if (unknown.length > 0) {
    throw new ModuleSelectionError(
      `org ${JSON.stringify(org)}: modules ${unknown.map((n) => JSON.stringify(n)).join(', ')} listed in the config ` +
        `are not API-supported modules of the snapshot (it has ${[...byName.keys()].join(', ')})`,
    );
  }
  const keep = new Set<string>();
  const queue = [...allowed];
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    const m = byName.get(name);
    if (m === undefined || keep.has(name)) continue;
    keep.add(name);
    for (const f of m.fields) {
      if (f.type.kind === 'subform') queue.push(f.type.module);
      if (f.type.kind === 'multilookup' && f.type.linkingModule !== undefined) queue.push(f.type.linkingModule);
    }
  }
  return all.filter((m) => keep.has(m.apiName));
}

/**
 * A subform or multi-select lookup is typed by the rows of another module (the subform module, the
 * linking module); when that module is not in the model the snapshot is incomplete (pulled without
 * it, or edited) and emitters can only type the field loosely. Plain lookups are not reported: they
 * are typed `{ id, name? }` whatever their target, and Zoho points some at non-API modules.
 */
function danglingModuleWarnings(modules: readonly ModuleModel[]): ModelWarning[] {
  const present = new Set(modules.map((m) => m.apiName));
  const warnings: ModelWarning[] = [];
  for (const m of modules) {
    for (const f of m.fields) {
      const t = f.type;
      const needed = t.kind === 'subform' ? t.module : t.kind === 'multilookup' ? t.linkingModule : undefined;
      if (needed !== undefined && !present.has(needed))
        warnings.push({
          code: 'dangling-module',
          module: m.apiName,
          field: f.apiName,
          message: `${t.dataType} field refers to module ${JSON.stringify(needed)}, which is not an API-supported module of the snapshot`,
        });
    }
  }
  return warnings;
}

function buildField(module: string, f: ZohoField, warn: (w: ModelWarning) => void): FieldModel {
  const type = fieldTypeOf(f, (code, message) => warn({ code, module, field: f.api_name, message }));
  const readOnly =
    f.read_only === true ||
    f.field_read_only === true ||
    type.kind === 'computed' ||
    (type.kind === 'string' && type.format === 'autonumber');
  const operations = isObject(f.operation_type) ? f.operation_type : undefined;
  const creatable = !readOnly && own(operations, 'api_create') !== false;
  const updatable = !readOnly && own(operations, 'api_update') !== false;
  return {
    apiName: f.api_name,
    id: str(f.id),
    label: str(f.display_label) ?? str(f.field_label) ?? f.api_name,
    type,
    custom: f.custom_field === true,
    maxLength: finiteNumber(f.length),
    decimalPlaces: finiteNumber(f.decimal_place),
    readOnly,
    creatable,
    updatable,
    requiredOnCreate: f.system_mandatory === true && creatable,
    // v8 sends `"unique": {}` for a field that is not unique; a unique one carries its settings.
    unique: isObject(f.unique) && Object.keys(f.unique).length > 0,
  };
}

function buildRelatedLists(lists: readonly ZohoRelatedList[]): RelatedListModel[] {
  const methodNames = nameRelatedLists(lists.map((rl) => rl.api_name));
  return lists.map((rl) => ({
    apiName: rl.api_name,
    label: str(rl.display_label) ?? str(rl.name) ?? rl.api_name,
    module: isObject(rl.module) ? str(rl.module.api_name) : undefined,
    methodName: methodNames.get(rl.api_name) ?? rl.api_name,
  }));
}

/**
 * Zoho's generated_type → ModuleKind. Values beyond the four Zoho documents (`web`, values of newer
 * editions, none at all) make an ordinary module with a client accessor: 'other'.
 */
function moduleKind(m: ZohoModule): ModuleKind {
  const g = own(m, 'generated_type');
  return typeof g === 'string' && Object.hasOwn(MODULE_KINDS, g) ? (MODULE_KINDS[g] ?? 'other') : 'other';
}

function finiteNumber(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Freezes a plain object graph in place and returns it, typed as already readonly. */
function deepFreeze<T>(value: T): T {
  freezeObject(value as object);
  return value;
}

/** Index loops and for…in rather than Object.values: no array allocated per object (20k+ fields). */
function freezeObject(o: object): void {
  Object.freeze(o);
  if (Array.isArray(o)) {
    for (let i = 0; i < o.length; i++) freezeChild(o[i]);
  } else {
    for (const key in o) freezeChild((o as Record<string, unknown>)[key]);
  }
}

function freezeChild(v: unknown): void {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) freezeObject(v);
}
