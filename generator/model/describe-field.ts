/**
 * How a field is described to people, in one place: the JSDoc of the generated types, the descriptions
 * of the org's OpenAPI document and the README all say the same thing about a field.
 */
import { lookupTarget } from './field-types.ts';
import type { FieldModel } from './types.ts';

/** `Annual Revenue (data type currency, standard field, 2 decimal places)`. */
export function fieldSummary(field: FieldModel): string {
  const t = field.type;
  const facts = [`data type ${t.dataType}`, field.custom ? 'custom field' : 'standard field'];
  // Zoho reports a length for every field; it only limits text.
  if (field.maxLength !== undefined && t.kind === 'string') facts.push(`max length ${field.maxLength}`);
  if (field.decimalPlaces !== undefined) facts.push(`${field.decimalPlaces} decimal places`);
  if (field.readOnly) facts.push('read-only');
  else if (!field.creatable && !field.updatable) facts.push('not writable through the API');
  else if (!field.creatable) facts.push('not creatable');
  else if (!field.updatable) facts.push('not updatable');
  if (field.requiredOnCreate) facts.push('required on create');
  if (field.unique) facts.push('unique');
  return `${field.label} (${facts.join(', ')})`;
}

/** What a field points at or holds beyond its value type, when anything: `Lookup to module Accounts`, … */
export function fieldRelation(field: FieldModel): string | undefined {
  const t = field.type;
  switch (t.kind) {
    case 'lookup':
      return `Lookup to ${t.module === undefined ? lookupTarget(t) : `module ${t.module}`}`;
    case 'multilookup':
      return `Multi-select lookup to ${t.connectedModule ?? 'users'} through linking module ${t.linkingModule ?? '(unknown)'}`;
    case 'subform':
      return `Subform rows of module ${t.module}`;
    case 'computed':
      return `Computed by Zoho; returns ${t.returns.dataType}`;
    case 'unknown':
      return `Zoho data type ${JSON.stringify(t.dataType)} (json_type ${JSON.stringify(t.jsonType ?? null)}) is not known to the generator; typed as any JSON value`;
    default:
      return undefined;
  }
}
