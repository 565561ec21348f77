/**
 * The OrgModel: the one intermediate representation between a snapshot and everything emitted.
 * Built once by a pure function (model/build-org-model.ts), deep-readonly, sorted by API name,
 * defaults applied, every identifier the output uses decided here (model/naming.ts).
 * Augment and every emitter read only this, never the raw snapshot.
 */

/** What a field holds, decided from json_type first and refined by data_type (model/field-types.ts). */
export type FieldType =
  | { readonly kind: 'string'; readonly dataType: string; readonly format?: StringFormat }
  | { readonly kind: 'number'; readonly dataType: string; readonly integer: boolean }
  /** bigint: Zoho sends it as a JSON number or string depending on size; typed as the wire allows. */
  | { readonly kind: 'bigint'; readonly dataType: string }
  | { readonly kind: 'boolean'; readonly dataType: string }
  | { readonly kind: 'date'; readonly dataType: string }
  | { readonly kind: 'datetime'; readonly dataType: string }
  | { readonly kind: 'picklist'; readonly dataType: string; readonly values: readonly PicklistValue[] }
  | {
      readonly kind: 'multiselectpicklist';
      readonly dataType: string;
      readonly values: readonly PicklistValue[];
    }
  /**
   * lookup / ownerlookup / userlookup: `{ id, name? }`; `module` undefined for users.
   * `module` is what Zoho names (lookup.module.api_name) and may be a module absent from the
   * OrgModel (a non-API module, or Zoho's placeholder `se_module` for What_Id): emitters must check.
   */
  | { readonly kind: 'lookup'; readonly dataType: string; readonly module: string | undefined }
  /** multiselectlookup / multiuserlookup: arrays of linking-module rows. */
  | {
      readonly kind: 'multilookup';
      readonly dataType: string;
      readonly linkingModule: string | undefined;
      readonly connectedModule: string | undefined;
    }
  | { readonly kind: 'subform'; readonly dataType: string; readonly module: string }
  /** fileupload / imageupload / profileimage */
  | { readonly kind: 'file'; readonly dataType: string }
  /** formula / rollup_summary: read-only, typed by their return type. */
  | { readonly kind: 'computed'; readonly dataType: string; readonly returns: FieldType }
  /**
   * JSON values with no narrower type: address, consent_lookup, event_reminder, multi_module_lookup,
   * RRULE, ALARM, … — and any known data_type whose json_type is jsonobject/jsonarray where the
   * data_type alone would suggest a scalar (v8 sends `Tag` as data_type text, json_type jsonarray, and
   * `Participants` as data_type bigint, json_type jsonarray).
   * `array` (added by the model helper; optional, absent = false): the wire value is a JSON array.
   */
  | { readonly kind: 'object'; readonly dataType: string; readonly array?: boolean }
  | { readonly kind: 'unknown'; readonly dataType: string; readonly jsonType: string | undefined };

export type StringFormat = 'email' | 'phone' | 'url' | 'textarea' | 'autonumber';

export interface PicklistValue {
  /** The value the API reads and writes. */
  readonly actualValue: string;
  readonly displayValue: string;
}

export interface FieldModel {
  readonly apiName: string;
  readonly id: string | undefined;
  readonly label: string;
  readonly type: FieldType;
  readonly custom: boolean;
  readonly maxLength: number | undefined;
  readonly decimalPlaces: number | undefined;
  /** Never writable through the API (read_only, field_read_only, formula, autonumber, …). */
  readonly readOnly: boolean;
  readonly creatable: boolean;
  readonly updatable: boolean;
  /** system_mandatory: required on create. */
  readonly requiredOnCreate: boolean;
  readonly unique: boolean;
}

export type ModuleKind = 'standard' | 'custom' | 'subform' | 'linking' | 'other';

export interface RelatedListModel {
  readonly apiName: string;
  readonly label: string;
  /** The module whose records the list holds, when Zoho says. */
  readonly module: string | undefined;
  /** camelCase method name on the module's client, unique within the module. */
  readonly methodName: string;
}

export interface ModuleModel {
  readonly apiName: string;
  readonly id: string | undefined;
  readonly singularLabel: string;
  readonly pluralLabel: string;
  readonly kind: ModuleKind;
  readonly creatable: boolean;
  readonly editable: boolean;
  readonly deletable: boolean;
  readonly viewable: boolean;
  /** PascalCase identifier, unique across the org: `SalesOrders`. */
  readonly typeName: string;
  /**
   * Its types, `SalesOrdersRecord`, `SalesOrdersCreateInput`, `SalesOrdersUpdateInput` (exported by the
   * client's index) and `SalesOrdersFields` (the query builders', model/query-kind.ts) — naming.ts.
   */
  readonly types: { readonly record: string; readonly create: string; readonly update: string; readonly fields: string };
  /** Whether the client has an accessor for it: every module with a record API (subforms have none). */
  readonly hasAccessor: boolean;
  /** camelCase accessor on the client, unique across the org: `salesOrders`. */
  readonly accessorName: string;
  readonly fields: readonly FieldModel[];
  readonly relatedLists: readonly RelatedListModel[];
}

/**
 * What kind of oddity a warning reports (the CLI's summary counts them by code):
 * - module-entry: a modules.modules entry without an api_name (or not an object), skipped
 * - duplicate-module: an api_name listed twice in modules.modules, the first kept
 * - module-case-clash: two modules whose api_names differ only by case (both kept, names kept apart)
 * - orphan-fields: a fields body for a module that is not listed (or not API-supported), ignored
 * - no-fields: a module without a (usable) fields body, typed without fields
 * - field-entry: a field entry without an api_name (or not an object), skipped
 * - duplicate-field: an api_name listed more than once in one module (Activities' Tag), merged or the first kept
 * - no-data-type: a field without data_type, typed from json_type or as unknown
 * - unknown-data-type: a data_type this generator does not know, typed as unknown
 * - odd-metadata: a sub-object missing or of the wrong shape (picklist values, return type, subform module…)
 * - dangling-module: a subform or multi-select lookup whose module is not in the snapshot, typed loosely
 * - related-lists: related-list metadata missing or odd, methods left out
 */
export type WarningCode =
  | 'module-entry'
  | 'duplicate-module'
  | 'module-case-clash'
  | 'orphan-fields'
  | 'no-fields'
  | 'field-entry'
  | 'duplicate-field'
  | 'no-data-type'
  | 'unknown-data-type'
  | 'odd-metadata'
  | 'dangling-module'
  | 'related-lists';

export interface ModelWarning {
  readonly code: WarningCode;
  /** The module at fault (its api_name, or `modules.modules[i]` when it has none); absent for the whole snapshot. */
  readonly module?: string;
  /** The field at fault: its api_name, or `#i` (its place in the module's `fields`) when it has none. */
  readonly field?: string;
  readonly message: string;
}

export interface OrgModel {
  readonly org: string;
  /** sha256 of the canonical snapshot JSON; goes into every generated file's header. */
  readonly snapshotHash: string;
  readonly modules: readonly ModuleModel[];
  /** What the model could only partly understand (unknown data_type, …); sorted by module, then field. */
  readonly warnings: readonly ModelWarning[];
}
