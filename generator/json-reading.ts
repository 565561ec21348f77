/**
 * Reading untrusted JSON (snapshots, config): narrowing helpers every stage shares. A key may be
 * `__proto__` or `constructor`, so values are read as own properties only.
 */

export type JsonObject = { [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `obj[key]` when it is obj's own property, else undefined. */
export function own(obj: JsonObject | undefined, key: string): unknown {
  return obj !== undefined && Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** The value when it is a non-empty string. */
export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** What a value is, for messages: `null`, `array`, `object`, `string`, … */
export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * A name quoted for a one-line message: JSON escapes keep newlines and quotes on the line, and U+2028 /
 * U+2029, which JSON leaves raw and some terminals break lines on, are escaped too.
 */
export function quoteName(name: string): string {
  return oneLine(JSON.stringify(name));
}

export function oneLine(text: string): string {
  return text.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
