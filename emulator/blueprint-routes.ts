/**
 * Blueprints (v8 "Get Blueprint Details", "Update Blueprint"): GET / PUT /crm/v8/{module}/{id}/actions/
 * blueprint. A snapshot holds no blueprint configuration, so the emulator runs one process per module
 * whose state field it knows (Leads: Lead_Status, Deals: Stage, Cases: Status): from each state a record
 * can move forward one or two values along the picklist's order, and each transition asks for the first
 * of the module's Phone / Follow_Up_Date / Closing_Date / Description fields it has. Taking a transition
 * checks its fields' values against the module's field rules (as an update does), saves them with the new
 * state, and writes a `transition_executed` timeline entry; the next GET offers the next transitions.
 * `Notes`, `Attachments`, `CheckLists` and `Tasks` in `data` are accepted and not kept.
 */
import { actionState } from './action-state.ts';
import type { Context } from './context.ts';
import { error, errors, isObject, json, noContent, parseJsonBody } from './envelopes.ts';
import type { FieldRule, ModuleIndex } from './module-index.ts';
import { recordTarget } from './record-target.ts';
import { updateOne } from './record-writes.ts';
import type { ApiRequest, ApiResponse, Rec } from './types.ts';

/** The field each emulated process drives, by module. */
const STATE_FIELDS: Readonly<Record<string, string>> = {
  Leads: 'Lead_Status',
  Deals: 'Stage',
  Cases: 'Status',
};
/** Fields a transition asks for, the first the module has wins. */
const TRANSITION_FIELDS = ['Phone', 'Follow_Up_Date', 'Closing_Date', 'Description'];
/** Keys of a transition's `data` that are not fields of the record (v8 "Update Blueprint"). */
const TRANSITION_EXTRAS = new Set(['Notes', 'Attachments', 'CheckLists', 'Tasks']);
/** States a transition can move forward by. */
const STEPS = [1, 2];

interface Process {
  index: ModuleIndex;
  field: FieldRule;
  states: readonly string[];
  asks: FieldRule | undefined;
}

interface Transition {
  id: string;
  name: string;
  to: string;
}

function processOf(index: ModuleIndex): Process | null {
  const name = STATE_FIELDS[index.apiName];
  const field = name === undefined ? undefined : index.fields.get(name);
  if (!field || field.dataType !== 'picklist' || field.readOnly) return null;
  const states = field.picklistValues.filter((v) => v !== '-None-');
  const asks = TRANSITION_FIELDS.map((f) => index.fields.get(f)).find(
    (f) => f !== undefined && !f.readOnly && f.apiName !== field.apiName,
  );
  return states.length < 2 ? null : { index, field, states, asks };
}

/** A stable id per (module, from, to): the same transition keeps its id between calls. */
function transitionId(module: string, from: string, to: string): string {
  let h = 0x811c9dc5;
  for (const ch of `${module}\u0000${from}\u0000${to}`) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `58439${String(h).padStart(14, '0')}`;
}

function transitionsFrom(p: Process, current: unknown): Transition[] {
  const at = typeof current === 'string' ? p.states.indexOf(current) : -1;
  const from = typeof current === 'string' ? current : '';
  return STEPS.map((s) => p.states[at + s])
    .filter((to): to is string => to !== undefined)
    .map((to) => ({ id: transitionId(p.index.apiName, from, to), name: `Move to ${to}`, to }));
}

function target(
  req: ApiRequest,
  ctx: Context,
): { process: Process | null; record: Rec; index: ModuleIndex } | ApiResponse {
  const t = recordTarget(req, ctx);
  if ('status' in t) return t;
  return { ...t, process: processOf(t.index) };
}

function fieldView(f: FieldRule, sequence: number): Record<string, unknown> {
  return {
    api_name: f.apiName,
    id: f.field.id ?? f.apiName,
    field_label: f.field.field_label ?? f.apiName,
    data_type: f.dataType,
    system_mandatory: false,
    transition_sequence: sequence,
  };
}

export function getRecordBlueprint(req: ApiRequest, ctx: Context): ApiResponse {
  const t = target(req, ctx);
  if ('status' in t) return t;
  const p = t.process;
  if (p === null) return noContent;
  const current = t.record[p.field.apiName];
  const options = transitionsFrom(p, current);
  return json(200, {
    blueprint: {
      process_info: {
        id: transitionId(p.index.apiName, '', ''),
        name: `${p.index.apiName} process`,
        field_id: p.field.field.id ?? p.field.apiName,
        api_name: p.field.apiName,
        field_label: p.field.field.field_label ?? p.field.apiName,
        field_value: typeof current === 'string' ? current : null,
        is_continuous: false,
        continuous: false,
        escalation: null,
      },
      transitions: options.map((o) => ({
        id: o.id,
        name: o.name,
        next_field_value: o.to,
        criteria_matched: true,
        criteria_message: null,
        percent_partial_save: null,
        execution_time: null,
        type: 'transition',
        data: null,
        next_transitions: transitionsFrom(p, o.to).map((n) => ({ id: n.id, name: n.name })),
        fields: p.asks === undefined ? [] : [fieldView(p.asks, 1)],
      })),
    },
  });
}

export function updateRecordBlueprint(req: ApiRequest, ctx: Context): ApiResponse {
  const t = target(req, ctx);
  if ('status' in t) return t;
  const p = t.process;
  if (p === null)
    return error(400, 'INVALID_DATA', 'the record is not in any blueprint', {
      id: t.record.id,
      resource_path_index: 1,
    });
  const parsed = parseJsonBody(req.body);
  if (!parsed.ok) return parsed.response;
  const list = isObject(parsed.value) ? parsed.value['blueprint'] : undefined;
  if (!Array.isArray(list) || list.length === 0 || !isObject(list[0]))
    return errors.mandatoryBody('blueprint');
  if (list.length > 1)
    return errors.limitExceeded(1, { api_name: 'blueprint', json_path: '$.blueprint' });
  const entry = list[0];
  const chosen = transitionsFrom(p, t.record[p.field.apiName]).find(
    (o) => o.id === entry['transition_id'],
  );
  if (chosen === undefined)
    return error(400, 'INVALID_DATA', 'invalid data', {
      api_name: 'transition_id',
      json_path: '$.blueprint[0].transition_id',
    });
  const data = entry['data'] === undefined ? {} : entry['data'];
  if (!isObject(data))
    return error(400, 'INVALID_DATA', 'invalid data', {
      expected_data_type: 'jsonobject',
      json_path: '$.blueprint[0].data',
    });
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) if (!TRANSITION_EXTRAS.has(k)) fields[k] = v;
  for (const k of Object.keys(fields)) {
    if (!t.index.fields.has(k))
      return error(400, 'INVALID_DATA', 'invalid data', {
        api_name: k,
        json_path: `$.blueprint[0].data.${k}`,
      });
  }
  const { state } = ctx;
  const timelines = actionState(state).timelines;
  const label = {
    action: 'transition_executed',
    source: 'blueprint',
    related_record: { id: chosen.id, name: chosen.name, module: { api_name: 'Transitions' } },
  };
  const o = updateOne(
    state,
    t.index,
    t.record.id,
    { ...fields, [p.field.apiName]: chosen.to },
    0,
    'blueprint',
  );
  if (!o.ok) {
    // updateOne names `$.blueprint[0].<field>`; the value sits under `data` in this body.
    const path = o.result.details['json_path'];
    if (typeof path === 'string')
      o.result.details['json_path'] = path.replace('$.blueprint[0].', '$.blueprint[0].data.');
    return json(400, o.result);
  }
  timelines.as(label, () =>
    state.store.emit(
      t.index.apiName,
      'update',
      [t.record.id],
      [...Object.keys(fields), p.field.apiName],
    ),
  );
  return json(200, {
    code: 'SUCCESS',
    details: {},
    message: 'transition updated successfully',
    status: 'success',
  });
}
