/**
 * The record actions that write many records or one: mass update and its job status, clone, change owner
 * (one record or many), tags per record and in bulk, and one related record.
 * Zoho CRM v8: "Mass Update Records" (POST /{module}/actions/mass_update: by `ids`, at most 500, applied at
 * once with one result per record; or by `cvid`, a job polled with GET …?job_id=; one field per call, three in
 * Deals), "Clone Record" (POST /{module}/{id}/actions/clone), "Change Owner" (POST /{module}/{id}/actions/
 * change_owner, and /{module}/actions/change_owner for up to 500 ids), "Add Tags" / "Remove Tags" (per record:
 * /{module}/{id}/actions/add_tags; in bulk: /{module}/actions/add_tags with at most 100 ids), "Get Related
 * Records" (one: GET /{module}/{id}/{related_list}/{related_id}; the deleted ones: GET /{module}/deleted/{id}/
 * {related_list}, `fields` mandatory — zoho/crm-oas v8.0/related_records getDeletedRelatedRecord).
 */
import {
  actionPath,
  jobIdOf,
  oneResult,
  resultId,
  withSignal,
  type ActionOptions,
  type ActionTarget,
} from './action-target.js';
import { orEmpty } from './call-options.js';
import { writeInChunks, type WriteResult } from './batching.js';
import type { CoreRequest } from './core.js';
import { isRecord, NotFoundError, ZohoApiError } from './errors.js';
import { requireFields } from './list-page.js';
import type { RecordPage } from './pagination.js';

/** Ids per mass update and per mass change owner call (v8 "Mass Update Records", "Change Owner"). */
export const MASS_ACTION_MAX_IDS = 500;
/** Ids per bulk add / remove tags call (v8 "Add Tags"). */
export const TAG_ACTION_MAX_IDS = 100;

/** Fields one mass update may set: one, three in Deals (v8 "Mass Update Records"). */
export function massUpdateFieldLimit(apiName: string): number {
  return apiName === 'Deals' ? 3 : 1;
}

export interface MassUpdateOptions extends ActionOptions {
  /** Multi-select picklists: replace the values (true) or add to them (false). */
  overWrite?: boolean;
}

export interface MassUpdateStatus {
  /** `SCHEDULED`, `RUNNING`, `COMPLETED` or `FAILED`. */
  Status: string;
  Total_Count: number;
  Updated_Count: number;
  Not_Updated_Count: number;
  Failed_Count: number;
}

/** Sends `body` with `ids` in chunks of `chunkSize` to POST `path`; one result per id, in order. */
function bulkAction(
  target: ActionTarget,
  ids: readonly string[],
  path: string,
  body: Record<string, unknown>,
  operation: string,
  chunkSize: number,
  options: ActionOptions | undefined,
): Promise<WriteResult<string>[]> {
  return writeInChunks(
    ids,
    (chunk) =>
      target.core.request(
        withSignal(
          {
            method: 'POST',
            path,
            body: { ...body, ids: chunk },
            operation,
            idempotent: true,
            heavy: operation === 'massUpdateRecords',
          },
          options,
        ),
      ),
    { chunkSize },
  );
}

/** Checked before sending: Zoho refuses more fields than its limit for the whole call. */
function massUpdateBody(target: ActionTarget, values: object, overWrite: boolean | undefined) {
  const fields = Object.keys(values);
  const limit = massUpdateFieldLimit(target.apiName);
  if (fields.length === 0 || fields.length > limit)
    throw new RangeError(
      `${target.apiName}.massUpdate: set ${limit === 1 ? 'one field' : `1 to ${limit} fields`} per call (Zoho v8 "Mass Update Records"), not ${fields.length}${fields.length === 0 ? '' : ` (${fields.join(', ')})`}`,
    );
  const body: Record<string, unknown> = { data: [values] };
  if (overWrite !== undefined) body['over_write'] = overWrite;
  return body;
}

/**
 * Sets the same values on the records with these ids, 500 ids per call; one result per id, in order.
 * Replayable (setting a value twice leaves the same record).
 */
export async function massUpdate<TUpdate extends object>(
  target: ActionTarget,
  ids: readonly string[],
  values: TUpdate,
  options?: MassUpdateOptions,
): Promise<WriteResult<string>[]> {
  const body = massUpdateBody(target, values, options?.overWrite);
  const path = actionPath(target.apiName, 'actions', 'mass_update');
  return bulkAction(target, ids, path, body, 'massUpdateRecords', MASS_ACTION_MAX_IDS, options);
}

/** Sets the values on every record of a custom view (at most 50,000), as a job: poll massUpdateStatus. */
export async function massUpdateView<TUpdate extends object>(
  target: ActionTarget,
  cvid: string,
  values: TUpdate,
  options?: MassUpdateOptions & { territory?: { id: string; include_child?: boolean } },
): Promise<{ jobId: string }> {
  const body = massUpdateBody(target, values, options?.overWrite);
  body['cvid'] = cvid;
  if (options?.territory !== undefined) body['territory'] = options.territory;
  const answer = await target.core.request(
    withSignal(
      {
        method: 'POST',
        path: actionPath(target.apiName, 'actions', 'mass_update'),
        body,
        operation: 'massUpdateRecords',
        idempotent: true,
        heavy: true,
      },
      options,
    ),
  );
  return { jobId: jobIdOf(oneResult(answer, 'massUpdateRecords').details, 'massUpdateRecords') };
}

export function massUpdateStatus(
  target: ActionTarget,
  jobId: string,
  options?: ActionOptions,
): Promise<MassUpdateStatus> {
  return jobStatus(target, 'mass_update', 'getMassUpdateStatus', 'mass update', jobId, options);
}

/** A background job's counts (mass update, mass change owner): GET …/actions/<action>?job_id=. */
async function jobStatus(
  target: ActionTarget,
  action: string,
  operation: string,
  what: string,
  jobId: string,
  options: ActionOptions | undefined,
): Promise<MassUpdateStatus> {
  const body = await target.core.request<{ data?: MassUpdateStatus[] } | undefined>(
    withSignal(
      {
        method: 'GET',
        path: actionPath(target.apiName, 'actions', action),
        query: { job_id: jobId },
        operation,
      },
      options,
    ),
  );
  const status = body?.data?.[0];
  if (status === undefined)
    throw new ZohoApiError({
      code: 'UNEXPECTED_RESPONSE',
      message: `no status for ${what} job ${jobId}`,
      operation,
      body,
    });
  return status;
}

/** A copy of the record, `overrides` replacing copied values; the new record's id. Never replayed blindly. */
export async function cloneRecord<TUpdate extends object>(
  target: ActionTarget,
  id: string,
  overrides?: TUpdate,
  options?: ActionOptions,
): Promise<{ id: string }> {
  const req: CoreRequest = {
    method: 'POST',
    path: actionPath(target.apiName, id, 'actions', 'clone'),
    operation: 'cloneRecord',
    idempotent: false,
  };
  if (overrides !== undefined) req.body = { data: [overrides] };
  const body = await target.core.request(withSignal(req, options));
  return { id: resultId(oneResult(body, 'cloneRecord'), 'cloneRecord') };
}

export interface ChangeOwnerOptions extends ActionOptions {
  /** Email the new owner. */
  notify?: boolean;
  /** Related records (at most 5) that go to the new owner too. */
  relatedModules?: readonly {
    api_name: 'Tasks' | 'Events' | 'Calls' | 'Contacts' | 'Deals';
    id?: string;
  }[];
}

function ownerBody(ownerId: string, options: ChangeOwnerOptions | undefined) {
  const body: Record<string, unknown> = { owner: { id: ownerId } };
  if (options?.notify !== undefined) body['notify'] = options.notify;
  if (options?.relatedModules !== undefined) body['related_modules'] = options.relatedModules;
  return body;
}

export async function changeOwner(
  target: ActionTarget,
  id: string,
  ownerId: string,
  options?: ChangeOwnerOptions,
): Promise<void> {
  const body = await target.core.request(
    withSignal(
      {
        method: 'POST',
        path: actionPath(target.apiName, id, 'actions', 'change_owner'),
        body: ownerBody(ownerId, options),
        operation: 'changeRecordOwner',
        idempotent: true,
      },
      options,
    ),
  );
  oneResult(body, 'changeRecordOwner');
}

/** Hands the records to another user, 500 ids per call; one result per id, in order. */
export function massChangeOwner(
  target: ActionTarget,
  ids: readonly string[],
  ownerId: string,
  options?: ChangeOwnerOptions,
): Promise<WriteResult<string>[]> {
  const path = actionPath(target.apiName, 'actions', 'change_owner');
  const body = ownerBody(ownerId, options);
  return bulkAction(target, ids, path, body, 'massChangeRecordOwner', MASS_ACTION_MAX_IDS, options);
}

/** Which records of a custom view a mass change of owner covers, beside the view itself. */
export interface MassChangeOwnerViewOptions extends ActionOptions {
  /** Only the view's records in this territory (and its children with `includeChild`). */
  territory?: { id: string; includeChild?: boolean };
  /** Only the view's records matching this one condition on a field. */
  criteria?: {
    field: string;
    comparator:
      | 'equal'
      | 'not_equal'
      | 'starts_with'
      | 'ends_with'
      | 'greater_than'
      | 'less_than'
      | 'greater_equal'
      | 'less_equal'
      | 'between'
      | 'not_between';
    value: string;
  };
}

/**
 * Hands every record of a custom view (up to 50,000) to another user as a background job; poll
 * massChangeOwnerStatus with the job id. Zoho v8 "Mass Change Owner" (crm-oas v8.0/mass_change_owner:
 * POST /{module}/actions/mass_change_owner, Enterprise and Ultimate editions). Related records keep their owner.
 */
export async function massChangeOwnerView(
  target: ActionTarget,
  cvid: string,
  ownerId: string,
  options?: MassChangeOwnerViewOptions,
): Promise<{ jobId: string }> {
  const body: Record<string, unknown> = { cvid, owner: { id: ownerId } };
  const { territory, criteria } = options ?? {};
  if (territory !== undefined)
    body['territory'] =
      territory.includeChild === undefined
        ? { id: territory.id }
        : { id: territory.id, include_child: territory.includeChild };
  if (criteria !== undefined)
    body['criteria'] = {
      field: { api_name: criteria.field },
      comparator: criteria.comparator,
      value: criteria.value,
    };
  const answer = await target.core.request(
    withSignal(
      {
        method: 'POST',
        path: actionPath(target.apiName, 'actions', 'mass_change_owner'),
        body,
        operation: 'scheduleMassChangeOwner',
        // The same view and owner again changes nothing more: safe to replay.
        idempotent: true,
        heavy: true,
      },
      options,
    ),
  );
  return {
    jobId: jobIdOf(oneResult(answer, 'scheduleMassChangeOwner').details, 'scheduleMassChangeOwner'),
  };
}

export function massChangeOwnerStatus(
  target: ActionTarget,
  jobId: string,
  options?: ActionOptions,
): Promise<MassUpdateStatus> {
  return jobStatus(
    target,
    'mass_change_owner',
    'getMassChangeOwnerStatus',
    'mass change owner',
    jobId,
    options,
  );
}

/** A tag as a record carries it. */
export interface RecordTag {
  id: string;
  name: string;
  color_code?: string | null;
}

export interface TagOptions extends ActionOptions {
  /** Add only: replace the record's tags instead of adding to them. */
  overwrite?: boolean;
}

function tagsBody(names: readonly string[], overwrite: boolean | undefined, what: string) {
  if (names.length === 0) throw new RangeError(`${what}: give at least one tag name`);
  const body: Record<string, unknown> = { tags: names.map((name) => ({ name })) };
  if (overwrite !== undefined) body['over_write'] = overwrite;
  return body;
}

/** Adds (or removes) tags on one record; its tags afterwards. Tags that do not exist yet are created. */
export async function tagRecord(
  target: ActionTarget,
  id: string,
  names: readonly string[],
  action: 'add' | 'remove',
  options?: TagOptions,
): Promise<RecordTag[]> {
  const operation = action === 'add' ? 'addTagsToRecord' : 'removeTagsFromRecord';
  const body = await target.core.request(
    withSignal(
      {
        method: 'POST',
        path: actionPath(target.apiName, id, 'actions', `${action}_tags`),
        body: tagsBody(
          names,
          action === 'add' ? options?.overwrite : undefined,
          `${target.apiName}.${operation}`,
        ),
        operation,
        idempotent: true,
      },
      options,
    ),
  );
  const tags = oneResult(body, operation).details['tags'];
  return Array.isArray(tags) ? tags.filter(isTag) : [];
}

/** Adds (or removes) tags on many records, 100 ids per call; one result per id, in order. */
export async function tagRecords(
  target: ActionTarget,
  ids: readonly string[],
  names: readonly string[],
  action: 'add' | 'remove',
  options?: TagOptions,
): Promise<WriteResult<string>[]> {
  const operation = action === 'add' ? 'addTagsToRecords' : 'removeTagsFromRecords';
  const overwrite = action === 'add' ? options?.overwrite : undefined;
  const body = tagsBody(names, overwrite, `${target.apiName}.${operation}`);
  const path = actionPath(target.apiName, 'actions', `${action}_tags`);
  return bulkAction(target, ids, path, body, operation, TAG_ACTION_MAX_IDS, options);
}

function isTag(v: unknown): v is RecordTag {
  return isRecord(v) && typeof v['id'] === 'string' && typeof v['name'] === 'string';
}

/** One record of a related list by its id; NotFoundError when it is not in the list (Zoho answers 204). */
export async function getRelatedRecord<R>(
  target: ActionTarget,
  recordId: string,
  list: string,
  relatedId: string,
  params?: { fields?: readonly string[]; signal?: AbortSignal },
): Promise<R> {
  const req: CoreRequest = {
    method: 'GET',
    path: actionPath(target.apiName, recordId, list, relatedId),
    operation: 'getRelatedRecord',
  };
  if (params?.fields !== undefined) req.query = { fields: params.fields };
  const body = await target.core.request<{ data?: R[] } | undefined>(withSignal(req, params));
  const row = body?.data?.[0];
  if (row === undefined)
    throw new NotFoundError({
      status: 204,
      code: 'RECORD_NOT_FOUND',
      message: `no record ${relatedId} in related list ${list} of ${target.apiName} record ${recordId}`,
      operation: 'getRelatedRecord',
    });
  return row;
}

export interface DeletedRelatedParams<F extends string> extends ActionOptions {
  /** Fields to return (Zoho requires them); rows are typed to exactly these plus `id`. */
  fields: readonly F[];
  page?: number;
  /** 1–200 (default 200). */
  perPage?: number;
}

/** One page of a related list's deleted records; `{data: [], info}` when there is none (Zoho answers 204). */
export async function listDeletedRelated<R>(
  target: ActionTarget,
  recordId: string,
  list: string,
  params: DeletedRelatedParams<string>,
): Promise<RecordPage<R>> {
  requireFields(params.fields, `${target.apiName}.related(${JSON.stringify(list)}).deleted`);
  const body = await target.core.request<RecordPage<R> | undefined>(
    withSignal(
      {
        method: 'GET',
        path: actionPath(target.apiName, 'deleted', recordId, list),
        query: { fields: params.fields, page: params.page, per_page: params.perPage },
        operation: 'listDeletedRelatedRecords',
      },
      params,
    ),
  );
  return orEmpty(body);
}
