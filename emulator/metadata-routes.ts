/**
 * Metadata served from the snapshot (v8 "Modules / Fields / Layouts / Custom Views / Related Lists
 * Metadata"), plus Users and Organization. Layouts and custom views are synthesized (one standard
 * layout holding every field; an "All" view) because a snapshot does not store them.
 */
import type { Context } from './context.ts';
import { error, errors, json, noContent } from './envelopes.ts';
import type { ModuleIndex } from './module-index.ts';
import { ORG, USERS } from './org.ts';
import { intParam } from './records-common.ts';
import type { ApiRequest, ApiResponse } from './types.ts';

function moduleParam(req: ApiRequest, ctx: Context): ModuleIndex | ApiResponse {
  const name = req.query.get('module');
  if (!name) return errors.requiredParam('module');
  return ctx.state.index.find(name) ?? errors.invalidModule();
}

export function listModules(_req: ApiRequest, ctx: Context): ApiResponse {
  return json(200, ctx.state.index.snapshot.modules);
}

export function getModule(req: ApiRequest, ctx: Context): ApiResponse {
  const m = ctx.state.index.find(req.params['module'] ?? '');
  if (!m) return errors.invalidModule();
  const fields = m.fieldList.map((f) => ({ api_name: f.apiName, id: f.field.id ?? null }));
  return json(200, { modules: [{ ...m.module, fields, related_lists: m.relatedLists }] });
}

export function listFields(req: ApiRequest, ctx: Context): ApiResponse {
  const m = moduleParam(req, ctx);
  if ('status' in m) return m;
  return json(200, ctx.state.index.snapshot.fields[m.apiName] ?? { fields: [] });
}

export function getField(req: ApiRequest, ctx: Context): ApiResponse {
  const m = moduleParam(req, ctx);
  if ('status' in m) return m;
  const id = req.params['id'] ?? '';
  const f = m.fieldList.find((x) => x.field.id === id || x.apiName === id);
  if (!f)
    return error(400, 'INVALID_DATA', 'the id given seems to be invalid', {
      id,
      resource_path_index: 2,
    });
  return json(200, { fields: [f.field] });
}

function layoutId(m: ModuleIndex): string {
  return `${(m.module.id ?? '5843000000000002000').slice(0, 15)}9001`;
}

function layoutOf(m: ModuleIndex): Record<string, unknown> {
  return {
    id: layoutId(m),
    name: 'Standard',
    display_label: 'Standard',
    api_name: 'Standard',
    status: 'active',
    visible: true,
    source: 'crm',
    profiles: [{ name: 'Administrator', id: '5843000000000026011', default: true }],
    sections: [
      {
        display_label: `${m.module.singular_label ?? m.apiName} Information`,
        api_name: `${m.apiName}_Information`,
        sequence_number: 1,
        column_count: 2,
        fields: m.fieldList.map((f) => f.field),
      },
    ],
  };
}

export function listLayouts(req: ApiRequest, ctx: Context): ApiResponse {
  const m = moduleParam(req, ctx);
  if ('status' in m) return m;
  return json(200, { layouts: [layoutOf(m)] });
}

export function getLayout(req: ApiRequest, ctx: Context): ApiResponse {
  const m = moduleParam(req, ctx);
  if ('status' in m) return m;
  if (req.params['id'] !== layoutId(m))
    return error(400, 'INVALID_DATA', 'the id given seems to be invalid', {
      id: req.params['id'] ?? '',
      resource_path_index: 2,
    });
  return json(200, { layouts: [layoutOf(m)] });
}

function viewOf(m: ModuleIndex): Record<string, unknown> {
  return {
    id: `${(m.module.id ?? '5843000000000002000').slice(0, 15)}8001`,
    name: `All ${m.module.plural_label ?? m.apiName}`,
    display_value: `All ${m.module.plural_label ?? m.apiName}`,
    system_name: 'ALLVIEWS',
    category: 'public_views',
    default: true,
    system_defined: true,
    favorite: null,
    sort_by: null,
    sort_order: null,
    fields: m.fieldList.slice(0, 10).map((f) => ({ api_name: f.apiName, id: f.field.id ?? null })),
    criteria: null,
  };
}

export function listCustomViews(req: ApiRequest, ctx: Context): ApiResponse {
  const m = moduleParam(req, ctx);
  if ('status' in m) return m;
  return json(200, {
    custom_views: [viewOf(m)],
    info: { per_page: 200, default: viewOf(m)['id'], count: 1, page: 1, more_records: false },
  });
}

export function getCustomView(req: ApiRequest, ctx: Context): ApiResponse {
  const m = moduleParam(req, ctx);
  if ('status' in m) return m;
  const v = viewOf(m);
  if (req.params['id'] !== v['id'])
    return error(400, 'INVALID_DATA', 'the id given seems to be invalid', {
      id: req.params['id'] ?? '',
      resource_path_index: 2,
    });
  return json(200, { custom_views: [v] });
}

export function listRelatedLists(req: ApiRequest, ctx: Context): ApiResponse {
  const m = moduleParam(req, ctx);
  if ('status' in m) return m;
  return json(200, { related_lists: m.relatedLists });
}

/** GET /crm/v8/settings/fields/{id}/pick_list_values?module=X: the field's picklist options. */
export function listPicklistValues(req: ApiRequest, ctx: Context): ApiResponse {
  const m = moduleParam(req, ctx);
  if ('status' in m) return m;
  const f = m.fieldList.find(
    (x) => x.field.id === req.params['id'] || x.apiName === req.params['id'],
  );
  if (!f || !f.picklist)
    return error(400, 'INVALID_DATA', 'the id given seems to be invalid', {
      id: req.params['id'] ?? '',
    });
  return json(200, { pick_list_values: f.field.pick_list_values ?? [] });
}

export function listUsers(req: ApiRequest, _ctx: Context): ApiResponse {
  const type = req.query.get('type') ?? 'AllUsers';
  const pp = intParam(req, 'per_page', 200, 200);
  if (!pp.ok) return pp.response;
  const pg = intParam(req, 'page', 1, Number.MAX_SAFE_INTEGER);
  if (!pg.ok) return pg.response;
  const users =
    type === 'AdminUsers' ? USERS.filter((u) => u.profile.name === 'Administrator') : USERS;
  const offset = (pg.value - 1) * pp.value;
  const page = users.slice(offset, offset + pp.value);
  if (page.length === 0) return noContent;
  return json(200, {
    users: page,
    info: {
      per_page: pp.value,
      count: page.length,
      page: pg.value,
      more_records: offset + pp.value < users.length,
    },
  });
}

export function getUser(req: ApiRequest, _ctx: Context): ApiResponse {
  const u = USERS.find((x) => x.id === req.params['id']);
  if (!u)
    return error(400, 'INVALID_DATA', 'the id given seems to be invalid', {
      id: req.params['id'] ?? '',
      resource_path_index: 1,
    });
  return json(200, { users: [u] });
}

export function getOrg(_req: ApiRequest, _ctx: Context): ApiResponse {
  return json(200, { org: [ORG] });
}
