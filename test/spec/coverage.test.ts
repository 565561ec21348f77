import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../../generator/openapi/load-spec.ts';
import type { OpenApiDocument } from '../../generator/openapi/openapi-types.ts';
import {
  formatTable,
  isTypedSchema,
  measure,
  parseList,
  pathKey,
  readLists,
  untypedReasons,
} from './coverage-check.ts';
import type { AreaFigure, ListedOperation } from './coverage-check.ts';
import { operationsOf } from './spec-walk.ts';
import type { WalkedOperation } from './spec-walk.ts';

const COVERAGE_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'spec',
  'coverage',
);

/** Issue #13's targets: share of each list's operations the spec must type. */
const THRESHOLDS: Record<string, number> = { 'outside-settings': 95, settings: 50 };

/** Which list an operation of the spec belongs to. */
const listOf = (p: string) =>
  p.startsWith('/crm/v8/settings/') || p === '/crm/v8/settings' ? 'settings' : 'outside-settings';

let doc: OpenApiDocument;
let ops: WalkedOperation[];
let listed: ListedOperation[];
let figures: AreaFigure[];
beforeAll(async () => {
  doc = await loadSpec();
  ops = operationsOf(doc);
  listed = await readLists(COVERAGE_DIR);
  figures = measure(doc, ops, listed);
});

describe('the operation lists (spec/coverage/*.tsv)', () => {
  it('list each operation once', () => {
    const seen = new Map<string, string>();
    const dup: string[] = [];
    for (const l of listed) {
      const key = pathKey(l.method, l.path);
      const where = `${l.list}.tsv:${l.line}`;
      if (seen.has(key))
        dup.push(`${l.method.toUpperCase()} ${l.path} (${seen.get(key)} and ${where})`);
      else seen.set(key, where);
    }
    expect(dup).toEqual([]);
  });

  it('put every operation in the list of its part of the API', () => {
    expect(
      listed
        .filter((l) => listOf(l.path) !== l.list)
        .map((l) => `${l.list}.tsv:${l.line} ${l.path}`),
    ).toEqual([]);
  });

  it('name every operation of spec/ (settings ones once settings.tsv exists)', () => {
    const lists = new Set(listed.map((l) => l.list));
    const keys = new Set(listed.map((l) => pathKey(l.method, l.path)));
    const unlisted = ops
      .filter((o) => lists.has(listOf(o.path)))
      .filter((o) => !keys.has(pathKey(o.method, o.path)))
      .map((o) => `${o.method.toUpperCase()} ${o.path} (${o.operation.operationId ?? '?'})`);
    expect(unlisted).toEqual([]);
  });
});

describe('coverage of the lists by spec/', () => {
  it('reports the coverage table by area', () => {
    const table = formatTable(figures);
    console.log(`\nZoho CRM v8 operations typed by spec/\n${table}\n`);
    for (const f of figures.filter((x) => x.untyped.length > 0))
      console.log(`untyped in ${f.area}:\n  ${f.untyped.join('\n  ')}`);
    expect(table).toContain('outside-settings  TOTAL');
  });

  it.each(Object.entries(THRESHOLDS))(
    '%s: at least %d% of the listed operations typed (when the list exists)',
    (list, min) => {
      const mine = figures.filter((f) => f.list === list);
      if (list === 'outside-settings') expect(mine.length).toBeGreaterThan(0);
      const total = mine.reduce((n, f) => n + f.listed, 0);
      const typed = mine.reduce((n, f) => n + f.typed, 0);
      const short = mine.flatMap((f) => [
        ...f.missing.map((m) => `missing ${m}`),
        ...f.untyped.map((u) => `untyped ${u}`),
      ]);
      const percent = total === 0 ? 100 : (100 * typed) / total;
      expect({
        list,
        percent: Math.floor(percent * 10) / 10,
        belowTarget: percent < min ? short : [],
      }).toEqual({
        list,
        percent: expect.any(Number),
        belowTarget: [],
      });
    },
  );
});

describe('the typed check', () => {
  const schemas = (s: Record<string, unknown>) =>
    ({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {},
      components: { schemas: s },
    }) as unknown as OpenApiDocument;

  it.each([
    { given: { type: 'object' }, want: false },
    { given: { type: 'object', additionalProperties: true }, want: false },
    { given: undefined, want: false },
    { given: { type: 'object', properties: { ids: { type: 'array' } } }, want: true },
    { given: { type: 'string', format: 'binary' }, want: true },
    { given: { type: 'array', items: { type: 'object' } }, want: false },
    { given: { type: 'array', items: { type: 'string' } }, want: true },
    { given: { oneOf: [{ type: 'object' }, { type: 'null' }] }, want: false },
    // a multipart body: named properties, and a oneOf that only says which one is required
    { given: { type: 'object', oneOf: [{ required: ['file'] }, { required: ['url'] }], properties: { file: { type: 'string', format: 'binary' }, url: { type: 'string' } } }, want: true },
    { given: { type: 'object', oneOf: [{ required: ['file'] }, { required: ['url'] }] }, want: false },
    { given: { $ref: '#/components/schemas/Body' }, want: true },
  ])('$given is typed: $want', ({ given, want }) => {
    const d = schemas({
      Body: { type: 'object', properties: { data: { type: 'array', items: { type: 'string' } } } },
    });
    expect(isTypedSchema(d, given as never)).toBe(want);
  });

  it('names what keeps an operation from counting as typed', () => {
    const d = schemas({});
    const op: WalkedOperation = {
      path: '/crm/v8/{module_api_name}/actions/thing',
      method: 'post',
      parameters: [],
      operation: {
        operationId: 'thing',
        summary: 'Thing',
        tags: ['Nope'],
        requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
        responses: {},
      },
    };
    const listedOp = parseList(
      'x.tsv',
      'POST\t/crm/v8/{module_api_name}/actions/thing\thttps://www.zoho.com/x.html\tthings\tjob_id\n',
    )[0]!;
    expect(untypedReasons(d, op, listedOp)).toEqual([
      'no declared tag',
      'no OAuth scopes',
      '401 is not the error envelope',
      '429 is not the error envelope',
      '500 is not the error envelope',
      '400 is not the error envelope',
      'path parameter {module_api_name} undeclared',
      'documented parameter job_id missing',
      'free-form application/json request body',
      'no documented 2xx response',
    ]);
  });

  it('rejects a malformed list line, naming the file and line', () => {
    expect(() => parseList('spec/coverage/x.tsv', '# c\nFETCH\t/crm/v8/x\thttps://z\ta\n')).toThrow(
      'spec/coverage/x.tsv:2: unknown method "FETCH"',
    );
    expect(() => parseList('spec/coverage/x.tsv', 'GET\t/crm/v8/x\tzoho.com\ta\n')).toThrow(
      'spec/coverage/x.tsv:1: the Zoho page must be an https URL',
    );
  });
});
