import { describe, expect, it } from 'vitest';
import { AugmentError, augmentSpec, moduleSupports } from '../../generator/openapi/augment.ts';
import type { OpenApiDocument } from '../../generator/openapi/openapi-types.ts';
import { miniSpec } from '../generator/fixtures/mini-spec.ts';
import { field, module, org, smallOrg } from '../generator/fixtures/model.ts';

type Json = { [key: string]: any };

function augment(spec = miniSpec(), model = smallOrg()): Json {
  return augmentSpec(spec as unknown as OpenApiDocument, model) as unknown as Json;
}

describe('augmentSpec: module schemas', () => {
  const doc = augment();
  const schemas = doc['components']['schemas'];

  it('adds Record, CreateInput and UpdateInput per module', () => {
    for (const t of ['Leads', 'Accounts', 'LineItems', 'LeadsXAccounts', 'ReadOnlyThings']) {
      expect(Object.keys(schemas)).toEqual(expect.arrayContaining([`${t}Record`, `${t}CreateInput`, `${t}UpdateInput`]));
    }
  });

  it('Record: every field plus a required read-only id', () => {
    const r = schemas['LeadsRecord'];
    expect(Object.keys(r.properties)).toEqual(['Account', 'Create_Only', 'Created_Time', 'Email', 'Items', 'Last_Name', 'Lead_Status', 'id']);
    expect(r.required).toEqual(['id']);
    expect(r.properties.id).toMatchObject({ type: 'string', readOnly: true });
    expect(r.properties.Created_Time).toMatchObject({ readOnly: true });
    expect(r.properties.Items).toMatchObject({ type: ['array', 'null'], items: { $ref: '#/components/schemas/LineItemsRecord' } });
  });

  it('CreateInput: creatable fields only, requiredOnCreate ones required', () => {
    const c = schemas['LeadsCreateInput'];
    expect(Object.keys(c.properties)).toEqual(['Account', 'Create_Only', 'Email', 'Items', 'Last_Name', 'Lead_Status']);
    expect(c.required).toEqual(['Last_Name']);
    expect(c.properties.Last_Name.type).toBe('string');
    expect(c.properties.Items.items).toEqual({ $ref: '#/components/schemas/LineItemsCreateInput' });
  });

  it('UpdateInput: updatable fields only, nothing required; subform rows also take an id', () => {
    const u = schemas['LeadsUpdateInput'];
    expect(Object.keys(u.properties)).toEqual(['Account', 'Email', 'Items', 'Last_Name', 'Lead_Status']);
    expect(u.required).toBeUndefined();
    expect(Object.keys(schemas['LineItemsUpdateInput'].properties)).toEqual(['Qty', 'id']);
  });

  it('picklists are enums of actual values, nullable in records', () => {
    expect(schemas['LeadsRecord'].properties.Lead_Status).toMatchObject({
      type: ['string', 'null'],
      enum: ['New', 'Contacted', null],
    });
  });

  it('does not mutate its input', () => {
    const spec = miniSpec();
    const before = JSON.stringify(spec);
    augment(spec);
    expect(JSON.stringify(spec)).toBe(before);
  });

  it('refuses a module whose schema name the spec already uses', () => {
    const clash = org([module('Record', [], { typeName: 'Record' })]);
    expect(() => augment(miniSpec(), clash)).toThrow(AugmentError);
    expect(() => augment(miniSpec(), clash)).toThrow(/module Record: schema name "RecordCreateInput"/);
  });

  it('keeps a field named __proto__ as an own property', () => {
    const doc2 = augment(miniSpec(), org([module('Things', [field('__proto__', { kind: 'string', dataType: 'text' })])]));
    const props = doc2['components']['schemas']['ThingsRecord'].properties;
    expect(Object.hasOwn(props, '__proto__')).toBe(true);
    expect(JSON.parse(JSON.stringify(doc2))['components']['schemas']['ThingsRecord'].properties['__proto__']).toMatchObject({
      type: ['string', 'null'],
    });
  });
});

describe('augmentSpec: module paths', () => {
  const doc = augment();
  const paths = doc['paths'];

  it('clones module-scoped paths, drops the module parameter, suffixes operationIds and tags the module', () => {
    const leads = paths['/crm/v8/Leads'];
    expect(leads.parameters).toBeUndefined();
    expect(leads.get.operationId).toBe('listRecords_Leads');
    expect(leads.get.tags).toEqual(['Leads']);
    expect(leads.get.parameters).toEqual([{ in: 'query', name: 'fields', required: true, schema: { type: 'string' } }]);
    expect(paths['/crm/v8/Leads/{record_id}'].get.parameters).toEqual([
      { in: 'path', name: 'record_id', required: true, schema: { type: 'string' } },
    ]);
    expect(doc['tags'].map((t: Json) => t.name)).toEqual(['Records', 'Query', 'Accounts', 'Leads', 'Leads_X_Accounts', 'Read_Only_Things']);
  });

  it('keeps the generic paths and fixed paths untouched', () => {
    const spec = miniSpec() as Json;
    expect(paths['/crm/v8/{module_api_name}']).toEqual(spec['paths']['/crm/v8/{module_api_name}']);
    expect(paths['/crm/v8/coql'].post.operationId).toBe('coqlQuery');
  });

  it('points refs at the module schemas, cloning components that reach a swap point', () => {
    const leads = paths['/crm/v8/Leads'];
    expect(leads.post.requestBody.content['application/json'].schema.properties.data.items).toEqual({
      $ref: '#/components/schemas/LeadsCreateInput',
    });
    expect(leads.get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/RecordList_Leads' });
    const schemas = doc['components']['schemas'];
    expect(schemas['RecordList_Leads'].properties.data.items).toEqual({ $ref: '#/components/schemas/LeadsRecord' });
    expect(schemas['RecordList_Leads'].properties.info).toEqual({ $ref: '#/components/schemas/PageInfo' });
    // two levels: RecordUpdateRequest → RecordWithId → RecordUpdateInput
    expect(leads.put.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/RecordUpdateRequest_Leads' });
    expect(schemas['RecordWithId_Leads'].allOf[0]).toEqual({ $ref: '#/components/schemas/LeadsUpdateInput' });
    // untouched: components that never reach a swap point are shared
    expect(leads.get.responses['400']).toEqual({ $ref: '#/components/responses/BadRequest' });
    expect(schemas['PageInfo_Leads']).toBeUndefined();
    expect(paths['/crm/v8/Leads/{record_id}'].get.responses['200'].content['application/json'].schema.properties.data.items).toEqual({
      $ref: '#/components/schemas/LeadsRecord',
    });
  });

  it('gives each operation only to modules that support it', () => {
    // Leads' own convert would be the generic text again (its body is not Leads records): it stays generic.
    expect(paths['/crm/v8/Leads/{record_id}/actions/convert']).toBeUndefined();
    expect(paths['/crm/v8/{module_api_name}/{record_id}/actions/convert']?.post.operationId).toBe('convertLead');
    // subform modules: no top-level paths
    expect(Object.keys(paths).filter((p) => p.includes('Line_Items'))).toEqual([]);
    // not creatable / editable / deletable: read operations only
    expect(Object.keys(paths['/crm/v8/Read_Only_Things'])).toEqual(['get']);
    // linking modules: plain record operations only
    expect(paths['/crm/v8/Leads_X_Accounts'].get.operationId).toBe('listRecords_LeadsXAccounts');
  });

  it('clones only the operations whose bodies are the module records; the rest stay once, generic', () => {
    // mini-spec: list/create/update reach Record* schemas; delete (ActionResponse only) and convert do not.
    expect(Object.keys(paths['/crm/v8/Leads']).sort()).toEqual(['get', 'post', 'put']);
    expect(paths['/crm/v8/Leads/{record_id}'].get.operationId).toBe('getRecord_Leads');
    expect(paths['/crm/v8/{module_api_name}'].delete.operationId).toBe('deleteRecords');
  });

  it('moduleSupports table', () => {
    const m = (o: Parameters<typeof module>[2]) => module('M', [], o);
    const table: [Parameters<typeof module>[2], string, boolean][] = [
      [{}, 'listRecords', true],
      [{ kind: 'subform' }, 'listRecords', false],
      [{ kind: 'linking' }, 'searchRecords', false],
      [{ kind: 'linking' }, 'createRecords', true],
      [{ creatable: false }, 'createRecords', false],
      [{ creatable: false }, 'upsertRecords', false],
      [{ editable: false }, 'updateRecord', false],
      [{ deletable: false }, 'deleteRecords', false],
      [{ viewable: false }, 'listRecords', false],
      [{}, 'convertLead', false],
    ];
    for (const [overrides, op, want] of table) expect([op, overrides, moduleSupports(m(overrides), op)]).toEqual([op, overrides, want]);
    expect(moduleSupports(module('Leads', []), 'convertLead')).toBe(true);
  });

  it('drops the spec examples from module paths (they show another module\'s fields) but keeps a field called example', () => {
    const spec = miniSpec() as Json;
    spec['paths']['/crm/v8/{module_api_name}'].get.responses['200'].content['application/json'].example = { data: [{ Last_Name: 'x' }] };
    spec['components']['schemas']['RecordList'].properties.example = { type: 'string' };
    const d = augment(spec as never);
    expect(d['paths']['/crm/v8/Leads'].get.responses['200'].content['application/json'].example).toBeUndefined();
    expect(d['components']['schemas']['RecordList_Leads'].properties.example).toEqual({ type: 'string' });
  });

  it('is deterministic: object keys sorted, same input → same JSON', () => {
    const a = JSON.stringify(augment());
    const b = JSON.stringify(augment());
    expect(a).toBe(b);
    expect(Object.keys(doc['paths'])).toEqual([...Object.keys(doc['paths'])].sort());
    expect(Object.keys(doc)).toEqual([...Object.keys(doc)].sort());
  });

  it('encodes module api names that are not URL-safe', () => {
    const d = augment(miniSpec(), org([module('Sales Orders', [], { typeName: 'SalesOrders' })]));
    expect(d['paths']['/crm/v8/Sales%20Orders'].get.operationId).toBe('listRecords_SalesOrders');
  });
});
