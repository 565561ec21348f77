/**
 * How strings from metadata become source text: only through JSON.stringify, which escapes quotes,
 * backslashes and control characters, so `${`, backticks and quotes stay inert data. U+2028/U+2029
 * are escaped too: legal in string literals since ES2019 but line terminators to older tools.
 */
import { quoteName } from '../json-reading.ts';
import { isIdentifier } from '../model/naming.ts';

/** A string literal: the same quoting one-line messages use (json-reading.ts). */
export const stringLiteral: (value: string) => string = quoteName;

/** A property key: bare when it is an identifier (any script), else a string literal. */
export function propertyKey(name: string): string {
  return isIdentifier(name) && name !== '__proto__' ? name : stringLiteral(name);
}
