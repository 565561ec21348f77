/**
 * The record actions' types against the committed demo client, in the run's shared type-check: every
 * fixtures/consumer-*.ts besides consumer-demo.ts must compile (its positive cases type-check and each
 * `@ts-expect-error` is used). The must-fail files (must-fail/convert-*.ts, mass-update-picklist.ts,
 * blueprint-field-type.ts) are asserted with their code and line by types.test.ts.
 */
import { relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { consumerFiles, sharedTypeCheck } from '../helpers/shared-type-check.ts';
import { diagnosticsIn, formatDiagnostics, REPO_ROOT, type TypeCheckResult } from '../helpers/type-check.ts';

let check: TypeCheckResult;
beforeAll(async () => {
  check = await sharedTypeCheck();
});

describe('consumers of the record actions', () => {
  it('include consumer-actions.ts', () => {
    expect(consumerFiles().map((f) => relative(REPO_ROOT, f))).toContain('test/types/fixtures/consumer-actions.ts');
  });

  it.each(consumerFiles().map((file) => ({ file, name: relative(REPO_ROOT, file) })))('$name compiles', ({ file }) => {
    expect(check.rootNames).toContain(file);
    const errors = diagnosticsIn(check.diagnostics, file);
    expect(errors, formatDiagnostics(errors)).toEqual([]);
  });
});
