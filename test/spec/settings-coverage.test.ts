/**
 * Coverage of Zoho's v8 operations under /crm/v8/settings, counted against spec/coverage/settings.tsv
 * (method, path as written in spec/, Zoho page, area — built from Zoho's v8 docs and github.com/zoho/crm-oas v8.0).
 * A line counts when the bundled spec has the operation typed: operationId, a declared tag, OAuth security,
 * the error envelope on 400/401/403/404/429/500, a typed 2xx answer, and no free-form request body.
 * An operation that is in the spec but not typed fails the test (it must not be counted silently).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../../generator/openapi/load-spec.ts';
import { isReference } from '../../generator/openapi/openapi-types.ts';
import type { OpenApiDocument, OperationObject, ReferenceObject, SchemaObject } from '../../generator/openapi/openapi-types.ts';
import { operationsOf, refsIn, resolvePointer, resolveResponse } from './spec-walk.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const LIST = path.join(repo, 'spec', 'coverage', 'settings.tsv');
const PREFIX = '/crm/v8/settings/';
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const ERROR_STATUSES = ['400', '401', '403', '404', '429', '500'];
/** The figure issue #13 asks for under /settings. */
const TARGET = 0.5;

interface Line {
  method: string;
  path: string;
  page: string;
  area: string;
  lineNo: number;
}

function readList(): Line[] {
  return readFileSync(LIST, 'utf8')
    .split('\n')
    .map((text, i) => ({ text, lineNo: i + 1 }))
    .filter(({ text }) => text.trim() !== '')
    .map(({ text, lineNo }) => {
      const [method = '', p = '', page = '', area = '', ...rest] = text.split('\t');
      if (rest.length > 0 || area === '') throw new Error(`settings.tsv:${lineNo}: want 4 tab-separated columns, got "${text}"`);
      return { method, path: p, page, area, lineNo };
    });
}

type Schema = SchemaObject | ReferenceObject;

function resolveSchema(doc: OpenApiDocument, schema: Schema): SchemaObject {
  let s: Schema = schema;
  for (let hops = 0; isReference(s); hops++) {
    if (hops > 20) throw new Error(`$ref loop at ${s.$ref}`);
    s = resolvePointer(doc, s.$ref) as Schema;
  }
  return s;
}

/**
 * A schema is typed when it names its properties (objects), types its items (arrays), or is a scalar;
 * `{ type: object }` with no properties — or an array of such objects — is free-form. Combinators: an
 * allOf is typed when one part is, a oneOf/anyOf when every non-null branch is.
 */
function isTyped(doc: OpenApiDocument, schema: Schema, depth = 0): boolean {
  const s = resolveSchema(doc, schema);
  if (depth > 6) return true;
  if (s.allOf) return s.allOf.some((part) => isTyped(doc, part, depth + 1));
  const branches = s.oneOf ?? s.anyOf;
  if (branches) {
    return branches.filter((b) => resolveSchema(doc, b).type !== 'null').every((b) => isTyped(doc, b, depth + 1));
  }
  const types = Array.isArray(s.type) ? s.type : s.type === undefined ? [] : [s.type];
  if (types.includes('array') || s.items) return s.items !== undefined && isTyped(doc, s.items as Schema, depth + 1);
  if (types.includes('object') || s.properties || s.additionalProperties !== undefined) {
    const props = Object.values(s.properties ?? {});
    if (props.length === 0) {
      // A map of typed values (e.g. `{ <resource>: [results] }`) names its values' type.
      const extra = s.additionalProperties;
      return typeof extra === 'object' && extra !== null && isTyped(doc, extra as Schema, depth + 1);
    }
    // Wrapper objects hold arrays of items: those items must be typed too.
    return props.every((p) => {
      const r = resolveSchema(doc, p);
      return !(r.type === 'array' || r.items) || isTyped(doc, p, depth + 1);
    });
  }
  return types.length > 0 || s.enum !== undefined || s.const !== undefined;
}

/** Why an operation does not count as typed (empty when it does). */
function problems(doc: OpenApiDocument, operation: OperationObject): string[] {
  const out: string[] = [];
  const declared = new Set((doc.tags ?? []).map((t) => t.name));
  if (!operation.operationId) out.push('no operationId');
  if (!operation.summary) out.push('no summary');
  const tags = operation.tags ?? [];
  if (tags.length === 0 || !tags.every((t) => declared.has(t))) out.push(`tags ${JSON.stringify(tags)} not declared`);
  const security = operation.security ?? [];
  if (security.length === 0 || security.some((r) => !('zohoOAuthToken' in r) || (r.oauth2 ?? []).length === 0)) {
    out.push('no OAuth scopes');
  }
  const responses = operation.responses ?? {};
  for (const status of ERROR_STATUSES) {
    const response = responses[status];
    const refs = response ? refsIn(resolveResponse(doc, response).content?.['application/json']?.schema) : [];
    if (!refs.includes('#/components/schemas/ErrorResponse')) out.push(`${status} is not the error envelope`);
  }
  const ok = Object.entries(responses).filter(([status]) => /^2\d\d$/.test(status));
  if (ok.length === 0) out.push('no 2xx response');
  for (const [status, response] of ok) {
    const schema = resolveResponse(doc, response).content?.['application/json']?.schema;
    if (status !== '204' && schema === undefined) out.push(`${status} has no JSON schema`);
    if (schema !== undefined && !isTyped(doc, schema)) out.push(`${status} answer is free-form`);
  }
  if (operation.requestBody) {
    const body = isReference(operation.requestBody)
      ? (resolvePointer(doc, operation.requestBody.$ref) as { content?: Record<string, { schema?: Schema }> })
      : operation.requestBody;
    const schema = body.content?.['application/json']?.schema;
    if (schema === undefined || !isTyped(doc, schema)) out.push('free-form request body');
  }
  return out;
}

let doc: OpenApiDocument;
let lines: Line[];
beforeAll(async () => {
  doc = await loadSpec();
  lines = readList();
});

describe('spec/coverage/settings.tsv', () => {
  it('is well-formed: one operation per line, under /crm/v8/settings, with its Zoho page, no duplicates', () => {
    const bad = lines
      .filter((l) => !METHODS.has(l.method) || !l.path.startsWith(PREFIX) || !/^https:\/\/\S+$/.test(l.page))
      .map((l) => `line ${l.lineNo}: ${l.method} ${l.path} ${l.page}`);
    expect(bad).toEqual([]);
    const keys = lines.map((l) => `${l.method} ${l.path}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it('lists every /settings operation the spec has (so the figure can be checked)', () => {
    const listed = new Set(lines.map((l) => `${l.method} ${l.path}`));
    const missing = operationsOf(doc)
      .filter((o) => o.path.startsWith(PREFIX))
      .map((o) => `${o.method.toUpperCase()} ${o.path}`)
      .filter((k) => !listed.has(k));
    expect(missing).toEqual([]);
  });

  it(`has every listed operation the spec describes typed, and at least ${TARGET * 100}% of them`, () => {
    const ops = new Map(operationsOf(doc).map((o) => [`${o.method.toUpperCase()} ${o.path}`, o.operation]));
    const untyped: string[] = [];
    const byArea = new Map<string, { total: number; typed: number }>();
    for (const l of lines) {
      const row = byArea.get(l.area) ?? { total: 0, typed: 0 };
      row.total++;
      const operation = ops.get(`${l.method} ${l.path}`);
      if (operation) {
        const why = problems(doc, operation);
        if (why.length === 0) row.typed++;
        else untyped.push(`${l.method} ${l.path}: ${why.join('; ')}`);
      }
      byArea.set(l.area, row);
    }
    const typed = [...byArea.values()].reduce((n, r) => n + r.typed, 0);
    const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(0)}%`;
    const table = [...byArea.entries()].map(([area, r]) => `  ${area.padEnd(32)} ${String(r.typed).padStart(3)} / ${String(r.total).padEnd(3)} ${pct(r.typed, r.total)}`);
    console.log(`/crm/v8/settings coverage: ${typed} of ${lines.length} operations typed (${pct(typed, lines.length)})\n${table.join('\n')}`);
    expect(untyped).toEqual([]);
    expect(typed / lines.length).toBeGreaterThanOrEqual(TARGET);
  });
});
