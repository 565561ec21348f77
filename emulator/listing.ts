/**
 * Reading many records: Get Records (page / page_token), Search, Count, Deleted Records.
 * Zoho v8 "Get Records": `fields` is mandatory (≤ 50), per_page ≤ 200, `page` reaches only the
 * first 2,000 records (DISCRETE_PAGINATION_LIMIT_EXCEEDED past that), `page_token` beyond;
 * sort_by is one of id, Created_Time, Modified_Time; an empty page is HTTP 204 with no body.
 */
import { zohoDateTime } from './clock.ts';
import type { Context } from './context.ts';
import { error, errors, json, noContent } from './envelopes.ts';
import type { ModuleIndex } from './module-index.ts';
import {
  matchesCriteria,
  matchesEmail,
  matchesPhone,
  matchesWord,
  parseCriteria,
} from './criteria.ts';
import { queryErrorBody } from './query-errors.ts';
import { intParam, parseFields, project, recordModule } from './records-common.ts';
import type { ApiRequest, ApiResponse, Rec } from './types.ts';

export const DISCRETE_LIMIT = 2000;
const SORTABLE = ['id', 'Created_Time', 'Modified_Time'];

function discreteLimit(): ApiResponse {
  return error(
    400,
    'DISCRETE_PAGINATION_LIMIT_EXCEEDED',
    'You can only get the first 2000 records without using page_token param.',
    { limit: DISCRETE_LIMIT },
  );
}

/** The key records are ordered by: id (Created_Time follows id order: both only grow), or Modified_Time then id. */
function sortKey(r: Rec, sortBy: string): string {
  return sortBy === 'Modified_Time' ? `${String(r['Modified_Time'])}|${r.id}` : r.id;
}

/** The records in the requested order, without copying for the common id order. */
function ordered(
  all: readonly Rec[],
  sortBy: string,
  order: 'asc' | 'desc',
): { at(i: number): Rec; length: number } {
  let asc: readonly Rec[] = all;
  if (sortBy === 'Modified_Time') {
    const keyed = all.map((r) => ({ r, k: sortKey(r, sortBy) }));
    keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
    asc = keyed.map((x) => x.r);
  }
  const n = asc.length;
  return order === 'asc'
    ? { at: (i) => asc[i] as Rec, length: n }
    : { at: (i) => asc[n - 1 - i] as Rec, length: n };
}

/** Index of the first record after `key` in this order (binary search: the view is sorted by key). */
function startAfter(
  view: { at(i: number): Rec; length: number },
  key: string,
  sortBy: string,
  order: 'asc' | 'desc',
): number {
  let lo = 0;
  let hi = view.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const k = sortKey(view.at(mid), sortBy);
    const past = order === 'asc' ? k > key : k < key;
    if (past) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function listRecords(req: ApiRequest, ctx: Context): ApiResponse {
  const { state } = ctx;
  const m = recordModule(req, state);
  if (!m.ok) return m.response;
  const index = m.index;
  const f = parseFields(req, index, true);
  if (!f.ok) return f.response;
  const pp = intParam(req, 'per_page', 200, 200);
  if (!pp.ok) return pp.response;
  const pg = intParam(req, 'page', 1, Number.MAX_SAFE_INTEGER);
  if (!pg.ok) return pg.response;
  const pageToken = req.query.get('page_token');
  if (pageToken !== null && req.query.get('page') !== null) {
    return error(400, 'AMBIGUITY_DURING_PROCESSING', 'You cannot use both page and page_token.', {
      ambiguity_due_to: ['page', 'page_token'],
    });
  }
  let sortBy = req.query.get('sort_by') ?? 'id';
  if (!SORTABLE.includes(sortBy))
    return errors.invalidParam('sort_by', { supported_values: SORTABLE });
  const so = req.query.get('sort_order') ?? 'desc';
  if (so !== 'asc' && so !== 'desc')
    return errors.invalidParam('sort_order', { supported_values: ['asc', 'desc'] });
  let sortOrder: 'asc' | 'desc' = so;
  let perPage = pp.value;
  let offset = 0;
  let after: string | null = null;
  let page = pg.value;
  if (pageToken !== null) {
    const c = state.pageTokens.get(pageToken);
    if (c === 'expired')
      return error(400, 'EXPIRED_VALUE', 'The value provided has expired.', {
        param_name: 'page_token',
      });
    if (c === undefined || c.module !== index.apiName) return errors.invalidParam('page_token');
    after = c.after;
    page = c.page;
    sortBy = c.sortBy;
    sortOrder = c.sortOrder;
    if (req.query.get('per_page') === null) perPage = c.perPage;
  } else {
    if (pg.value * perPage > DISCRETE_LIMIT) return discreteLimit();
    offset = (pg.value - 1) * perPage;
  }

  let all = state.store.list(index.apiName);
  const ids = req.query.get('ids');
  if (ids) {
    const wanted = ids
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (wanted.length > 100) return errors.limitExceeded(100, { param_name: 'ids' });
    all = wanted
      .map((id) => state.store.get(index.apiName, id))
      .filter((r): r is Rec => r !== undefined)
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  }
  const ims = req.headers['if-modified-since'];
  if (typeof ims === 'string') {
    const since = Date.parse(ims);
    if (Number.isNaN(since)) return errors.invalidParam('If-Modified-Since');
    all = all.filter((r) => Date.parse(String(r['Modified_Time'])) > since);
    if (all.length === 0) return { status: 304 };
  }
  const view = ordered(all, sortBy, sortOrder);
  if (after !== null) offset = startAfter(view, after, sortBy, sortOrder);
  const end = Math.min(offset + perPage, view.length);
  if (offset >= end) return noContent;
  const data: Record<string, unknown>[] = new Array<Record<string, unknown>>(end - offset);
  for (let i = offset; i < end; i++) data[i - offset] = project(view.at(i), f.fields);
  const more = end < view.length;
  const cursor = (at: number, p: number) =>
    state.pageTokens.issue({
      module: index.apiName,
      after: at < 0 ? null : sortKey(view.at(at), sortBy),
      page: p,
      perPage,
      sortBy,
      sortOrder,
    });
  const next = more ? cursor(end - 1, page + 1) : null;
  // The previous page starts after the record just before it (or at the start).
  const prev = offset > 0 ? cursor(offset - perPage - 1, Math.max(1, page - 1)) : null;
  return json(200, {
    data,
    info: {
      per_page: perPage,
      next_page_token: next?.token ?? null,
      count: data.length,
      sort_by: sortBy,
      page,
      previous_page_token: prev?.token ?? null,
      page_token_expiry: next ? zohoDateTime(next.expiresAt) : null,
      sort_order: sortOrder,
      more_records: more,
    },
  });
}

type Filter = { ok: true; test: (r: Rec) => boolean } | { ok: false; response: ApiResponse };

/** criteria / email / phone / word → a record predicate (v8 "Search Records"). */
export function searchFilter(req: ApiRequest, index: ModuleIndex, required: boolean): Filter {
  const criteria = req.query.get('criteria');
  const email = req.query.get('email');
  const phone = req.query.get('phone');
  const word = req.query.get('word');
  const types = index.zohoFields;
  if (criteria !== null) {
    try {
      const parsed = parseCriteria(criteria, types);
      return { ok: true, test: (r) => matchesCriteria(r, parsed, types) };
    } catch (e) {
      return { ok: false, response: { status: 400, json: queryErrorBody(e, 'INVALID_QUERY') } };
    }
  }
  if (email !== null) return { ok: true, test: (r) => matchesEmail(r, email, types) };
  if (phone !== null) return { ok: true, test: (r) => matchesPhone(r, phone, types) };
  if (word !== null) {
    if (word.length < 2)
      return { ok: false, response: errors.invalidParam('word', { minimum_length: 2 }) };
    return { ok: true, test: (r) => matchesWord(r, word) };
  }
  if (required) return { ok: false, response: errors.requiredParam('criteria') };
  return { ok: true, test: () => true };
}

export function searchRecords(req: ApiRequest, ctx: Context): ApiResponse {
  const { state } = ctx;
  const m = recordModule(req, state);
  if (!m.ok) return m.response;
  const filter = searchFilter(req, m.index, true);
  if (!filter.ok) return filter.response;
  const f = parseFields(req, m.index, false);
  if (!f.ok) return f.response;
  const pp = intParam(req, 'per_page', 200, 200);
  if (!pp.ok) return pp.response;
  const pg = intParam(req, 'page', 1, Number.MAX_SAFE_INTEGER);
  if (!pg.ok) return pg.response;
  // Search reaches only the first 2,000 matches, page by page (v8 "Search Records").
  if (pg.value * pp.value > DISCRETE_LIMIT) return discreteLimit();
  const offset = (pg.value - 1) * pp.value;
  const matches: Rec[] = [];
  const cap = Math.min(offset + pp.value + 1, DISCRETE_LIMIT + 1);
  for (const r of state.store.list(m.index.apiName)) {
    if (filter.test(r)) {
      matches.push(r);
      if (matches.length >= cap) break;
    }
  }
  const page = matches.slice(offset, offset + pp.value);
  if (page.length === 0) return noContent;
  const more = matches.length > offset + pp.value && offset + pp.value < DISCRETE_LIMIT;
  return json(200, {
    data: page.map((r) => project(r, f.fields)),
    info: { per_page: pp.value, count: page.length, page: pg.value, more_records: more },
  });
}

export function countRecords(req: ApiRequest, ctx: Context): ApiResponse {
  const m = recordModule(req, ctx.state);
  if (!m.ok) return m.response;
  const filter = searchFilter(req, m.index, false);
  if (!filter.ok) return filter.response;
  let count = 0;
  for (const r of ctx.state.store.list(m.index.apiName)) if (filter.test(r)) count += 1;
  return json(200, { count });
}

export function listDeletedRecords(req: ApiRequest, ctx: Context): ApiResponse {
  const m = recordModule(req, ctx.state);
  if (!m.ok) return m.response;
  const type = req.query.get('type') ?? 'all';
  if (type !== 'all' && type !== 'recycle' && type !== 'permanent')
    return errors.invalidParam('type', { supported_values: ['all', 'recycle', 'permanent'] });
  const pp = intParam(req, 'per_page', 200, 200);
  if (!pp.ok) return pp.response;
  const pg = intParam(req, 'page', 1, Number.MAX_SAFE_INTEGER);
  if (!pg.ok) return pg.response;
  const entries = ctx.state.store
    .deleted(m.index.apiName)
    .filter((e) => type === 'all' || e.type === type);
  // Most recently deleted first, as the recycle bin shows them.
  const sorted = [...entries].reverse();
  const offset = (pg.value - 1) * pp.value;
  const page = sorted.slice(offset, offset + pp.value);
  if (page.length === 0) return noContent;
  return json(200, {
    data: page.map((e) => ({
      deleted_by: e.deleted_by,
      id: e.id,
      display_name: e.display_name,
      type: e.type,
      created_by: e.created_by,
      deleted_time: e.deleted_time,
    })),
    info: {
      per_page: pp.value,
      count: page.length,
      page: pg.value,
      more_records: offset + pp.value < sorted.length,
    },
  });
}
