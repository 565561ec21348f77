/**
 * What the record actions keep beside the record store, per emulator: each record's timeline (what the
 * emulator did to it), its shares, and mass convert jobs. Kept here, keyed by the EmulatorState, so the
 * actions' state stays in the files that own it.
 */
import type { EmulatorState } from './state.ts';
import { Timelines } from './timeline-log.ts';

export interface ShareEntry {
  shared_with: { type: 'users' | 'roles' | 'groups'; id: string; name: string };
  permission: 'read_only' | 'read_write' | 'full_access';
  type: 'private' | 'public';
  share_related_records: boolean;
  shared_time: string;
}

export interface MassConvertJob {
  total: number;
  converted: number;
  failed: number;
}

export interface ActionState {
  readonly timelines: Timelines;
  /** Shares by `${module}:${id}`. */
  readonly shares: Map<string, ShareEntry[]>;
  readonly massConverts: Map<string, MassConvertJob>;
}

const byState = new WeakMap<EmulatorState, ActionState>();

/** The actions' state of this emulator (made on first use). */
export function actionState(state: EmulatorState): ActionState {
  let s = byState.get(state);
  if (s === undefined) {
    s = { timelines: new Timelines(state), shares: new Map(), massConverts: new Map() };
    byState.set(state, s);
  }
  return s;
}

/**
 * Called once when the emulator starts: from then on every insert, update and delete of a record is
 * written to its timeline, whichever route made it (records, bulk, composite, convert, blueprint, …).
 */
export function recordTimelines(state: EmulatorState): void {
  const { timelines } = actionState(state);
  state.store.onChange((module, op, ids, fields) => timelines.onChange(module, op, ids, fields));
}
