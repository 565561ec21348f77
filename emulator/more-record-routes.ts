/**
 * The rarer record operations: mass update (v8 "Mass Update Records": by `ids` ≤ 500 at once, or
 * by `cvid` as a scheduled job polled with `job_id`) and clone (v8 "Clone Record"). The record photo is
 * photo-routes.ts.
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
import { actionState } from './action-state.ts';
import { recordModule } from './records-common.ts';
import { createOne, updateOne } from './record-writes.ts';
import type { ApiRequest, ApiResponse } from './types.ts';

const MASS_IDS = 500;
const MASS_CVID = 50_000;
/** Fields Zoho never mass-updates. */
const NOT_MASS_UPDATABLE = new Set([
  'email',
  'lookup',
  'textarea',
  'subform',
  'multiselectlookup',
  'fileupload',
  'imageupload',
]);

export function massUpdateRecords(req: ApiRequest, ctx: Context): ApiResponse {
  const m = recordModule(req, ctx.state);
  if (!m.ok) return m.response;
  const p = parseJsonBody(req.body);
  if (!p.ok) return p.response;
  const body = p.value;
  if (!isObject(body)) return errors.malformedBody();
  const data = body['data'];
  if (!Array.isArray(data) || data.length === 0 || !isObject(data[0]))
    return errors.mandatoryBody('data');
  if (data.length > 1) return errors.limitExceeded(1, { api_name: 'data', json_path: '$.data' });
  const values = data[0];
  const keys = Object.keys(values);
  const maxFields = m.index.apiName === 'Deals' ? 3 : 1;
  if (keys.length === 0) return errors.mandatoryBody('data');
  if (keys.length > maxFields)
    return errors.limitExceeded(maxFields, { api_name: 'data', json_path: '$.data[0]' });
  for (const k of keys) {
    const rule = m.index.fields.get(k);
    if (!rule || rule.readOnly || NOT_MASS_UPDATABLE.has(rule.dataType)) {
      return error(400, 'INVALID_DATA', 'invalid data', {
        api_name: k,
        json_path: `$.data[0].${k}`,
      });
    }
  }
  const ids = body['ids'];
  const cvid = body['cvid'];
  if (ids !== undefined && cvid !== undefined)
    return error(400, 'AMBIGUITY_DURING_PROCESSING', 'You cannot use both ids and cvid.', {
      ambiguity_due_to: ['ids', 'cvid'],
    });
  const { state } = ctx;
  if (Array.isArray(ids)) {
    if (ids.length === 0) return errors.mandatoryBody('ids');
    if (ids.length > MASS_IDS)
      return errors.limitExceeded(MASS_IDS, { api_name: 'ids', json_path: '$.ids' });
    const results: ActionResult[] = [];
    const done: string[] = [];
    for (const id of ids) {
      if (typeof id !== 'string') {
        results.push(
          errorBody('INVALID_DATA', 'invalid data', { api_name: 'ids', json_path: '$.ids' }),
        );
        continue;
      }
      const o = updateOne(state, m.index, id, values, 0);
      results.push(
        o.ok
          ? { code: 'SUCCESS', details: { id }, message: 'record updated', status: 'success' }
          : o.result,
      );
      if (o.ok) done.push(id);
    }
    actionState(state).timelines.as({ source: 'mass_update' }, () =>
      state.store.emit(m.index.apiName, 'update', done, keys),
    );
    return json(multiStatus(results, 200), { data: results });
  }
  if (typeof cvid !== 'string') return errors.requiredParam('ids');
  // A custom view's criteria are not in the snapshot: the job covers the whole module.
  const jobId = state.store.ids.next();
  const job = { id: jobId, total: 0, updated: 0, notUpdated: 0, failed: 0 };
  const targets = state.store
    .list(m.index.apiName)
    .slice(0, MASS_CVID)
    .map((r) => r.id);
  job.total = targets.length;
  const done: string[] = [];
  for (const id of targets) {
    const o = updateOne(state, m.index, id, values, 0);
    if (o.ok) {
      job.updated += 1;
      done.push(id);
    } else job.failed += 1;
  }
  state.massUpdates.set(jobId, job);
  actionState(state).timelines.as({ source: 'mass_update_via_scheduler' }, () =>
    state.store.emit(m.index.apiName, 'update', done, keys),
  );
  return json(200, {
    data: [
      {
        code: 'SCHEDULED',
        details: { job_id: jobId },
        message: 'Mass update scheduled successfully',
        status: 'success',
      },
    ],
  });
}

export function getMassUpdateStatus(req: ApiRequest, ctx: Context): ApiResponse {
  const m = recordModule(req, ctx.state);
  if (!m.ok) return m.response;
  const jobId = req.query.get('job_id');
  if (!jobId) return errors.requiredParam('job_id');
  const job = ctx.state.massUpdates.get(jobId);
  if (!job) return errors.invalidParam('job_id');
  return json(200, {
    data: [
      {
        Status: 'COMPLETED',
        Total_Count: job.total,
        Updated_Count: job.updated,
        Not_Updated_Count: job.notUpdated,
        Failed_Count: job.failed,
      },
    ],
  });
}

export function cloneRecord(req: ApiRequest, ctx: Context): ApiResponse {
  const m = recordModule(req, ctx.state);
  if (!m.ok) return m.response;
  const id = req.params['id'] ?? '';
  const source = ctx.state.store.get(m.index.apiName, id);
  if (!source)
    return error(400, 'INVALID_DATA', 'the related id given seems to be invalid', {
      id,
      resource_path_index: 1,
    });
  let overrides: Record<string, unknown> = {};
  if (req.body.length > 0) {
    const p = parseJsonBody(req.body);
    if (!p.ok) return p.response;
    const data = isObject(p.value) ? p.value['data'] : undefined;
    if (Array.isArray(data) && isObject(data[0])) overrides = data[0];
  }
  const input: Record<string, unknown> = {};
  for (const f of m.index.fieldList) {
    if (f.readOnly) continue;
    const v = source[f.apiName];
    if (v !== null && v !== undefined) input[f.apiName] = v;
  }
  Object.assign(input, overrides);
  const o = createOne(ctx.state, m.index, input, 0);
  if (!o.ok) return json(400, { data: [o.result] });
  ctx.state.store.emit(m.index.apiName, 'insert', [o.record.id], []);
  return json(201, { data: [o.result] });
}
