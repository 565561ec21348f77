import { beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../../generator/openapi/load-spec.ts';
import { isReference } from '../../generator/openapi/openapi-types.ts';
import type { OpenApiDocument } from '../../generator/openapi/openapi-types.ts';
import { operationsOf, refsIn, resolveParameter, resolveResponse } from './spec-walk.ts';
import type { WalkedOperation } from './spec-walk.ts';

/** The operationIds contracts.md fixes (they must not change). */
const CONTRACT_OPERATION_IDS = [
  'listRecords', 'getRecord', 'createRecords', 'updateRecords', 'updateRecord', 'upsertRecords',
  'deleteRecords', 'deleteRecord', 'searchRecords', 'countRecords', 'listDeletedRecords', 'massUpdateRecords',
  'getMassUpdateStatus', 'cloneRecord', 'getRecordPhoto', 'uploadRecordPhoto', 'deleteRecordPhoto', 'convertLead',
  'listRelatedRecords', 'updateRelatedRecords', 'delinkRelatedRecords', 'coqlQuery', 'createBulkReadJob',
  'getBulkReadJob', 'downloadBulkReadResult', 'uploadBulkWriteFile', 'createBulkWriteJob', 'getBulkWriteJob',
  'executeCompositeRequest', 'enableNotifications', 'listNotifications', 'updateNotifications',
  'disableNotifications', 'listModules', 'getModule', 'listFields', 'getField', 'listLayouts', 'getLayout',
  'listCustomViews', 'getCustomView', 'listRelatedLists', 'listPicklistValues', 'listUsers', 'getUser', 'getOrg',
  'listAttachments', 'uploadAttachment', 'downloadAttachment', 'deleteAttachment', 'listNotes', 'createNotes',
  'updateNotes', 'deleteNotes', 'listRecordNotes', 'createRecordNotes', 'listTags', 'createTags',
  'addTagsToRecords', 'removeTagsFromRecords', 'getToken', 'revokeToken',
];

/** Operations on the accounts server: no CRM token, no CRM error envelope. */
const OAUTH_OPERATIONS = new Set(['getToken', 'revokeToken']);

/** Multi-record writes: Zoho answers 207 Multi-Status on partial success. */
const MULTI_RECORD_WRITES = [
  'createRecords', 'updateRecords', 'upsertRecords', 'deleteRecords', 'massUpdateRecords',
  'updateRelatedRecords', 'delinkRelatedRecords', 'createNotes', 'updateNotes', 'deleteNotes',
  'createRecordNotes', 'addTagsToRecords', 'removeTagsFromRecords', 'executeCompositeRequest',
];

const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);

let doc: OpenApiDocument;
let ops: WalkedOperation[];
beforeAll(async () => {
  doc = await loadSpec();
  ops = operationsOf(doc);
});

const id = (o: WalkedOperation) => o.operation.operationId ?? `${o.method.toUpperCase()} ${o.path}`;

describe('every operation', () => {
  it('has a unique operationId', () => {
    const ids = ops.map((o) => o.operation.operationId);
    expect(ids.filter((x) => x === undefined)).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('includes every operationId of contracts.md', () => {
    const ids = new Set(ops.map((o) => o.operation.operationId));
    expect(CONTRACT_OPERATION_IDS.filter((x) => !ids.has(x))).toEqual([]);
  });

  it('has at least one declared tag and a summary', () => {
    const declared = new Set((doc.tags ?? []).map((t) => t.name));
    const bad = ops.filter(
      (o) => !o.operation.summary || (o.operation.tags ?? []).length === 0 || !(o.operation.tags ?? []).every((t) => declared.has(t)),
    );
    expect(bad.map(id)).toEqual([]);
  });

  it('has a security requirement naming OAuth scopes (OAuth endpoints: explicitly none)', () => {
    const bad: string[] = [];
    for (const o of ops) {
      const security = o.operation.security;
      if (OAUTH_OPERATIONS.has(o.operation.operationId ?? '')) {
        if (!Array.isArray(security) || security.length !== 0) bad.push(`${id(o)}: want security: []`);
        continue;
      }
      if (!security || security.length === 0) {
        bad.push(`${id(o)}: no security`);
        continue;
      }
      for (const requirement of security) {
        const scopes = requirement.oauth2 ?? [];
        if (!('zohoOAuthToken' in requirement) || scopes.length === 0) bad.push(`${id(o)}: ${JSON.stringify(requirement)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('only names scopes the oauth2 scheme declares', () => {
    const scheme = doc.components?.securitySchemes?.oauth2 as { flows: { authorizationCode: { scopes: Record<string, string> } } };
    const declared = new Set(Object.keys(scheme.flows.authorizationCode.scopes));
    const used = ops.flatMap((o) => (o.operation.security ?? []).flatMap((r) => r.oauth2 ?? []));
    expect([...new Set(used)].filter((s) => !declared.has(s))).toEqual([]);
  });

  it('declares 401, 429 and 500 (and 400 for writes) with the ErrorResponse envelope', () => {
    const bad: string[] = [];
    for (const o of ops) {
      if (OAUTH_OPERATIONS.has(o.operation.operationId ?? '')) continue;
      const statuses = ['401', '429', '500', ...(WRITE_METHODS.has(o.method) ? ['400'] : [])];
      for (const status of statuses) {
        const response = o.operation.responses?.[status];
        if (!response) {
          bad.push(`${id(o)}: no ${status}`);
          continue;
        }
        const refs = refsIn(resolveResponse(doc, response).content?.['application/json']?.schema);
        if (!refs.includes('#/components/schemas/ErrorResponse')) bad.push(`${id(o)}: ${status} is not an ErrorResponse`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('uses #/components/parameters/ModuleApiName wherever the path has {module_api_name}', () => {
    const bad = ops
      .filter((o) => o.path.includes('{module_api_name}'))
      .filter((o) => !o.parameters.some((p) => isReference(p) && p.$ref === '#/components/parameters/ModuleApiName'))
      .map(id);
    expect(bad).toEqual([]);
  });

  it('defines every path template parameter', () => {
    const bad: string[] = [];
    for (const o of ops) {
      const names = new Set(o.parameters.map((p) => resolveParameter(doc, p)).filter((p) => p.in === 'path').map((p) => p.name));
      for (const m of o.path.matchAll(/\{([^}]+)\}/g)) if (!names.has(m[1] ?? '')) bad.push(`${id(o)}: {${m[1]}}`);
    }
    expect(bad).toEqual([]);
  });
});

describe('Zoho v8 specifics', () => {
  const op = (operationId: string) => {
    const found = ops.find((o) => o.operation.operationId === operationId);
    if (!found) throw new Error(`no operation ${operationId}`);
    return found;
  };
  const param = (operationId: string, name: string) =>
    op(operationId).parameters.map((p) => resolveParameter(doc, p)).find((p) => p.name === name);

  it.each([
    { operationId: 'listRecords', method: 'get', path: '/crm/v8/{module_api_name}' },
    { operationId: 'searchRecords', method: 'get', path: '/crm/v8/{module_api_name}/search' },
    { operationId: 'countRecords', method: 'get', path: '/crm/v8/{module_api_name}/actions/count' },
    { operationId: 'upsertRecords', method: 'post', path: '/crm/v8/{module_api_name}/upsert' },
    { operationId: 'listDeletedRecords', method: 'get', path: '/crm/v8/{module_api_name}/deleted' },
    { operationId: 'listRelatedRecords', method: 'get', path: '/crm/v8/{module_api_name}/{record_id}/{related_list_api_name}' },
    { operationId: 'coqlQuery', method: 'post', path: '/crm/v8/coql' },
    { operationId: 'createBulkReadJob', method: 'post', path: '/crm/bulk/v8/read' },
    { operationId: 'downloadBulkReadResult', method: 'get', path: '/crm/bulk/v8/read/{job_id}/result' },
    { operationId: 'createBulkWriteJob', method: 'post', path: '/crm/bulk/v8/write' },
    { operationId: 'uploadBulkWriteFile', method: 'post', path: '/crm/v8/upload' },
    { operationId: 'executeCompositeRequest', method: 'post', path: '/crm/v8/__composite_requests' },
    { operationId: 'enableNotifications', method: 'post', path: '/crm/v8/actions/watch' },
    { operationId: 'listFields', method: 'get', path: '/crm/v8/settings/fields' },
    { operationId: 'convertLead', method: 'post', path: '/crm/v8/Leads/{record_id}/actions/convert' },
    { operationId: 'getToken', method: 'post', path: '/oauth/v2/token' },
    { operationId: 'revokeToken', method: 'post', path: '/oauth/v2/token/revoke' },
  ])('$operationId is $method $path', ({ operationId, method, path }) => {
    expect({ method: op(operationId).method, path: op(operationId).path }).toEqual({ method, path });
  });

  it('listRecords: fields mandatory (≤ 50), per_page ≤ 200, ids ≤ 100, page_token, If-Modified-Since', () => {
    expect(param('listRecords', 'fields')).toMatchObject({ in: 'query', required: true, schema: { maxItems: 50 } });
    expect(param('listRecords', 'per_page')?.schema).toMatchObject({ maximum: 200 });
    expect(param('listRecords', 'ids')?.schema).toMatchObject({ maxItems: 100 });
    expect(param('listRecords', 'page_token')).toMatchObject({ in: 'query' });
    expect(param('listRecords', 'If-Modified-Since')).toMatchObject({ in: 'header' });
    expect(param('listRecords', 'sort_by')?.schema?.enum).toEqual(['id', 'Created_Time', 'Modified_Time']);
  });

  it('record lists answer { data: Record[], info: PageInfo }', () => {
    for (const operationId of ['listRecords', 'searchRecords', 'listRelatedRecords']) {
      const ok = resolveResponse(doc, op(operationId).operation.responses?.['200'] ?? { $ref: '#/missing' });
      expect(ok.content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/RecordList' });
    }
    const list = doc.components?.schemas?.RecordList;
    expect(list?.properties?.data?.items).toEqual({ $ref: '#/components/schemas/Record' });
    expect(list?.properties?.info).toEqual({ $ref: '#/components/schemas/PageInfo' });
    expect(Object.keys(doc.components?.schemas?.PageInfo?.properties ?? {})).toEqual(
      expect.arrayContaining(['per_page', 'count', 'page', 'sort_by', 'sort_order', 'more_records', 'next_page_token', 'previous_page_token', 'page_token_expiry']),
    );
  });

  it('multi-record writes declare 207 Multi-Status', () => {
    expect(MULTI_RECORD_WRITES.filter((x) => op(x).operation.responses?.['207'] === undefined)).toEqual([]);
  });

  it('write bodies take at most 100 records; upsert takes duplicate_check_fields', () => {
    const s = doc.components?.schemas ?? {};
    expect(s.RecordCreateRequest?.properties?.data?.maxItems).toBe(100);
    expect(s.RecordUpdateRequest?.properties?.data?.maxItems).toBe(100);
    expect(s.RecordUpsertRequest?.properties?.duplicate_check_fields).toMatchObject({ type: 'array' });
    expect(param('deleteRecords', 'ids')?.schema).toMatchObject({ maxItems: 100 });
  });

  it('composite takes 1–5 sub-requests and rollback_on_fail', () => {
    const body = doc.components?.schemas?.CompositeRequest;
    expect(body?.properties?.__composite_requests).toMatchObject({ minItems: 1, maxItems: 5 });
    expect(body?.properties?.rollback_on_fail).toMatchObject({ type: 'boolean' });
  });

  it('getRecord accepts the X-EXTERNAL header; bulk upload needs X-CRM-ORG and feature', () => {
    expect(param('getRecord', 'X-EXTERNAL')).toMatchObject({ in: 'header' });
    expect(param('uploadBulkWriteFile', 'X-CRM-ORG')).toMatchObject({ in: 'header', required: true });
    expect(param('uploadBulkWriteFile', 'feature')).toMatchObject({ in: 'header', required: true });
  });

  it('the token endpoint documents its HTTP-200 error bodies and api_domain', () => {
    const ok = resolveResponse(doc, op('getToken').operation.responses?.['200'] ?? { $ref: '#/missing' });
    const refs = refsIn(ok.content?.['application/json']?.schema);
    expect(refs).toEqual(expect.arrayContaining(['#/components/schemas/TokenResponse', '#/components/schemas/TokenError']));
    expect(doc.components?.schemas?.TokenResponse?.required).toEqual(expect.arrayContaining(['access_token', 'api_domain']));
    const examples = ok.content?.['application/json']?.examples ?? {};
    expect(JSON.stringify(examples)).toContain('You have made too many requests continuously');
    expect(JSON.stringify(examples)).toContain('invalid_code');
  });

  it('ErrorCode lists the documented codes', () => {
    const codes = JSON.stringify(doc.components?.schemas?.ErrorCode);
    for (const code of ['INVALID_TOKEN', 'OAUTH_SCOPE_MISMATCH', 'NO_PERMISSION', 'INVALID_DATA', 'MANDATORY_NOT_FOUND',
      'DUPLICATE_DATA', 'LIMIT_EXCEEDED', 'TOO_MANY_REQUESTS', 'RECORD_NOT_FOUND', 'INTERNAL_ERROR',
      'INVALID_URL_PATTERN', 'INVALID_MODULE', 'REQUIRED_PARAM_MISSING']) {
      expect(codes, code).toContain(`"${code}"`);
    }
  });

  it('the apiKey scheme carries the Zoho-oauthtoken Authorization header', () => {
    expect(doc.components?.securitySchemes?.zohoOAuthToken).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' });
    expect(String(doc.components?.securitySchemes?.zohoOAuthToken?.description)).toContain('Zoho-oauthtoken <access_token>');
  });
});
