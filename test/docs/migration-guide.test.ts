/**
 * docs/migrating-from-legacy-api.md must stay true:
 * - every v8 operation it lists is an operationId of the spec (spec/ bundled by loadSpec);
 * - every client call it lists type-checks against the generated demo client (the TypeScript compiler
 *   checks a file that makes each call on `declare const crm: Client`) — a call that does not exist fails;
 * - every method the legacy-API seeds (000–002) name has a row.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../../generator/openapi/load-spec.ts';
import { sharedTypeCheck } from '../helpers/shared-type-check.ts';
import { diagnosticsIn, REPO_ROOT } from '../helpers/type-check.ts';
import { CONTROL_CALL, GUIDE_CALLS_FILE, guideCalls, parseGuide, type Row } from './guide-table.ts';

const SEEDS = join(REPO_ROOT, '../shared/seeds');

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

let rows: Row[];
beforeAll(() => {
  rows = parseGuide();
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

  it('lists only client calls the generated demo client has (type-checked with it)', async () => {
    const calls = guideCalls(rows);
    for (const c of calls) expect(c.call, `guide line ${c.guideLine}`).toMatch(/^(crm\.|createClient\()/);
    const check = await sharedTypeCheck();
    expect(check.rootNames).toContain(GUIDE_CALLS_FILE);
    const errors = diagnosticsIn(check.diagnostics, GUIDE_CALLS_FILE);
    const failing = (line: number) => errors.filter((d) => d.line === line);
    // The control, a call the client does not have, must fail: proof the check can fail.
    const control = calls.find((c) => c.call === CONTROL_CALL);
    expect(failing(control?.sourceLine ?? -1).map((d) => d.code)).toEqual(['TS2339']);
    const problems = calls
      .filter((c) => c !== control)
      .flatMap((c) =>
        failing(c.sourceLine).map((d) => `guide line ${c.guideLine}: ${c.call} — ${d.message.split('\n')[0]}`),
      );
    expect(problems).toEqual([]);
    expect(errors.filter((d) => !calls.some((c) => c.sourceLine === d.line))).toEqual([]);
  });
});
