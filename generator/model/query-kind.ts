/**
 * How COQL and the search API see a field: the one fact the typed query builders (runtime coql/ and
 * search-criteria.ts) need per field, beside the record type they already have. Emitted once per module
 * as `<Name>Fields` (field API name → kind), so the builders' operators and values follow the org.
 *
 * Zoho facts (v8 "COQL - Overview" comparators table, zoho.com/crm/developer/docs/api/v8/COQL-Overview.html,
 * and "Query API - Limitations", …/v8/COQL-Limitations.html; v8 "Search Records", …/v8/search-records.html):
 * - text-like fields (text, email, phone, website) take =, !=, in, like, is null; search equals, starts_with, in;
 * - multi-line (textarea) fields cannot be used in COQL criteria (they can be selected);
 * - picklists compare by their actual value; multi-select picklists the same, `;`-joined;
 * - numbers (integer, bigint, double, currency, decimal, percent), dates and date-times are ordered;
 * - a boolean takes = and != only; a lookup compares by record id and, in COQL, is followed with a dot
 *   (`Account_Name.Industry`); owner and user lookups lead to Users;
 * - a formula or rollup summary is filtered as its return type;
 * - file and image uploads, multi-select lookups, subforms and JSON-valued fields (address, consent,
 *   reminders…) are not supported in queries: they are left out, so naming one fails to compile.
 */
import type { QueryKind as RuntimeQueryKind } from '../../templates/runtime/query/schema-types.ts';
import type { FieldType } from './types.ts';

/**
 * What the builders switch on; `lookup:<Module>` names the module a dot leads to. Declared once, in the
 * runtime that reads it (the record id's kind `id` is the runtime's own: never emitted for a field).
 */
export type QueryKind = Exclude<RuntimeQueryKind, 'id'>;

/** Where owner and user lookups lead (COQL: `Owner.email`). */
export const USERS_MODULE = 'Users';

/** The query kind of a field type, or undefined when queries cannot use the field. */
export function queryKind(type: FieldType): QueryKind | undefined {
  switch (type.kind) {
    case 'string':
      return type.format === 'textarea' ? 'textarea' : type.format === 'autonumber' ? 'autonumber' : 'text';
    case 'number':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'picklist':
      return 'picklist';
    case 'multiselectpicklist':
      return 'multiselect';
    case 'lookup':
      // ownerlookup / userlookup name no module: they point at users. A plain lookup without a target
      // can still be compared by id, but not followed.
      if (type.module !== undefined) return `lookup:${type.module}`;
      return type.dataType.toLowerCase() === 'lookup' ? 'lookup' : `lookup:${USERS_MODULE}`;
    case 'computed':
      return type.returns.kind === 'computed' ? undefined : queryKind(type.returns);
    case 'multilookup':
    case 'subform':
    case 'file':
    case 'object':
    case 'unknown':
      return undefined;
  }
}
