/**
 * POST /crm/v8/__composite_requests (v8 "Composite API"): at most 5 sub-requests, each dispatched
 * through the same router (same validation, same scopes); with `rollback_on_fail` every write of
 * the batch is undone when a sub-request fails, and each answer says `rollbacked`.
 */
import type { Context } from './context.ts';
import { error, errorBody, errors, isObject, json, parseJsonBody } from './envelopes.ts';
import type { ApiRequest, ApiResponse } from './types.ts';

export const COMPOSITE_LIMIT = 5;
/** Accepted sub-request URIs and ids, as v8 "Composite API" gives them. */
const SUB_URI = /^\/crm(\/.*)?\/v[0-9]+([.][0-9]+)?\/.*/;
const SUB_ID = /^[a-zA-Z0-9][a-zA-Z0-9_]*$/;

interface Sub {
  sub_request_id: string | null;
  method: string;
  uri: string;
  params: Record<string, unknown>;
  body: unknown;
  headers: Record<string, string>;
}

function parseSub(x: unknown, i: number): Sub | ApiResponse {
  const at = (k: string) => `$.__composite_requests[${i}].${k}`;
  if (!isObject(x))
    return error(400, 'INVALID_DATA', 'invalid data', {
      json_path: `$.__composite_requests[${i}]`,
    });
  const method = x['method'];
  if (
    typeof method !== 'string' ||
    !['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method.toUpperCase())
  )
    return error(400, 'INVALID_DATA', 'invalid data', {
      api_name: 'method',
      json_path: at('method'),
    });
  const uri = x['uri'];
  if (typeof uri !== 'string' || !SUB_URI.test(uri) || uri.includes('__composite_requests'))
    return error(400, 'INVALID_DATA', 'invalid data', { api_name: 'uri', json_path: at('uri') });
  const id = x['sub_request_id'];
  if (id !== undefined && (typeof id !== 'string' || !SUB_ID.test(id)))
    return error(400, 'INVALID_DATA', 'invalid data', {
      api_name: 'sub_request_id',
      json_path: at('sub_request_id'),
    });
  const headers: Record<string, string> = {};
  if (isObject(x['headers']))
    for (const [k, v] of Object.entries(x['headers'])) {
      const name = k.toLowerCase();
      // A sub-request may not carry its own credentials or org (v8 "Composite API").
      if (name === 'authorization' || name === 'x-crm-org')
        return error(400, 'INVALID_DATA', 'invalid data', {
          api_name: 'headers',
          json_path: at('headers'),
        });
      if (typeof v === 'string') headers[name] = v;
    }
  return {
    sub_request_id: typeof id === 'string' ? id : null,
    method: method.toUpperCase(),
    uri,
    params: isObject(x['params']) ? x['params'] : {},
    body: x['body'],
    headers,
  };
}

export async function executeCompositeRequest(req: ApiRequest, ctx: Context): Promise<ApiResponse> {
  const p = parseJsonBody(req.body);
  if (!p.ok) return p.response;
  const body = p.value;
  if (!isObject(body)) return errors.malformedBody();
  const list = body['__composite_requests'];
  if (!Array.isArray(list) || list.length === 0)
    return errors.mandatoryBody('__composite_requests');
  if (list.length > COMPOSITE_LIMIT)
    return errors.limitExceeded(COMPOSITE_LIMIT, {
      api_name: '__composite_requests',
      json_path: '$.__composite_requests',
    });
  const rollbackOnFail = body['rollback_on_fail'] === true;
  if (rollbackOnFail && body['parallel_execution'] === true) {
    return error(
      400,
      'AMBIGUITY_DURING_PROCESSING',
      'rollback_on_fail and parallel_execution cannot both be true',
      {
        ambiguity_due_to: ['rollback_on_fail', 'parallel_execution'],
      },
    );
  }
  const subs: Sub[] = [];
  for (const [i, x] of list.entries()) {
    const s = parseSub(x, i);
    if ('status' in s) return s;
    subs.push(s);
  }
  const answers = await ctx.state.store.transaction(async () => {
    const out: { sub: Sub; response: ApiResponse; executed: boolean }[] = [];
    let failed = false;
    for (const sub of subs) {
      if (failed && rollbackOnFail) {
        out.push({ sub, response: { status: 0 }, executed: false });
        continue;
      }
      const [path, qs] = sub.uri.split('?');
      const query = new URLSearchParams(qs ?? '');
      for (const [k, v] of Object.entries(sub.params))
        query.set(k, Array.isArray(v) ? v.join(',') : String(v));
      const response = await ctx.dispatch({
        method: sub.method,
        path: path ?? sub.uri,
        query,
        body: sub.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(sub.body)),
        headers: sub.headers,
        scopes: req.scopes,
      });
      const perRecordFailure =
        isObject(response.json) &&
        Array.isArray(response.json['data']) &&
        response.json['data'].some((d) => isObject(d) && d['status'] === 'error');
      if (response.status >= 400 || perRecordFailure) failed = true;
      out.push({ sub, response, executed: true });
    }
    return {
      value: { out, rolledBack: failed && rollbackOnFail },
      rollback: failed && rollbackOnFail,
    };
  });
  return json(200, {
    __composite_requests: answers.out.map(({ sub, response, executed }) => {
      if (!executed) {
        return {
          ...errorBody(
            'NOT_EXECUTED',
            'the sub-request was not executed as a previous sub-request failed',
            { rollbacked: true },
          ),
          sub_request_id: sub.sub_request_id,
        };
      }
      const details: Record<string, unknown> = {
        response: { status_code: response.status, body: response.json ?? null },
      };
      if (rollbackOnFail) details['rollbacked'] = answers.rolledBack;
      const ok = response.status < 400;
      return {
        code: ok ? 'SUCCESS' : 'FAILURE',
        details,
        message: ok ? 'success' : 'failure',
        status: ok ? 'success' : 'error',
        sub_request_id: sub.sub_request_id,
      };
    }),
  });
}
