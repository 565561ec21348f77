/**
 * A COQL engine over in-memory records: POST /crm/v8/coql `{ select_query }` → `{ data, info }`.
 *
 * Zoho facts (v8 docs: "Query API - An Overview", "Query API - Limitations",
 * "Get Records through a COQL Query"):
 * - SELECT only; keywords are not case-sensitive. WHERE is treated as mandatory: Zoho documents
 *   SYNTAX_ERROR "missing clause" {clause: "where"}, and COQL users write `where id is not null`
 *   to list everything (if v8 is found to accept a bare SELECT, drop the check in coql-parser.ts).
 * - criteria come in pairs: more than two at one level of brackets is refused ("((A and B) and C)",
 *   coql-parser.ts condition()).
 * - up to 50 columns in SELECT, 25 criteria in WHERE, 100 values in IN / NOT IN, 10 ORDER BY fields,
 *   4 GROUP BY fields and 5 aggregates (COUNT, SUM, MAX, MIN, AVG); 5 base joins and 15 select-column
 *   joins (coql-joins.ts).
 * - LIMIT defaults to 200, at most 2,000 per call; `LIMIT offset, count` or `LIMIT n OFFSET m`;
 *   at most 100,000 rows in all through LIMIT/OFFSET.
 * - default order: record id ascending.
 * - lookups are followed with a dot (`Account_Name.Account_Name`, `Owner.last_name`), at most two
 *   relations; the response keys such columns flat, by the dotted name (`"Account_Name.Account_Name"`),
 *   and a lookup column itself comes back as `{ "id": … }` (as client code written against live
 *   responses expects). `id` is always in each row (Zoho's sample responses).
 * - comparators: = != < <= > >= between / not between, in / not in, like / not like (`'%x%'`,
 *   `'x%'`, `'%x'`), is null / is not null — which apply depends on the field type (COQL_OPERATORS).
 * - multi-line fields (textarea) cannot be used in criteria; file/image upload and multi-select
 *   lookup fields are not supported at all.
 * Comparisons with an empty value are false, as in SQL (so `!=` does not match nulls).
 * Where a limit's error is undocumented, the error shape is ours and says so below.
 */
import type { ZohoField } from '../generator/metadata/snapshot-types.ts';
import { CoqlError, invalidQuery, type CoqlErrorCode } from './coql-errors.ts';
import { checkJoins } from './coql-joins.ts';
import {
  parseCoql,
  type AggregateFn,
  type Condition,
  type Literal,
  type PathRef,
  type Predicate,
  type SelectQuery,
} from './coql-parser.ts';
import {
  compareStrings,
  compareValues,
  isEmptyValue,
  isLookupValue,
  kindOf,
  toBoolean,
  toDay,
  toInstant,
  toNumber,
  toText,
  type LookupValue,
  type ValueKind,
} from './coql-values.ts';

export { CoqlError, type CoqlErrorCode } from './coql-errors.ts';

export interface CoqlContext {
  modules: readonly string[];
  fields(module: string): readonly ZohoField[] | undefined;
  records(module: string): readonly Record<string, unknown>[];
  findRecord(module: string, id: string): Record<string, unknown> | undefined;
}

export interface CoqlResult {
  data: Record<string, unknown>[];
  info: { count: number; more_records: boolean };
}

export const COQL_DEFAULT_LIMIT = 200;
export const COQL_MAX_LIMIT = 2000;
export const COQL_MAX_ROWS = 100_000;
export const COQL_MAX_SELECT_COLUMNS = 50;
export const COQL_MAX_CRITERIA = 25;
export const COQL_MAX_IN_VALUES = 100;
export const COQL_MAX_ORDER_BY = 10;
export const COQL_MAX_GROUP_BY = 4;
export const COQL_MAX_AGGREGATES = 5;
export const COQL_MAX_RELATIONS = 2;

type Operator =
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'between'
  | 'not between'
  | 'in'
  | 'not in'
  | 'like'
  | 'not like'
  | 'is null'
  | 'is not null';

/** `id` compares as a record id; `guess` means no metadata: the kind is read from each value. */
type ColumnKind = ValueKind | 'id' | 'guess';

const ORDERING: readonly Operator[] = ['<', '<=', '>', '>=', 'between', 'not between'];
const EQUALITY: readonly Operator[] = ['=', '!=', 'in', 'not in'];
const NULLS: readonly Operator[] = ['is null', 'is not null'];
const LIKES: readonly Operator[] = ['like', 'not like'];

/** Comparators per field type, from Zoho's "Get Records through a COQL Query" table. */
export const COQL_OPERATORS: Readonly<Record<ColumnKind, readonly Operator[]>> = {
  text: [...EQUALITY, ...LIKES, ...NULLS],
  picklist: [...EQUALITY, ...LIKES, ...NULLS],
  multiselect: [...EQUALITY, ...LIKES, ...NULLS],
  number: [...EQUALITY, ...ORDERING, ...NULLS],
  date: [...EQUALITY, ...ORDERING, ...NULLS],
  datetime: [...EQUALITY, ...ORDERING, ...NULLS],
  boolean: ['=', '!='],
  lookup: [...EQUALITY, ...NULLS],
  id: [...EQUALITY, ...ORDERING, ...NULLS],
  textarea: [],
  unsupported: [],
  guess: [...EQUALITY, ...ORDERING, ...LIKES, ...NULLS],
};

interface Step {
  readonly apiName: string;
  /** The module a lookup step leads to (for the next step). */
  readonly target?: string;
}

interface Column {
  /** Canonical dotted name, used as the response key. */
  readonly key: string;
  readonly steps: readonly Step[];
  readonly kind: ColumnKind;
}

export function executeCoql(query: string, ctx: CoqlContext): CoqlResult {
  if (typeof query !== 'string' || query.trim() === '') {
    throw new CoqlError('MANDATORY_NOT_FOUND', 'mandatory key not found', {
      api_name: 'select_query',
    });
  }
  const ast = parseCoql(query);
  checkJoins(ast);
  return new Execution(ast, ctx).run();
}

class Execution {
  private readonly module: string;

  constructor(
    private readonly ast: SelectQuery,
    private readonly ctx: CoqlContext,
  ) {
    this.module =
      resolveModule(ast.module, ctx) ??
      fail('INVALID_MODULE', 'the given module is not supported in api', {});
  }

  run(): CoqlResult {
    const { limit, offset } = this.pagination();
    const matcher = this.ast.where !== undefined ? this.compileWhere(this.ast.where) : () => true;
    const aggregate =
      this.ast.groupBy.length > 0 || this.ast.select.some((s) => s.aggregate !== undefined);
    const rows = aggregate ? this.aggregateRows(matcher) : this.plainRows(matcher);
    const page = rows.slice(offset, offset + limit);
    return { data: page, info: { count: page.length, more_records: rows.length > offset + limit } };
  }

  // ----- LIMIT / OFFSET ---------------------------------------------------------------------

  private pagination(): { limit: number; offset: number } {
    let limit = COQL_DEFAULT_LIMIT;
    let offset = 0;
    if (this.ast.limit !== undefined) {
      const v = this.ast.limit.value;
      if (!/^\d+$/.test(v)) invalidQuery('limit given seems to be invalid', { limit: v });
      limit = Number(v);
      if (limit === 0) fail('INVALID_DATA', 'limit should be greater than 0', {});
      // Zoho documents the 2,000 cap, not its error: we answer like any invalid limit.
      if (limit > COQL_MAX_LIMIT)
        invalidQuery('limit given seems to be invalid', { limit: v, maximum: COQL_MAX_LIMIT });
    }
    if (this.ast.offset !== undefined) {
      const v = this.ast.offset.value;
      if (!/^\d+$/.test(v)) invalidQuery('offset given seems to be invalid', { offset: v });
      offset = Number(v);
    }
    if (offset + limit > COQL_MAX_ROWS) {
      // Zoho: "You can fetch up to 1,00,000 records using pagination with LIMIT and OFFSET".
      // The error body is ours (Zoho's search API uses LIMIT_REACHED for its own cap).
      fail('LIMIT_REACHED', 'Maximum response iteration limit reached', {
        limit: COQL_MAX_ROWS,
        offset,
        count: limit,
      });
    }
    return { limit, offset };
  }

  // ----- columns ----------------------------------------------------------------------------

  private resolve(path: PathRef, use: 'select' | 'criteria' | 'order' | 'group'): Column {
    const unsupported = (): never => invalidQuery('unsupported column', { column_name: path.text });
    let module: string | undefined = this.module;
    let fields = fieldIndex(this.ctx.fields(this.module));
    const steps: Step[] = [];
    const names: string[] = [];
    let kind = 'guess' as ColumnKind;
    for (let i = 0; i < path.segments.length; i++) {
      const segment = path.segments[i] as string;
      const last = i === path.segments.length - 1;
      if (segment.toLowerCase() === 'id') {
        if (!last) unsupported();
        steps.push({ apiName: 'id' });
        names.push('id');
        kind = 'id';
        continue;
      }
      const field = fields?.get(segment) ?? fields?.get(segment.toLowerCase());
      if (fields !== undefined && field === undefined) unsupported();
      kind = field !== undefined ? kindOf(field) : 'guess';
      if (kind === 'unsupported') unsupported();
      const apiName = field?.api_name ?? segment;
      names.push(apiName);
      if (last) {
        steps.push({ apiName });
        continue;
      }
      if (kind !== 'lookup' && kind !== 'guess') unsupported();
      if (i + 1 > COQL_MAX_RELATIONS) unsupported();
      const targetName = field?.lookup?.module?.api_name;
      module =
        targetName !== undefined ? (resolveModule(targetName, this.ctx) ?? targetName) : undefined;
      fields = module !== undefined ? fieldIndex(this.ctx.fields(module)) : undefined;
      steps.push(module !== undefined ? { apiName, target: module } : { apiName });
    }
    if (use === 'criteria' && kind === 'textarea') {
      // Zoho: "You cannot use multi-line fields ... in criteria".
      invalidQuery('unsupported column in criteria', { column_name: path.text });
    }
    return { key: names.join('.'), steps, kind };
  }

  private read(record: Readonly<Record<string, unknown>>, column: Column): unknown {
    let current: Readonly<Record<string, unknown>> = record;
    for (let i = 0; i < column.steps.length; i++) {
      const step = column.steps[i] as Step;
      const value = ownValue(current, step.apiName);
      if (i === column.steps.length - 1) return value;
      if (!isLookupValue(value)) return null;
      current = this.follow(step.target, value.id) ?? lookupStandIn(value);
    }
    return null;
  }

  /** The record a lookup points at; with no metadata, any module may hold it (Zoho ids are org-wide). */
  private follow(
    target: string | undefined,
    id: string,
  ): Readonly<Record<string, unknown>> | undefined {
    if (target !== undefined) return this.ctx.findRecord(target, id);
    for (const m of this.ctx.modules) {
      const found = this.ctx.findRecord(m, id);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  // ----- WHERE ------------------------------------------------------------------------------

  private compileWhere(where: Condition): (r: Readonly<Record<string, unknown>>) => boolean {
    let count = 0;
    const compile = (c: Condition): ((r: Readonly<Record<string, unknown>>) => boolean) => {
      if (c.kind === 'predicate') {
        count++;
        if (count > COQL_MAX_CRITERIA) {
          // Zoho documents the limit of 25, not its error; ours names the limit.
          invalidQuery('Invalid query formed', {
            reason: `more than ${COQL_MAX_CRITERIA} criteria in the where clause`,
          });
        }
        return this.compilePredicate(c.predicate);
      }
      const parts = c.children.map(compile);
      return c.kind === 'and' ? (r) => parts.every((p) => p(r)) : (r) => parts.some((p) => p(r));
    };
    return compile(where);
  }

  private compilePredicate(p: Predicate): (r: Readonly<Record<string, unknown>>) => boolean {
    const column = this.resolve(p.path, 'criteria');
    const operator = operatorOf(p);
    if (!COQL_OPERATORS[column.kind].includes(operator)) {
      invalidQuery('Invalid query formed', {
        reason: 'invalid operator found',
        column_name: p.path.text,
        operator,
      });
    }
    const value = (lit: Literal): string | number | boolean =>
      checkLiteral(lit, column, p.path.text);
    const cmp = (a: unknown, b: string | number | boolean): number | undefined =>
      compareAs(a, b, column.kind);
    const eq = (a: unknown, b: string | number | boolean): boolean => equalAs(a, b, column.kind);
    const get = (r: Readonly<Record<string, unknown>>): unknown => this.read(r, column);

    switch (p.kind) {
      case 'null':
        return p.negated ? (r) => !isEmptyValue(get(r)) : (r) => isEmptyValue(get(r));
      case 'compare': {
        const v = value(p.value);
        return (r) => {
          const a = get(r);
          if (isEmptyValue(a)) return false;
          switch (p.op) {
            case '=':
              return eq(a, v);
            case '!=':
              return !eq(a, v);
            default: {
              const c = cmp(a, v);
              if (c === undefined) return false;
              return p.op === '<' ? c < 0 : p.op === '<=' ? c <= 0 : p.op === '>' ? c > 0 : c >= 0;
            }
          }
        };
      }
      case 'in': {
        if (p.values.length > COQL_MAX_IN_VALUES) {
          invalidQuery('Only 100 values are allowed in "IN" criteria', { param_name: p.path.text });
        }
        const vs = p.values.map(value);
        return (r) => {
          const a = get(r);
          if (isEmptyValue(a)) return false;
          return vs.some((v) => eq(a, v)) !== p.negated;
        };
      }
      case 'between': {
        const low = value(p.low);
        const high = value(p.high);
        return (r) => {
          const a = get(r);
          const lo = cmp(a, low);
          const hi = cmp(a, high);
          if (lo === undefined || hi === undefined) return false;
          return (lo >= 0 && hi <= 0) !== p.negated;
        };
      }
      case 'like': {
        return (r) => {
          const a = get(r);
          if (isEmptyValue(a)) return false;
          const text = Array.isArray(a) ? a.map((x) => toText(x) ?? '').join(';') : toText(a);
          if (text === undefined) return false;
          return likeMatches(text, p.pattern) !== p.negated;
        };
      }
    }
  }

  // ----- plain SELECT -----------------------------------------------------------------------

  private selectColumns(): { column: Column; outKey: string; aggregate?: AggregateFn }[] {
    const items = this.ast.select;
    if (items.length > COQL_MAX_SELECT_COLUMNS) {
      // Zoho documents the limit of 50, not its error; ours names the limit.
      invalidQuery('Invalid query formed', {
        reason: `more than ${COQL_MAX_SELECT_COLUMNS} columns in select`,
      });
    }
    const aggregates = items.filter((i) => i.aggregate !== undefined).length;
    if (aggregates > COQL_MAX_AGGREGATES) {
      invalidQuery('Invalid query formed', {
        reason: `more than ${COQL_MAX_AGGREGATES} aggregate functions`,
      });
    }
    const seen = new Map<string, string>();
    const aliases = new Map<string, string>();
    return items.map((item) => {
      const column = this.resolve(item.path, 'select');
      const dedupe = `${item.aggregate ?? ''}(${column.key})`;
      if (seen.has(dedupe)) {
        if (item.aggregate !== undefined) {
          fail('DUPLICATE_DATA', 'duplicate aggregate function', {
            column_name: item.path.text,
            aggregate: item.aggregate,
          });
        }
        fail('DUPLICATE_DATA', 'duplicate select column', { column_name: item.path.text });
      }
      seen.set(dedupe, item.path.text);
      if (item.alias !== undefined) {
        if (item.alias.trim() === '') {
          fail('INVALID_ALIAS', 'alias name cannot be an empty string', {
            column_name: item.path.text,
            alias: item.alias,
          });
        }
        const other = aliases.get(item.alias.toLowerCase());
        if (other !== undefined) {
          fail('DUPLICATE_ALIAS', 'same alias cannot refer more than one column', {
            referred_columns: [other, item.path.text],
            alias: item.alias,
          });
        }
        aliases.set(item.alias.toLowerCase(), item.path.text);
      }
      if (item.aggregate !== undefined) checkAggregate(item.aggregate, column, item.path.text);
      const outKey =
        item.alias ??
        (item.aggregate !== undefined ? `${item.aggregate}(${column.key})` : column.key);
      return item.aggregate !== undefined
        ? { column, outKey, aggregate: item.aggregate }
        : { column, outKey };
    });
  }

  private plainRows(
    matcher: (r: Readonly<Record<string, unknown>>) => boolean,
  ): Record<string, unknown>[] {
    const columns = this.selectColumns();
    const order = this.orderColumns(columns);
    const records = this.ctx.records(this.module).filter(matcher);
    const sorted = [...records].sort((a, b) => {
      for (const o of order) {
        const c = sortCompare(this.read(a, o.column), this.read(b, o.column), o.column.kind);
        if (c !== 0) return o.descending ? -c : c;
      }
      return compareIds(a.id, b.id);
    });
    return sorted.map((record) => {
      const row: Record<string, unknown> = {};
      for (const { column, outKey } of columns)
        row[outKey] = outputValue(this.read(record, column), column);
      if (!Object.prototype.hasOwnProperty.call(row, 'id')) row.id = record.id ?? null;
      return row;
    });
  }

  private orderColumns(
    columns: readonly { column: Column; outKey: string; aggregate?: AggregateFn }[],
  ): { column: Column; descending: boolean }[] {
    if (this.ast.orderBy.length > COQL_MAX_ORDER_BY) {
      invalidQuery('Invalid query formed', {
        reason: `more than ${COQL_MAX_ORDER_BY} fields in order by`,
      });
    }
    const seen = new Set<string>();
    return this.ast.orderBy.map((o) => {
      const alias =
        o.path.segments.length === 1 && o.aggregate === undefined
          ? columns.find(
              (c) =>
                c.outKey.toLowerCase() === o.path.text.toLowerCase() && c.aggregate === undefined,
            )
          : undefined;
      const column = alias?.column ?? this.resolve(o.path, 'order');
      // Zoho: duplicate fields in ORDER BY give DUPLICATE_DATA.
      if (seen.has(column.key))
        fail('DUPLICATE_DATA', 'duplicate order by column', { column_name: o.path.text });
      seen.add(column.key);
      return { column, descending: o.descending };
    });
  }

  // ----- aggregates -------------------------------------------------------------------------

  private aggregateRows(
    matcher: (r: Readonly<Record<string, unknown>>) => boolean,
  ): Record<string, unknown>[] {
    const columns = this.selectColumns();
    if (this.ast.groupBy.length > COQL_MAX_GROUP_BY) {
      invalidQuery('Invalid query formed', {
        reason: `more than ${COQL_MAX_GROUP_BY} fields in group by`,
      });
    }
    const groupColumns: Column[] = [];
    for (const g of this.ast.groupBy) {
      const column = this.resolve(g, 'group');
      if (groupColumns.some((c) => c.key === column.key)) {
        fail('DUPLICATE_DATA', 'duplicate group by column', { column_name: g.text });
      }
      groupColumns.push(column);
    }
    for (const c of columns) {
      if (c.aggregate === undefined && !groupColumns.some((g) => g.key === c.column.key)) {
        invalidQuery('Invalid query formed', {
          reason: 'column is neither aggregated nor in group by',
          column_name: c.column.key,
        });
      }
    }

    const groups = new Map<string, Readonly<Record<string, unknown>>[]>();
    for (const record of this.ctx.records(this.module)) {
      if (!matcher(record)) continue;
      const key = JSON.stringify(groupColumns.map((g) => groupKey(this.read(record, g))));
      const list = groups.get(key);
      if (list === undefined) groups.set(key, [record]);
      else list.push(record);
    }
    if (groupColumns.length === 0 && groups.size === 0) groups.set('[]', []);

    const rows = [...groups.values()].map((records) => {
      const row: Record<string, unknown> = {};
      for (const c of columns) {
        if (c.aggregate === undefined) {
          row[c.outKey] =
            records.length > 0
              ? outputValue(this.read(records[0] as Record<string, unknown>, c.column), c.column)
              : null;
        } else {
          row[c.outKey] = aggregateValue(
            c.aggregate,
            records.map((r) => this.read(r, c.column)),
            c.column.kind,
          );
        }
      }
      return { row, records };
    });

    const order = this.ast.orderBy.map((o) => {
      const target = columns.find((c) =>
        o.aggregate !== undefined
          ? c.aggregate === o.aggregate && c.column.key.toLowerCase() === o.path.text.toLowerCase()
          : c.outKey.toLowerCase() === o.path.text.toLowerCase() ||
            (c.aggregate === undefined && c.column.key.toLowerCase() === o.path.text.toLowerCase()),
      );
      if (target === undefined) invalidQuery('unsupported column', { column_name: o.path.text });
      return {
        key: target.outKey,
        kind: target.aggregate === 'COUNT' ? ('number' as ColumnKind) : target.column.kind,
        descending: o.descending,
      };
    });
    const defaultOrder = columns
      .filter((c) => c.aggregate === undefined)
      .map((c) => ({ key: c.outKey, kind: c.column.kind, descending: false }));
    const sortBy = order.length > 0 ? order : defaultOrder;
    rows.sort((a, b) => {
      for (const o of sortBy) {
        const c = sortCompare(a.row[o.key], b.row[o.key], o.kind);
        if (c !== 0) return o.descending ? -c : c;
      }
      return 0;
    });
    return rows.map((r) => r.row);
  }
}

// ---------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------

function fail(code: CoqlErrorCode, message: string, details: Record<string, unknown>): never {
  throw new CoqlError(code, message, details);
}

function resolveModule(name: string, ctx: CoqlContext): string | undefined {
  return (
    ctx.modules.find((m) => m === name) ??
    ctx.modules.find((m) => m.toLowerCase() === name.toLowerCase())
  );
}

/** Fields by API name and by lower-cased API name (COQL names are matched case-insensitively). */
function fieldIndex(fields: readonly ZohoField[] | undefined): Map<string, ZohoField> | undefined {
  if (fields === undefined) return undefined;
  const index = new Map<string, ZohoField>();
  for (const f of fields) {
    index.set(f.api_name, f);
    if (!index.has(f.api_name.toLowerCase())) index.set(f.api_name.toLowerCase(), f);
  }
  return index;
}

function ownValue(record: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : null;
}

/**
 * When a lookup's target record is not in the store (Users, typically), the lookup object itself
 * stands in; a user's `first_name`/`last_name`/`full_name` are derived from its `name`.
 */
function lookupStandIn(value: LookupValue): Record<string, unknown> {
  const standIn: Record<string, unknown> = { ...(value as unknown as Record<string, unknown>) };
  if (typeof value.name === 'string') {
    const [first, ...rest] = value.name.split(' ');
    standIn.full_name ??= value.name;
    if (rest.length > 0) {
      standIn.first_name ??= first;
      standIn.last_name ??= rest.join(' ');
    } else {
      standIn.last_name ??= first;
    }
  }
  return standIn;
}

function operatorOf(p: Predicate): Operator {
  switch (p.kind) {
    case 'compare':
      return p.op;
    case 'in':
      return p.negated ? 'not in' : 'in';
    case 'between':
      return p.negated ? 'not between' : 'between';
    case 'like':
      return p.negated ? 'not like' : 'like';
    case 'null':
      return p.negated ? 'is not null' : 'is null';
  }
}

/** Checks a literal against the column's type and returns the value to compare with. */
function checkLiteral(lit: Literal, column: Column, columnName: string): string | number | boolean {
  const bad = (): never =>
    invalidQuery('Invalid query formed', {
      reason: 'the value given does not match the data type of the column',
      column_name: columnName,
      value: String(lit.value),
    });
  const raw = lit.value;
  switch (column.kind) {
    case 'number':
      // Kept as text: a bigint literal must not be rounded through a double before comparing.
      return typeof raw === 'string' && toNumber(raw) !== undefined ? raw.trim() : bad();
    case 'date':
      return typeof raw === 'string' && toDay(raw) !== undefined ? raw : bad();
    case 'datetime':
      return typeof raw === 'string' && toInstant(raw) !== undefined ? raw : bad();
    case 'boolean': {
      const b = toBoolean(raw);
      return b ?? bad();
    }
    case 'guess':
      return lit.kind === 'number' ? Number(raw) : raw;
    default:
      return String(raw);
  }
}

/** Equality for `=`, `!=`, `in`: text case-insensitive, picklists exact, lookups by id. */
function equalAs(a: unknown, b: string | number | boolean, kind: ColumnKind): boolean {
  if (kind === 'id') return compareIds(a, b) === 0;
  if (kind === 'lookup' || (kind === 'guess' && isLookupValue(a)))
    return isLookupValue(a) && a.id === String(b);
  if (kind === 'multiselect' || (kind === 'guess' && Array.isArray(a))) {
    // Zoho writes a multi-select value as 'English;German'.
    if (!Array.isArray(a)) return false;
    const want = String(b)
      .split(';')
      .map((s) => s.trim().toLowerCase())
      .filter((s) => s !== '')
      .sort();
    const have = a.map((x) => (toText(x) ?? '').toLowerCase()).sort();
    return want.length === have.length && want.every((w, i) => w === have[i]);
  }
  return compareAs(a, b, kind) === 0;
}

function compareAs(a: unknown, b: string | number | boolean, kind: ColumnKind): number | undefined {
  if (kind === 'id') return compareIds(a, b);
  if (kind === 'guess') {
    const guessed = kindOf(undefined, a);
    if (guessed === 'text' && toNumber(a) !== undefined && typeof b === 'number')
      return compareValues(a, b, 'number');
    return compareValues(a, b, guessed);
  }
  return compareValues(a, b, kind);
}

/** Ids are long digit strings: compare by length, then digits, so '9' < '10'. */
function compareIds(a: unknown, b: unknown): number {
  const x = a === null || a === undefined ? '' : String(a);
  const y = b === null || b === undefined ? '' : String(b);
  if (/^\d+$/.test(x) && /^\d+$/.test(y) && x.length !== y.length) return x.length - y.length;
  return compareStrings(x, y);
}

/** Sort order for ORDER BY: empty values first ascending (last descending), then by kind. */
function sortCompare(a: unknown, b: unknown, kind: ColumnKind): number {
  const ea = isEmptyValue(a);
  const eb = isEmptyValue(b);
  if (ea || eb) return ea === eb ? 0 : ea ? -1 : 1;
  if (kind === 'id') return compareIds(a, b);
  const k: ValueKind = kind === 'guess' ? kindOf(undefined, a) : kind;
  if (k === 'lookup' || isLookupValue(a)) {
    const na = isLookupValue(a) ? (a.name ?? a.id) : String(a);
    const nb = isLookupValue(b) ? (b.name ?? b.id) : String(b);
    return compareStrings(na.toLowerCase(), nb.toLowerCase()) || compareStrings(na, nb);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    const ja = Array.isArray(a) ? a.join(';') : String(a);
    const jb = Array.isArray(b) ? b.join(';') : String(b);
    return compareStrings(ja.toLowerCase(), jb.toLowerCase());
  }
  const c = compareValues(a, b, k === 'textarea' || k === 'unsupported' ? 'text' : k);
  if (c === undefined) return compareStrings(String(a), String(b));
  if (c === 0 && (k === 'text' || k === 'textarea')) return compareStrings(String(a), String(b));
  return Math.sign(c);
}

/**
 * `like`: `%` is any run of characters, everything else is literal; case-insensitive.
 * A two-pointer wildcard match (O(text × pattern) at worst) rather than a RegExp, so a pattern
 * like '%a%a%a…%c' cannot backtrack exponentially.
 */
export function likeMatches(text: string, pattern: string): boolean {
  const t = text.toLowerCase();
  const p = pattern.toLowerCase();
  let ti = 0;
  let pi = 0;
  let star = -1;
  let mark = 0;
  while (ti < t.length) {
    if (pi < p.length && p[pi] !== '%' && p[pi] === t[ti]) {
      ti++;
      pi++;
    } else if (pi < p.length && p[pi] === '%') {
      star = pi++;
      mark = ti;
    } else if (star !== -1) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '%') pi++;
  return pi === p.length;
}

/** A selected value as Zoho returns it: a lookup as `{ id }`, empty as null. */
function outputValue(value: unknown, column: Column): unknown {
  if (value === undefined) return null;
  if ((column.kind === 'lookup' || column.kind === 'guess') && isLookupValue(value))
    return { id: value.id };
  if (Array.isArray(value)) return [...value];
  return value;
}

function checkAggregate(fn: AggregateFn, column: Column, name: string): void {
  if (fn === 'COUNT') return;
  const numeric = column.kind === 'number' || column.kind === 'guess';
  const ordered = numeric || column.kind === 'date' || column.kind === 'datetime';
  if ((fn === 'SUM' || fn === 'AVG') && !numeric) {
    invalidQuery('Invalid query formed', {
      reason: 'aggregate function not supported for the column',
      column_name: name,
      aggregate: fn,
    });
  }
  if ((fn === 'MAX' || fn === 'MIN') && !ordered) {
    invalidQuery('Invalid query formed', {
      reason: 'aggregate function not supported for the column',
      column_name: name,
      aggregate: fn,
    });
  }
}

function aggregateValue(fn: AggregateFn, values: readonly unknown[], kind: ColumnKind): unknown {
  const present = values.filter((v) => !isEmptyValue(v));
  if (fn === 'COUNT') return present.length;
  if (fn === 'SUM' || fn === 'AVG') {
    const nums = present.map((v) => toNumber(v)).filter((n): n is number => n !== undefined);
    if (nums.length === 0) return fn === 'SUM' ? 0 : null;
    const sum = nums.reduce((s, n) => s + n, 0);
    return fn === 'SUM' ? sum : sum / nums.length;
  }
  let best: unknown = null;
  for (const v of present) {
    if (best === null) {
      best = v;
      continue;
    }
    const c = sortCompare(v, best, kind);
    if ((fn === 'MAX' && c > 0) || (fn === 'MIN' && c < 0)) best = v;
  }
  return best;
}

function groupKey(value: unknown): unknown {
  if (isEmptyValue(value)) return null;
  if (isLookupValue(value)) return { id: value.id };
  return value;
}
