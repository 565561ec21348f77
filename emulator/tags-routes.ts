/**
 * Tags (v8 "Tags"): GET/POST /crm/v8/settings/tags?module=X, and
 * POST /crm/v8/{module}/actions/add_tags | remove_tags with `{tags:[{name}], ids:[…]}`
 * (ids also accepted as a query parameter), or per record POST /crm/v8/{module}/{id}/actions/add_tags |
 * remove_tags with `{tags:[{name}]}`; `over_write` on add replaces the record's tags (v8 "Add Tags").
 * A record's tags live in its `Tag` field; each result's `details.tags` is the record's tags afterwards.
 * Every change is a `tag_added` / `tag_removed` entry in the record's timeline.
 */
import type { Context } from './context.ts';
import {
  errorBody,
  errors,
  isObject,
  json,
  multiStatus,
  parseJsonBody,
  type ActionResult,
} from './envelopes.ts';
import { actionState } from './action-state.ts';
import { CURRENT_USER, userRef } from './org.ts';
import { recordModule } from './records-common.ts';
import { WRITE_LIMIT } from './records-routes.ts';
import type { EmulatorState, Tag } from './state.ts';
import type { ApiRequest, ApiResponse } from './types.ts';

const COLORS = ['#57B1FD', '#879BFC', '#F48435', '#E7A826', '#63C57E', '#F17574'];
const TAG_LIMIT = 100; // tags per module

function tagView(t: Tag): Record<string, unknown> {
  const me = userRef(CURRENT_USER);
  return {
    created_time: t.created_time,
    modified_time: t.modified_time,
    modified_by: { name: me.name, id: me.id },
    created_by: { name: me.name, id: me.id },
    name: t.name,
    id: t.id,
    color_code: t.color_code,
  };
}

function moduleTags(state: EmulatorState, module: string): Tag[] {
  return [...state.tags.values()].filter((t) => t.module === module);
}

function makeTag(state: EmulatorState, module: string, name: string, color?: unknown): Tag {
  const now = state.now();
  const t: Tag = {
    id: state.store.ids.next(),
    name,
    color_code:
      typeof color === 'string' ? color : (COLORS[state.tags.size % COLORS.length] as string),
    module,
    created_time: now,
    modified_time: now,
  };
  state.tags.set(t.id, t);
  return t;
}

function moduleParam(req: ApiRequest, ctx: Context): string | ApiResponse {
  const name = req.query.get('module');
  if (!name) return errors.requiredParam('module');
  const index = ctx.state.index.find(name);
  if (!index) return errors.invalidModule();
  return index.apiName;
}

export function listTags(req: ApiRequest, ctx: Context): ApiResponse {
  const module = moduleParam(req, ctx);
  if (typeof module !== 'string') return module;
  const tags = moduleTags(ctx.state, module);
  return json(200, {
    tags: tags.map(tagView),
    info: { count: tags.length, allowed_count: TAG_LIMIT },
  });
}

export function createTags(req: ApiRequest, ctx: Context): ApiResponse {
  const module = moduleParam(req, ctx);
  if (typeof module !== 'string') return module;
  const p = parseJsonBody(req.body);
  if (!p.ok) return p.response;
  const tags = isObject(p.value) ? p.value['tags'] : undefined;
  if (!Array.isArray(tags) || tags.length === 0) return errors.mandatoryBody('tags');
  const existing = new Set(moduleTags(ctx.state, module).map((t) => t.name.toLowerCase()));
  const results: ActionResult[] = tags.map((t, i) => {
    const name = isObject(t) ? t['name'] : undefined;
    if (typeof name !== 'string' || name.trim() === '')
      return errorBody('MANDATORY_NOT_FOUND', 'required field not found', {
        api_name: 'name',
        json_path: `$.tags[${i}].name`,
      });
    if (existing.has(name.toLowerCase()))
      return errorBody('DUPLICATE_DATA', 'duplicate data', {
        api_name: 'name',
        json_path: `$.tags[${i}].name`,
      });
    existing.add(name.toLowerCase());
    const tag = makeTag(ctx.state, module, name, isObject(t) ? t['color_code'] : undefined);
    return {
      code: 'SUCCESS',
      details: tagView(tag),
      message: 'tags created successfully',
      status: 'success',
    };
  });
  return json(multiStatus(results, 200), { tags: results });
}

interface TagRequest {
  names: string[];
  ids: string[];
  overWrite: boolean;
}

function tagBody(req: ApiRequest, recordId: string | undefined): TagRequest | ApiResponse {
  const p = parseJsonBody(req.body);
  if (!p.ok) return p.response;
  const body = p.value;
  if (!isObject(body)) return errors.malformedBody();
  const tags = body['tags'];
  if (!Array.isArray(tags) || tags.length === 0) return errors.mandatoryBody('tags');
  const names: string[] = [];
  for (const t of tags) {
    const n = isObject(t) ? t['name'] : undefined;
    if (typeof n !== 'string' || n === '') return errors.mandatoryBody('tags');
    names.push(n);
  }
  const overWrite = body['over_write'] === true;
  if (recordId !== undefined) return { names, ids: [recordId], overWrite };
  const rawIds = Array.isArray(body['ids']) ? body['ids'] : (req.query.get('ids') ?? '').split(',');
  const ids = rawIds
    .filter((x): x is string => typeof x === 'string' && x.trim() !== '')
    .map((x) => x.trim());
  if (ids.length === 0) return errors.requiredParam('ids');
  if (ids.length > WRITE_LIMIT) return errors.limitExceeded(WRITE_LIMIT, { param_name: 'ids' });
  return { names, ids, overWrite };
}

type TagRef = { name: string; id: string; color_code: string };

function changeTags(req: ApiRequest, ctx: Context, add: boolean, recordId?: string): ApiResponse {
  const m = recordModule(req, ctx.state);
  if (!m.ok) return m.response;
  const b = tagBody(req, recordId);
  if ('status' in b) return b;
  const { state } = ctx;
  const module = m.index.apiName;
  const byName = new Map(moduleTags(state, module).map((t) => [t.name.toLowerCase(), t]));
  const wanted: Tag[] = [];
  for (const n of b.names) {
    let t = byName.get(n.toLowerCase());
    if (!t && add) {
      t = makeTag(state, module, n);
      byName.set(n.toLowerCase(), t);
    }
    if (t) wanted.push(t);
  }
  const wantedIds = new Set(wanted.map((t) => t.id));
  const timelines = actionState(state).timelines;
  const results: ActionResult[] = b.ids.map((id) => {
    const r = state.store.get(module, id);
    if (!r) return errorBody('INVALID_DATA', 'the related id given seems to be invalid', { id });
    const current = Array.isArray(r['Tag']) ? (r['Tag'] as TagRef[]) : [];
    const kept = add && b.overWrite ? [] : current.filter((t) => !wantedIds.has(t.id));
    const next = add
      ? [...kept, ...wanted.map((t) => ({ name: t.name, id: t.id, color_code: t.color_code }))]
      : kept;
    state.store.update(module, id, { Tag: next });
    timelines.note(module, id, {
      action: add ? (b.overWrite ? 'tags_overwritten' : 'tag_added') : 'tag_removed',
      source: 'crm_api',
      related_record: { tags: wanted.map((t) => t.name) },
    });
    return {
      code: 'SUCCESS',
      details: { id, tags: next },
      message: 'tags updated successfully',
      status: 'success',
    };
  });
  if (recordId !== undefined) {
    const only = results[0] as ActionResult;
    return only.status === 'success' ? json(200, { data: [only] }) : json(400, only);
  }
  return json(multiStatus(results, 200), { data: results });
}

export function addTagsToRecords(req: ApiRequest, ctx: Context): ApiResponse {
  return changeTags(req, ctx, true);
}

export function removeTagsFromRecords(req: ApiRequest, ctx: Context): ApiResponse {
  return changeTags(req, ctx, false);
}

export function addTagsToRecord(req: ApiRequest, ctx: Context): ApiResponse {
  return changeTags(req, ctx, true, req.params['id'] ?? '');
}

export function removeTagsFromRecord(req: ApiRequest, ctx: Context): ApiResponse {
  return changeTags(req, ctx, false, req.params['id'] ?? '');
}
