/**
 * The one snapshot shuffler of the tests: the same snapshot in another order, as two pulls of an
 * unchanged org may return it. Every object's keys are reordered, and so are the arrays whose order
 * carries no meaning (canonicalizeSnapshot sorts them): modules, each module's fields and related lists,
 * each field's picklist values. Other arrays (profiles, …) are raw Zoho data whose order is part of the
 * snapshot, and stay as they are.
 */
import type { Snapshot } from '../../generator/metadata/snapshot-types.ts';

/**
 * A small deterministic PRNG (mulberry32): numbers in [0, 1) fully determined by the seed, so a failing
 * shuffle (or a synthetic org) is reproducible from it.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded Fisher–Yates shuffle of a copy of `items`. */
export function shuffle<T>(items: readonly T[], next: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Paths (keys from the root, `*` = any key or index) of the arrays canonicalizeSnapshot sorts. */
const UNORDERED = [
  'modules.modules',
  'fields.*.fields',
  'fields.*.fields.*.pick_list_values',
  'related_lists.*.related_lists',
].map((p) => p.split('.'));

function isUnordered(path: readonly string[]): boolean {
  return UNORDERED.some(
    (parts) => parts.length === path.length && parts.every((part, i) => part === '*' || part === path[i]),
  );
}

export function shuffled(snapshot: Snapshot, seed: number): Snapshot {
  const next = seededRandom(seed);
  const walk = (value: unknown, path: readonly string[]): unknown => {
    if (Array.isArray(value)) {
      const items = value.map((v) => walk(v, [...path, '*']));
      return isUnordered(path) ? shuffle(items, next) : items;
    }
    if (typeof value !== 'object' || value === null) return value;
    const out: Record<string, unknown> = {};
    for (const k of shuffle(Object.keys(value), next)) {
      // defineProperty: a key named `__proto__` stays an own key.
      Object.defineProperty(out, k, {
        value: walk((value as Record<string, unknown>)[k], [...path, k]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };
  return walk(snapshot, []) as Snapshot;
}
