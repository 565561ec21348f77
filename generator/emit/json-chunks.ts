/**
 * `JSON.stringify(value, null, 2)`, byte for byte, as a sequence of pieces: a large org's openapi.json
 * (tens of megabytes) is written piece by piece, never held as one string (nor as one buffer).
 */

/** Below this depth values are split into pieces; deeper ones are each one JSON.stringify call. */
const SPLIT_DEPTH = 3;

export function* jsonChunks(value: unknown, depth = 0): Generator<string> {
  const json = toJsonValue(value);
  if (depth >= SPLIT_DEPTH || typeof json !== 'object' || json === null) {
    yield indentJson(JSON.stringify(json, null, 2), depth);
    return;
  }
  const inner = '  '.repeat(depth + 1);
  const close = '  '.repeat(depth);
  if (Array.isArray(json)) {
    if (json.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let i = 0; i < json.length; i++) {
      yield `${i === 0 ? '' : ','}\n${inner}`;
      // JSON.stringify writes `null` for array holes, undefined and functions.
      const item: unknown = json[i];
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') yield 'null';
      else yield* jsonChunks(item, depth + 1);
    }
    yield `\n${close}]`;
    return;
  }
  const source = json as { [key: string]: unknown };
  let first = true;
  for (const key of Object.keys(source)) {
    const item = toJsonValue(source[key]);
    // JSON.stringify leaves out members whose value is undefined, a function or a symbol.
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* jsonChunks(item, depth + 1);
  }
  yield first ? '{}' : `\n${close}}`;
}

/** What JSON.stringify serializes in place of `value` (its toJSON() result, when it has one). */
function toJsonValue(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON(): unknown }).toJSON();
  }
  return value;
}

/** A pretty JSON text nested `depth` levels deep: every line after the first moves right. */
function indentJson(text: string, depth: number): string {
  return depth === 0 || !text.includes('\n') ? text : text.replace(/\n/g, `\n${'  '.repeat(depth)}`);
}
