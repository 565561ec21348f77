import { describe, expect, it } from 'vitest';
import openapiTS, { astToString } from 'openapi-typescript';
import { loadSpec } from '../../generator/openapi/load-spec.ts';

describe('openapi-typescript reads the bundled spec', () => {
  it('generates types with the operations and envelopes', async () => {
    const doc = await loadSpec();
    // A JSON string is parsed as the document itself (no file system or network access).
    const ast = await openapiTS(JSON.stringify(doc));
    const text = astToString(ast);
    for (const name of ['listRecords', 'coqlQuery', 'getToken', 'ErrorResponse', 'PageInfo', 'Record', 'RecordCreateInput']) {
      expect(text, name).toContain(name);
    }
    expect(text).toContain('"/crm/v8/{module_api_name}"');
    expect(text).toContain('"/crm/v8/__composite_requests"');
  });
});
