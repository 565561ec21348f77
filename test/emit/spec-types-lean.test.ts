/**
 * spec-types.d.ts is in every client's program and every editor parses it on opening the project: the lean
 * pass drops what openapi-typescript writes for slots an operation does not have and trims doc comments to
 * one paragraph, without changing what the typed `request` reads (consumer-demo.ts type-checks calls against
 * the result; typed-request.test.ts checks both shapes of a slot).
 */
import { describe, expect, it } from 'vitest';
import { renderSpecTypes } from '../../generator/emit/spec-types.ts';
import { leanDoc } from '../../generator/emit/spec-types-lean.ts';
import { loadSpec } from '../../generator/openapi/load-spec.ts';

describe('leanDoc', () => {
  it.each([
    { given: '* Get the org ', want: '* Get the org ' },
    { given: '* @example Leads ', want: undefined },
    { given: '* Format: date-time ', want: undefined },
    {
      given: '*\n * List records\n * @description Returns a page.\n *     \n *     The rest is detail.\n * @example {\n *       "a": 1\n *     }\n ',
      want: '*\n * List records\n * @description Returns a page.\n ',
    },
    { given: '*\n * @description One line\n *     and its second line.\n * @default 200\n ', want: '*\n * @description One line\n * and its second line.\n ' },
    { given: '*\n * Old\n * @deprecated\n * @enum {string}\n ', want: '*\n * Old\n * @deprecated\n ' },
  ])('$given', ({ given, want }) => {
    expect(leanDoc(given)).toBe(want);
  });
});

describe('the lean spec types', () => {
  it('leave out empty slots, free-form response headers and examples, and keep every operation and its docs', async () => {
    const spec = await loadSpec();
    const text = await renderSpecTypes(structuredClone(spec), '');
    expect(text).not.toMatch(/^\s*(get|put|post|delete|patch|query|header|path|cookie|requestBody|content)\?: never;/m);
    expect(text).not.toMatch(/headers: \{\n\s*\[name: string\]: unknown;\n\s*\};/);
    expect(text).not.toContain('@example');
    // Path items hold their methods only; each operation keeps its parameters.
    const pathItem = /"\/crm\/v8\/\{module_api_name\}\/\{record_id\}": \{[\s\S]*?\n {2}\};/.exec(text)?.[0] ?? '';
    expect(pathItem).toMatch(/\bget: operations\["getRecord"\];/);
    expect(pathItem).not.toContain('parameters');
    const getRecord = /\n {2}getRecord: \{[\s\S]*?\n {2}\};/.exec(text)?.[0] ?? '';
    expect(getRecord).toMatch(/path: \{\n\s+\/\*\* @description API name of the module/);
    expect(getRecord).not.toContain('requestBody');
    // A doc comment's first paragraph stays on the path's method.
    expect(text).toMatch(/\* List records of a module\n\s+\* @description Returns a page of records\./);
  });
});
