/**
 * Writing one record (create / update / delete) with Zoho's per-record result. Shared by the
 * records routes, upsert, convert, composite and bulk write, so every path applies the same rules.
 */
import { errorBody, type ActionResult } from './envelopes.ts';
import type { ModuleIndex } from './module-index.ts';
import { CURRENT_USER, userRef } from './org.ts';
import { deriveFields, nameOf, type EmulatorState } from './state.ts';
import type { Rec } from './types.ts';
import { duplicateError, validateRecord } from './validate.ts';

export type WriteOutcome =
  { ok: true; record: Rec; result: ActionResult } | { ok: false; result: ActionResult };

export function createOne(
  state: EmulatorState,
  index: ModuleIndex,
  input: unknown,
  i: number,
  root = 'data',
): WriteOutcome {
  const v = validateRecord(input, index, i, 'create', state.validateContext, root);
  if (!v.ok) return { ok: false, result: v.error };
  const dup = duplicateError(index, v.values, i, state.store, null, root);
  if (dup) return { ok: false, result: dup };
  const r = state.newRecord(index, v.values);
  state.store.insert(index.apiName, r);
  return {
    ok: true,
    record: r,
    result: {
      code: 'SUCCESS',
      details: state.successDetails(r),
      message: 'record added',
      status: 'success',
    },
  };
}

export function invalidId(id: string, path: string): ActionResult {
  return errorBody('INVALID_DATA', 'the related id given seems to be invalid', {
    api_name: 'id',
    json_path: path,
    id,
  });
}

export function updateOne(
  state: EmulatorState,
  index: ModuleIndex,
  id: string,
  input: unknown,
  i: number,
  root = 'data',
): WriteOutcome {
  const old = state.store.get(index.apiName, id);
  if (!old) return { ok: false, result: invalidId(id, `$.${root}[${i}].id`) };
  const v = validateRecord(input, index, i, 'update', state.validateContext, root);
  if (!v.ok) return { ok: false, result: v.error };
  const dup = duplicateError(index, v.values, i, state.store, id, root);
  if (dup) return { ok: false, result: dup };
  const patch: Record<string, unknown> = {
    ...v.values,
    Modified_Time: state.now(),
    Modified_By: userRef(CURRENT_USER),
  };
  const merged = { ...old, ...patch };
  deriveFields(index, merged);
  if (merged['Full_Name'] !== old['Full_Name']) patch['Full_Name'] = merged['Full_Name'];
  const r = state.store.update(index.apiName, id, patch) as Rec;
  return {
    ok: true,
    record: r,
    result: {
      code: 'SUCCESS',
      details: state.successDetails(r),
      message: 'record updated',
      status: 'success',
    },
  };
}

export function deleteOne(state: EmulatorState, index: ModuleIndex, id: string): WriteOutcome {
  const r = state.store.get(index.apiName, id);
  if (!r)
    return {
      ok: false,
      result: errorBody('INVALID_DATA', 'the related id given seems to be invalid', { id }),
    };
  const me = userRef(CURRENT_USER);
  const createdBy = r['Created_By'];
  state.store.remove(index.apiName, id, {
    display_name: nameOf(index, r),
    type: 'recycle',
    deleted_by: { name: me.name, id: me.id },
    created_by:
      typeof createdBy === 'object' && createdBy !== null
        ? (createdBy as { name: string; id: string })
        : null,
    deleted_time: state.now(),
  });
  return {
    ok: true,
    record: r,
    result: { code: 'SUCCESS', details: { id }, message: 'record deleted', status: 'success' },
  };
}
