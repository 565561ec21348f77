/** POST /crm/v8/coql {select_query} (v8 "COQL") → coql.ts; errors are Zoho's 400 bodies. */
import type { Context } from './context.ts';
import { error, isObject, json, noContent, parseJsonBody } from './envelopes.ts';
import { executeCoql } from './coql.ts';
import { queryErrorBody } from './query-errors.ts';
import type { ApiRequest, ApiResponse } from './types.ts';

export function coqlQuery(req: ApiRequest, ctx: Context): ApiResponse {
  const p = parseJsonBody(req.body);
  if (!p.ok) return p.response;
  const q = isObject(p.value) ? p.value['select_query'] : undefined;
  if (typeof q !== 'string' || q.trim() === '') return error(400, 'MANDATORY_NOT_FOUND', 'mandatory key not found', { api_name: 'select_query' });
  const { state } = ctx;
  try {
    const result = executeCoql(q, {
      records: (m) => {
        const index = state.index.find(m);
        return index ? state.store.list(index.apiName) : [];
      },
      fields: (m) => state.index.find(m)?.fieldList.map((f) => f.field),
      findRecord: (m, id) => {
        const index = state.index.find(m);
        return index ? state.store.get(index.apiName, id) : undefined;
      },
      modules: [...state.index.recordModules],
    });
    if (result.data.length === 0) return noContent;
    return json(200, result);
  } catch (e) {
    return { status: 400, json: queryErrorBody(e, 'SYNTAX_ERROR') };
  }
}
