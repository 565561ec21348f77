/**
 * runtime/spec-types.d.ts: what the generator calls (renderSpecTypes: openapi-typescript's transformer
 * over the bundled spec, without its re-bundle and lint pass) types every path and operation of the spec,
 * the envelopes included, and refuses duplicate operationIds.
 */
import { describe, expect, it } from 'vitest';
import { DuplicateOperationIdError, renderSpecTypes } from '../../generator/emit/spec-types.ts';
import { loadSpec } from '../../generator/openapi/load-spec.ts';
import type { OpenApiDocument } from '../../generator/openapi/openapi-types.ts';
import { miniSpec } from '../generator/fixtures/mini-spec.ts';

describe('renderSpecTypes', () => {
  it('types every path and operation of the v8 spec, with the error envelope', async () => {
    const spec = await loadSpec();
    const text = await renderSpecTypes(structuredClone(spec), '// header\n');
    expect(text).toMatch(/^\/\/ header\n/);
    expect(text).toContain('export interface paths');
    expect(text).toContain('export interface operations');
    expect(text).toContain('export interface components');
    for (const path of Object.keys(spec.paths ?? {})) expect(text, path).toContain(`${JSON.stringify(path)}: {`);
    const ids = Object.values(spec.paths ?? {}).flatMap((item) =>
      Object.values(item as Record<string, unknown>).flatMap((op) =>
        typeof op === 'object' && op !== null && 'operationId' in op && typeof op.operationId === 'string' ? [op.operationId] : [],
      ),
    );
    expect(ids.length).toBeGreaterThan(60);
    for (const id of ids) expect(text, id).toMatch(new RegExp(`\\b${id}: \\{`));
    expect(text).toContain('ErrorResponse: {');
  });

  it("types each operation's success answers only: errors are thrown as ZohoApiError, never returned", async () => {
    const spec = await loadSpec();
    const text = await renderSpecTypes(structuredClone(spec), '');
    const listRecords = /\blistRecords: \{[\s\S]*?\n {2}\};/.exec(text)?.[0] ?? '';
    expect(listRecords).toMatch(/\b200: \{/);
    expect(listRecords).not.toMatch(/\b(400|401|403|404|429|500):/);
    expect(text).not.toMatch(/^\s+[45]\d\d: components\["responses"\]/m);
    // openapi.json and the spec keep every response
    expect(JSON.stringify(spec)).toContain('"429"');
  });

  it('refuses a document whose operationIds collide, naming both operations', async () => {
    const doc = miniSpec() as OpenApiDocument & { paths: Record<string, Record<string, { operationId?: string }>> };
    const [first, second] = Object.keys(doc.paths);
    const firstOp = Object.values(doc.paths[first!]!).find((o) => typeof o === 'object' && o?.operationId);
    const secondOp = Object.values(doc.paths[second!]!).find((o) => typeof o === 'object' && o?.operationId);
    secondOp!.operationId = firstOp!.operationId!;
    await expect(renderSpecTypes(structuredClone(doc), '')).rejects.toThrow(DuplicateOperationIdError);
    await expect(renderSpecTypes(doc, '')).rejects.toThrow(/is used by both .* and /);
  });
});
