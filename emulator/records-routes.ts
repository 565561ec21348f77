/**
 * Single-module record routes: get one, insert, update (many and one), upsert, delete (many and
 * one), convert lead. Zoho v8 "Insert/Update/Upsert/Delete Records": at most 100 records per call
 * (LIMIT_EXCEEDED), one result per record, 201/200 when all succeed, 207 for a mix, 400 when none.
 */
import type { Context } from './context.ts';
import {
  error,
  errorBody,
  errors,
  isObject,
  json,
  multiStatus,
  noContent,
  parseJsonBody,
  type ActionResult,
} from './envelopes.ts';
import type { ModuleIndex } from './module-index.ts';
import { parseFields, project, recordModule } from './records-common.ts';
import { createOne, deleteOne, invalidId, updateOne } from './record-writes.ts';
import type { ApiRequest, ApiResponse } from './types.ts';

export const WRITE_LIMIT = 100;

/** The `data` array of a write body, with Zoho's body-level errors. */
export function dataArray(
  req: ApiRequest,
):
  | { ok: true; data: unknown[]; body: Record<string, unknown> }
  | { ok: false; response: ApiResponse } {
  const parsed = parseJsonBody(req.body);
  if (!parsed.ok) return parsed;
  const body = parsed.value;
  if (!isObject(body)) return { ok: false, response: errors.malformedBody() };
  const data = body['data'];
  if (data === undefined || data === null)
    return { ok: false, response: errors.mandatoryBody('data') };
  if (!Array.isArray(data))
    return {
      ok: false,
      response: error(400, 'INVALID_DATA', 'invalid data', {
        api_name: 'data',
        json_path: '$.data',
        expected_data_type: 'jsonarray',
      }),
    };
  if (data.length === 0) return { ok: false, response: errors.mandatoryBody('data') };
  if (data.length > WRITE_LIMIT)
    return {
      ok: false,
      response: errors.limitExceeded(WRITE_LIMIT, { api_name: 'data', json_path: '$.data' }),
    };
  return { ok: true, data, body };
}

function changedFields(input: unknown): string[] {
  return isObject(input) ? Object.keys(input).filter((k) => k !== 'id') : [];
}

export function getRecord(req: ApiRequest, ctx: Context): ApiResponse {
  const m = recordModule(req, ctx.state);
  if (!m.ok) return m.response;
  const f = parseFields(req, m.index, false);
  if (!f.ok) return f.response;
  const r = ctx.state.store.get(m.index.apiName, req.params['id'] ?? '');
  // A missing (or deleted) record: Zoho answers 204 No Content.
  if (!r) return noContent;
  const ims = req.headers['if-modified-since'];
  const since = typeof ims === 'string' ? Date.parse(ims) : NaN;
  if (!Number.isNaN(since) && !(Date.parse(String(r['Modified_Time'])) > since))
    return { status: 304 };
  return json(200, { data: [project(r, f.fields)] });
}

export function createRecords(req: ApiRequest, ctx: Context): ApiResponse {
  const m = recordModule(req, ctx.state);
  if (!m.ok) return m.response;
  const d = dataArray(req);
  if (!d.ok) return d.response;
  const results: ActionResult[] = [];
  const ids: string[] = [];
  d.data.forEach((input, i) => {
    const o = createOne(ctx.state, m.index, input, i);
    results.push(o.result);
    if (o.ok) ids.push(o.record.id);
  });
  ctx.state.store.emit(m.index.apiName, 'insert', ids, []);
  return json(multiStatus(results, 201), { data: results });
}

function updateMany(
  index: ModuleIndex,
  data: unknown[],
  ctx: Context,
  pathId: string | null,
): ApiResponse {
  const results: ActionResult[] = [];
  const ids: string[] = [];
  const fields = new Set<string>();
  data.forEach((input, i) => {
    const id = pathId ?? (isObject(input) ? input['id'] : undefined);
    if (typeof id !== 'string' || id === '') {
      results.push(
        errorBody('MANDATORY_NOT_FOUND', 'required field not found', {
          api_name: 'id',
          json_path: `$.data[${i}].id`,
        }),
      );
      return;
    }
    const o = updateOne(ctx.state, index, id, input, i);
    results.push(o.result);
    if (o.ok) {
      ids.push(id);
      for (const k of changedFields(input)) fields.add(k);
    }
  });
  ctx.state.store.emit(index.apiName, 'update', ids, [...fields]);
  return json(multiStatus(results, 200), { data: results });
}

export function updateRecords(req: ApiRequest, ctx: Context): ApiResponse {
  const m = recordModule(req, ctx.state);
  if (!m.ok) return m.response;
  const d = dataArray(req);
  if (!d.ok) return d.response;
  return updateMany(m.index, d.data, ctx, null);
}

export function updateRecord(req: ApiRequest, ctx: Context): ApiResponse {
  const m = recordModule(req, ctx.state);
  if (!m.ok) return m.response;
  const d = dataArray(req);
  if (!d.ok) return d.response;
  const id = req.params['id'] ?? '';
  if (!ctx.state.store.get(m.index.apiName, id))
    return json(400, { data: [invalidId(id, '$.data[0].id')] });
  return updateMany(m.index, d.data.slice(0, 1), ctx, id);
}

/** System duplicate-check fields per module (v8 "Upsert Records"), then the org's unique fields. */
const SYSTEM_DUPLICATE_FIELDS: Record<string, readonly string[]> = {
  Leads: ['Email'],
  Contacts: ['Email'],
  Accounts: ['Account_Name'],
  Deals: ['Deal_Name'],
  Campaigns: ['Campaign_Name'],
  Cases: ['Subject'],
  Solutions: ['Solution_Title'],
  Products: ['Product_Name'],
  Vendors: ['Vendor_Name'],
  Price_Books: ['Price_Book_Name'],
  Quotes: ['Subject'],
  Sales_Orders: ['Subject'],
  Purchase_Orders: ['Subject'],
  Invoices: ['Subject'],
};

export function upsertRecords(req: ApiRequest, ctx: Context): ApiResponse {
  const { state } = ctx;
  const m = recordModule(req, state);
  if (!m.ok) return m.response;
  const d = dataArray(req);
  if (!d.ok) return d.response;
  const index = m.index;
  let dupFields: string[];
  const given = d.body['duplicate_check_fields'];
  if (given !== undefined) {
    if (!Array.isArray(given) || !given.every((x) => typeof x === 'string')) {
      return error(400, 'INVALID_DATA', 'invalid data', {
        api_name: 'duplicate_check_fields',
        json_path: '$.duplicate_check_fields',
        expected_data_type: 'jsonarray',
      });
    }
    for (const f of given as string[]) {
      if (!index.fields.has(f))
        return error(400, 'INVALID_DATA', 'invalid data', {
          api_name: 'duplicate_check_fields',
          json_path: '$.duplicate_check_fields',
          value: f,
        });
    }
    dupFields = given as string[];
  } else {
    dupFields = [
      ...(SYSTEM_DUPLICATE_FIELDS[index.apiName] ?? []),
      ...index.uniques.map((u) => u.apiName),
    ].filter((f, i, a) => index.fields.has(f) && a.indexOf(f) === i);
  }
  const results: ActionResult[] = [];
  const inserted: string[] = [];
  const updated: string[] = [];
  d.data.forEach((input, i) => {
    let existing: { id: string; field: string } | null = null;
    if (isObject(input)) {
      for (const f of dupFields) {
        const v = input[f];
        if (v === undefined || v === null || v === '') continue;
        let id = state.store.findUnique(index.apiName, f, v);
        if (id === undefined) {
          const want = typeof v === 'string' ? v.toLowerCase() : v;
          id = state.store.list(index.apiName).find((r) => {
            const x = r[f];
            return (typeof x === 'string' ? x.toLowerCase() : x) === want;
          })?.id;
        }
        if (id !== undefined) {
          existing = { id, field: f };
          break;
        }
      }
    }
    if (existing) {
      const o = updateOne(state, index, existing.id, input, i);
      results.push(
        o.ok ? { ...o.result, duplicate_field: existing.field, action: 'update' } : o.result,
      );
      if (o.ok) updated.push(o.record.id);
    } else {
      const o = createOne(state, index, input, i);
      results.push(o.ok ? { ...o.result, duplicate_field: null, action: 'insert' } : o.result);
      if (o.ok) inserted.push(o.record.id);
    }
  });
  state.store.emit(index.apiName, 'insert', inserted, []);
  state.store.emit(index.apiName, 'update', updated, []);
  const allInserts = updated.length === 0;
  return json(multiStatus(results, allInserts ? 201 : 200), { data: results });
}

export function deleteRecords(req: ApiRequest, ctx: Context): ApiResponse {
  const m = recordModule(req, ctx.state);
  if (!m.ok) return m.response;
  const raw = req.query.get('ids');
  if (raw === null || raw.trim() === '') return errors.requiredParam('ids');
  const ids = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (ids.length > WRITE_LIMIT) return errors.limitExceeded(WRITE_LIMIT, { param_name: 'ids' });
  return deleteIds(m.index, ids, ctx);
}

function deleteIds(index: ModuleIndex, ids: readonly string[], ctx: Context): ApiResponse {
  const results: ActionResult[] = [];
  const done: string[] = [];
  for (const id of ids) {
    const o = deleteOne(ctx.state, index, id);
    results.push(o.result);
    if (o.ok) done.push(id);
  }
  ctx.state.store.emit(index.apiName, 'delete', done, []);
  return json(multiStatus(results, 200), { data: results });
}

export function deleteRecord(req: ApiRequest, ctx: Context): ApiResponse {
  const m = recordModule(req, ctx.state);
  if (!m.ok) return m.response;
  return deleteIds(m.index, [req.params['id'] ?? ''], ctx);
}
