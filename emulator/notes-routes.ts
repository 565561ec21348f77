/**
 * Notes (v8 "Notes"): module-level GET/POST/PUT/DELETE /crm/v8/Notes, one note GET/PUT/DELETE
 * /crm/v8/Notes/{note_id}, and per-record GET/POST/PUT /crm/v8/{module}/{id}/Notes.
 * A note's parent is `Parent_Id: {module: {api_name}, id}`.
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
  type ActionResult,
} from './envelopes.ts';
import { CURRENT_USER, userRef } from './org.ts';
import { intParam, recordModule } from './records-common.ts';
import { dataArray, WRITE_LIMIT } from './records-routes.ts';
import type { EmulatorState } from './state.ts';
import type { ApiRequest, ApiResponse, Rec } from './types.ts';

const NOTES = 'Notes';

function createNote(
  state: EmulatorState,
  input: unknown,
  i: number,
  parent: { module: string; id: string } | null,
): { ok: true; id: string; result: ActionResult } | { ok: false; result: ActionResult } {
  const base = `$.data[${i}]`;
  if (!isObject(input))
    return {
      ok: false,
      result: errorBody('INVALID_DATA', 'invalid data', {
        json_path: base,
        expected_data_type: 'jsonobject',
      }),
    };
  const content = input['Note_Content'];
  if (typeof content !== 'string' || content === '')
    return {
      ok: false,
      result: errorBody('MANDATORY_NOT_FOUND', 'required field not found', {
        api_name: 'Note_Content',
        json_path: `${base}.Note_Content`,
      }),
    };
  let p = parent;
  if (!p) {
    const pid = input['Parent_Id'];
    const mod = isObject(pid) && isObject(pid['module']) ? pid['module']['api_name'] : undefined;
    const id = isObject(pid) ? pid['id'] : undefined;
    if (typeof mod !== 'string' || typeof id !== 'string')
      return {
        ok: false,
        result: errorBody('MANDATORY_NOT_FOUND', 'required field not found', {
          api_name: 'Parent_Id',
          json_path: `${base}.Parent_Id`,
        }),
      };
    const index = state.index.find(mod);
    if (!index || state.displayName(index.apiName, id) === undefined)
      return {
        ok: false,
        result: errorBody('INVALID_DATA', 'the id given seems to be invalid', {
          api_name: 'Parent_Id',
          json_path: `${base}.Parent_Id`,
          id,
        }),
      };
    p = { module: index.apiName, id };
  }
  const now = state.now();
  const me = userRef(CURRENT_USER);
  const title = input['Note_Title'];
  const note: Rec = {
    id: state.store.ids.next(),
    Note_Title: typeof title === 'string' ? title : null,
    Note_Content: content,
    Parent_Id: {
      module: { api_name: p.module, id: state.index.modules.get(p.module)?.module.id ?? null },
      name: state.displayName(p.module, p.id) ?? null,
      id: p.id,
    },
    Owner: me,
    Created_By: me,
    Modified_By: me,
    Created_Time: now,
    Modified_Time: now,
    $se_module: p.module,
  };
  state.store.insert(NOTES, note);
  return {
    ok: true,
    id: note.id,
    result: {
      code: 'SUCCESS',
      details: {
        Modified_Time: now,
        Modified_By: me,
        Created_Time: now,
        id: note.id,
        Created_By: me,
      },
      message: 'record added',
      status: 'success',
    },
  };
}

function page(req: ApiRequest, notes: readonly Rec[]): ApiResponse {
  const pp = intParam(req, 'per_page', 200, 200);
  if (!pp.ok) return pp.response;
  const pg = intParam(req, 'page', 1, Number.MAX_SAFE_INTEGER);
  if (!pg.ok) return pg.response;
  const offset = (pg.value - 1) * pp.value;
  const slice = notes.slice(offset, offset + pp.value);
  if (slice.length === 0) return noContent;
  const fields = fieldList(req);
  const data = slice.map((n) => {
    if (!fields) return n;
    const out: Record<string, unknown> = { id: n.id };
    for (const f of fields) out[f] = n[f] ?? null;
    return out;
  });
  return json(200, {
    data,
    info: {
      per_page: pp.value,
      count: slice.length,
      page: pg.value,
      more_records: offset + pp.value < notes.length,
    },
  });
}

export function listNotes(req: ApiRequest, ctx: Context): ApiResponse {
  if (req.query.get('fields') === null) return errors.requiredParam('fields');
  return page(req, ctx.state.store.list(NOTES));
}

export function createNotes(req: ApiRequest, ctx: Context): ApiResponse {
  const d = dataArray(req);
  if (!d.ok) return d.response;
  const results = d.data.map((input, i) => createNote(ctx.state, input, i, null).result);
  return json(multiStatus(results, 201), { data: results });
}

export function updateNotes(req: ApiRequest, ctx: Context): ApiResponse {
  const d = dataArray(req);
  if (!d.ok) return d.response;
  const results = d.data.map((input, i) => updateNote(ctx.state, input, i, null));
  return json(multiStatus(results, 200), { data: results });
}

/**
 * One note's changes (`Note_Title`, `Note_Content`) by its `id`; with `parentId`, the note must belong to
 * that record (PUT /{module}/{id}/Notes).
 */
function updateNote(
  state: EmulatorState,
  input: unknown,
  i: number,
  parentId: string | null,
): ActionResult {
  const id = isObject(input) ? input['id'] : undefined;
  if (typeof id !== 'string')
    return errorBody('MANDATORY_NOT_FOUND', 'required field not found', {
      api_name: 'id',
      json_path: `$.data[${i}].id`,
    });
  const note = state.store.get(NOTES, id);
  if (!note || (parentId !== null && parentOf(note) !== parentId))
    return errorBody('INVALID_DATA', 'the related id given seems to be invalid', {
      api_name: 'id',
      json_path: `$.data[${i}].id`,
      id,
    });
  const patch: Record<string, unknown> = {
    Modified_Time: state.now(),
    Modified_By: userRef(CURRENT_USER),
  };
  if (isObject(input) && typeof input['Note_Title'] === 'string')
    patch['Note_Title'] = input['Note_Title'];
  if (isObject(input) && typeof input['Note_Content'] === 'string')
    patch['Note_Content'] = input['Note_Content'];
  const r = state.store.update(NOTES, id, patch) as Rec;
  return {
    code: 'SUCCESS',
    details: {
      Modified_Time: r['Modified_Time'],
      Modified_By: r['Modified_By'],
      Created_Time: r['Created_Time'],
      id,
      Created_By: r['Created_By'],
    },
    message: 'record updated',
    status: 'success',
  };
}

function parentOf(note: Rec): unknown {
  const p = note['Parent_Id'];
  return isObject(p) ? p['id'] : undefined;
}

function deleteNote(state: EmulatorState, id: string): ActionResult {
  return state.store.remove(NOTES, id, null)
    ? { code: 'SUCCESS', details: { id }, message: 'record deleted', status: 'success' }
    : errorBody('INVALID_DATA', 'the related id given seems to be invalid', { id });
}

/** GET /Notes/{note_id}: the note (its `fields` only, when given); 204 when no note has that id. */
export function getNote(req: ApiRequest, ctx: Context): ApiResponse {
  const note = ctx.state.store.get(NOTES, req.params['note'] ?? '');
  if (!note) return noContent;
  const fields = fieldList(req);
  if (!fields) return json(200, { data: [note] });
  const out: Record<string, unknown> = { id: note.id };
  for (const f of fields) out[f] = note[f] ?? null;
  return json(200, { data: [out] });
}

/** PUT /Notes/{note_id}: `data` holds the one note's changes. */
export function updateOneNote(req: ApiRequest, ctx: Context): ApiResponse {
  const d = dataArray(req);
  if (!d.ok) return d.response;
  if (d.data.length !== 1)
    return errors.limitExceeded(1, { api_name: 'data', json_path: '$.data' });
  const input = isObject(d.data[0]) ? { ...d.data[0], id: req.params['note'] ?? '' } : d.data[0];
  const result = updateNote(ctx.state, input, 0, null);
  return json(result.status === 'success' ? 200 : 400, { data: [result] });
}

/** DELETE /Notes/{note_id}. */
export function deleteOneNote(req: ApiRequest, ctx: Context): ApiResponse {
  const result = deleteNote(ctx.state, req.params['note'] ?? '');
  return json(result.status === 'success' ? 200 : 400, { data: [result] });
}

/** PUT /{module}/{id}/Notes: notes by id, each of which must belong to the record. */
export function updateRecordNotes(req: ApiRequest, ctx: Context): ApiResponse {
  const p = recordParent(req, ctx);
  if ('status' in p) return p;
  const d = dataArray(req);
  if (!d.ok) return d.response;
  const results = d.data.map((input, i) => updateNote(ctx.state, input, i, p.id));
  return json(multiStatus(results, 200), { data: results });
}

function fieldList(req: ApiRequest): string[] | null {
  return (
    req.query
      .get('fields')
      ?.split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '') ?? null
  );
}

export function deleteNotes(req: ApiRequest, ctx: Context): ApiResponse {
  const raw = req.query.get('ids');
  if (raw === null || raw === '') return errors.requiredParam('ids');
  const ids = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (ids.length > WRITE_LIMIT) return errors.limitExceeded(WRITE_LIMIT, { param_name: 'ids' });
  const results: ActionResult[] = ids.map((id) => deleteNote(ctx.state, id));
  return json(multiStatus(results, 200), { data: results });
}

function recordParent(req: ApiRequest, ctx: Context): { module: string; id: string } | ApiResponse {
  const m = recordModule(req, ctx.state);
  if (!m.ok) return m.response;
  const id = req.params['id'] ?? '';
  if (ctx.state.displayName(m.index.apiName, id) === undefined)
    return error(400, 'INVALID_DATA', 'the related id given seems to be invalid', {
      id,
      resource_path_index: 1,
    });
  return { module: m.index.apiName, id };
}

export function listRecordNotes(req: ApiRequest, ctx: Context): ApiResponse {
  const p = recordParent(req, ctx);
  if ('status' in p) return p;
  const notes = ctx.state.store
    .list(NOTES)
    .filter((n) => isObject(n['Parent_Id']) && n['Parent_Id']['id'] === p.id);
  return page(req, notes);
}

export function createRecordNotes(req: ApiRequest, ctx: Context): ApiResponse {
  const p = recordParent(req, ctx);
  if ('status' in p) return p;
  const d = dataArray(req);
  if (!d.ok) return d.response;
  const results = d.data.map((input, i) => createNote(ctx.state, input, i, p).result);
  return json(multiStatus(results, 201), { data: results });
}
