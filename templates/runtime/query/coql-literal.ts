/**
 * COQL text from values and names, never by pasting user text into the query.
 *
 * Values: a string is quoted with single quotes and a quote inside is doubled — Zoho's documented rule
 * ("escape the single quote in the value by adding another single quote", Kaizen #171 "FAQs on COQL API",
 * help.zoho.com/portal/en/community/topic/kaizen-171-faqs-on-coql-api). A backslash is doubled too: COQL
 * parsers that read `\'` as a quote (ours in the emulator does) would otherwise let a value ending in `\`
 * close the string early; doubling it keeps the value inside its quotes whichever way it is read.
 * Names: field and module API names are letters, digits and `_` (Zoho's API names); anything else is
 * refused, so a name cannot carry query text either.
 */
const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** A module or field API name, checked. */
export function coqlName(name: string, what: string, within?: string): string {
  if (typeof name !== 'string' || !NAME.test(name))
    throw new TypeError(
      `COQL: ${JSON.stringify(name)} is not a ${what} API name (letters, digits and _)${within === undefined ? '' : ` in ${JSON.stringify(within)}`}`,
    );
  return name;
}

/** A dotted path (`Account_Name.Owner.email`), each segment checked. */
export function coqlPath(path: string): string {
  if (typeof path !== 'string')
    throw new TypeError(`COQL: a column must be a string, not ${typeof path}`);
  return path
    .split('.')
    .map((segment) => coqlName(segment, 'field', path))
    .join('.');
}

/** A quoted COQL string. */
export function coqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** A Date as Zoho writes date-times: ISO 8601 to the second with an offset. */
export function isoDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new TypeError('COQL: an invalid Date');
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** One value as COQL text: strings quoted, numbers plain, booleans bare, Dates as quoted date-times. */
export function coqlValue(value: unknown, path: string): string {
  if (typeof value === 'string') return coqlString(value);
  if (typeof value === 'number') {
    // Plain decimal notation only: 1e21 or NaN would not parse as a COQL number.
    const text = String(value);
    if (!Number.isFinite(value) || !/^-?\d+(\.\d+)?$/.test(text))
      throw new TypeError(`COQL: ${text} is not a plain number (column ${path})`);
    return text;
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return coqlString(isoDateTime(value));
  throw new TypeError(
    `COQL: cannot compare column ${path} with ${value === null ? 'null (use "is null")' : typeof value}`,
  );
}
