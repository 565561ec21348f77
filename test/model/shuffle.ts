import type { Snapshot } from '../../generator/metadata/snapshot-types.ts';

/** A small deterministic PRNG (mulberry32), so a failing shuffle is reproducible from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: readonly T[], next: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * The same snapshot with every object's keys and the sortable arrays (modules, fields, picklist
 * values, related lists) in a different order: what two pulls of an unchanged org may return.
 */
export function shuffled(snapshot: Snapshot, seed: number): Snapshot {
  const next = random(seed);
  const SORTABLE = new Set(['modules', 'fields', 'pick_list_values', 'related_lists']);
  const walk = (value: unknown, key: string | undefined): unknown => {
    if (Array.isArray(value)) {
      const items = value.map((v) => walk(v, undefined));
      return key !== undefined && SORTABLE.has(key) ? shuffle(items, next) : items;
    }
    if (typeof value !== 'object' || value === null) return value;
    const out: Record<string, unknown> = {};
    for (const k of shuffle(Object.keys(value), next)) {
      Object.defineProperty(out, k, {
        value: walk((value as Record<string, unknown>)[k], k),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };
  return walk(snapshot, undefined) as Snapshot;
}
