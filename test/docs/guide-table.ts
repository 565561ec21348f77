/**
 * The table of docs/migrating-from-legacy-api.md (one row per legacy method: its v8 operations and
 * client calls), and the source file that makes each listed call on the demo client — type-checked with
 * the demo client in the run's shared program (test/helpers/shared-type-check.ts), never written to disk.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/type-check.ts';

export const GUIDE = join(REPO_ROOT, 'docs/migrating-from-legacy-api.md');

/** Where the calls file is checked (in memory only): beside this module, so it imports the demo client as tests do. */
export const GUIDE_CALLS_FILE = join(REPO_ROOT, 'test/docs/guide-calls.in-memory.ts');

/** A call the demo client does not have: it must fail to type-check, proving the check can fail. */
export const CONTROL_CALL = 'crm.leads.fetchEverything({ selectColumns: "Leads(Last Name)" })';

export interface Row {
  readonly legacy: string[];
  readonly operations: string[];
  readonly calls: string[];
  /** 1-based line of the row in the guide. */
  readonly line: number;
}

const code = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.trim());

/** The table whose header starts `| Legacy method |`; cells split on unescaped pipes. */
export function parseGuide(markdown: string = readFileSync(GUIDE, 'utf8')): Row[] {
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

export interface GuideCall {
  readonly call: string;
  /** The guide's line (0 for the control). */
  readonly guideLine: number;
  /** The calls file's line (1-based) that makes this call. */
  readonly sourceLine: number;
}

const PREAMBLE = [
  `import { createClient, type Client } from '../../generated/demo/index.js';`,
  'declare const crm: Client;',
  'void createClient;',
];

/** Every call of the guide, then the control, one per line of the calls file. */
export function guideCalls(rows: readonly Row[] = parseGuide()): GuideCall[] {
  const calls = [
    ...rows.flatMap((r) => r.calls.map((call) => ({ call, guideLine: r.line }))),
    { call: CONTROL_CALL, guideLine: 0 },
  ];
  return calls.map((c, i) => ({ ...c, sourceLine: PREAMBLE.length + i + 1 }));
}

export function guideCallsSource(calls: readonly GuideCall[] = guideCalls()): string {
  return [
    ...PREAMBLE,
    ...calls.map((c, i) => `export const call${i} = async () => ${c.call};`),
    '',
  ].join('\n');
}
