/**
 * The one table from a field's FieldType (model/types.ts) to the TypeScript type of its value in the
 * org's generated types — the counterpart of openapi/field-schema.ts, which gives the JSON Schema for
 * openapi.json. Shared shapes (lookups, files, JSON objects) are the runtime's (templates/runtime/
 * record-types.ts), declared once; a subform or multi-select lookup names the rows of its own module.
 */
import type { FieldType, ModuleModel } from '../model/types.ts';
import { stringLiteral } from './literals.ts';

/**
 * What generated files import the runtime from: its index, whose declarations are one file holding every
 * runtime type (declaration-bundle.ts), so a name resolves in that file's own scope, with no re-export to follow.
 */
export const RUNTIME_SPECIFIER = './runtime/index.js';

/** Resolves a module API name to the module, when the org has it (else rows are typed loosely). */
export type ModuleLookup = (apiName: string | undefined) => ModuleModel | undefined;

/**
 * Above this many values a picklist is written as a union: Picklist's split recurses once per value, and
 * TypeScript stops a tail-recursive conditional type at 1,000 levels.
 */
export const PICKLIST_STRING_MAX_VALUES = 500;

/**
 * A picklist's values as the runtime's `Picklist<"A|B|C">`, which the checker splits into `"A" | "B" | "C"`
 * only where a program uses the field: one string literal to parse where a union has two syntax nodes per
 * value — on the synthetic 100×200 org, 50,000 values and two fifths of tsc's parse of modules.d.ts. A
 * picklist with a value containing `|`, or with more than PICKLIST_STRING_MAX_VALUES values, is the union.
 */
function literals(values: readonly { actualValue: string }[]): string {
  if (values.length === 0) return 'string';
  const actual = values.map((v) => v.actualValue);
  if (actual.length === 1 || actual.length > PICKLIST_STRING_MAX_VALUES || actual.some((v) => v.includes('|'))) {
    return actual.map(stringLiteral).join(' | ');
  }
  return `Picklist<${stringLiteral(actual.join('|'))}>`;
}

/** `T` as an array's element type: a union in parentheses. */
function arrayElement(type: string): string {
  return type.includes(' | ') ? `(${type})` : type;
}

/** The value's type as read (without `| null`: AsRead adds it). A new kind fails to compile here. */
export function recordValueType(type: FieldType, moduleOf: ModuleLookup): string {
  switch (type.kind) {
    case 'string':
    case 'date':
    case 'datetime':
      return 'string';
    case 'number':
      return 'number';
    case 'bigint':
      // Zoho sends a JSON number, or a string when the value exceeds 2^53.
      return 'number | string';
    case 'boolean':
      return 'boolean';
    case 'picklist':
      return literals(type.values);
    case 'multiselectpicklist':
      return type.values.length === 0 ? 'string[]' : `${arrayElement(literals(type.values))}[]`;
    case 'lookup':
      return 'Lookup';
    case 'multilookup':
      return `${moduleOf(type.linkingModule)?.types.record ?? 'JsonObject'}[]`;
    case 'subform':
      return `${moduleOf(type.module)?.types.record ?? 'JsonObject'}[]`;
    case 'file':
      return type.dataType.toLowerCase() === 'profileimage' ? 'string' : 'FileAttachment[]';
    case 'computed':
      return recordValueType(type.returns, moduleOf);
    case 'object':
      return type.array === true ? 'JsonObject[]' : 'JsonObject';
    case 'unknown':
      return 'unknown';
  }
}

/**
 * The query kind the runtime reads off the type recordValueType gives a field (runtime query/schema-types.ts,
 * ImpliedKind: numbers, booleans, string literal unions, string arrays, other strings), or undefined where
 * that type implies none (objects, arrays of objects, unknown). The generated `<Name>Fields` state a field's
 * kind only where it differs from this. Kept beside recordValueType: both read the same switch.
 */
export function impliedQueryKind(type: FieldType): 'text' | 'number' | 'boolean' | 'picklist' | 'multiselect' | undefined {
  switch (type.kind) {
    case 'string':
    case 'date':
    case 'datetime':
      return 'text';
    case 'number':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'picklist':
      return type.values.length === 0 ? 'text' : 'picklist';
    case 'multiselectpicklist':
      return 'multiselect';
    case 'file':
      return type.dataType.toLowerCase() === 'profileimage' ? 'text' : undefined;
    case 'computed':
      return impliedQueryKind(type.returns);
    case 'lookup':
    case 'multilookup':
    case 'subform':
    case 'object':
    case 'unknown':
      return undefined;
  }
}

/**
 * The write type of a field when it differs from what the runtime's WriteShape makes of its read type
 * (lookups and file uploads it maps itself): subform and linking rows are the row module's inputs,
 * images are attached by `Encrypted_Id`. Undefined when WriteShape is right.
 */
export function writeOverride(type: FieldType, role: 'create' | 'update', moduleOf: ModuleLookup): string | undefined {
  switch (type.kind) {
    case 'subform':
    case 'multilookup': {
      const rows = moduleOf(type.kind === 'subform' ? type.module : type.linkingModule);
      return `${rows === undefined ? 'JsonObject' : role === 'create' ? rows.types.create : rows.types.update}[]`;
    }
    case 'file':
      return type.dataType.toLowerCase() === 'imageupload' ? 'ImageUploadInput[]' : undefined;
    default:
      return undefined;
  }
}
