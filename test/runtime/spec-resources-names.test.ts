/**
 * Which operations of the spec become typed resources and under which names (generator/emit/spec-resources.ts):
 * against the bundled spec as it is (every org-independent operation reachable by exactly one method, names
 * unique, the rest left out for a stated reason), and given/want tables for the derivation, its fallbacks and
 * its errors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  deriveMember,
  memberName,
  RESOURCE_EXTENSION,
  SERVED_ELSEWHERE,
  specResourceTable,
  SpecResourceError,
  type SpecHttpMethod,
  type SpecResourceTable,
} from '../../generator/emit/spec-resources.ts';
import { CLIENT_MEMBERS, SPEC_RESOURCE_ROOTS } from '../../generator/model/naming.ts';
import { loadSpec } from '../../generator/openapi/load-spec.ts';
import { HTTP_METHODS, type OpenApiDocument, type OperationObject } from '../../generator/openapi/openapi-types.ts';

let spec: OpenApiDocument;
let table: SpecResourceTable;
beforeAll(async () => {
  spec = await loadSpec();
  table = specResourceTable(spec);
});

function specOperations(doc: OpenApiDocument): { method: string; path: string; operationId: string }[] {
  const out = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const m of HTTP_METHODS) {
      const op = item[m];
      if (op !== undefined) out.push({ method: m.toUpperCase(), path, operationId: op.operationId ?? '' });
    }
  }
  return out;
}

describe('the bundled spec', () => {
  it('every operation is either reached by exactly one member or left out for a stated reason', () => {
    const all = specOperations(spec);
    const reached = table.operations.map((o) => `${o.method} ${o.path}`);
    const left = table.leftOut.map((o) => `${o.method} ${o.path}`);
    expect(new Set(reached).size).toBe(reached.length);
    expect([...reached, ...left].sort()).toEqual(all.map((o) => `${o.method} ${o.path}`).sort());
    const served = new Set(SERVED_ELSEWHERE.map(([, resource]) => resource));
    for (const o of table.leftOut) {
      if (o.reason === 'per-module') expect(o.path).toMatch(/\{module_api_name\}|^\/crm\/v8\/[A-Z]/);
      else expect(served, `${o.method} ${o.path}: ${o.reason}`).toContain(o.reason);
    }
  });

  it('no operation with {module_api_name}, and none a richer resource serves, gets a method', () => {
    for (const o of table.operations) {
      expect(o.path).not.toContain('{module_api_name}');
      expect(SERVED_ELSEWHERE.some(([prefix]) => o.path.startsWith(prefix))).toBe(false);
    }
  });

  it('members are unique, and no method is also a resource', () => {
    const members = table.operations.map((o) => o.member.join('.'));
    expect(new Set(members).size).toBe(members.length);
    const resources = new Set(table.operations.flatMap((o) => o.member.slice(0, -1).map((_, i) => o.member.slice(0, i + 1).join('.'))));
    expect(members.filter((m) => resources.has(m))).toEqual([]);
  });

  it('roots are reserved from module accessors (naming.ts)', () => {
    for (const o of table.operations) expect(SPEC_RESOURCE_ROOTS.has(o.member[0]!), o.member.join('.')).toBe(true);
    for (const root of SPEC_RESOURCE_ROOTS) expect(CLIENT_MEMBERS.has(root)).toBe(true);
  });

  it('reads as the issue asks: users, org, settings.layouts, …', () => {
    const byId = new Map(table.operations.map((o) => [o.operationId, o.member.join('.')]));
    expect(Object.fromEntries(['listUsers', 'getUser', 'getOrg', 'listLayouts', 'getLayout', 'listModules', 'listFields', 'listPicklistValues', 'listCustomViews', 'listRelatedLists', 'createTags'].map((id) => [id, byId.get(id)]))).toEqual({
      listUsers: 'users.list',
      getUser: 'users.get',
      getOrg: 'org.get',
      listLayouts: 'settings.layouts.list',
      getLayout: 'settings.layouts.get',
      listModules: 'settings.modules.list',
      listFields: 'settings.fields.list',
      listPicklistValues: 'settings.fields.pickListValues.list',
      listCustomViews: 'settings.customViews.list',
      listRelatedLists: 'settings.relatedLists.list',
      createTags: 'settings.tags.create',
    });
  });
});

describe('deriveMember', () => {
  it.each<[SpecHttpMethod, string, string, string]>([
    ['GET', '/crm/v8/users', 'listUsers', 'users.list'],
    ['GET', '/crm/v8/users/{user_id}', 'getUser', 'users.get'],
    ['POST', '/crm/v8/users', 'createUsers', 'users.create'],
    ['PUT', '/crm/v8/users/{user_id}', 'updateUser', 'users.update'],
    ['DELETE', '/crm/v8/users/{user_id}', 'deleteUser', 'users.delete'],
    ['GET', '/crm/v8/users/actions/count', 'countUsers', 'users.count'],
    ['POST', '/crm/v8/users/{user_id}/actions/transfer_and_delete', 'transferAndDeleteUser', 'users.transferAndDelete'],
    ['GET', '/crm/v8/users/{user_id}/territories', 'listUserTerritories', 'users.territories.list'],
    ['GET', '/crm/v8/org', 'getOrg', 'org.get'],
    ['GET', '/crm/v8/org/photo', 'getOrgPhoto', 'org.photo.get'],
    ['PATCH', '/crm/v8/org/currencies/{currency_id}', 'patchCurrency', 'org.currencies.patch'],
    ['GET', '/crm/v8/__features', 'getFeatures', 'features.get'],
    ['GET', '/crm/v8/settings/custom_views', 'listCustomViews', 'settings.customViews.list'],
    ['POST', '/crm/v8/settings/tags/{tag_id}/actions/merge', 'mergeTags', 'settings.tags.merge'],
    ['GET', '/crm/v8/settings/tags/{tag_id}/actions/records_count', 'countTagRecords', 'settings.tags.recordsCount'],
    ['POST', '/crm/bulk/v8/backup', 'scheduleBackup', 'backup.create'],
  ])('%s %s (%s) → %s', (method, path, operationId, member) => {
    expect(deriveMember(path, method, operationId).join('.')).toBe(member);
  });

  it('memberName camel-cases path segments', () => {
    expect(['custom_views', '__features', 'pick_list_values', 'zia-org', 'org'].map(memberName)).toEqual([
      'customViews', 'features', 'pickListValues', 'ziaOrg', 'org',
    ]);
  });
});

/** A document of the given operations, each with an operationId and nothing else. */
function doc(ops: Record<string, Record<string, Partial<OperationObject>>>): OpenApiDocument {
  const paths: NonNullable<OpenApiDocument['paths']> = {};
  for (const [path, methods] of Object.entries(ops)) {
    paths[path] = Object.fromEntries(Object.entries(methods).map(([m, op]) => [m, { responses: {}, ...op }]));
  }
  return { openapi: '3.1.0', info: { title: 't', version: '1' }, paths };
}

const members = (t: SpecResourceTable): string[] => t.operations.map((o) => o.member.join('.'));

describe('specResourceTable: clashes, overrides, errors', () => {
  it('two operations deriving the same member both fall back to their operationIds', () => {
    const t = specResourceTable(doc({
      '/crm/v8/users/actions/count': { get: { operationId: 'countUsers' } },
      '/crm/v8/users/{user_id}/actions/count': { get: { operationId: 'countUserRecords' } },
    }));
    expect(members(t)).toEqual(['users.countUserRecords', 'users.countUsers']);
  });

  it('the same write on one item and on the collection: update and updateMany', () => {
    const t = specResourceTable(doc({
      '/crm/v8/users': { put: { operationId: 'updateUsers' }, delete: { operationId: 'deleteUsers' } },
      '/crm/v8/users/{user_id}': { put: { operationId: 'updateUser' } },
    }));
    expect(members(t)).toEqual(['users.delete', 'users.update', 'users.updateMany']);
    expect(t.operations.find((o) => o.member.join('.') === 'users.updateMany')?.operationId).toBe('updateUsers');
  });

  it('a method named like a sub-resource, or like a promise member, falls back too', () => {
    const t = specResourceTable(doc({
      '/crm/v8/settings/actions/tags': { post: { operationId: 'tagSettings' } },
      '/crm/v8/settings/tags': { get: { operationId: 'listTags' } },
      '/crm/v8/users/actions/then': { post: { operationId: 'thenUsers' } },
    }));
    expect(members(t)).toEqual(['settings.tagSettings', 'settings.tags.list', 'users.thenUsers']);
  });

  it(`${RESOURCE_EXTENSION} names an operation, and brings in a module-named path`, () => {
    const t = specResourceTable(doc({
      '/crm/v8/users/{user_id}/actions/transfer_and_delete': { post: { operationId: 'transferAndDelete', [RESOURCE_EXTENSION]: 'users.transferAndDelete' } },
      '/crm/v8/Contacts/roles': { get: { operationId: 'listContactRoles', [RESOURCE_EXTENSION]: 'settings.contactRoles.list' } },
      '/crm/v8/Leads/actions/mass_convert': { post: { operationId: 'massConvert' } },
    }));
    expect(members(t)).toEqual(['settings.contactRoles.list', 'users.transferAndDelete']);
    expect(t.leftOut).toEqual([{ method: 'POST', path: '/crm/v8/Leads/actions/mass_convert', operationId: 'massConvert', reason: 'per-module' }]);
  });

  it('refuses a root module accessors could take, naming the operation and where to reserve it', () => {
    expect(() => specResourceTable(doc({ '/crm/v8/__gadgets': { get: { operationId: 'listGadgets' } } }))).toThrowError(
      new SpecResourceError(
        'GET /crm/v8/__gadgets (listGadgets) would be reached as crm.gadgets.list, but `gadgets` is not in SPEC_RESOURCE_ROOTS ' +
          `(generator/model/naming.ts), so an org's module accessor could take the same name: add it there, or name the operation with ${RESOURCE_EXTENSION}`,
      ),
    );
  });

  it('refuses a declared name that clashes, or is not a dotted identifier', () => {
    expect(() => specResourceTable(doc({
      '/crm/v8/users': { get: { operationId: 'listUsers' } },
      '/crm/v8/users/all': { get: { operationId: 'listAll', [RESOURCE_EXTENSION]: 'users.list' } },
    }))).toThrow('GET /crm/v8/users/all: x-zcrm-resource users.list clashes with another operation or resource');
    expect(() => specResourceTable(doc({ '/crm/v8/users': { get: { operationId: 'listUsers', [RESOURCE_EXTENSION]: 'list' } } }))).toThrow(
      'GET /crm/v8/users: x-zcrm-resource must be a dotted resource and method of plain identifiers (e.g. users.transferAndDelete), not "list"',
    );
  });

  it('refuses an operation without operationId', () => {
    expect(() => specResourceTable(doc({ '/crm/v8/users': { get: {} } }))).toThrow('GET /crm/v8/users has no operationId');
  });
});
