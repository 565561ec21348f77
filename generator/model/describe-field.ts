/**
 * How a field is described to people, in one place: the JSDoc of the generated types, the descriptions
 * of the org's OpenAPI document and the README all say the same thing about a field.
 *
 * One line per field, and short: an editor parses every field's JSDoc of the org each time it opens the
 * project (the language service reads doc comments; tsc skips them), so on a 20,000-field org each word
 * here costs every user's editor. What the type already says (the TypeScript type, `| null`) and what is
 * the usual case (a standard field, a writable one) is left out.
 */
import { lookupTarget } from './field-types.ts';
import type { FieldModel, FieldType } from './types.ts';

/**
 * `currency, 2 decimals` for Annual_Revenue labelled "Annual Revenue", `Seller (lookup to Vendors, custom,
 * required)` for Vendor_Name labelled "Seller": the label only where it says more than the API name (Zoho
 * derives API names from labels, so on most fields it would repeat the name the editor already shows).
 */
export function fieldSummary(field: FieldModel): string {
  const t = field.type;
  const facts = [typePhrase(t)];
  if (field.custom) facts.push('custom');
  // Zoho reports a length for every field; it only limits text.
  if (field.maxLength !== undefined && t.kind === 'string') facts.push(`max ${field.maxLength} chars`);
  if (field.decimalPlaces !== undefined) facts.push(`${field.decimalPlaces} decimals`);
  if (field.readOnly) facts.push('read-only');
  else if (!field.creatable && !field.updatable) facts.push('not writable through the API');
  else if (!field.creatable) facts.push('not creatable');
  else if (!field.updatable) facts.push('not updatable');
  if (field.requiredOnCreate) facts.push('required');
  if (field.unique) facts.push('unique');
  return field.label.trim() === field.apiName.replace(/_/g, ' ') ? facts.join(', ') : `${field.label} (${facts.join(', ')})`;
}

/** Zoho's data type, and what it points at or holds beyond its value type: `lookup to Accounts`, … */
function typePhrase(t: FieldType): string {
  switch (t.kind) {
    case 'lookup':
      return `${t.dataType} to ${lookupTarget(t)}`;
    case 'multilookup':
      return `${t.dataType} to ${t.connectedModule ?? 'users'} through ${t.linkingModule ?? 'an unknown linking module'}`;
    case 'subform':
      return `${t.dataType}, rows of ${t.module}`;
    case 'computed':
      return `${t.dataType} returning ${t.returns.dataType}`;
    case 'unknown':
      return `data type ${JSON.stringify(t.dataType)} unknown to the generator (json_type ${JSON.stringify(t.jsonType ?? null)}), typed as any JSON value`;
    default:
      return t.dataType;
  }
}
