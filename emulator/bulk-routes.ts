/**
 * Bulk APIs (v8 "Bulk Read" and "Bulk Write"): POST /crm/bulk/v8/read → job, GET its status,
 * GET …/result → a zip holding `<id>.csv`; POST /crm/bulk/v8/write → job over a file uploaded
 * through upload-route.ts, inserting/updating/upserting rows through the same rules as the records API;
 * per-row result file.
 */
import type { Context } from './context.ts';
import { DONE_MS, type ReadJob, type WriteJob, type WriteResourceResult } from './bulk-jobs.ts';
import { matchesBulkCriteria } from './bulk-criteria.ts';
import { error, errors, isObject, json, parseJsonBody } from './envelopes.ts';
import type { FieldRule, ModuleIndex } from './module-index.ts';
import { csvRowsOf, toCsv, zipSingleFile } from './bulk-files.ts';
import { CURRENT_USER } from './org.ts';
import { createOne, updateOne } from './record-writes.ts';
import type { ApiRequest, ApiResponse, Rec } from './types.ts';
import { isLoopbackUrl } from './notifications.ts';

const READ_PAGE = 200_000; // records per bulk read page
const WRITE_ROWS = 25_000; // rows per bulk write file

const createdBy = () => ({ id: CURRENT_USER.id, name: CURRENT_USER.full_name });

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (isObject(v)) return typeof v['id'] === 'string' ? v['id'] : JSON.stringify(v);
  if (Array.isArray(v))
    return v.map((x) => (isObject(x) ? String(x['name'] ?? x['id'] ?? '') : String(x))).join(';');
  return String(v);
}

function postCallback(callback: Record<string, unknown> | null, body: unknown): void {
  const url = callback?.['url'];
  if (typeof url !== 'string' || !isLoopbackUrl(url)) return;
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).catch(() => undefined);
}

// ---- read ---------------------------------------------------------------------------------------

function readJobView(ctx: Context, job: ReadJob): Record<string, unknown> {
  const state = ctx.bulk.state(job);
  const view: Record<string, unknown> = {
    id: job.id,
    operation: 'read',
    state,
    query: job.query,
    created_by: createdBy(),
    created_time: job.createdTime,
    file_type: job.fileType,
  };
  if (job.result) {
    view['result'] = {
      page: Number(job.query['page'] ?? 1),
      count: job.result.count,
      download_url: `/crm/bulk/v8/read/${job.id}/result`,
      per_page: READ_PAGE,
      more_records: false,
    };
  }
  return view;
}

export function createBulkReadJob(req: ApiRequest, ctx: Context): ApiResponse {
  const p = parseJsonBody(req.body);
  if (!p.ok) return p.response;
  const body = p.value;
  if (!isObject(body)) return errors.malformedBody();
  const query = body['query'];
  if (!isObject(query))
    return error(400, 'MANDATORY_NOT_FOUND', 'required field not found', {
      api_name: 'query',
      json_path: '$.query',
    });
  const modName = isObject(query['module']) ? query['module']['api_name'] : query['module'];
  if (typeof modName !== 'string')
    return error(400, 'MANDATORY_NOT_FOUND', 'required field not found', {
      api_name: 'module',
      json_path: '$.query.module',
    });
  const index = ctx.state.index.find(modName);
  if (!index || !ctx.state.index.recordModules.includes(index.apiName))
    return error(400, 'INVALID_DATA', 'invalid data', {
      api_name: 'module',
      json_path: '$.query.module',
    });
  const fields = query['fields'];
  let columns: string[];
  if (fields === undefined) columns = ['Id', ...index.fieldList.map((f) => f.apiName)];
  else if (Array.isArray(fields) && fields.every((f) => typeof f === 'string')) {
    for (const f of fields as string[]) {
      if (f !== 'id' && f !== 'Id' && !index.fields.has(f))
        return error(400, 'INVALID_DATA', 'invalid data', {
          api_name: f,
          json_path: '$.query.fields',
        });
    }
    columns = ['Id', ...(fields as string[]).filter((f) => f !== 'id' && f !== 'Id')];
  } else
    return error(400, 'INVALID_DATA', 'invalid data', {
      api_name: 'fields',
      json_path: '$.query.fields',
      expected_data_type: 'jsonarray',
    });
  const fileType = typeof body['file_type'] === 'string' ? body['file_type'] : 'csv';
  const callback = isObject(body['callback']) ? body['callback'] : null;
  const id = ctx.state.store.ids.next();
  const job: ReadJob = {
    id,
    createdAt: Date.now(),
    createdTime: ctx.state.now(),
    query: { ...query, module: { api_name: index.apiName, id: index.module.id ?? null } },
    fileType,
    callback,
    result: null,
    failed: false,
  };
  ctx.bulk.reads.set(id, job);
  const page = typeof query['page'] === 'number' && query['page'] > 0 ? query['page'] : 1;
  ctx.bulk.schedule(
    () => {
      if (ctx.bulk.reads.get(id) !== job) return;
      // The snapshot is taken when the job runs, as Zoho's does.
      const rows: string[][] = [];
      const all = ctx.state.store
        .list(index.apiName)
        .filter((r) => matchesBulkCriteria(r, query['criteria']));
      for (const r of all.slice((page - 1) * READ_PAGE, page * READ_PAGE))
        rows.push(columns.map((c) => (c === 'Id' ? r.id : cell(r[c]))));
      const csv = toCsv(columns, rows);
      job.result = {
        zip: zipSingleFile(`${id}.csv`, new TextEncoder().encode(csv)),
        count: rows.length,
      };
      postCallback(callback, {
        job_id: id,
        operation: 'read',
        state: 'COMPLETED',
        query: job.query,
        result: readJobView(ctx, job)['result'],
      });
    },
    DONE_MS,
    () => {
      job.failed = true;
    },
  );
  return json(201, {
    data: [
      {
        status: 'success',
        code: 'ADDED_SUCCESSFULLY',
        message: 'Added successfully.',
        details: {
          id,
          operation: 'read',
          state: 'ADDED',
          created_by: createdBy(),
          created_time: job.createdTime,
        },
      },
    ],
    info: {},
  });
}

export function getBulkReadJob(req: ApiRequest, ctx: Context): ApiResponse {
  const job = ctx.bulk.reads.get(req.params['job'] ?? '');
  if (!job)
    return error(400, 'INVALID_DATA', 'the id given seems to be invalid', {
      id: req.params['job'] ?? '',
    });
  return json(200, { data: [readJobView(ctx, job)] });
}

export function downloadBulkReadResult(req: ApiRequest, ctx: Context): ApiResponse {
  const job = ctx.bulk.reads.get(req.params['job'] ?? '');
  if (!job)
    return error(400, 'INVALID_DATA', 'the id given seems to be invalid', {
      id: req.params['job'] ?? '',
    });
  if (!job.result)
    return error(400, 'INVALID_REQUEST', 'the job is not completed yet', {
      id: job.id,
      state: ctx.bulk.state(job),
    });
  return {
    status: 200,
    bytes: job.result.zip,
    contentType: 'application/zip',
    headers: { 'Content-Disposition': `attachment; filename="${job.id}.zip"` },
  };
}

// ---- write --------------------------------------------------------------------------------------

function toValue(rule: FieldRule | undefined, raw: string): unknown {
  if (raw === '') return null;
  if (!rule) return raw;
  switch (rule.dataType) {
    case 'integer':
    case 'bigint':
    case 'double':
    case 'currency':
    case 'decimal':
    case 'percent': {
      const n = Number(raw);
      return Number.isNaN(n) ? raw : n;
    }
    case 'boolean':
      return raw.toLowerCase() === 'true' ? true : raw.toLowerCase() === 'false' ? false : raw;
    case 'lookup':
    case 'ownerlookup':
    case 'userlookup':
      return { id: raw };
    case 'multiselectpicklist':
      return raw.split(';');
    default:
      return raw;
  }
}

function runWrite(ctx: Context, job: WriteJob): void {
  const { state } = ctx;
  const resources: WriteResourceResult[] = [];
  let resultCsv = '';
  for (const res of job.resource) {
    const modName = isObject(res['module']) ? res['module']['api_name'] : res['module'];
    const index = typeof modName === 'string' ? state.index.find(modName) : undefined;
    const upload =
      typeof res['file_id'] === 'string' ? ctx.bulk.files.get(res['file_id']) : undefined;
    if (!index || !upload) continue;
    // Rows parsed as they are read; past the header and WRITE_ROWS rows the file is not parsed at all.
    const rows: string[][] = [];
    for (const r of csvRowsOf(upload.csv)) if (rows.push(r) > WRITE_ROWS) break;
    const header = rows[0] ?? [];
    const mappings = Array.isArray(res['field_mappings'])
      ? (res['field_mappings'].filter(isObject) as { api_name?: unknown; index?: unknown }[])
      : header.map((h, i) => ({ api_name: h, index: i }));
    const findBy =
      typeof res['find_by'] === 'string'
        ? res['find_by']
        : job.operation === 'update'
          ? 'id'
          : null;
    const out: string[][] = [];
    let added = 0;
    let updated = 0;
    let skipped = 0;
    const inserted: string[] = [];
    const changed: string[] = [];
    rows.slice(1, WRITE_ROWS + 1).forEach((row, i) => {
      const input: Record<string, unknown> = {};
      for (const m of mappings) {
        if (typeof m.api_name !== 'string' || typeof m.index !== 'number') continue;
        input[m.api_name] = toValue(index.fields.get(m.api_name), row[m.index] ?? '');
      }
      const target = findTarget(ctx, index, findBy, input);
      let status: string;
      let errorText = '';
      let recordId = '';
      if (job.operation === 'insert' || (job.operation === 'upsert' && !target)) {
        const o = createOne(state, index, input, i);
        if (o.ok) {
          added += 1;
          status = 'ADDED';
          recordId = o.record.id;
          inserted.push(o.record.id);
        } else {
          skipped += 1;
          status = 'SKIPPED';
          errorText = `${o.result.code}${typeof o.result.details['api_name'] === 'string' ? `:${o.result.details['api_name']}` : ''}`;
        }
      } else if (target) {
        const o = updateOne(state, index, target, input, i);
        if (o.ok) {
          updated += 1;
          status = 'UPDATED';
          recordId = target;
          changed.push(target);
        } else {
          skipped += 1;
          status = 'SKIPPED';
          errorText = o.result.code;
        }
      } else {
        skipped += 1;
        status = 'SKIPPED';
        errorText = 'NOT_FOUND';
      }
      out.push([...header.map((_, k) => row[k] ?? ''), recordId, status, errorText]);
    });
    state.store.emit(index.apiName, 'insert', inserted, []);
    state.store.emit(index.apiName, 'update', changed, []);
    resultCsv += toCsv([...header, 'RECORD_ID', 'STATUS', 'ERRORS'], out);
    resources.push({
      module: index.apiName,
      fieldMappings: res['field_mappings'] ?? null,
      fileName: upload.name,
      added,
      updated,
      skipped,
      total: added + updated + skipped,
    });
  }
  job.result = {
    zip: zipSingleFile(`${job.id}.csv`, new TextEncoder().encode(resultCsv)),
    resources,
  };
}

function findTarget(
  ctx: Context,
  index: ModuleIndex,
  findBy: string | null,
  input: Record<string, unknown>,
): string | undefined {
  if (findBy === null) return undefined;
  const v = input[findBy];
  if (findBy === 'id')
    return typeof v === 'string' && ctx.state.store.get(index.apiName, v) ? v : undefined;
  if (v === null || v === undefined) return undefined;
  const hit = ctx.state.store.findUnique(index.apiName, findBy, v);
  if (hit !== undefined) return hit;
  return ctx.state.store.list(index.apiName).find((r: Rec) => r[findBy] === v)?.id;
}

function writeJobView(ctx: Context, job: WriteJob): Record<string, unknown> {
  const st = ctx.bulk.state(job);
  const view: Record<string, unknown> = {
    status: st,
    character_encoding: 'UTF-8',
    resource: job.resource.map((res, i) => {
      const r = job.result?.resources[i];
      return {
        status: st,
        type: 'data',
        module: res['module'],
        field_mappings: res['field_mappings'] ?? null,
        file: r
          ? {
              status: st,
              name: r.fileName,
              added_count: r.added,
              skipped_count: r.skipped,
              updated_count: r.updated,
              total_count: r.total,
            }
          : {
              status: st,
              name:
                typeof res['file_id'] === 'string'
                  ? (ctx.bulk.files.get(res['file_id'])?.name ?? '')
                  : '',
            },
      };
    }),
    id: job.id,
    created_by: createdBy(),
    operation: job.operation,
    created_time: job.createdTime,
  };
  if (job.result) view['result'] = { download_url: `/crm/bulk/v8/write/${job.id}/result` };
  return view;
}

export function createBulkWriteJob(req: ApiRequest, ctx: Context): ApiResponse {
  const p = parseJsonBody(req.body);
  if (!p.ok) return p.response;
  const body = p.value;
  if (!isObject(body)) return errors.malformedBody();
  const operation = body['operation'];
  if (operation !== 'insert' && operation !== 'update' && operation !== 'upsert')
    return error(400, 'INVALID_DATA', 'invalid data', {
      api_name: 'operation',
      json_path: '$.operation',
    });
  const resource = body['resource'];
  if (!Array.isArray(resource) || resource.length === 0)
    return error(400, 'MANDATORY_NOT_FOUND', 'required field not found', {
      api_name: 'resource',
      json_path: '$.resource',
    });
  for (const [i, r] of resource.entries()) {
    if (!isObject(r))
      return error(400, 'INVALID_DATA', 'invalid data', { json_path: `$.resource[${i}]` });
    const modName = isObject(r['module']) ? r['module']['api_name'] : r['module'];
    if (typeof modName !== 'string' || !ctx.state.index.find(modName))
      return error(400, 'INVALID_DATA', 'invalid data', {
        api_name: 'module',
        json_path: `$.resource[${i}].module`,
      });
    if (typeof r['file_id'] !== 'string' || !ctx.bulk.files.has(r['file_id']))
      return error(400, 'INVALID_DATA', 'invalid data', {
        api_name: 'file_id',
        json_path: `$.resource[${i}].file_id`,
      });
  }
  const id = ctx.state.store.ids.next();
  const callback = isObject(body['callback']) ? body['callback'] : null;
  const job: WriteJob = {
    id,
    createdAt: Date.now(),
    createdTime: ctx.state.now(),
    operation,
    resource: resource.filter(isObject),
    callback,
    result: null,
    failed: false,
  };
  ctx.bulk.writes.set(id, job);
  ctx.bulk.schedule(() => {
    try {
      runWrite(ctx, job);
    } catch {
      job.failed = true;
      return;
    }
    postCallback(callback, {
      job_id: id,
      operation,
      state: 'COMPLETED',
      resource: writeJobView(ctx, job)['resource'],
    });
  }, DONE_MS);
  return json(201, {
    status: 'success',
    code: 'SUCCESS',
    message: 'success',
    details: { id, created_by: createdBy() },
  });
}

export function getBulkWriteJob(req: ApiRequest, ctx: Context): ApiResponse {
  const job = ctx.bulk.writes.get(req.params['job'] ?? '');
  if (!job)
    return error(400, 'INVALID_DATA', 'the id given seems to be invalid', {
      id: req.params['job'] ?? '',
    });
  return json(200, writeJobView(ctx, job));
}

export function downloadBulkWriteResult(req: ApiRequest, ctx: Context): ApiResponse {
  const job = ctx.bulk.writes.get(req.params['job'] ?? '');
  if (!job)
    return error(400, 'INVALID_DATA', 'the id given seems to be invalid', {
      id: req.params['job'] ?? '',
    });
  if (!job.result)
    return error(400, 'INVALID_REQUEST', 'the job is not completed yet', { id: job.id });
  return {
    status: 200,
    bytes: job.result.zip,
    contentType: 'application/zip',
    headers: { 'Content-Disposition': `attachment; filename="${job.id}.zip"` },
  };
}
