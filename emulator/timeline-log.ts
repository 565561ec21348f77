/**
 * Each record's timeline (v8 "Timeline of a Record" entry shape: `audited_time`, `action`, `source`,
 * `done_by`, `record`, `field_history` with `_value: {new, old}`), written from the store's change events.
 * A route that knows better what a change was (a blueprint transition, a conversion, an owner change) says
 * so with `as(...)` around its write; otherwise an insert is `added`, an update `updated`, a delete
 * `deleted`, from `crm_api`.
 * Old values come from the last version of the record this log saw; a record it never saw (seeded) has
 * only new values in its first update.
 */
import type { ChangeOp } from './store.ts';
import { CURRENT_USER, userRef } from './org.ts';
import { nameOf, type EmulatorState } from './state.ts';
import type { Rec } from './types.ts';

export interface TimelineEntry {
  id: string;
  audited_time: string;
  action: string;
  source: string;
  done_by: { id: string; name: string; email: string };
  record: { id: string; name: string; module: { api_name: string; id: string } };
  field_history: FieldChange[] | null;
  related_record?: Record<string, unknown> | null;
}

interface FieldChange {
  api_name: string;
  field_label: string;
  id: string;
  _value: { new: unknown; old?: unknown };
}

/** How a route names what its writes were: the source always, the action when it is not the write's own. */
export interface ChangeLabel {
  /** Default: `added` for an insert, `updated` for an update, `deleted` for a delete. */
  action?: string;
  source: string;
  related_record?: Record<string, unknown>;
}

/** Fields Zoho stamps on every write: not news in a timeline. */
const SYSTEM_FIELDS = new Set(['Modified_Time', 'Modified_By', 'Created_Time', 'Created_By', 'id']);

export class Timelines {
  private readonly entries = new Map<string, TimelineEntry[]>();
  private readonly lastSeen = new Map<string, Rec>();
  private label: ChangeLabel | null = null;

  constructor(private readonly state: EmulatorState) {}

  /** Runs `write`, labelling the changes it emits (and any `note` entry it adds) with `label`. */
  as<T>(label: ChangeLabel, write: () => T): T {
    const outer = this.label;
    this.label = label;
    try {
      return write();
    } finally {
      this.label = outer;
    }
  }

  onChange(module: string, op: ChangeOp, ids: readonly string[], fields: readonly string[]): void {
    for (const id of ids) {
      const key = `${module}:${id}`;
      const now = this.state.store.peek(module, id);
      if (op === 'delete') {
        this.push(module, id, this.lastSeen.get(key) ?? null, 'deleted', [], null);
        this.lastSeen.delete(key);
        continue;
      }
      if (!now) continue;
      const before = this.lastSeen.get(key);
      this.lastSeen.set(key, now);
      if (op === 'insert') {
        this.push(module, id, now, 'added', [], null);
        continue;
      }
      const changed = fields.length > 0 ? fields : changedFields(before, now);
      this.push(module, id, now, 'updated', changed, before ?? null);
    }
  }

  /** An entry that is no field change (a tag added, a share, an email sent). */
  note(module: string, id: string, label: ChangeLabel & { action: string }): void {
    this.as(label, () =>
      this.push(module, id, this.state.store.peek(module, id) ?? null, label.action, [], null),
    );
  }

  /** The record's entries, newest first (Zoho's default order); its creation first of all if never seen. */
  list(module: string, record: Rec): TimelineEntry[] {
    const own = this.entries.get(`${module}:${record.id}`) ?? [];
    const all = own.some((e) => e.action === 'added')
      ? own
      : [this.created(module, record), ...own];
    return [...all].reverse();
  }

  private created(module: string, r: Rec): TimelineEntry {
    const time = typeof r['Created_Time'] === 'string' ? r['Created_Time'] : this.state.now();
    return { ...this.entry(module, r.id, r, 'added', null), id: `${r.id}0`, audited_time: time };
  }

  private push(
    module: string,
    id: string,
    record: Rec | null,
    defaultAction: string,
    fields: readonly string[],
    before: Rec | null,
  ): void {
    const action = this.label?.action ?? defaultAction;
    const index = this.state.index.modules.get(module);
    const history = fields
      .filter((f) => !SYSTEM_FIELDS.has(f))
      .map((f): FieldChange => {
        const rule = index?.fields.get(f);
        const value: FieldChange['_value'] = { new: record?.[f] ?? null };
        if (before !== null) value.old = before[f] ?? null;
        return {
          api_name: f,
          field_label: rule?.field.field_label ?? f,
          id: rule?.field.id ?? f,
          _value: value,
        };
      });
    const entry = this.entry(module, id, record, action, history.length > 0 ? history : null);
    if (this.label?.related_record !== undefined) entry.related_record = this.label.related_record;
    const key = `${module}:${id}`;
    const list = this.entries.get(key) ?? [];
    list.push(entry);
    this.entries.set(key, list);
  }

  private entry(
    module: string,
    id: string,
    record: Rec | null,
    action: string,
    history: FieldChange[] | null,
  ): TimelineEntry {
    const index = this.state.index.modules.get(module);
    const me = userRef(CURRENT_USER);
    return {
      id: this.state.store.ids.next(),
      audited_time: this.state.now(),
      action,
      source: this.label?.source ?? 'crm_api',
      done_by: me,
      record: {
        id,
        name: record ? nameOf(index, record) : id,
        module: { api_name: module, id: index?.module.id ?? module },
      },
      field_history: history,
    };
  }
}

function changedFields(before: Rec | undefined, now: Rec): string[] {
  if (before === undefined) return [];
  return Object.keys(now).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(now[k]));
}
