/**
 * What untrusted JSON may cost us before any code walks it (metadata is user input to a compiler).
 *
 * Zoho's metadata bodies are a few levels deep (a field's `lookup.module.api_name` sits at depth 6 of a
 * snapshot), but every stage after the parse — canonical key sorting, hashing, the model — walks the tree,
 * and JavaScript recursion ends with "Maximum call stack size exceeded" somewhere past a few thousand
 * levels. So nesting is bounded once, where the JSON enters (a file, or a pulled body), with the path named;
 * JSON.parse itself copes with any depth.
 */

/** Deepest nesting accepted in a snapshot: ten times what Zoho's bodies use. */
export const MAX_JSON_DEPTH = 64;

/**
 * The JSON path (`$.fields.Leads.fields[3].lookup…`) of the first value nested deeper than `maxDepth`, or
 * undefined when none is. Iterative, so it survives the 100,000-level input it exists to refuse. Every
 * snapshot is walked, so the walk keeps only values and depths; paths are built in a second walk, and only
 * for the rare input that is too deep.
 */
export function findTooDeep(value: unknown, maxDepth = MAX_JSON_DEPTH): string | undefined {
  const values: unknown[] = [value];
  const depths: number[] = [0];
  while (values.length > 0) {
    const v = values.pop();
    const depth = depths.pop() ?? 0;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= maxDepth) return pathToTooDeep(value, maxDepth);
    const children = Array.isArray(v) ? v : Object.values(v);
    for (let i = children.length - 1; i >= 0; i--) {
      values.push(children[i]);
      depths.push(depth + 1);
    }
  }
  return undefined;
}

/** The path of the first value (in document order) past `maxDepth`; called only when there is one. */
function pathToTooDeep(value: unknown, maxDepth: number): string | undefined {
  interface Frame {
    readonly value: unknown;
    readonly depth: number;
    readonly parent: Frame | undefined;
    readonly step: string;
  }
  const stack: Frame[] = [{ value, depth: 0, parent: undefined, step: '$' }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    const v = frame.value;
    if (typeof v !== 'object' || v === null) continue;
    if (frame.depth >= maxDepth) return pathOf(frame);
    const depth = frame.depth + 1;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], depth, parent: frame, step: `[${i}]` });
    } else {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string;
        stack.push({ value: (v as Record<string, unknown>)[key], depth, parent: frame, step: pathStep(key) });
      }
    }
  }
  return undefined;

  function pathOf(frame: Frame): string {
    const steps: string[] = [];
    for (let f: Frame | undefined = frame; f !== undefined; f = f.parent) steps.push(f.step);
    steps.reverse();
    // A path 64 steps long is unreadable; its start says where in the snapshot, its length says the rest.
    return steps.length > 12 ? `${steps.slice(0, 10).join('')}…(${steps.length - 10} more levels)` : steps.join('');
  }
}

function pathStep(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/**
 * Where JSON.parse stopped in `text`, as an offset. V8 names the position for most syntax errors but not
 * for "Unexpected token", so it is found by bisection over prefixes: a prefix that ends before the error
 * fails only for ending early (or parses), one that reaches past it fails at the error. About log2(n)
 * parses, only on a file that is already broken.
 */
export function jsonErrorOffset(text: string): number {
  // Truncated text: the error is where the text ends.
  if (!showsError(text)) return text.length;
  let lo = 0; // a prefix of this length does not show the error
  let hi = text.length; // a prefix of this length does
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (showsError(text.slice(0, mid))) hi = mid;
    else lo = mid;
  }
  return lo;
}

function showsError(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return false;
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (/Unexpected end of JSON input/.test(message)) return false;
    const at = /at position (\d+)/.exec(message);
    // "Expected ',' or '}' … at position N" with N at the very end means the prefix merely stops early.
    return !(at !== null && Number(at[1]) >= prefix.length);
  }
}
