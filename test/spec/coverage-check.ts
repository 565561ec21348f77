/**
 * Measures spec/ against the operation lists in spec/coverage/*.tsv: which listed Zoho operations the spec
 * describes, and whether each is "typed as Zoho documents it" by a mechanical check (see `untypedReasons`).
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { isReference } from '../../generator/openapi/openapi-types.ts';
import type {
  OpenApiDocument,
  ReferenceObject,
  SchemaObject,
} from '../../generator/openapi/openapi-types.ts';
import { refsIn, resolveParameter, resolvePointer, resolveResponse } from './spec-walk.ts';
import type { WalkedOperation } from './spec-walk.ts';

export interface ListedOperation {
  list: string;
  line: number;
  method: string;
  path: string;
  page: string;
  area: string;
  /** Documented parameter names the operation must declare. */
  params: string[];
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);
const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);

/** `/crm/v8/{module_api_name}/{record_id}` and `/crm/v8/{module}/{id}` name the same Zoho URL. */
export function pathKey(method: string, p: string): string {
  return `${method.toLowerCase()} ${p.replace(/\{[^}]+\}/g, '{}')}`;
}

/** Parses one list; a malformed line throws an error naming the file and line. */
export function parseList(file: string, text: string): ListedOperation[] {
  const list = path.basename(file, '.tsv');
  const out: ListedOperation[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trimEnd();
    if (line === '' || line.startsWith('#') || line.startsWith('method\t')) return;
    const [method = '', p = '', page = '', area = '', params = ''] = line.split('\t');
    const where = `${file}:${i + 1}`;
    if (!METHODS.has(method.toLowerCase())) throw new Error(`${where}: unknown method "${method}"`);
    if (!p.startsWith('/')) throw new Error(`${where}: path must start with / (got "${p}")`);
    if (!/^https:\/\//.test(page))
      throw new Error(`${where}: the Zoho page must be an https URL (got "${page}")`);
    if (area === '') throw new Error(`${where}: no area`);
    out.push({
      list,
      line: i + 1,
      method: method.toLowerCase(),
      path: p,
      page,
      area,
      params: params ? params.split(',') : [],
    });
  });
  return out;
}

export async function readLists(dir: string): Promise<ListedOperation[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.tsv')).sort();
  const lists = await Promise.all(
    files.map(async (f) => parseList(path.join(dir, f), await readFile(path.join(dir, f), 'utf8'))),
  );
  return lists.flat();
}

function deref(
  doc: OpenApiDocument,
  s: SchemaObject | ReferenceObject | undefined,
  depth = 0,
): SchemaObject | undefined {
  let cur = s;
  while (cur !== undefined && isReference(cur) && depth++ < 20)
    cur = resolvePointer(doc, cur.$ref) as SchemaObject;
  return cur as SchemaObject | undefined;
}

/**
 * A schema says what a body holds when it is binary, a scalar, an array of such, a composition of such, or an
 * object with named properties. `type: object` with nothing else (or no schema at all) is free-form.
 */
export function isTypedSchema(
  doc: OpenApiDocument,
  s: SchemaObject | ReferenceObject | undefined,
  depth = 0,
): boolean {
  const schema = deref(doc, s);
  if (schema === undefined || depth > 20) return false;
  // Named properties type a body even beside a composition that only constrains them (oneOf: required X or Y).
  if (schema.properties !== undefined && Object.keys(schema.properties).length > 0) return true;
  for (const key of ['oneOf', 'anyOf', 'allOf'] as const) {
    const parts = schema[key];
    if (parts !== undefined) return parts.some((p) => isTypedSchema(doc, p, depth + 1));
  }
  const types = Array.isArray(schema.type)
    ? schema.type
    : schema.type === undefined
      ? []
      : [schema.type];
  if (types.includes('array')) return isTypedSchema(doc, schema.items, depth + 1);
  return types.some((t) => t !== 'object' && t !== 'null');
}

/** Why an operation does not count as typed; [] when it does. */
export function untypedReasons(
  doc: OpenApiDocument,
  o: WalkedOperation,
  listed: ListedOperation,
): string[] {
  const op = o.operation;
  const reasons: string[] = [];
  const declaredTags = new Set((doc.tags ?? []).map((t) => t.name));
  if (!op.operationId) reasons.push('no operationId');
  if (!op.summary) reasons.push('no summary');
  if ((op.tags ?? []).length === 0 || !(op.tags ?? []).every((t) => declaredTags.has(t)))
    reasons.push('no declared tag');
  const crm = !o.path.startsWith('/oauth/');
  if (crm) {
    const security = op.security ?? [];
    if (
      security.length === 0 ||
      security.some((r) => !('zohoOAuthToken' in r) || (r.oauth2 ?? []).length === 0)
    )
      reasons.push('no OAuth scopes');
    for (const status of ['401', '429', '500', ...(WRITE_METHODS.has(o.method) ? ['400'] : [])]) {
      const r = op.responses?.[status];
      const schema =
        r === undefined ? undefined : resolveResponse(doc, r).content?.['application/json']?.schema;
      if (!refsIn(schema).includes('#/components/schemas/ErrorResponse'))
        reasons.push(`${status} is not the error envelope`);
    }
  }
  const params = o.parameters.map((p) => resolveParameter(doc, p));
  for (const m of o.path.matchAll(/\{([^}]+)\}/g))
    if (!params.some((p) => p.in === 'path' && p.name === m[1]))
      reasons.push(`path parameter {${m[1]}} undeclared`);
  for (const name of listed.params)
    if (!params.some((p) => p.name === name)) reasons.push(`documented parameter ${name} missing`);
  const body =
    op.requestBody === undefined
      ? undefined
      : (deref(doc, op.requestBody as ReferenceObject) as {
          content?: Record<string, { schema?: SchemaObject }>;
        });
  for (const [media, content] of Object.entries(body?.content ?? {}))
    if (!isTypedSchema(doc, content.schema)) reasons.push(`free-form ${media} request body`);
  const successes = Object.keys(op.responses ?? {}).filter((s) => /^2\d\d$/.test(s));
  if (successes.length === 0) reasons.push('no documented 2xx response');
  for (const status of successes) {
    const content =
      resolveResponse(doc, op.responses?.[status] ?? { $ref: '#/missing' }).content ?? {};
    for (const [media, c] of Object.entries(content))
      if (!isTypedSchema(doc, c.schema)) reasons.push(`free-form ${status} ${media} response`);
  }
  return reasons;
}

export interface AreaFigure {
  list: string;
  area: string;
  listed: number;
  typed: number;
  untyped: string[];
  missing: string[];
}

/** Per list and area: how many listed operations the spec describes and types. */
export function measure(
  doc: OpenApiDocument,
  ops: WalkedOperation[],
  listed: ListedOperation[],
): AreaFigure[] {
  const byKey = new Map(ops.map((o) => [pathKey(o.method, o.path), o]));
  const figures = new Map<string, AreaFigure>();
  for (const l of listed) {
    const key = `${l.list}\u0000${l.area}`;
    const f = figures.get(key) ?? {
      list: l.list,
      area: l.area,
      listed: 0,
      typed: 0,
      untyped: [],
      missing: [],
    };
    figures.set(key, f);
    f.listed++;
    const o = byKey.get(pathKey(l.method, l.path));
    const name = `${l.method.toUpperCase()} ${l.path}`;
    if (o === undefined) f.missing.push(name);
    else {
      const reasons = untypedReasons(doc, o, l);
      if (reasons.length === 0) f.typed++;
      else f.untyped.push(`${name}: ${reasons.join('; ')}`);
    }
  }
  return [...figures.values()];
}

/** The figures as a plain-text table, one row per list and area, then a total per list. */
export function formatTable(figures: AreaFigure[]): string {
  const rows = [['list', 'area', 'listed', 'typed', 'untyped', 'missing', '%']];
  const pct = (a: number, b: number) => (b === 0 ? '-' : ((100 * a) / b).toFixed(1));
  for (const list of [...new Set(figures.map((f) => f.list))]) {
    const mine = figures
      .filter((f) => f.list === list)
      .sort((a, b) => a.area.localeCompare(b.area));
    for (const f of mine)
      rows.push([
        f.list,
        f.area,
        String(f.listed),
        String(f.typed),
        String(f.untyped.length),
        String(f.missing.length),
        pct(f.typed, f.listed),
      ]);
    const sum = (k: (f: AreaFigure) => number) => mine.reduce((n, f) => n + k(f), 0);
    rows.push([
      list,
      'TOTAL',
      String(sum((f) => f.listed)),
      String(sum((f) => f.typed)),
      String(sum((f) => f.untyped.length)),
      String(sum((f) => f.missing.length)),
      pct(
        sum((f) => f.typed),
        sum((f) => f.listed),
      ),
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n');
}
