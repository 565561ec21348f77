/**
 * Record sharing. Zoho CRM v8 "Share Records" (share-records.html): GET /{module}/{id}/actions/share lists the
 * active shares, POST shares with users / roles / groups (at most 20 entries a call; a record is shared with
 * at most 10 users, 5 roles, 5 groups), PUT changes the access of existing shares, DELETE revokes them all.
 * Calls, Meetings, Tasks and linking modules are shared only as related lists of another record.
 */
import {
  actionPath,
  oneResult,
  withSignal,
  type ActionOptions,
  type ActionTarget,
} from './action-target.js';
import { isRecord, ZohoApiError } from './errors.js';

export type SharePermission = 'read_only' | 'read_write' | 'full_access';

/** Whom a record is shared with. */
export interface SharedWith {
  type: 'users' | 'roles' | 'groups';
  id: string;
  name?: string;
}

/** One share to make or change. */
export interface ShareInput {
  shared_with: SharedWith;
  permission: SharePermission;
  /** `private` (the default in Zoho's UI) or `public`. */
  type: 'private' | 'public';
  /** Share the record's related records too. */
  share_related_records?: boolean;
}

/** An active share of a record. */
export interface RecordShare {
  shared_with: SharedWith;
  permission: SharePermission;
  type: 'private' | 'public';
  share_related_records: boolean;
  shared_through?: { module?: { name: string; id: string }; id?: string };
  shared_time?: string;
  shared_by?: { id: string; name?: string; zuid?: string };
}

/** The outcome of one share entry, in request order. */
export type ShareResult =
  | { ok: true; index: number; code: string; message: string }
  | { ok: false; index: number; code: string; message: string; details: Record<string, unknown> };

export interface ShareOptions extends ActionOptions {
  notifySharedMembers?: boolean;
  notifyOnCompletion?: boolean;
}

/** Zoho's cap on share entries per call. */
export const SHARE_MAX_ENTRIES = 20;

export async function getSharing(
  target: ActionTarget,
  id: string,
  params?: ActionOptions & { sharedTo?: string },
): Promise<RecordShare[]> {
  const req = withSignal(
    {
      method: 'GET',
      path: actionPath(target.apiName, id, 'actions', 'share'),
      operation: 'getRecordSharing',
    },
    params,
  );
  if (params?.sharedTo !== undefined) req.query = { sharedTo: params.sharedTo };
  const body = await target.core.request<{ share?: RecordShare[] } | undefined>(req);
  return body?.share ?? [];
}

/** Shares the record (`method` POST) or changes existing shares (PUT); one result per entry. */
export async function writeSharing(
  target: ActionTarget,
  id: string,
  entries: readonly ShareInput[],
  method: 'POST' | 'PUT',
  options?: ShareOptions,
): Promise<ShareResult[]> {
  const operation = method === 'POST' ? 'shareRecord' : 'updateRecordSharing';
  if (entries.length === 0 || entries.length > SHARE_MAX_ENTRIES)
    throw new RangeError(
      `${target.apiName}.${operation}: give 1 to ${SHARE_MAX_ENTRIES} share entries (Zoho v8 "Share Records"), not ${entries.length}`,
    );
  const body: Record<string, unknown> = { share: entries };
  if (options?.notifySharedMembers !== undefined)
    body['notify_shared_members'] = options.notifySharedMembers;
  if (options?.notifyOnCompletion !== undefined)
    body['notify_on_completion'] = options.notifyOnCompletion;
  let answer: unknown;
  try {
    answer = await target.core.request(
      withSignal(
        {
          method,
          path: actionPath(target.apiName, id, 'actions', 'share'),
          body,
          operation,
          idempotent: true,
        },
        options,
      ),
    );
  } catch (err) {
    // Every entry failed: Zoho answers 400 with one error per entry — those are the results.
    const perEntry =
      err instanceof ZohoApiError && isRecord(err.body) ? err.body['share'] : undefined;
    if (Array.isArray(perEntry) && perEntry.length === entries.length)
      return perEntry.map(shareResult);
    throw err;
  }
  const results = isRecord(answer) ? answer['share'] : undefined;
  return Array.isArray(results) ? results.map(shareResult) : [];
}

function shareResult(r: unknown, index: number): ShareResult {
  const o = isRecord(r) ? r : {};
  const code = typeof o['code'] === 'string' ? o['code'] : 'NO_RESULT';
  const message = typeof o['message'] === 'string' ? o['message'] : '';
  if (o['status'] === 'success') return { ok: true, index, code, message };
  return { ok: false, index, code, message, details: isRecord(o['details']) ? o['details'] : {} };
}

/** Revokes every share of the record. */
export async function revokeSharing(
  target: ActionTarget,
  id: string,
  options?: ActionOptions,
): Promise<void> {
  const body = await target.core.request(
    withSignal(
      {
        method: 'DELETE',
        path: actionPath(target.apiName, id, 'actions', 'share'),
        operation: 'revokeRecordSharing',
      },
      options,
    ),
  );
  oneResult(body, 'revokeRecordSharing', 'share');
}
