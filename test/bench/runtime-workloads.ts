/**
 * The two workloads of the runtime benchmark, each written twice: through the generated client's
 * runtime (templates/runtime: ZohoCore + ModuleResource) and with bare undici doing exactly the same
 * HTTP calls (same URLs, same headers, a keep-alive Agent with the runtime's settings, body read as
 * text + JSON.parse). The difference is what the runtime costs: token lookup, limiter, retry
 * bookkeeping, timeout timer, query building, error classification, the async iterator.
 */
import { Agent, request } from 'undici';
import { ZohoCore } from '../../templates/runtime/core.ts';
import { ModuleResource } from '../../templates/runtime/module-resource.ts';

export const MODULE = 'Leads';
export const FIELDS = ['Last_Name', 'Email', 'Lead_Status'] as const;
export const PER_PAGE = 200;
/** v8 "Get Records": page numbers reach the first 2,000 records, page_token beyond. */
const PAGE_NUMBER_LIMIT = 2000;

type Lead = { id: string; Last_Name: string; Email: string | null; Lead_Status: string | null };

export interface Workload {
  /** N sequential GET /crm/v8/Leads/{id}?fields=…; returns how many records came back. */
  getMany(ids: readonly string[]): Promise<number>;
  /** Every Lead, 200 per page; returns how many records were seen. */
  iterateAll(): Promise<number>;
  close(): Promise<void>;
}

const FIELDS_QUERY = encodeURIComponent(FIELDS.join(','));

export function runtimeWorkload(url: string, accessToken: string): Workload {
  const core = new ZohoCore({ auth: { accessToken }, apiDomain: url });
  const leads = new ModuleResource<Lead, object, object>(core, MODULE);
  return {
    async getMany(ids) {
      let n = 0;
      for (const id of ids) {
        const row = await leads.get(id, { fields: FIELDS });
        if (row.id === id) n++;
      }
      return n;
    },
    async iterateAll() {
      let n = 0;
      for await (const row of leads.iterate({ fields: FIELDS, perPage: PER_PAGE })) {
        if (row.id !== '') n++;
      }
      return n;
    },
    close: () => core.close(),
  };
}

interface Page {
  data?: { id: string }[];
  info?: { more_records?: boolean; next_page_token?: string | null };
}

export function bareWorkload(url: string, accessToken: string): Workload {
  // The runtime's own Agent settings (templates/runtime/core.ts), so only the runtime's logic differs.
  const agent = new Agent({ keepAliveTimeout: 4_000, connections: 12 });
  const headers = { authorization: `Zoho-oauthtoken ${accessToken}`, accept: 'application/json' };
  const getJson = async (path: string): Promise<unknown> => {
    const res = await request(url + path, { method: 'GET', headers, dispatcher: agent });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`bare undici: GET ${path} → ${res.statusCode} ${text.slice(0, 200)}`);
    return JSON.parse(text) as unknown;
  };
  return {
    async getMany(ids) {
      let n = 0;
      for (const id of ids) {
        const body = (await getJson(`/crm/v8/${MODULE}/${encodeURIComponent(id)}?fields=${FIELDS_QUERY}`)) as Page;
        if (body.data?.[0]?.id === id) n++;
      }
      return n;
    },
    async iterateAll() {
      let n = 0;
      let page = 1;
      let token: string | undefined;
      for (;;) {
        const cursor = token === undefined ? `&page=${page}` : `&page_token=${encodeURIComponent(token)}`;
        const body = (await getJson(`/crm/v8/${MODULE}?fields=${FIELDS_QUERY}&per_page=${PER_PAGE}${cursor}`)) as Page;
        for (const row of body.data ?? []) if (row.id !== '') n++;
        if (body.info?.more_records !== true) break;
        if (token === undefined && (page + 1) * PER_PAGE <= PAGE_NUMBER_LIMIT) page++;
        else {
          const next = body.info.next_page_token;
          if (typeof next !== 'string' || next === '') break;
          token = next;
        }
      }
      return n;
    },
    close: () => agent.close(),
  };
}

/** The first `n` Lead ids, read once with bare undici (not timed). */
export async function leadIds(url: string, accessToken: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  const agent = new Agent();
  try {
    for (let page = 1; ids.length < n && page * PER_PAGE <= PAGE_NUMBER_LIMIT; page++) {
      const res = await request(`${url}/crm/v8/${MODULE}?fields=Last_Name&per_page=${PER_PAGE}&page=${page}`, {
        headers: { authorization: `Zoho-oauthtoken ${accessToken}` },
        dispatcher: agent,
      });
      const body = (await res.body.json()) as Page;
      for (const row of body.data ?? []) ids.push(row.id);
      if (body.info?.more_records !== true) break;
    }
  } finally {
    await agent.close();
  }
  if (ids.length < n) throw new Error(`the emulator holds only ${ids.length} Leads; the benchmark needs ${n}`);
  return ids.slice(0, n);
}
