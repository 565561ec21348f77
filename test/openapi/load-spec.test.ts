import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec, SpecLoadError } from '../../generator/openapi/load-spec.ts';
import type { OpenApiDocument } from '../../generator/openapi/openapi-types.ts';
import { refsIn } from '../spec/spec-walk.ts';

let doc: OpenApiDocument;
beforeAll(async () => {
  doc = await loadSpec();
});

describe('loadSpec (bundled repository spec)', () => {
  it('is one OpenAPI 3.1 document whose every $ref is internal', () => {
    expect(doc.openapi).toBe('3.1.0');
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(100);
    expect(refs.filter((r) => !r.startsWith('#/components/'))).toEqual([]);
  });

  it('hoists the contract components under their contract names', () => {
    const schemas = Object.keys(doc.components?.schemas ?? {});
    for (const name of ['Record', 'RecordCreateInput', 'RecordUpdateInput', 'ErrorResponse', 'ErrorCode', 'ActionResult', 'ActionResponse', 'PageInfo']) {
      expect(schemas, name).toContain(name);
    }
    expect(Object.keys(doc.components?.responses ?? {})).toEqual(
      expect.arrayContaining(['BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'TooManyRequests', 'InternalError']),
    );
    expect(Object.keys(doc.components?.parameters ?? {})).toContain('ModuleApiName');
  });

  it('keeps the swap points generic: Record = id + free-form fields; inputs free-form', () => {
    const s = doc.components?.schemas ?? {};
    expect(s.Record).toMatchObject({ type: 'object', required: ['id'], additionalProperties: true });
    expect(s.Record?.properties?.id).toMatchObject({ type: 'string' });
    expect(s.RecordCreateInput).toMatchObject({ type: 'object', additionalProperties: true });
    expect(s.RecordUpdateInput).toMatchObject({ type: 'object', additionalProperties: true });
  });
});

describe('loadSpec errors name the file at fault', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'zcrm-spec-'));
    await mkdir(path.join(dir, 'paths'));
    const root = (ref: string) =>
      [
        'openapi: 3.1.0',
        'info: { title: t, version: "1" }',
        'paths:',
        '  /x:',
        `    $ref: '${ref}'`,
        '',
      ].join('\n');
    await writeFile(path.join(dir, 'missing-ref.yaml'), root('./paths/nowhere.yaml#/x'));
    await writeFile(path.join(dir, 'bad-yaml.yaml'), root('./paths/broken.yaml#/x'));
    await writeFile(path.join(dir, 'paths', 'broken.yaml'), 'x:\n  get: [unclosed\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    { given: 'missing-ref.yaml', want: /nowhere\.yaml/ },
    { given: 'bad-yaml.yaml', want: /broken\.yaml/ },
    { given: 'no-such-root.yaml', want: /no-such-root\.yaml/ },
  ])('$given → a SpecLoadError naming $want', async ({ given, want }) => {
    const err: unknown = await loadSpec(path.join(dir, given)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpecLoadError);
    expect(String((err as SpecLoadError).message)).toMatch(want);
  });
});
