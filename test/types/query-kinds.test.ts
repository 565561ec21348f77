/**
 * The query kinds of every demo field, as the typed builders see them, equal the generator's (see
 * query-kinds-source.ts): the generated `<Name>Fields` state only what the record's types do not imply,
 * and this proves the two halves (generator, runtime) agree on the rest.
 */
import { describe, expect, it } from 'vitest';
import { sharedTypeCheck } from '../helpers/shared-type-check.ts';
import { diagnosticsIn, formatDiagnostics } from '../helpers/type-check.ts';
import { QUERY_KINDS_CONTROL, QUERY_KINDS_FILE, queryKindsSource } from './query-kinds-source.ts';

describe('query kinds through the module map', () => {
  it("equal the generator's for every field of the demo org, and only the control assertion fails", async () => {
    const { source, assertions } = queryKindsSource();
    expect(assertions).toBeGreaterThan(500);
    const check = await sharedTypeCheck();
    expect(check.rootNames).toContain(QUERY_KINDS_FILE);
    const errors = diagnosticsIn(check.diagnostics, QUERY_KINDS_FILE);
    const controlLine = source.split('\n').indexOf(QUERY_KINDS_CONTROL) + 1;
    expect(formatDiagnostics(errors)).toMatch(/TS2322/);
    expect(errors.map((e) => e.line)).toEqual([controlLine]);
  });
});
