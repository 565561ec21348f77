/**
 * docs/migrating-from-legacy-api.md must stay true:
 * - every v8 operation it lists is an operationId of the spec (spec/ bundled by loadSpec);
 * - every client call it lists type-checks against the generated demo client (the TypeScript compiler
 *   checks a file that makes each call on `declare const crm: Client`) — a call that does not exist fails;
 * - every method the legacy-API seeds (000–002) name has a row.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../../generator/openapi/load-spec.ts';

const REPO = resolve(import.meta.dirname, '../..');
const GUIDE = join(REPO, 'docs/migrating-from-legacy-api.md');
const SEEDS = resolve(REPO, '../shared/seeds');

/**
 * The methods seeds 000–002 name, committed for CI layouts without ../shared/seeds (kept in sync by the
 * test below whenever the seeds are present).
 */
const SEED_METHODS_FALLBACK = [
  'convertLead',
  'deleteFile',
  'deletePhoto',
  'deleteRecords',
  'downloadFile',
  'downloadPhoto',
  'getAllRecords',
  'getAllSearchRecords',
  'getCVRecords',
  'getEntityRecord',
  'getFields',
  'getMySearchRecords',
  'getRecordById',
  'getRecords',
  'getRelatedRecords',
  'getSearchRecords',
  'getSearchRecordsByPDC',
  'updateRelatedRecords',
  'uploadFile',
  'uploadPhoto',
];

/** Legacy API method names: a verb and a capitalized rest (getRecords, uploadPhoto, getCVRecords …). */
const METHOD = /\b(?:get|insert|update|delete|upload|download|convert|search)[A-Z][A-Za-z]*\b/g;

function seedMethods(): { methods: string[]; fromSeeds: boolean } {
  if (!existsSync(SEEDS)) return { methods: SEED_METHODS_FALLBACK, fromSeeds: false };
  const files = readdirSync(SEEDS).filter((f) => /^00[0-2]/.test(f));
  const text = files.map((f) => readFileSync(join(SEEDS, f), 'utf8')).join('\n');
  return { methods: [...new Set(text.match(METHOD) ?? [])].sort(), fromSeeds: true };
}

interface Row {
  readonly legacy: string[];
  readonly operations: string[];
  readonly calls: string[];
  readonly line: number;
}

const code = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.trim());

/** The table whose header starts `| Legacy method |`; cells split on unescaped pipes. */
function parseGuide(markdown: string): Row[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => /^\|\s*Legacy method\s*\|/.test(l));
  if (start < 0) throw new Error(`${GUIDE}: no table with a "Legacy method" column`);
  const rows: Row[] = [];
  for (let i = start + 2; i < lines.length && lines[i]!.startsWith('|'); i++) {
    const cells = lines[i]!.split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((c) => c.replace(/\\\|/g, '|'));
    if (cells.length !== 4)
      throw new Error(`${GUIDE}:${i + 1}: expected 4 cells, got ${cells.length}`);
    rows.push({
      legacy: code(cells[0]!),
      operations: code(cells[1]!),
      calls: code(cells[2]!),
      line: i + 1,
    });
  }
  return rows;
}

let rows: Row[];
beforeAll(() => {
  rows = parseGuide(readFileSync(GUIDE, 'utf8'));
});

describe('the migration guide', () => {
  it('has a row per legacy method, each with a v8 operation and a client call', () => {
    expect(rows.length).toBeGreaterThanOrEqual(20);
    for (const r of rows) {
      expect(r.legacy.length, `line ${r.line}`).toBeGreaterThan(0);
      expect(r.operations.length, `line ${r.line}: no v8 operation`).toBeGreaterThan(0);
      expect(r.calls.length, `line ${r.line}: no client call`).toBeGreaterThan(0);
    }
  });

  it('lists every method seeds 000–002 name', () => {
    const { methods, fromSeeds } = seedMethods();
    const listed = new Set(rows.flatMap((r) => r.legacy));
    expect(methods.filter((m) => !listed.has(m))).toEqual([]);
    if (fromSeeds) {
      // The committed fallback must not fall behind the seeds.
      expect(SEED_METHODS_FALLBACK.filter((m) => !methods.includes(m))).toEqual([]);
      expect(methods.filter((m) => !SEED_METHODS_FALLBACK.includes(m))).toEqual([]);
    }
  });

  it('names only operations that exist in spec/', async () => {
    const spec = (await loadSpec()) as unknown as {
      paths: Record<string, Record<string, unknown>>;
    };
    const ids = new Set<string>();
    for (const item of Object.values(spec.paths)) {
      for (const op of Object.values(item)) {
        const id = (op as { operationId?: unknown } | null)?.operationId;
        if (typeof id === 'string') ids.add(id);
      }
    }
    const unknown = rows.flatMap((r) =>
      r.operations.filter((o) => !ids.has(o)).map((o) => `line ${r.line}: ${o}`),
    );
    expect(unknown).toEqual([]);
  });

  it('lists only client calls the generated demo client has (type-checked by tsc)', () => {
    const calls = rows.flatMap((r) => r.calls.map((c) => ({ call: c, line: r.line })));
    for (const c of calls) expect(c.call, `line ${c.line}`).toMatch(/^(crm\.|createClient\()/);
    // A control that must fail proves the check can fail.
    const control = {
      call: 'crm.leads.fetchEverything({ selectColumns: "Leads(Last Name)" })',
      line: 0,
    };
    const all = [...calls, control];
    const file = join(REPO, 'test/docs/out/guide-calls.ts');
    mkdirSync(dirname(file), { recursive: true });
    const source = [
      `import { createClient, type Client } from '../../../generated/demo/index.js';`,
      'declare const crm: Client;',
      'void createClient;',
      ...all.map((c, i) => `export const call${i} = async () => ${c.call};`),
      '',
    ].join('\n');
    writeFileSync(file, source);

    const configPath = join(REPO, 'tsconfig.json');
    const parsed = ts.parseJsonConfigFileContent(
      ts.readConfigFile(configPath, ts.sys.readFile).config,
      ts.sys,
      REPO,
    );
    const program = ts.createProgram([file], { ...parsed.options, noEmit: true });
    const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file?.fileName === file);
    const failing = new Map<number, string>();
    for (const d of diagnostics) {
      const line = d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line; // 0-based; call i is on line i + 3
      failing.set(line - 3, ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0]!);
    }
    expect(failing.has(all.length - 1), 'the control call must fail to type-check').toBe(true);
    failing.delete(all.length - 1);
    const problems = [...failing].map(
      ([i, msg]) => `guide line ${all[i]?.line}: ${all[i]?.call} — ${msg}`,
    );
    expect(problems).toEqual([]);
  });
});
