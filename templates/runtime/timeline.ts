/**
 * The timeline of a record. Zoho CRM v8 "Timeline of a Record" (timeline-of-a-record.html):
 * GET /{module}/{id}/__timeline — audited events, `per_page` (≤ 200) on the first page only, then
 * `page_token`; 204 when there is none.
 */
import { actionPath, withSignal, type ActionOptions, type ActionTarget } from './action-target.js';
import type { PageInfo } from './pagination.js';

/** One field's change in a timeline entry. */
export interface TimelineFieldChange {
  api_name: string;
  field_label?: string;
  id?: string;
  data_type?: string;
  _value?: { new?: unknown; old?: unknown };
}

/** One audited event. */
export interface TimelineEntry {
  id: string;
  audited_time: string;
  /** e.g. `added`, `updated`, `converted`, `owner_reassigned`, `transition_executed`, `tag_added`. */
  action: string | null;
  /** e.g. `crm_api`, `convert`, `blueprint`, `mass_update`. */
  source: string;
  done_by?: { id: string; name?: string; email?: string };
  record?: { id: string; name?: string; module?: { api_name: string; id?: string } };
  field_history?: TimelineFieldChange[] | null;
  related_record?: Record<string, unknown> | null;
  automation_details?: Record<string, unknown> | null;
  [key: string]: unknown;
}

export interface TimelinePage {
  data: TimelineEntry[];
  info: PageInfo;
}

export interface TimelineParams extends ActionOptions {
  /** First page only; the next pages follow `info.next_page_token`. */
  perPage?: number;
  pageToken?: string;
  sortOrder?: 'asc' | 'desc';
  /** Zoho's JSON filter over `audited_time`, `action` or `done_by` (passed as given). */
  filters?: string;
  includeInnerDetails?: readonly string[];
}

export async function getTimeline(
  target: ActionTarget,
  id: string,
  params?: TimelineParams,
): Promise<TimelinePage> {
  const req = withSignal(
    {
      method: 'GET',
      path: actionPath(target.apiName, id, '__timeline'),
      query: {
        per_page: params?.perPage,
        page_token: params?.pageToken,
        sort_by: params?.sortOrder === undefined ? undefined : 'audited_time',
        sort_order: params?.sortOrder,
        filters: params?.filters,
        include_inner_details: params?.includeInnerDetails,
      },
      operation: 'getRecordTimeline',
    },
    params,
  );
  const body = await target.core.request<
    { __timeline?: TimelineEntry[]; info?: PageInfo } | undefined
  >(req);
  return {
    data: body?.__timeline ?? [],
    info: body?.info ?? { more_records: false, count: 0 },
  };
}
