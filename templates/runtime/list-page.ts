/**
 * One page of a records list — a module's records, a related list, a record's notes or attachments: the
 * GET every list shares (v8 "Get Records", "Related Records", "Get Notes", "Get Attachments"). `fields` is
 * mandatory in v8, so an empty list is refused before anything is sent.
 */
import type { CoreRequest, ZohoCore } from './core.js';
import type { PageCursor, RecordPage } from './pagination.js';

export interface ListParams<F extends string> {
  /** Fields to return (v8 requires them); rows are typed to exactly these plus `id`. */
  fields: readonly F[];
  /** Records per page, 1–200 (default 200). */
  perPage?: number;
  page?: number;
  pageToken?: string;
  sortBy?: string;
  sortOrder?: 'asc' | 'desc';
  cvid?: string;
  ids?: readonly string[];
  /** Only records modified since then (If-Modified-Since). */
  ifModifiedSince?: string | Date;
  signal?: AbortSignal;
}

/** A TypeError naming `label` (`Leads.listRecords`) unless `fields` lists at least one field. */
export function requireFields(fields: unknown, label: string): void {
  if (!Array.isArray(fields) || fields.length === 0)
    throw new TypeError(`${label}: \`fields\` must list at least one field (Zoho v8 requires it)`);
}

/** The page at `cursor` (undefined for Zoho's 204); `label` names the call in the error for missing fields. */
export function listPage<R>(
  core: ZohoCore,
  path: string,
  operation: string,
  label: string,
  params: ListParams<string>,
  cursor: PageCursor,
): Promise<RecordPage<R> | undefined> {
  try {
    requireFields(params.fields, label);
  } catch (error) {
    return Promise.reject(error);
  }
  const req: CoreRequest = {
    method: 'GET',
    path,
    query: {
      fields: params.fields,
      per_page: params.perPage,
      page: cursor.page,
      page_token: cursor.pageToken,
      sort_by: params.sortBy,
      sort_order: params.sortOrder,
      cvid: params.cvid,
      ids: params.ids,
    },
    operation,
  };
  if (params.ifModifiedSince !== undefined) {
    const since = params.ifModifiedSince;
    req.headers = {
      'If-Modified-Since':
        since instanceof Date ? since.toISOString().replace(/\.\d{3}Z$/, '+00:00') : since,
    };
  }
  if (params.signal !== undefined) req.signal = params.signal;
  return core.request<RecordPage<R> | undefined>(req);
}
