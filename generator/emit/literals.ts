/**
 * How strings from metadata become source text: only through JSON.stringify, which escapes quotes,
 * backslashes and control characters, so `${`, backticks and quotes stay inert data. U+2028/U+2029
 * are escaped too: legal in string literals since ES2019 but line terminators to older tools.
 */
import { isIdentifier } from '../model/naming.ts';

export function stringLiteral(value: string): string {
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A property key: bare when it is an identifier (any script), else a string literal. */
export function propertyKey(name: string): string {
  return isIdentifier(name) && name !== '__proto__' ? name : stringLiteral(name);
}
