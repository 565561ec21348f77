import { describe, expect, it } from 'vitest';
import { DuplicateOperationIdError, renderTypesFile } from '../../generator/emit/types-file.ts';
import { augmentSpec } from '../../generator/spec/augment.ts';
import type { OpenApiDocument } from '../../generator/spec/openapi-types.ts';
import { miniSpec } from '../generator/fixtures/mini-spec.ts';
import { smallOrg } from '../generator/fixtures/model.ts';

describe('renderTypesFile', () => {
  it('types the augmented document (paths, operations, per-module aliases)', async () => {
    const model = smallOrg();
    const text = await renderTypesFile(augmentSpec(miniSpec() as OpenApiDocument, model), model, '// header\n');
    expect(text).toMatch(/^\/\/ header\n/);
    expect(text).toContain('export interface paths');
    expect(text).toContain('export interface operations');
    for (const m of model.modules) {
      expect(text).toContain(`export type ${m.typeName}Record = components["schemas"]["${m.typeName}Record"];`);
    }
  });

  it('refuses a document whose operationIds collide, naming both operations', async () => {
    const doc = miniSpec() as OpenApiDocument & { paths: Record<string, Record<string, { operationId?: string }>> };
    const [first, second] = Object.keys(doc.paths);
    const firstOp = Object.values(doc.paths[first!]!).find((o) => typeof o === 'object' && o?.operationId);
    const secondOp = Object.values(doc.paths[second!]!).find((o) => typeof o === 'object' && o?.operationId);
    secondOp!.operationId = firstOp!.operationId!;
    await expect(renderTypesFile(doc, smallOrg(), '')).rejects.toThrow(DuplicateOperationIdError);
    await expect(renderTypesFile(doc, smallOrg(), '')).rejects.toThrow(/is used by both .* and /);
  });
});
