/**
 * A record's blueprint. Zoho CRM v8 "Get Blueprint Details" (get-blueprint.html): GET /{module}/{id}/actions/
 * blueprint gives the process the record is in (`process_info`: its state field and current value) and the
 * transitions available now, each with the fields it asks for; 204 when the record is in no blueprint.
 * "Update Blueprint" (update-blueprint.html): PUT the same path with ONE transition and the values of its
 * fields — the module's own fields, plus Notes, Attachments, CheckLists and Tasks.
 */
import {
  actionPath,
  oneResult,
  withSignal,
  type ActionOptions,
  type ActionTarget,
} from './action-target.js';
import type { JsonObject } from './record-types.js';

/** The field a transition asks for (field metadata as GET settings/fields gives it). */
export interface BlueprintField {
  api_name: string;
  id?: string;
  field_label?: string;
  data_type?: string;
  system_mandatory?: boolean;
  [key: string]: unknown;
}

export interface BlueprintTransition {
  id: string;
  name: string;
  /** The state the record moves to. */
  next_field_value: string;
  criteria_matched?: boolean;
  criteria_message?: string | null;
  /** The fields to fill when taking this transition. */
  fields?: BlueprintField[];
  next_transitions?: { id: string; name: string }[];
  data?: JsonObject | null;
  [key: string]: unknown;
}

export interface RecordBlueprint {
  process_info: {
    id?: string;
    name?: string;
    /** API name of the state field the process drives (Lead_Status, Stage, …). */
    api_name?: string;
    field_label?: string;
    /** The record's current state. */
    field_value?: string | null;
    [key: string]: unknown;
  };
  transitions: BlueprintTransition[];
}

/** What a transition saves: the module's updatable fields, typed by the org, plus the transition's extras. */
export type BlueprintData<TUpdate> = TUpdate & {
  /** A note added with the transition. */
  Notes?: string;
  /** Files (ZFS ids) attached with the transition. */
  Attachments?: readonly { id: string }[];
  CheckLists?: readonly { list: number; title?: string; completed?: boolean }[];
  Tasks?: JsonObject;
};

export async function getBlueprint(
  target: ActionTarget,
  id: string,
  options?: ActionOptions,
): Promise<RecordBlueprint | null> {
  const body = await target.core.request<{ blueprint?: RecordBlueprint } | undefined>(
    withSignal(
      {
        method: 'GET',
        path: actionPath(target.apiName, id, 'actions', 'blueprint'),
        operation: 'getRecordBlueprint',
      },
      options,
    ),
  );
  return body?.blueprint ?? null;
}

/** Takes one transition, saving `data`; an error when the record is not where the transition starts. */
export async function takeTransition<TUpdate>(
  target: ActionTarget,
  id: string,
  transitionId: string,
  data?: BlueprintData<TUpdate>,
  options?: ActionOptions,
): Promise<void> {
  const entry: Record<string, unknown> = { transition_id: transitionId };
  if (data !== undefined) entry['data'] = data;
  const body = await target.core.request(
    withSignal(
      {
        method: 'PUT',
        path: actionPath(target.apiName, id, 'actions', 'blueprint'),
        body: { blueprint: [entry] },
        operation: 'updateRecordBlueprint',
        // Not replayed: a second PUT would try the transition from the state the first one left.
        idempotent: false,
      },
      options,
    ),
  );
  oneResult(body, 'updateRecordBlueprint');
}
