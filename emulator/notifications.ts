/**
 * Notification channels (v8 "Notification APIs": POST/GET/PATCH/DELETE /crm/v8/actions/watch).
 * On every record change the emulator POSTs Zoho's callback body — {server_time, query_params,
 * module, resource_uri, ids, affected_fields, operation, channel_id, token} — to the channel's
 * notify_url. Only loopback URLs are accepted: the emulator never calls out to the network.
 */
import type { Context } from './context.ts';
import {
  error,
  errorBody,
  errors,
  isObject,
  json,
  noContent,
  parseJsonBody,
  type ActionResult,
} from './envelopes.ts';
import { zohoDateTime } from './clock.ts';
import type { ApiRequest, ApiResponse } from './types.ts';
import type { ChangeOp } from './store.ts';
import type { EmulatorState } from './state.ts';

const DEFAULT_EXPIRY_MS = 60 * 60 * 1000; // one hour when channel_expiry is not given
// At most one week ahead (v4+); a later expiry falls back to the one-hour default, as Zoho does.
const MAX_EXPIRY_MS = 7 * 24 * 60 * 60 * 1000;
const OPS = new Set(['create', 'edit', 'delete', 'all']);
const OP_OF: Record<ChangeOp, string> = { insert: 'create', update: 'edit', delete: 'delete' };

export interface Channel {
  channel_id: string;
  events: string[];
  channel_expiry: string;
  expiresAt: number;
  token: string | null;
  notify_url: string;
  notify_on_related_action: boolean;
  return_affected_field_values: boolean;
}

export function isLoopbackUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (
      (u.protocol === 'http:' || u.protocol === 'https:') &&
      ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(u.hostname)
    );
  } catch {
    return false;
  }
}

export class Channels {
  readonly channels = new Map<string, Channel>();
  /** Callbacks in flight (tests can await them). */
  readonly pending = new Set<Promise<unknown>>();
  delivered = 0;

  constructor(private readonly state: () => EmulatorState) {}

  onChange(module: string, op: ChangeOp, ids: readonly string[], fields: readonly string[]): void {
    const now = Date.now();
    for (const c of this.channels.values()) {
      if (c.expiresAt <= now) continue;
      if (!c.events.some((e) => e === `${module}.all` || e === `${module}.${OP_OF[op]}`)) continue;
      const state = this.state();
      const body: Record<string, unknown> = {
        server_time: now,
        query_params: {},
        module,
        resource_uri: `${state.url}/crm/v8/${module}`,
        ids: [...ids],
        affected_fields: op === 'update' ? ids.map((id) => ({ [id]: [...fields] })) : [],
        operation: op,
        channel_id: Number.isSafeInteger(Number(c.channel_id))
          ? Number(c.channel_id)
          : c.channel_id,
        token: c.token,
      };
      const p = fetch(c.notify_url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
        .then(async (r) => {
          await r.arrayBuffer();
          this.delivered += 1;
        })
        .catch(() => undefined)
        .finally(() => this.pending.delete(p));
      this.pending.add(p);
    }
  }
}

function eventsView(ctx: Context, c: Channel): Record<string, unknown>[] {
  return c.events.map((e) => {
    const [mod] = e.split('.');
    const index = ctx.state.index.find(mod ?? '');
    return {
      channel_expiry: c.channel_expiry,
      resource_uri: `${ctx.state.url}/crm/v8/${index?.apiName ?? mod}`,
      resource_id: index?.module.id ?? null,
      resource_name: index?.apiName ?? mod,
      channel_id: c.channel_id,
    };
  });
}

function parseWatch(req: ApiRequest): unknown[] | ApiResponse {
  const p = parseJsonBody(req.body);
  if (!p.ok) return p.response;
  const watch = isObject(p.value) ? p.value['watch'] : undefined;
  if (!Array.isArray(watch) || watch.length === 0) return errors.mandatoryBody('watch');
  return watch;
}

function checkChannel(
  ctx: Context,
  w: unknown,
  i: number,
  existing: Channel | undefined,
): Channel | ActionResult {
  const at = (k: string) => `$.watch[${i}].${k}`;
  if (!isObject(w))
    return errorBody('INVALID_DATA', 'invalid data', { json_path: `$.watch[${i}]` });
  const id = w['channel_id'];
  if ((typeof id !== 'string' && typeof id !== 'number') || String(id) === '')
    return errorBody('MANDATORY_NOT_FOUND', 'required field not found', {
      api_name: 'channel_id',
      json_path: at('channel_id'),
    });
  const events = w['events'] ?? existing?.events;
  if (!Array.isArray(events) || events.length === 0)
    return errorBody('MANDATORY_NOT_FOUND', 'required field not found', {
      api_name: 'events',
      json_path: at('events'),
    });
  const clean: string[] = [];
  for (const e of events) {
    const [mod, op] = typeof e === 'string' ? e.split('.') : [];
    const index = mod ? ctx.state.index.find(mod) : undefined;
    if (!index || !op || !OPS.has(op))
      return errorBody('INVALID_DATA', 'invalid data', {
        api_name: 'events',
        json_path: at('events'),
        value: e,
      });
    clean.push(`${index.apiName}.${op}`);
  }
  const url = w['notify_url'] ?? existing?.notify_url;
  if (typeof url !== 'string')
    return errorBody('MANDATORY_NOT_FOUND', 'required field not found', {
      api_name: 'notify_url',
      json_path: at('notify_url'),
    });
  if (!isLoopbackUrl(url))
    return errorBody('INVALID_DATA', 'the emulator only notifies loopback URLs', {
      api_name: 'notify_url',
      json_path: at('notify_url'),
    });
  let expiresAt = existing?.expiresAt ?? Date.now() + DEFAULT_EXPIRY_MS;
  if (w['channel_expiry'] !== undefined) {
    const t = typeof w['channel_expiry'] === 'string' ? Date.parse(w['channel_expiry']) : NaN;
    if (Number.isNaN(t) || t <= Date.now())
      return errorBody('INVALID_DATA', 'invalid data', {
        api_name: 'channel_expiry',
        json_path: at('channel_expiry'),
      });
    expiresAt = t > Date.now() + MAX_EXPIRY_MS ? Date.now() + DEFAULT_EXPIRY_MS : t;
  }
  const token = w['token'] ?? existing?.token ?? null;
  if (token !== null && (typeof token !== 'string' || token.length > 50))
    return errorBody('INVALID_DATA', 'invalid data', {
      api_name: 'token',
      json_path: at('token'),
      maximum_length: 50,
    });
  return {
    channel_id: String(id),
    events: clean,
    channel_expiry: zohoDateTime(expiresAt),
    expiresAt,
    token,
    notify_url: url,
    // Zoho notifies related actions unless told not to.
    notify_on_related_action: w['notify_on_related_action'] !== false,
    return_affected_field_values: w['return_affected_field_values'] === true,
  };
}

/** 200 when every channel succeeded, 207 for a mix; when none did, the first failure as a plain 400 error. */
function watchResponse(results: readonly ActionResult[]): ApiResponse {
  const good = results.filter((r) => r.status === 'success').length;
  const first = results.find((r) => r.status !== 'success');
  if (good === 0 && first) return error(400, first.code, first.message, first.details);
  return json(good === results.length ? 200 : 207, { watch: results });
}

export function enableNotifications(req: ApiRequest, ctx: Context): ApiResponse {
  const watch = parseWatch(req);
  if (!Array.isArray(watch)) return watch;
  const results: ActionResult[] = watch.map((w, i) => {
    const c = checkChannel(ctx, w, i, undefined);
    if ('code' in c) return c;
    ctx.channels.channels.set(c.channel_id, c);
    return {
      code: 'SUCCESS',
      details: { events: eventsView(ctx, c) },
      message: 'Successfully subscribed for actions-watch of the given module',
      status: 'success',
    };
  });
  return watchResponse(results);
}

export function updateNotifications(req: ApiRequest, ctx: Context): ApiResponse {
  const watch = parseWatch(req);
  if (!Array.isArray(watch)) return watch;
  const results: ActionResult[] = watch.map((w, i) => {
    const id = isObject(w) ? String(w['channel_id'] ?? '') : '';
    const existing = ctx.channels.channels.get(id);
    if (!existing)
      return errorBody('INVALID_DATA', 'invalid data', {
        api_name: 'channel_id',
        json_path: `$.watch[${i}].channel_id`,
      });
    const c = checkChannel(ctx, w, i, existing);
    if ('code' in c) return c;
    ctx.channels.channels.set(c.channel_id, c);
    return {
      code: 'SUCCESS',
      details: { events: eventsView(ctx, c) },
      message: 'Successfully updated the subscribe details',
      status: 'success',
    };
  });
  return watchResponse(results);
}

export function listNotifications(req: ApiRequest, ctx: Context): ApiResponse {
  const now = Date.now();
  const channelId = req.query.get('channel_id');
  const mod = req.query.get('module');
  const list = [...ctx.channels.channels.values()].filter(
    (c) =>
      c.expiresAt > now &&
      (channelId === null || c.channel_id === channelId) &&
      (mod === null || c.events.some((e) => e.startsWith(`${mod}.`))),
  );
  if (list.length === 0) return noContent;
  return json(200, {
    watch: list.map((c) => ({
      notify_on_related_action: c.notify_on_related_action,
      channel_expiry: c.channel_expiry,
      resource_uri: eventsView(ctx, c)[0]?.['resource_uri'] ?? null,
      resource_id: eventsView(ctx, c)[0]?.['resource_id'] ?? null,
      notify_url: c.notify_url,
      resource_name: eventsView(ctx, c)[0]?.['resource_name'] ?? null,
      channel_id: c.channel_id,
      events: c.events,
      token: c.token,
    })),
    info: { per_page: 200, count: list.length, page: 1, more_records: false },
  });
}

export function disableNotifications(req: ApiRequest, ctx: Context): ApiResponse {
  const raw = req.query.get('channel_ids');
  if (raw === null || raw === '') return errors.requiredParam('channel_ids');
  const results: ActionResult[] = raw.split(',').map((id) => {
    const c = ctx.channels.channels.get(id.trim());
    if (!c)
      return errorBody('INVALID_DATA', 'invalid data', { api_name: 'channel_ids', value: id });
    ctx.channels.channels.delete(c.channel_id);
    return {
      code: 'SUCCESS',
      details: { events: eventsView(ctx, c) },
      message: 'Successfully unsubscribed from actions-watch',
      status: 'success',
    };
  });
  if (results.length === 0)
    return error(400, 'INVALID_DATA', 'invalid data', { param_name: 'channel_ids' });
  return watchResponse(results);
}

/** PATCH: add events to a channel (or, with `_delete_events: true`, remove them) and change the keys given. */
export function patchNotifications(req: ApiRequest, ctx: Context): ApiResponse {
  const watch = parseWatch(req);
  if (!Array.isArray(watch)) return watch;
  const results: ActionResult[] = watch.map((w, i) => {
    const id = isObject(w) ? String(w['channel_id'] ?? '') : '';
    const existing = ctx.channels.channels.get(id);
    if (!existing || !isObject(w))
      return errorBody('INVALID_DATA', 'invalid data', {
        api_name: 'channel_id',
        json_path: `$.watch[${i}].channel_id`,
      });
    const listed = Array.isArray(w['events'])
      ? w['events'].filter((e): e is string => typeof e === 'string')
      : [];
    const events =
      w['_delete_events'] === true
        ? existing.events.filter((e) => !listed.includes(e))
        : [...new Set([...existing.events, ...listed])];
    if (events.length === 0)
      return errorBody('MANDATORY_NOT_FOUND', 'required field not found', {
        api_name: 'events',
        json_path: `$.watch[${i}].events`,
      });
    const c = checkChannel(ctx, { ...w, events }, i, existing);
    if ('code' in c) return c;
    ctx.channels.channels.set(c.channel_id, c);
    return {
      code: 'SUCCESS',
      details: { events: eventsView(ctx, c) },
      message: 'Successfully updated the subscribe details',
      status: 'success',
    };
  });
  return watchResponse(results);
}
