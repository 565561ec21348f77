/**
 * A filter as data: comparisons and and/or groups, built by the typed builders (COQL `where`, search
 * `where`) and turned into text by each API's own compiler. Values stay values until then.
 */
export interface Comparison {
  readonly kind: 'compare';
  readonly path: string;
  readonly op: string;
  /** The arguments after the operator, as given. */
  readonly args: readonly unknown[];
}

export interface Group {
  readonly kind: 'and' | 'or';
  readonly children: readonly Condition[];
}

export type Condition = Comparison | Group;

/** A condition made by a builder; its type parameter keeps conditions of one module apart. */
export interface TypedCondition<M> extends Readonly<{ node: Condition }> {
  readonly __module?: M;
}

export function group<M>(
  kind: 'and' | 'or',
  conditions: readonly TypedCondition<M>[],
): TypedCondition<M> {
  if (!Array.isArray(conditions) || conditions.length === 0)
    throw new TypeError(`${kind}(): give at least one condition`);
  return { node: { kind, children: conditions.map((c) => c.node) } };
}

/** Number of comparisons in a condition tree (Zoho limits count them). */
export function countComparisons(c: Condition): number {
  return c.kind === 'compare' ? 1 : c.children.reduce((n, child) => n + countComparisons(child), 0);
}

/**
 * Joins parts two at a time, `((a and b) and c)`: Zoho asks for criteria "enclosed within brackets
 * properly ... (A and (B and C)) or ((A and B) and C)" (v8 "Query API - Limitations") and search
 * criteria nest the same way (v8 "Search Records").
 */
export function pairwise(parts: readonly string[], join: (a: string, b: string) => string): string {
  const [first, ...rest] = parts;
  if (first === undefined) throw new TypeError('an empty group of conditions');
  return rest.reduce((acc, part) => join(acc, part), first);
}
