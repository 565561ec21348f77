import { ZohoCore } from '../../../templates/runtime/core.ts';
import { createTypedRequest } from '../../../templates/runtime/typed-request.ts';
import type { paths } from './tmp-schema.ts';
const core = new ZohoCore({ auth: { accessToken: 'x' } });
const request = createTypedRequest<paths>(core);
export async function f() {
  const a = await request('GET', '/crm/v8/{module_api_name}', { params: { path: { module_api_name: 'Leads' }, query: { fields: ['Last_Name'] } } });
  const b = await request('POST', '/crm/v8/coql', { body: { select_query: 'select id from Leads' } });
  const c = await request('GET', '/crm/v8/org');
  const d = await request('DELETE', '/crm/v8/{module_api_name}/{record_id}', { params: { path: { module_api_name: 'Leads', record_id: '1' } } });
  // @ts-expect-error bogus path
  await request('GET', '/crm/v8/bogus');
  const ta: number = a; const tb: number = b; const tc: number = c; const td: number = d;
  return [a, b, c, d];
}
type R = Awaited<ReturnType<typeof f>>;
export const check: R = null as unknown as R;
