/**
 * Deterministic, prototype-safe JSON handling shared by every stage: snapshots are canonicalized with
 * it (metadata/snapshot.ts), per-org documents sorted with it (spec/augment.ts). Metadata is untrusted,
 * so a key may be `__proto__`; it must stay an ordinary own property wherever objects are rebuilt.
 */

/** Code-unit order: stable across locales and machines (unlike localeCompare). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sets an own, enumerable property even when the key is `__proto__` (plain assignment would change the
 * object's prototype instead). `__proto__` is the only accessor on Object.prototype — assigning
 * `constructor` or `toString` creates an own property — so every other key takes plain assignment,
 * which is several times faster on documents of tens of megabytes.
 */
export function defineOwn(target: { [key: string]: unknown }, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else target[key] = value;
}

/** Object keys sorted at every depth; arrays keep their order (enum, tag and picklist order carry meaning). */
export function sortKeysDeep(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(sortKeysDeep);
  if (typeof node !== 'object' || node === null) return node;
  const source = node as { [key: string]: unknown };
  const out: { [key: string]: unknown } = {};
  for (const key of Object.keys(source).sort(compareStrings))
    defineOwn(out, key, sortKeysDeep(source[key]));
  return out;
}
