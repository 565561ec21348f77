/**
 * The raw shapes Zoho returns from its Metadata APIs, as far as the generator reads them.
 * A snapshot stores the bodies verbatim, so every interface stays open (`[key: string]: unknown`):
 * keys we do not read survive a pull → snapshot → pull round trip untouched.
 *
 * Source: Zoho CRM v8 docs, "Modules Metadata" (GET /crm/v8/settings/modules) and
 * "Fields Metadata" (GET /crm/v8/settings/fields?module=X).
 */

export interface ZohoModuleRef {
  api_name: string;
  id?: string;
  [key: string]: unknown;
}

export interface ZohoPicklistValue {
  display_value: string;
  actual_value: string;
  sequence_number?: number;
  id?: string;
  type?: string; // "used" | "unused"
  [key: string]: unknown;
}

export interface ZohoField {
  api_name: string;
  id?: string;
  field_label?: string;
  display_label?: string;
  data_type: string;
  json_type?: string | null; // "string" | "integer" | "double" | "boolean" | "jsonobject" | "jsonarray"
  length?: number | null;
  decimal_place?: number | null;
  read_only?: boolean;
  field_read_only?: boolean;
  system_mandatory?: boolean;
  custom_field?: boolean;
  visible?: boolean;
  unique?: Record<string, unknown> | null;
  pick_list_values?: ZohoPicklistValue[] | null;
  lookup?: { module?: ZohoModuleRef | null; api_name?: string; [key: string]: unknown } | null;
  multiselectlookup?: {
    linking_module?: ZohoModuleRef | null;
    connected_module?: ZohoModuleRef | null;
    lookup_apiname?: string;
    connectedlookup_apiname?: string;
    [key: string]: unknown;
  } | null;
  multiuserlookup?: {
    linking_module?: ZohoModuleRef | null;
    connected_module?: ZohoModuleRef | null;
    [key: string]: unknown;
  } | null;
  /** Subform fields name the subform's own module here (v8: `associated_module`). */
  associated_module?: { module?: string; id?: string; api_name?: string; [key: string]: unknown } | null;
  subform?: { module?: string | ZohoModuleRef; [key: string]: unknown } | null;
  formula?: { return_type?: string; expression?: string; [key: string]: unknown } | null;
  rollup_summary?: { return_type?: string; [key: string]: unknown } | null;
  operation_type?: {
    web_update?: boolean;
    api_create?: boolean;
    web_create?: boolean;
    api_update?: boolean;
    [key: string]: unknown;
  } | null;
  [key: string]: unknown;
}

export interface ZohoModule {
  api_name: string;
  id?: string;
  module_name?: string;
  singular_label?: string;
  plural_label?: string;
  api_supported?: boolean;
  /** "default" (standard), "custom", "subform", "linking", "web", … */
  generated_type?: string;
  creatable?: boolean;
  editable?: boolean;
  deletable?: boolean;
  viewable?: boolean;
  global_search_supported?: boolean;
  [key: string]: unknown;
}

export interface ZohoRelatedList {
  api_name: string;
  id?: string;
  display_label?: string;
  module?: ZohoModuleRef | null;
  type?: string;
  name?: string;
  [key: string]: unknown;
}

/**
 * The entries below are typed as Zoho documents them, but a snapshot is untrusted: validateSnapshot
 * guarantees only the top level (an object with a non-empty `modules.modules` array, a `fields` object,
 * a `related_lists` object when present, nesting within MAX_JSON_DEPTH). Code that reads entries narrows
 * them first (model/read-snapshot.ts); odd entries become warnings there.
 *
 * A snapshot: the raw response bodies, as-is (keys and arrays sorted for clean diffs).
 * `related_lists` is our one addition to DESIGN.md's format: without it a generator cannot know a
 * module's related lists (GET /crm/v8/settings/related_lists?module=X). It is optional, so a
 * snapshot built by hand with curl from the two bodies alone still generates.
 */
export interface Snapshot {
  modules: { modules: ZohoModule[]; [key: string]: unknown };
  /** `{}` in a module-list-only snapshot: every module then generates without fields, with a warning. */
  fields: Record<string, { fields: ZohoField[]; [key: string]: unknown }>;
  related_lists?: Record<string, { related_lists: ZohoRelatedList[]; [key: string]: unknown }>;
}
