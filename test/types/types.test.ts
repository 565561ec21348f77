/**
 * Type tests: the generated types bite. Against the committed demo client (generated/demo), in the run's
 * shared type-check (test/helpers/shared-type-check.ts: the client's own tsconfig):
 * - fixtures/consumer-demo.ts must compile — its positive cases type-check and each `@ts-expect-error`
 *   is used (tsc reports an unused one), so every must-fail case in it is proven;
 * - every file of fixtures/must-fail/ must fail with exactly one error, of the code, on the line and
 *   holding the message fragment written on its first line
 *   (`// must fail with TS2322 on line 5: <fragment>`), so it fails for the stated reason.
 * That generated/demo is what the generator makes now is test/generator/golden-demo.test.ts's job.
 */
import { readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CONSUMER_DEMO,
  CONSUMER_FILES,
  MUST_FAIL_DIR,
  mustFailFiles,
  sharedTypeCheck,
} from '../helpers/shared-type-check.ts';
import {
  diagnosticsIn,
  formatDiagnostics,
  REPO_ROOT,
  type TypeCheckResult,
} from '../helpers/type-check.ts';

interface MustFailCase {
  readonly file: string;
  readonly name: string;
  readonly code: string;
  readonly line: number;
  readonly fragment: string;
}

const MARKER = /^\/\/ must fail with (TS\d+) on line (\d+): (.+)$/;

const mustFailCases: readonly MustFailCase[] = mustFailFiles().map((file) => {
  const firstLine = readFileSync(file, 'utf8').split('\n', 1)[0] ?? '';
  const m = MARKER.exec(firstLine);
  if (m === null)
    throw new Error(
      `${relative(REPO_ROOT, file)}: first line must be "// must fail with TS<code> on line <n>: <message fragment>"`,
    );
  return { file, name: basename(file), code: m[1]!, line: Number(m[2]), fragment: m[3]!.trim() };
});

let check: TypeCheckResult;

beforeAll(async () => {
  check = await sharedTypeCheck();
});

describe('consumer-demo.ts against the demo client', () => {
  it('compiles: the positive cases type-check and every @ts-expect-error is needed', () => {
    expect(check.rootNames).toContain(CONSUMER_DEMO);
    const errors = diagnosticsIn(check.diagnostics, CONSUMER_DEMO);
    expect(errors, formatDiagnostics(errors)).toEqual([]);
  });
});

describe('consumer-files.ts against the demo client', () => {
  it('compiles: files on records type-check and every @ts-expect-error is needed', () => {
    expect(check.rootNames).toContain(CONSUMER_FILES);
    const errors = diagnosticsIn(check.diagnostics, CONSUMER_FILES);
    expect(errors, formatDiagnostics(errors)).toEqual([]);
  });
});

describe('must-fail cases', () => {
  it('exist, and all are in the shared check', () => {
    expect(mustFailCases.length).toBeGreaterThanOrEqual(10);
    for (const c of mustFailCases) expect(check.rootNames).toContain(c.file);
  });

  it.each(mustFailCases)('$name fails with $code on line $line: "$fragment"', ({ file, code, line, fragment }) => {
    const errors = diagnosticsIn(check.diagnostics, file);
    expect(errors, `tsc output:\n${formatDiagnostics(errors)}`).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code, line });
    expect(errors[0]?.message).toContain(fragment);
  });

  it('fail only in the case files, never inside the generated client', () => {
    const inClient = diagnosticsIn(check.diagnostics, `${REPO_ROOT}generated/demo/`);
    expect(formatDiagnostics(inClient)).toBe('');
    const global = check.diagnostics.filter((d) => d.file === '');
    expect(formatDiagnostics(global)).toBe('');
    expect(diagnosticsIn(check.diagnostics, `${MUST_FAIL_DIR}/`)).toHaveLength(mustFailCases.length);
  });
});
