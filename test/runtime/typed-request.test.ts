import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { ZohoCore } from '../../templates/runtime/core.ts';
import { createTypedRequest, fillPath } from '../../templates/runtime/typed-request.ts';
import { json, startFakeZoho, type FakeZoho } from './helpers/fake-zoho.ts';

/** The shape openapi-typescript 7 emits for a few v8 paths. */
interface paths {
  '/crm/v8/{module_api_name}': {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: {
        query: { fields: string; per_page?: number; page_token?: string };
        header?: never;
        path: { module_api_name: string };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        200: {
          headers: { [name: string]: unknown };
          content: {
            'application/json': { data: { id: string }[]; info: { more_records: boolean } };
          };
        };
        204: { headers: { [name: string]: unknown }; content?: never };
        400: {
          headers: { [name: string]: unknown };
          content: { 'application/json': { code: string } };
        };
      };
    };
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: { module_api_name: string };
        cookie?: never;
      };
      requestBody: {
        content: { 'application/json': { data: Record<string, unknown>[]; trigger?: string[] } };
      };
      responses: {
        201: {
          headers: { [name: string]: unknown };
          content: { 'application/json': { data: { code: string; status: string }[] } };
        };
      };
    };
    delete?: never;
  };
  '/crm/v8/org': {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: {
        200: {
          headers: { [name: string]: unknown };
          content: { 'application/json': { org: { id: string; zgid: string }[] } };
        };
      };
    };
    post?: never;
  };
}

let fake: FakeZoho;
let core: ZohoCore;
beforeEach(async () => {
  fake = await startFakeZoho((req, res) => {
    if (req.path === '/crm/v8/org') return json(res, 200, { org: [{ id: '1', zgid: '2' }] });
    if (req.method === 'POST')
      return json(res, 201, { data: [{ code: 'SUCCESS', status: 'success' }] });
    json(res, 200, { data: [{ id: '1' }], info: { more_records: false } });
  });
  core = new ZohoCore({ auth: { accessToken: '1000.tok.0123456789' }, apiDomain: fake.url });
});
afterEach(async () => {
  await core.close();
  await fake.close();
});

describe('createTypedRequest', () => {
  it('substitutes and encodes path params, sends query and body, returns the 2xx JSON type', async () => {
    const request = createTypedRequest<paths>(core);
    const list = await request('GET', '/crm/v8/{module_api_name}', {
      params: {
        path: { module_api_name: 'Sales Orders' },
        query: { fields: 'Subject', per_page: 5 },
      },
    });
    expectTypeOf(list).toEqualTypeOf<
      { data: { id: string }[]; info: { more_records: boolean } } | undefined
    >();
    expect(fake.requests[0]?.url).toBe('/crm/v8/Sales%20Orders?fields=Subject&per_page=5');

    const created = await request('post', '/crm/v8/{module_api_name}', {
      params: { path: { module_api_name: 'Leads' } },
      body: { data: [{ Last_Name: 'x' }] },
    });
    expectTypeOf(created).toEqualTypeOf<{ data: { code: string; status: string }[] }>();
    expect(JSON.parse(fake.requests[1]?.body ?? '')).toEqual({ data: [{ Last_Name: 'x' }] });

    const org = await request('GET', '/crm/v8/org');
    expect(org.org[0]?.zgid).toBe('2');
  });

  it('rejects at compile time what the spec does not allow', () => {
    const request = createTypedRequest<paths>(core);
    const never = (): void => {
      // @ts-expect-error PUT is not defined for this path
      void request('PUT', '/crm/v8/{module_api_name}', {
        params: { path: { module_api_name: 'Leads' } },
      });
      // @ts-expect-error not a path of the spec
      void request('GET', '/crm/v8/nope');
      // @ts-expect-error path params are required
      void request('GET', '/crm/v8/{module_api_name}', { params: { query: { fields: 'a' } } });
      void request('GET', '/crm/v8/{module_api_name}', {
        // @ts-expect-error the required query `fields` is missing
        params: { path: { module_api_name: 'Leads' } },
      });
      // @ts-expect-error the body is required for POST
      void request('POST', '/crm/v8/{module_api_name}', {
        params: { path: { module_api_name: 'Leads' } },
      });
    };
    expect(typeof never).toBe('function');
  });

  it.each([
    {
      template: '/crm/v8/{module_api_name}/{record_id}',
      params: { module_api_name: 'Leads', record_id: '41/50' },
      want: '/crm/v8/Leads/41%2F50',
    },
    { template: '/crm/v8/org', params: undefined, want: '/crm/v8/org' },
  ])('fillPath $template', ({ template, params, want }) => {
    expect(fillPath(template, params)).toBe(want);
  });

  it('a missing path parameter is a clear error', () => {
    expect(() => fillPath('/crm/v8/{module_api_name}', {})).toThrow(
      /path parameter `module_api_name` is required/,
    );
  });
});
