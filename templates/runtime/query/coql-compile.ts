/**
 * A COQL query's parts → its text, with Zoho's limits checked first (coql-limits.ts) and every name and
 * value written by coql-literal.ts. Grammar: v8 "COQL - Overview" (SELECT … FROM … WHERE … GROUP BY …
 * ORDER BY … LIMIT … OFFSET …).
 */
import { countComparisons, pairwise, type Condition } from './condition.js';
import { checkLimit, CoqlLimitError, COQL_LIMITS } from './coql-limits.js';
import { coqlName, coqlPath, coqlValue } from './coql-literal.js';

export const AGGREGATE_FUNCTIONS = ['COUNT', 'SUM', 'MAX', 'MIN', 'AVG'] as const;
export type AggregateFn = (typeof AGGREGATE_FUNCTIONS)[number];

export interface OrderTerm {
  readonly path: string;
  readonly direction: 'asc' | 'desc';
}

/** Everything a select query says; the builder fills it, one immutable copy per call. */
export interface QueryParts {
  readonly module: string;
  readonly columns: readonly string[];
  /** ANDed together. */
  readonly where: readonly Condition[];
  readonly groupBy: readonly string[];
  readonly orderBy: readonly OrderTerm[];
  readonly limit?: number;
  readonly offset?: number;
}

const AGGREGATE = /^(COUNT|SUM|MAX|MIN|AVG)\((.*)\)$/i;

/** `SUM(Amount)` → `{ fn: 'SUM', path: 'Amount' }`; a plain column → undefined. */
export function aggregateOf(column: string): { fn: AggregateFn; path: string } | undefined {
  const m = AGGREGATE.exec(column);
  return m === null ? undefined : { fn: m[1]!.toUpperCase() as AggregateFn, path: m[2]! };
}

export function isAggregateQuery(parts: QueryParts): boolean {
  return parts.groupBy.length > 0 || parts.columns.some((c) => aggregateOf(c) !== undefined);
}

export function compileCoql(parts: QueryParts): string {
  const module = coqlName(parts.module, 'module');
  if (parts.columns.length === 0) throw new TypeError(`COQL ${module}: select at least one column`);
  checkLimit('columns', parts.columns.length, 'columns in SELECT');
  checkLimit(
    'aggregates',
    parts.columns.filter((c) => aggregateOf(c) !== undefined).length,
    'aggregate functions',
  );
  checkLimit('groupBy', parts.groupBy.length, 'fields in GROUP BY');
  checkLimit('orderBy', parts.orderBy.length, 'fields in ORDER BY');
  const where =
    parts.where.length === 0
      ? undefined
      : parts.where.length === 1
        ? parts.where[0]!
        : { kind: 'and' as const, children: parts.where };
  checkLimit('criteria', where === undefined ? 0 : countComparisons(where), 'criteria in WHERE');

  const select = parts.columns.map(selectColumn);
  const baseJoins = new Set<string>();
  const selectJoins = new Set<string>();
  for (const c of parts.columns) addJoins(aggregateOf(c)?.path ?? c, selectJoins);
  if (where !== undefined) forEachPath(where, (p) => addJoins(p, baseJoins));
  for (const g of parts.groupBy) addJoins(g, baseJoins);
  for (const o of parts.orderBy) addJoins(aggregateOf(o.path)?.path ?? o.path, baseJoins);
  checkLimit('selectJoins', selectJoins.size, 'lookups followed in SELECT (select-column joins)');
  checkLimit(
    'baseJoins',
    baseJoins.size,
    'lookups followed in WHERE, GROUP BY and ORDER BY (base joins)',
  );

  // Zoho's grammar wants a WHERE; `id is not null` is how its own examples list everything.
  let text = `select ${select.join(', ')} from ${module} where ${where === undefined ? 'id is not null' : condition(where)}`;
  if (parts.groupBy.length > 0) text += ` group by ${parts.groupBy.map(coqlPath).join(', ')}`;
  if (parts.orderBy.length > 0)
    text += ` order by ${parts.orderBy.map((o) => `${selectColumn(o.path)} ${o.direction === 'desc' ? 'desc' : 'asc'}`).join(', ')}`;
  if (parts.limit !== undefined) {
    const limit = count(parts.limit, 'limit', 1);
    checkLimit('rowsPerCall', limit, 'rows a call (LIMIT)');
    const offset = parts.offset === undefined ? 0 : count(parts.offset, 'offset', 0);
    if (offset + limit > COQL_LIMITS.offsetRows)
      throw new CoqlLimitError(
        'offsetRows',
        `COQL reaches at most the first ${COQL_LIMITS.offsetRows} rows by LIMIT/OFFSET (Zoho's limit); OFFSET ${offset} + LIMIT ${limit} goes past it: use iterate(), which pages by id`,
      );
    text += ` limit ${limit}`;
    if (offset > 0) text += ` offset ${offset}`;
  } else if (parts.offset !== undefined) {
    throw new TypeError(`COQL ${module}: offset needs a limit`);
  }
  return text;
}

function selectColumn(column: string): string {
  const agg = aggregateOf(column);
  return agg === undefined ? coqlPath(column) : `${agg.fn}(${coqlPath(agg.path)})`;
}

function count(n: number, what: string, min: number): number {
  if (!Number.isInteger(n) || n < min)
    throw new TypeError(`COQL: ${what} must be an integer ≥ ${min}, not ${n}`);
  return n;
}

/** Each lookup a path follows, by its prefix (`Account_Name.Owner.email` follows `Account_Name` and `Account_Name.Owner`). */
function addJoins(path: string, into: Set<string>): void {
  const segments = path.split('.');
  if (segments.length - 1 > COQL_LIMITS.relations)
    throw new CoqlLimitError(
      'relations',
      `COQL follows at most ${COQL_LIMITS.relations} lookups in one path (Zoho's limit): ${path}`,
    );
  for (let i = 1; i < segments.length; i++) into.add(segments.slice(0, i).join('.'));
}

function forEachPath(c: Condition, visit: (path: string) => void): void {
  if (c.kind === 'compare') visit(c.path);
  else for (const child of c.children) forEachPath(child, visit);
}

function condition(c: Condition): string {
  if (c.kind !== 'compare') {
    const parts = c.children.map(condition);
    return parts.length === 1 ? parts[0]! : pairwise(parts, (a, b) => `(${a} ${c.kind} ${b})`);
  }
  const path = coqlPath(c.path);
  const op = c.op;
  const [arg] = c.args;
  switch (op) {
    case 'is null':
    case 'is not null':
      return `${path} ${op}`;
    case 'between':
    case 'not between': {
      if (!Array.isArray(arg) || arg.length !== 2)
        throw new TypeError(`COQL: ${op} on ${c.path} takes exactly two values, [low, high]`);
      return `${path} ${op} ${coqlValue(arg[0], c.path)} and ${coqlValue(arg[1], c.path)}`;
    }
    case 'in':
    case 'not in': {
      if (!Array.isArray(arg) || arg.length === 0)
        throw new TypeError(`COQL: ${op} on ${c.path} takes a non-empty list of values`);
      checkLimit('inValues', arg.length, `values in ${op.toUpperCase()} (${c.path})`);
      return `${path} ${op} (${arg.map((v) => coqlValue(v, c.path)).join(', ')})`;
    }
    case '=':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
    case 'like':
    case 'not like':
      // A multi-select compares with its options written 'A;B' (Zoho's multi-select value).
      return `${path} ${op} ${coqlValue(Array.isArray(arg) ? arg.map(String).join(';') : arg, c.path)}`;
    default:
      throw new TypeError(`COQL: unknown comparator ${JSON.stringify(op)} on ${c.path}`);
  }
}
