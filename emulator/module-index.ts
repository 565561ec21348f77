/**
 * Field rules indexed once per snapshot, so no request ever scans the snapshot.
 * Reads the raw Zoho metadata (Modules and Fields Metadata APIs, v8).
 */
import type {
  Snapshot,
  ZohoField,
  ZohoModule,
  ZohoRelatedList,
} from '../generator/metadata/snapshot-types.ts';
import type { Rec } from './types.ts';

export interface FieldRule {
  field: ZohoField;
  apiName: string;
  dataType: string;
  jsonType: string;
  /** Input is ignored (Zoho drops read-only, formula, autonumber … values silently). */
  readOnly: boolean;
  mandatory: boolean;
  unique: boolean;
  caseSensitive: boolean;
  maxLength: number | null;
  /** actual_values allowed for picklist and multiselectpicklist fields. */
  picklist: ReadonlySet<string> | null;
  picklistValues: readonly string[];
  /** Target module of lookup / multiselectlookup fields; 'users' for owner and user lookups. */
  lookupModule: string | null;
}

export interface ModuleIndex {
  module: ZohoModule;
  apiName: string;
  fields: ReadonlyMap<string, FieldRule>;
  /** Raw field metadata by API name (what criteria.ts and coql.ts read). */
  zohoFields: ReadonlyMap<string, ZohoField>;
  fieldList: readonly FieldRule[];
  mandatory: readonly FieldRule[];
  uniques: readonly FieldRule[];
  /** Field whose value names a record in lookups (`{id, name}`) and in the recycle bin. */
  displayField: string;
  relatedLists: readonly ZohoRelatedList[];
  /**
   * A record with every field null, to clone (`{...blank}`) for new records. Built by JSON.parse so
   * the object has V8 fast properties: records cloned from it share one shape, which keeps reads
   * and JSON.stringify of listing pages cheap (objects built key by key fall into dictionary mode).
   */
  blank: Readonly<Rec>;
}

const READ_ONLY_TYPES = new Set(['formula', 'autonumber', 'rollup_summary', 'profileimage']);
const SYSTEM_READ_ONLY = new Set([
  'Created_Time',
  'Modified_Time',
  'Created_By',
  'Modified_By',
  'Tag',
  'id',
]);

function ruleFor(f: ZohoField): FieldRule {
  const op = f.operation_type;
  const readOnly =
    f.read_only === true ||
    f.field_read_only === true ||
    READ_ONLY_TYPES.has(f.data_type) ||
    SYSTEM_READ_ONLY.has(f.api_name) ||
    (op != null && op.api_create === false && op.api_update === false);
  const values = (f.pick_list_values ?? []).map((v) => v.actual_value);
  const isPick = f.data_type === 'picklist' || f.data_type === 'multiselectpicklist';
  let lookupModule: string | null = null;
  if (
    f.data_type === 'ownerlookup' ||
    f.data_type === 'userlookup' ||
    f.data_type === 'multiuserlookup'
  )
    lookupModule = 'users';
  else if (f.data_type === 'lookup') lookupModule = f.lookup?.module?.api_name ?? null;
  else if (f.data_type === 'multiselectlookup')
    lookupModule = f.multiselectlookup?.connected_module?.api_name ?? null;
  // Zoho marks a unique field with a non-empty `unique` object ({"casesensitive": "0"}); others carry {}.
  const unique =
    f.unique != null && typeof f.unique === 'object' && Object.keys(f.unique).length > 0;
  const cs = unique ? (f.unique as Record<string, unknown>)['casesensitive'] : undefined;
  return {
    field: f,
    apiName: f.api_name,
    dataType: f.data_type,
    jsonType: f.json_type ?? 'string',
    readOnly,
    mandatory: f.system_mandatory === true && !readOnly,
    unique,
    caseSensitive: cs === true || cs === '1' || cs === 'true',
    maxLength: typeof f.length === 'number' && f.length > 0 ? f.length : null,
    picklist: isPick && values.length > 0 ? new Set(values) : null,
    picklistValues: values.filter((v) => v !== '-None-'),
    lookupModule,
  };
}

function displayFieldOf(m: ZohoModule, fields: ReadonlyMap<string, FieldRule>): string {
  const declared = (m['display_field'] as { api_name?: unknown } | undefined)?.api_name;
  if (typeof declared === 'string' && fields.has(declared)) return declared;
  const singular = (m.singular_label ?? '').replace(/\s+/g, '_');
  for (const c of ['Full_Name', `${singular}_Name`, 'Name', 'Subject', 'Deal_Name', 'Last_Name'])
    if (fields.has(c)) return c;
  return 'id';
}

export class SnapshotIndex {
  readonly modules: ReadonlyMap<string, ModuleIndex>;
  private readonly lower: ReadonlyMap<string, ModuleIndex>;
  /** Modules records can be read and written through the API (api_supported, not subforms/linking). */
  readonly recordModules: readonly string[];

  constructor(readonly snapshot: Snapshot) {
    const modules = new Map<string, ModuleIndex>();
    // Snapshots of real orgs hold entries no API call can name (no api_name, not an object): the metadata
    // routes still serve them verbatim, but only named modules and fields get records.
    const named = <T,>(items: readonly T[]): T[] =>
      items.filter((x) => {
        const name = typeof x === 'object' && x !== null ? (x as unknown as { api_name?: unknown }).api_name : undefined;
        return typeof name === 'string' && name !== '';
      });
    for (const m of named(snapshot.modules.modules)) {
      if (modules.has(m.api_name)) continue; // listed twice: Zoho's first entry wins
      const body = Object.hasOwn(snapshot.fields, m.api_name) ? snapshot.fields[m.api_name] : undefined;
      const list = named(Array.isArray(body?.fields) ? body.fields : []).map(ruleFor);
      const fields = new Map(list.map((r) => [r.apiName, r]));
      modules.set(m.api_name, {
        module: m,
        apiName: m.api_name,
        fields,
        zohoFields: new Map(list.map((r) => [r.apiName, r.field])),
        fieldList: list,
        mandatory: list.filter((r) => r.mandatory),
        uniques: list.filter((r) => r.unique),
        displayField: displayFieldOf(m, fields),
        relatedLists: snapshot.related_lists?.[m.api_name]?.related_lists ?? [],
        blank: JSON.parse(
          JSON.stringify(
            Object.fromEntries([
              ['id', ''],
              ...list.filter((r) => r.apiName !== 'id').map((r) => [r.apiName, null]),
            ]),
          ),
        ) as Rec,
      });
    }
    this.modules = modules;
    this.lower = new Map([...modules].map(([k, v]) => [k.toLowerCase(), v]));
    this.recordModules = [...modules.values()]
      .filter(
        (m) =>
          m.module.api_supported !== false &&
          m.module.generated_type !== 'subform' &&
          m.module.generated_type !== 'linking' &&
          m.fieldList.length > 0,
      )
      .map((m) => m.apiName);
  }

  /** Zoho matches module API names in URLs case-insensitively. */
  find(name: string): ModuleIndex | undefined {
    return this.modules.get(name) ?? this.lower.get(name.toLowerCase());
  }
}
