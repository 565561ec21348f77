/**
 * GET /crm/v8/{module}/{id}/__timeline (v8 "Timeline of a Record"): the record's entries from
 * timeline-log.ts, newest first (`sort_order=asc` for oldest first), `per_page` ≤ 200 on the first page,
 * then `page_token`; `filters` on `action` (`{"field":{"api_name":"action"},"comparator":"equal","value":…}`).
 */
import { actionState } from './action-state.ts';
import type { Context } from './context.ts';
import { error, errors, isObject, json, noContent } from './envelopes.ts';
import { recordTarget } from './record-target.ts';
import { intParam } from './records-common.ts';
import type { ApiRequest, ApiResponse } from './types.ts';

const MAX_PER_PAGE = 200;

interface TimelineToken {
  module: string;
  id: string;
  offset: number;
  perPage: number;
}

function readToken(raw: string): TimelineToken | null {
  try {
    const t = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (
      isObject(t) &&
      typeof t['module'] === 'string' &&
      typeof t['id'] === 'string' &&
      typeof t['offset'] === 'number' &&
      typeof t['perPage'] === 'number'
    )
      return t as unknown as TimelineToken;
  } catch {
    // not one of ours: answered below as invalid
  }
  return null;
}

/** The `action` a `filters` value asks for; undefined for none, an error for a filter the emulator does not know. */
function actionFilter(raw: string | null): string | undefined | ApiResponse {
  if (raw === null || raw === '') return undefined;
  let f: unknown;
  try {
    f = JSON.parse(raw);
  } catch {
    return errors.invalidParam('filters');
  }
  const field = isObject(f) && isObject(f['field']) ? f['field']['api_name'] : undefined;
  if (
    !isObject(f) ||
    field !== 'action' ||
    f['comparator'] !== 'equal' ||
    typeof f['value'] !== 'string'
  )
    return errors.invalidParam('filters', { supported: 'action equal' });
  return f['value'];
}

export function getRecordTimeline(req: ApiRequest, ctx: Context): ApiResponse {
  const m = recordTarget(req, ctx);
  if ('status' in m) return m;
  const { record } = m;
  const id = record.id;
  const filter = actionFilter(req.query.get('filters'));
  if (typeof filter === 'object') return filter;
  const order = req.query.get('sort_order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') return errors.invalidParam('sort_order');
  let offset = 0;
  let perPage = MAX_PER_PAGE;
  const raw = req.query.get('page_token');
  if (raw !== null) {
    const t = readToken(raw);
    if (t === null || t.module !== m.index.apiName || t.id !== id)
      return errors.invalidParam('page_token');
    if (req.query.get('per_page') !== null)
      return error(400, 'AMBIGUITY_DURING_PROCESSING', 'per_page cannot be given with page_token', {
        ambiguity_due_to: ['per_page', 'page_token'],
      });
    offset = t.offset;
    perPage = t.perPage;
  } else {
    const pp = intParam(req, 'per_page', MAX_PER_PAGE, MAX_PER_PAGE);
    if (!pp.ok) return pp.response;
    perPage = pp.value;
  }
  let entries = actionState(ctx.state).timelines.list(m.index.apiName, record);
  if (filter !== undefined) entries = entries.filter((e) => e.action === filter);
  if (order === 'asc') entries.reverse();
  const page = entries.slice(offset, offset + perPage);
  if (page.length === 0) return noContent;
  const more = offset + perPage < entries.length;
  const next: TimelineToken = { module: m.index.apiName, id, offset: offset + perPage, perPage };
  return json(200, {
    __timeline: page,
    info: {
      per_page: perPage,
      count: page.length,
      more_records: more,
      next_page_token: more ? Buffer.from(JSON.stringify(next)).toString('base64url') : null,
      previous_page_token: null,
    },
  });
}
