/**
 * Related records (v8 "Related Records": GET/PUT/DELETE /{module}/{id}/{related_list}, and GET/PUT/DELETE
 * of one related record /{module}/{id}/{related_list}/{related_id}), driven by
 * the snapshot's related lists: a child belongs to a parent through a lookup field of the child's
 * module that targets the parent's module, or through a link made with PUT (many-to-many lists).
 */
import type { Context } from './context.ts';
import { error, errorBody, errors, json, noContent, type ActionResult } from './envelopes.ts';
import type { ModuleIndex } from './module-index.ts';
import { intParam, parseFields, project, recordModule } from './records-common.ts';
import { dataArray, WRITE_LIMIT } from './records-routes.ts';
import type { EmulatorState } from './state.ts';
import type { ApiRequest, ApiResponse, Rec } from './types.ts';
import { isObject } from './envelopes.ts';

interface Relation {
  child: ModuleIndex;
  lookupField: string | null;
  linkKey: string;
}

function relation(
  req: ApiRequest,
  state: EmulatorState,
  parent: ModuleIndex,
): Relation | ApiResponse {
  const name = req.params['related'] ?? '';
  const rl = parent.relatedLists.find((r) => r.api_name.toLowerCase() === name.toLowerCase());
  const childName = rl?.module?.api_name ?? (rl ? rl.api_name : null);
  const child = childName ? state.index.modules.get(childName) : undefined;
  if (!rl || !child || !state.index.recordModules.includes(child.apiName)) {
    return error(400, 'INVALID_DATA', 'the related list api name given seems to be invalid', {
      resource_path_index: 2,
    });
  }
  const lookup = child.fieldList.find(
    (f) => f.dataType === 'lookup' && f.lookupModule === parent.apiName,
  );
  return {
    child,
    lookupField: lookup?.apiName ?? null,
    linkKey: `${parent.apiName}:${req.params['id'] ?? ''}:${rl.api_name}`,
  };
}

function children(state: EmulatorState, rel: Relation, parentId: string): Rec[] {
  const linked = state.links.get(rel.linkKey) ?? new Set<string>();
  const out: Rec[] = [];
  for (const r of state.store.list(rel.child.apiName)) {
    const v = rel.lookupField ? r[rel.lookupField] : null;
    if ((isObject(v) && v['id'] === parentId) || linked.has(r.id)) out.push(r);
  }
  return out;
}

function parentOf(req: ApiRequest, ctx: Context): { index: ModuleIndex; id: string } | ApiResponse {
  const m = recordModule(req, ctx.state);
  if (!m.ok) return m.response;
  const id = req.params['id'] ?? '';
  if (!ctx.state.store.get(m.index.apiName, id))
    return error(400, 'INVALID_DATA', 'the related id given seems to be invalid', {
      id,
      resource_path_index: 1,
    });
  return { index: m.index, id };
}

/** What a listing of a related list reads from the request: parent, relation, fields and page. */
interface RelatedListing {
  p: { index: ModuleIndex; id: string };
  rel: Relation;
  fields: string[] | null;
  perPage: number;
  page: number;
}

function relatedListing(req: ApiRequest, ctx: Context): RelatedListing | ApiResponse {
  const p = parentOf(req, ctx);
  if ('status' in p) return p;
  const rel = relation(req, ctx.state, p.index);
  if ('status' in rel) return rel;
  const f = parseFields(req, rel.child, true);
  if (!f.ok) return f.response;
  const pp = intParam(req, 'per_page', 200, 200);
  if (!pp.ok) return pp.response;
  const pg = intParam(req, 'page', 1, Number.MAX_SAFE_INTEGER);
  if (!pg.ok) return pg.response;
  return { p, rel, fields: f.fields, perPage: pp.value, page: pg.value };
}

export function listRelatedRecords(req: ApiRequest, ctx: Context): ApiResponse {
  const l = relatedListing(req, ctx);
  if ('status' in l) return l;
  const { p, rel } = l;
  const all = children(ctx.state, rel, p.id);
  const offset = (l.page - 1) * l.perPage;
  const page = all.slice(offset, offset + l.perPage);
  if (page.length === 0) return noContent;
  return json(200, {
    data: page.map((r) => project(r, l.fields)),
    info: {
      per_page: l.perPage,
      count: page.length,
      page: l.page,
      more_records: offset + l.perPage < all.length,
    },
  });
}

/** GET /{module}/{id}/{related_list}/{related_id}: one record of the list (204 when the list does not hold it). */
export function getRelatedRecord(req: ApiRequest, ctx: Context): ApiResponse {
  const p = parentOf(req, ctx);
  if ('status' in p) return p;
  const rel = relation(req, ctx.state, p.index);
  if ('status' in rel) return rel;
  const f = parseFields(req, rel.child, false);
  if (!f.ok) return f.response;
  const relatedId = req.params['relatedId'] ?? '';
  const found = children(ctx.state, rel, p.id).find((r) => r.id === relatedId);
  if (!found) return noContent;
  return json(200, { data: [project(found, f.fields)] });
}

/**
 * GET /{module}/deleted/{id}/{related_list}: records of the list now in the recycle bin — those whose
 * lookup named this record, or that were linked to it — with the fields asked for and `$member_info`.
 */
export function listDeletedRelatedRecords(req: ApiRequest, ctx: Context): ApiResponse {
  const l = relatedListing(req, ctx);
  if ('status' in l) return l;
  const { p, rel } = l;
  const linked = ctx.state.links.get(rel.linkKey) ?? new Set<string>();
  const all = ctx.state.store.deleted(rel.child.apiName).filter((e) => {
    const v = rel.lookupField ? e.record[rel.lookupField] : null;
    return (isObject(v) && v['id'] === p.id) || linked.has(e.id);
  });
  const offset = (l.page - 1) * l.perPage;
  const page = all.slice(offset, offset + l.perPage);
  if (page.length === 0) return noContent;
  return json(200, {
    data: page.map((e) => ({
      ...project(e.record, l.fields),
      $member_info: {
        id: e.id,
        Created_Time: e.record['Created_Time'] ?? null,
        Modified_Time: e.deleted_time,
      },
    })),
    info: {
      per_page: l.perPage,
      count: page.length,
      page: l.page,
      more_records: offset + l.perPage < all.length,
    },
  });
}

export function updateRelatedRecords(req: ApiRequest, ctx: Context): ApiResponse {
  const d = dataArray(req);
  if (!d.ok) return d.response;
  return relate(req, ctx, d.data);
}

/** PUT /{module}/{id}/{related_list}/{related_id}: relate one record (body optional). */
export function updateRelatedRecord(req: ApiRequest, ctx: Context): ApiResponse {
  const relatedId = req.params['relatedId'] ?? '';
  return relate(req, ctx, [{ id: relatedId }]);
}

function relate(req: ApiRequest, ctx: Context, data: readonly unknown[]): ApiResponse {
  const p = parentOf(req, ctx);
  if ('status' in p) return p;
  const rel = relation(req, ctx.state, p.index);
  if ('status' in rel) return rel;
  const { state } = ctx;
  const results: ActionResult[] = [];
  data.forEach((input, i) => {
    const id = isObject(input) ? input['id'] : undefined;
    if (typeof id !== 'string') {
      results.push(
        errorBody('MANDATORY_NOT_FOUND', 'required field not found', {
          api_name: 'id',
          json_path: `$.data[${i}].id`,
        }),
      );
      return;
    }
    if (!state.store.get(rel.child.apiName, id)) {
      results.push(errorBody('INVALID_DATA', 'the related id given seems to be invalid', { id }));
      return;
    }
    if (rel.lookupField) {
      state.store.update(rel.child.apiName, id, {
        [rel.lookupField]: { name: state.displayName(p.index.apiName, p.id) ?? null, id: p.id },
        Modified_Time: state.now(),
      });
    } else {
      let set = state.links.get(rel.linkKey);
      if (!set) state.links.set(rel.linkKey, (set = new Set()));
      set.add(id);
    }
    results.push({
      code: 'SUCCESS',
      details: { id },
      message: 'relation updated',
      status: 'success',
    });
  });
  return json(
    results.every((r) => r.status === 'success')
      ? 200
      : results.some((r) => r.status === 'success')
        ? 207
        : 400,
    { data: results },
  );
}

export function delinkRelatedRecords(req: ApiRequest, ctx: Context): ApiResponse {
  const raw = req.query.get('ids');
  if (raw === null || raw === '') return errors.requiredParam('ids');
  const ids = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (ids.length > WRITE_LIMIT) return errors.limitExceeded(WRITE_LIMIT, { param_name: 'ids' });
  return delink(req, ctx, ids);
}

export function delinkRelatedRecord(req: ApiRequest, ctx: Context): ApiResponse {
  return delink(req, ctx, [req.params['relatedId'] ?? '']);
}

function delink(req: ApiRequest, ctx: Context, ids: readonly string[]): ApiResponse {
  const p = parentOf(req, ctx);
  if ('status' in p) return p;
  const rel = relation(req, ctx.state, p.index);
  if ('status' in rel) return rel;
  const { state } = ctx;
  const current = new Set(children(state, rel, p.id).map((r) => r.id));
  const results: ActionResult[] = ids.map((id) => {
    if (!current.has(id))
      return errorBody('INVALID_DATA', 'the related id given seems to be invalid', { id });
    state.links.get(rel.linkKey)?.delete(id);
    const r = state.store.get(rel.child.apiName, id);
    const v = rel.lookupField && r ? r[rel.lookupField] : null;
    if (rel.lookupField && isObject(v) && v['id'] === p.id)
      state.store.update(rel.child.apiName, id, {
        [rel.lookupField]: null,
        Modified_Time: state.now(),
      });
    return { code: 'SUCCESS', details: { id }, message: 'relation removed', status: 'success' };
  });
  return json(
    results.every((r) => r.status === 'success')
      ? 200
      : results.some((r) => r.status === 'success')
        ? 207
        : 400,
    { data: results },
  );
}
