/**
 * Owner, sharing and mail actions on records:
 * - POST /{module}/{id}/actions/change_owner and /{module}/actions/change_owner (v8 "Change Owner": `owner.id`
 *   a user of the org, at most 500 ids, `related_modules` at most 5);
 * - GET / POST / PUT / DELETE /{module}/{id}/actions/share (v8 "Share Records": users, roles or groups; at
 *   most 20 entries a call and 10 users, 5 roles, 5 groups per record; Calls, Events, Tasks not directly);
 * - POST /{module}/{id}/actions/send_mail (v8 "Send Mail": `from` is the user's own address unless
 *   `org_email`, at least one `to`, a subject and content or a template).
 * Each writes the record's timeline.
 */
import { actionState, type ShareEntry } from './action-state.ts';
import type { Context } from './context.ts';
import {
  error,
  errorBody,
  errors,
  isObject,
  json,
  multiStatus,
  noContent,
  parseJsonBody,
  type ActionResult,
} from './envelopes.ts';
import type { ModuleIndex } from './module-index.ts';
import { CURRENT_USER, USERS, userRef } from './org.ts';
import { recordTarget } from './record-target.ts';
import { recordModule } from './records-common.ts';
import type { EmulatorState } from './state.ts';
import type { ApiRequest, ApiResponse, Rec } from './types.ts';

const MASS_OWNER_IDS = 500;
const SHARE_PER_CALL = 20;
const SHARE_LIMITS = { users: 10, roles: 5, groups: 5 } as const;
/** Shared only as related lists of another record (v8 "Share Records"). */
const NOT_SHAREABLE = new Set(['Calls', 'Events', 'Tasks']);
const PERMISSIONS = new Set(['read_only', 'read_write', 'full_access']);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function ownerOf(body: unknown): { id: string } | ApiResponse {
  if (!isObject(body)) return errors.malformedBody();
  const owner = body['owner'];
  if (!isObject(owner) || owner['id'] === undefined) return errors.mandatoryBody('owner');
  const user = USERS.find((u) => u.id === owner['id'] && u.status === 'active');
  if (!user)
    return error(400, 'INVALID_DATA', 'invalid data', {
      api_name: 'owner',
      json_path: '$.owner.id',
    });
  const related = body['related_modules'];
  if (related !== undefined && (!Array.isArray(related) || related.length > 5))
    return errors.limitExceeded(5, { api_name: 'related_modules', json_path: '$.related_modules' });
  return { id: user.id };
}

function setOwner(
  state: EmulatorState,
  index: ModuleIndex,
  id: string,
  ownerId: string,
): ActionResult {
  const user = USERS.find((u) => u.id === ownerId) ?? CURRENT_USER;
  if (!state.store.get(index.apiName, id))
    return errorBody('INVALID_DATA', 'the related id given seems to be invalid', { id });
  state.store.update(index.apiName, id, {
    Owner: userRef(user),
    Modified_Time: state.now(),
    Modified_By: userRef(CURRENT_USER),
  });
  actionState(state).timelines.as({ source: 'change_owner' }, () =>
    state.store.emit(index.apiName, 'update', [id], ['Owner']),
  );
  return {
    code: 'SUCCESS',
    details: { id },
    message: 'owner is successfully updated',
    status: 'success',
  };
}

export function changeRecordOwner(req: ApiRequest, ctx: Context): ApiResponse {
  const t = recordTarget(req, ctx);
  if ('status' in t) return t;
  if (!t.index.fields.has('Owner')) return errors.notSupported(t.index.apiName);
  const p = parseJsonBody(req.body);
  if (!p.ok) return p.response;
  const owner = ownerOf(p.value);
  if ('status' in owner) return owner;
  return json(200, { data: [setOwner(ctx.state, t.index, t.record.id, owner.id)] });
}

export function massChangeRecordOwner(req: ApiRequest, ctx: Context): ApiResponse {
  const m = recordModule(req, ctx.state);
  if (!m.ok) return m.response;
  if (!m.index.fields.has('Owner')) return errors.notSupported(m.index.apiName);
  const p = parseJsonBody(req.body);
  if (!p.ok) return p.response;
  const owner = ownerOf(p.value);
  if ('status' in owner) return owner;
  const ids = isObject(p.value) ? p.value['ids'] : undefined;
  if (!Array.isArray(ids) || ids.length === 0) return errors.mandatoryBody('ids');
  if (ids.length > MASS_OWNER_IDS)
    return errors.limitExceeded(MASS_OWNER_IDS, { api_name: 'ids', json_path: '$.ids' });
  const results = ids.map((id, i) =>
    typeof id === 'string'
      ? setOwner(ctx.state, m.index, id, owner.id)
      : errorBody('INVALID_DATA', 'invalid data', { api_name: 'ids', json_path: `$.ids[${i}]` }),
  );
  return json(multiStatus(results, 200), { data: results });
}

// ── Sharing ─────────────────────────────────────────────────────────────────────────────────────

function shareTarget(
  req: ApiRequest,
  ctx: Context,
): { index: ModuleIndex; record: Rec; key: string } | ApiResponse {
  const t = recordTarget(req, ctx);
  if ('status' in t) return t;
  if (NOT_SHAREABLE.has(t.index.apiName)) return errors.notSupported(t.index.apiName);
  return { ...t, key: `${t.index.apiName}:${t.record.id}` };
}

/** The name of whom an entry shares with, or null when the org has no such user / role (no groups here). */
function recipientName(type: unknown, id: unknown): string | null {
  if (type === 'users') {
    const u = USERS.find((x) => x.id === id && x.id !== CURRENT_USER.id);
    return u ? u.full_name : null;
  }
  if (type === 'roles') return USERS.find((x) => x.role.id === id)?.role.name ?? null;
  return null;
}

function readShares(body: unknown): unknown[] | ApiResponse {
  if (!isObject(body)) return errors.malformedBody();
  const share = body['share'];
  if (!Array.isArray(share) || share.length === 0) return errors.mandatoryBody('share');
  if (share.length > SHARE_PER_CALL)
    return errors.limitExceeded(SHARE_PER_CALL, { api_name: 'share', json_path: '$.share' });
  return share;
}

function invalid(i: number, key: string): ActionResult {
  return errorBody('INVALID_DATA', 'invalid data', {
    api_name: key,
    json_path: `$.share[${i}].${key}`,
  });
}

export function getRecordSharing(req: ApiRequest, ctx: Context): ApiResponse {
  const t = shareTarget(req, ctx);
  if ('status' in t) return t;
  const only = req.query.get('sharedTo');
  const view = req.query.get('view');
  if (view !== null && view !== 'summary') return errors.invalidParam('view');
  const entries = (actionState(ctx.state).shares.get(t.key) ?? []).filter(
    (e) => only === null || e.shared_with.id === only,
  );
  if (entries.length === 0) return noContent;
  const me = userRef(CURRENT_USER);
  return json(200, {
    share: entries.map((e) => ({
      ...e,
      shared_through: {
        module: { name: t.index.apiName, id: t.index.module.id ?? t.index.apiName },
        id: t.record.id,
      },
      shared_by: { name: me.name, id: me.id, zuid: CURRENT_USER.zuid },
    })),
  });
}

/** POST adds shares, PUT changes the access of existing ones; one result per entry. */
function writeShares(req: ApiRequest, ctx: Context, adding: boolean): ApiResponse {
  const t = shareTarget(req, ctx);
  if ('status' in t) return t;
  const p = parseJsonBody(req.body);
  if (!p.ok) return p.response;
  const list = readShares(p.value);
  if (!Array.isArray(list)) return list;
  const shares = actionState(ctx.state).shares;
  const current = [...(shares.get(t.key) ?? [])];
  const results = list.map((raw, i): ActionResult => {
    if (!isObject(raw)) return invalid(i, 'share');
    const w = raw['shared_with'];
    if (!isObject(w))
      return errorBody('MANDATORY_NOT_FOUND', 'required field not found', {
        api_name: 'shared_with',
        json_path: `$.share[${i}].shared_with`,
      });
    const name = recipientName(w['type'], w['id']);
    if (name === null) return invalid(i, 'shared_with');
    if (typeof raw['permission'] !== 'string' || !PERMISSIONS.has(raw['permission']))
      return invalid(i, 'permission');
    if (raw['type'] !== 'private' && raw['type'] !== 'public') return invalid(i, 'type');
    const at = current.findIndex(
      (e) => e.shared_with.type === w['type'] && e.shared_with.id === w['id'],
    );
    if (adding && at >= 0)
      return errorBody('INVALID_DATA', 'the record is already shared with this user', {
        api_name: 'shared_with',
        json_path: `$.share[${i}].shared_with`,
      });
    if (!adding && at < 0)
      return errorBody('INVALID_DATA', 'the record is not shared with this user', {
        api_name: 'shared_with',
        json_path: `$.share[${i}].shared_with`,
      });
    const type = w['type'] as ShareEntry['shared_with']['type'];
    if (adding && current.filter((e) => e.shared_with.type === type).length >= SHARE_LIMITS[type])
      return errorBody('LIMIT_EXCEEDED', 'the limit has been exceeded', {
        limit: SHARE_LIMITS[type],
        api_name: 'shared_with',
        json_path: `$.share[${i}].shared_with`,
      });
    const entry: ShareEntry = {
      shared_with: { type, id: String(w['id']), name },
      permission: raw['permission'] as ShareEntry['permission'],
      type: raw['type'],
      share_related_records: raw['share_related_records'] === true,
      shared_time: ctx.state.now(),
    };
    if (at >= 0) current[at] = entry;
    else current.push(entry);
    return {
      code: 'SUCCESS',
      details: {},
      message: adding
        ? 'record will be shared successfully'
        : 'sharing permissions updated successfully',
      status: 'success',
    };
  });
  shares.set(t.key, current);
  if (results.some((r) => r.status === 'success'))
    actionState(ctx.state).timelines.note(t.index.apiName, t.record.id, {
      action: adding ? 'shared' : 'sharing_updated',
      source: 'crm_api',
    });
  return json(multiStatus(results, adding ? 201 : 200), { share: results });
}

export function shareRecord(req: ApiRequest, ctx: Context): ApiResponse {
  return writeShares(req, ctx, true);
}

export function updateRecordSharing(req: ApiRequest, ctx: Context): ApiResponse {
  return writeShares(req, ctx, false);
}

export function revokeRecordSharing(req: ApiRequest, ctx: Context): ApiResponse {
  const t = shareTarget(req, ctx);
  if ('status' in t) return t;
  const { shares, timelines } = actionState(ctx.state);
  if ((shares.get(t.key) ?? []).length === 0)
    return error(400, 'INVALID_DATA', 'the record is not shared', { id: t.record.id });
  shares.delete(t.key);
  timelines.note(t.index.apiName, t.record.id, { action: 'unshared', source: 'crm_api' });
  return json(200, {
    share: [{ code: 'SUCCESS', details: {}, message: 'unshared successfully', status: 'success' }],
  });
}

// ── Send mail ───────────────────────────────────────────────────────────────────────────────────

function mailError(key: string): ApiResponse {
  return json(400, {
    data: [
      errorBody('INVALID_DATA', 'invalid data', { api_name: key, json_path: `$.data[0].${key}` }),
    ],
  });
}

function isAddress(v: unknown): boolean {
  return isObject(v) && typeof v['email'] === 'string' && EMAIL.test(v['email']);
}

export function sendMail(req: ApiRequest, ctx: Context): ApiResponse {
  const t = recordTarget(req, ctx);
  if ('status' in t) return t;
  const p = parseJsonBody(req.body);
  if (!p.ok) return p.response;
  const data = isObject(p.value) ? p.value['data'] : undefined;
  if (!Array.isArray(data) || data.length === 0 || !isObject(data[0]))
    return errors.mandatoryBody('data');
  if (data.length > 1) return errors.limitExceeded(1, { api_name: 'data', json_path: '$.data' });
  const mail = data[0];
  const from = mail['from'];
  if (!isAddress(from)) return mailError('from');
  // Without org_email the sender is the user making the call (v8 "Send Mail").
  if (mail['org_email'] !== true && isObject(from) && from['email'] !== CURRENT_USER.email)
    return mailError('from');
  const to = mail['to'];
  if (!Array.isArray(to) || to.length === 0 || !to.every(isAddress)) return mailError('to');
  for (const key of ['cc', 'bcc'] as const) {
    const list = mail[key];
    if (list !== undefined && (!Array.isArray(list) || !list.every(isAddress)))
      return mailError(key);
  }
  const hasTemplate = isObject(mail['template']) && typeof mail['template']['id'] === 'string';
  if (!hasTemplate && (typeof mail['subject'] !== 'string' || typeof mail['content'] !== 'string'))
    return mailError(typeof mail['subject'] !== 'string' ? 'subject' : 'content');
  const messageId = Buffer.from(`${t.record.id}:${ctx.state.store.ids.next()}`).toString('hex');
  actionState(ctx.state).timelines.note(t.index.apiName, t.record.id, {
    action: 'email_sent',
    source: 'crm_api',
    related_record: {
      id: messageId,
      name: typeof mail['subject'] === 'string' ? mail['subject'] : '',
      module: { api_name: 'Emails' },
    },
  });
  return json(200, {
    data: [
      {
        code: 'SUCCESS',
        details: { message_id: messageId },
        message: 'Your mail has been sent successfully.',
        status: 'success',
      },
    ],
  });
}
