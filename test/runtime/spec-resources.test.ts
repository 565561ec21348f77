/**
 * The spec's resources at run time (templates/runtime/spec-operation.ts, spec-client.ts, org-client.ts): a client
 * built with the rows of the bundled spec (what runtime/spec-resources.js ships) calls each operation's path with
 * its path parameters encoded, query and body sent, and Zoho's answer returned; users.iterate walks the pages,
 * org.zgid reads the org; a spec resource never silently shadows a client member or a module accessor.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { specOperationRows, specResourceTable } from '../../generator/emit/spec-resources.ts';
import { loadSpec } from '../../generator/openapi/load-spec.ts';
import { createOrgClient } from '../../templates/runtime/org-client.ts';
import type { SpecOperationRow } from '../../templates/runtime/spec-operation.ts';
import { json, startFakeZoho, type FakeZoho } from './helpers/fake-zoho.ts';

let rows: SpecOperationRow[];
beforeAll(async () => {
  rows = specOperationRows(specResourceTable(await loadSpec()));
});

let fake: FakeZoho;
beforeEach(async () => {
  fake = await startFakeZoho();
});
afterEach(async () => {
  await fake.close();
});

type Call = (init?: object) => Promise<unknown>;
/**
 * The function at a dotted member of the client. The tree is untyped here (createOrgClient takes any rows);
 * its types are the generated SpecResources, tested through the demo client (test/types, test/e2e).
 */
function at<F = Call>(client: object, member: string): F {
  const found = member.split('.').reduce<unknown>((node, name) => (node as Record<string, unknown> | undefined)?.[name], client);
  if (typeof found !== 'function') throw new Error(`no method ${member}`);
  return found as F;
}
const method = at<Call>;
type Iterate = (init?: object) => AsyncIterable<{ id: string }>;

function client(extraRows: readonly SpecOperationRow[] = [], accessors: readonly (readonly [string, string])[] = []) {
  return createOrgClient({ auth: { accessToken: '1000.tok.0123456789' }, apiDomain: fake.url, maxRetries: 0 }, accessors, [...rows, ...extraRows]);
}

describe('methods from the spec', () => {
  it('send path parameters encoded, query and body, and answer Zoho\'s body', async () => {
    fake.handler = (req, res) => {
      if (req.path === '/crm/v8/users') return json(res, 200, { users: [{ id: '1', full_name: 'Ann' }], info: { more_records: false } });
      if (req.path === '/crm/v8/users/a%2Fb') return json(res, 200, { users: [{ id: 'a/b' }] });
      if (req.path === '/crm/v8/settings/layouts') return json(res, 200, { layouts: [{ id: '7', name: 'Standard' }] });
      if (req.path === '/crm/v8/settings/tags') return json(res, 201, { tags: [{ code: 'SUCCESS', status: 'success', message: 'tags created successfully', details: { id: '9' } }] });
      return json(res, 404, { code: 'INVALID_URL_PATTERN', message: 'no', status: 'error', details: {} });
    };
    const crm = client();
    await expect(method(crm, 'users.list')({ query: { type: 'ActiveUsers', per_page: 5 } })).resolves.toEqual({
      users: [{ id: '1', full_name: 'Ann' }],
      info: { more_records: false },
    });
    expect(fake.requests.at(-1)?.url).toBe('/crm/v8/users?type=ActiveUsers&per_page=5');
    await expect(method(crm, 'users.get')({ path: { user_id: 'a/b' } })).resolves.toEqual({ users: [{ id: 'a/b' }] });
    await method(crm, 'settings.layouts.list')({ query: { module: 'Leads' } });
    expect(fake.requests.at(-1)?.url).toBe('/crm/v8/settings/layouts?module=Leads');
    await method(crm, 'settings.tags.create')({ query: { module: 'Leads' }, body: { tags: [{ name: 'Hot' }] } });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'POST', url: '/crm/v8/settings/tags?module=Leads' });
    expect(JSON.parse(fake.requests.at(-1)!.body)).toEqual({ tags: [{ name: 'Hot' }] });
    await crm.close();
  });

  it('a 204 answers undefined; an error carries the operationId; a missing path parameter is named', async () => {
    fake.handler = (req, res) => {
      if (req.path === '/crm/v8/users') {
        res.writeHead(204);
        return res.end();
      }
      return json(res, 400, { code: 'INVALID_DATA', message: 'invalid module', status: 'error', details: {} });
    };
    const crm = client();
    await expect(method(crm, 'users.list')({ query: { type: 'DeletedUsers' } })).resolves.toBeUndefined();
    await expect(method(crm, 'settings.fields.list')({ query: { module: 'Nope' } })).rejects.toThrow('listFields (HTTP 400): INVALID_DATA: invalid module');
    await expect(method(crm, 'settings.layouts.get')({})).rejects.toThrow('request /crm/v8/settings/layouts/{layout_id}: path parameter `layout_id` is required');
    await crm.close();
  });

  it('users.iterate walks every page, asking for the next only when the loop does', async () => {
    fake.handler = (req, res) => {
      const page = Number(req.query.get('page'));
      return json(res, 200, { users: [{ id: `${page}a` }, { id: `${page}b` }], info: { page, per_page: 2, more_records: page < 3 } });
    };
    const crm = client();
    const ids: string[] = [];
    for await (const user of at<Iterate>(crm, 'users.iterate')({ query: { type: 'ActiveUsers', per_page: 2 } })) ids.push(user.id);
    expect(ids).toEqual(['1a', '1b', '2a', '2b', '3a', '3b']);
    expect(fake.requests.map((r) => r.url)).toEqual([1, 2, 3].map((p) => `/crm/v8/users?type=ActiveUsers&per_page=2&page=${p}`));
    fake.requests.length = 0;
    for await (const user of at<Iterate>(crm, 'users.iterate')()) if (user.id === '1a') break;
    expect(fake.requests.map((r) => r.url)).toEqual(['/crm/v8/users?page=1&per_page=200']);
    // Past the 2,000 that `page` reaches for records (11 pages of 200): Zoho documents no such limit for users.
    fake.handler = (req, res) => {
      const page = Number(req.query.get('page'));
      return json(res, 200, { users: [{ id: String(page) }], info: { page, per_page: 200, more_records: page < 11 } });
    };
    let count = 0;
    for await (const _ of at<Iterate>(crm, 'users.iterate')()) count++;
    expect(count).toBe(11);
    await crm.close();
  });

  it('org.zgid reads GET /crm/v8/org; an answer without it says what to do', async () => {
    let zgid: unknown = '812345678';
    fake.handler = (_req, res) => json(res, 200, { org: [{ id: '1', zgid }] });
    const crm = client();
    await expect(method(crm, 'org.zgid')()).resolves.toBe('812345678');
    zgid = undefined;
    await expect(method(crm, 'org.zgid')()).rejects.toThrow("GET /crm/v8/org answered without the org's zgid");
    await crm.close();
  });
});

describe('names on the client', () => {
  it('every row of the spec is reachable at its member, exactly once', () => {
    const crm = client();
    const seen = new Set<unknown>();
    for (const [member] of rows) seen.add(method(crm, member));
    expect(seen.size).toBe(rows.length);
    return crm.close();
  });

  it('a spec resource named like a client member, or a member given twice, is refused', () => {
    expect(() => client([['coql.list', 'GET', '/crm/v8/coql', 'x']])).toThrow('spec resource "coql" collides with a client member');
    expect(() => client([['users.list', 'GET', '/crm/v8/users', 'again']])).toThrow('spec operation again: "users.list" is taken');
    expect(() => client([['users.list.all', 'GET', '/crm/v8/users', 'deeper']])).toThrow('spec operation deeper: "users.list.all" goes through a method');
  });

  it('a module accessor named like a spec resource is refused (naming.ts keeps them apart)', () => {
    expect(() => client([], [['settings', 'Settings']])).toThrow('module accessor "settings" collides with a client member');
  });
});
