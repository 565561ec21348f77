/**
 * The in-memory record store: one map per module, a unique-value index, the recycle bin,
 * an undo journal (composite `rollback_on_fail`) and change listeners (notification channels).
 */
import type { Rec } from './types.ts';
import { IdSource } from './clock.ts';

export interface DeletedEntry {
  id: string;
  display_name: string;
  type: 'recycle' | 'permanent';
  module: string;
  deleted_by: { name: string; id: string };
  created_by: { name: string; id: string } | null;
  deleted_time: string;
  record: Rec;
}

export type ChangeOp = 'insert' | 'update' | 'delete';
export type ChangeListener = (
  module: string,
  op: ChangeOp,
  ids: readonly string[],
  fields: readonly string[],
) => void;

interface ModuleData {
  byId: Map<string, Rec>;
  /** Records in id order, rebuilt only after a write (listing pages slice it). */
  sorted: Rec[] | null;
  unique: Map<string, Map<string, string>>;
  deleted: DeletedEntry[];
}

export interface UniqueSpec {
  field: string;
  caseSensitive: boolean;
}

function norm(v: unknown, caseSensitive: boolean): string | null {
  if (v === null || v === undefined || v === '') return null;
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return caseSensitive ? s : s.toLowerCase();
}

export class RecordStore {
  private readonly data = new Map<string, ModuleData>();
  private journal: (() => void)[] | null = null;
  private readonly listeners: ChangeListener[] = [];
  readonly ids = new IdSource();

  /** Lazy seeding hook: called with a module name before any access to it. */
  private ensure: (module: string) => void = () => undefined;

  constructor(private uniqueSpecs: (module: string) => readonly UniqueSpec[]) {}

  setEnsure(f: (module: string) => void): void {
    this.ensure = f;
  }

  setUniqueSpecs(f: (module: string) => readonly UniqueSpec[]): void {
    this.uniqueSpecs = f;
    for (const [module, d] of this.data) this.reindex(module, d);
  }

  private mod(module: string): ModuleData {
    this.ensure(module);
    let d = this.data.get(module);
    if (!d) {
      d = { byId: new Map(), sorted: null, unique: new Map(), deleted: [] };
      for (const u of this.uniqueSpecs(module)) d.unique.set(u.field, new Map());
      this.data.set(module, d);
    }
    return d;
  }

  private reindex(module: string, d: ModuleData): void {
    d.unique = new Map();
    for (const u of this.uniqueSpecs(module)) {
      const idx = new Map<string, string>();
      for (const r of d.byId.values()) {
        const k = norm(r[u.field], u.caseSensitive);
        if (k !== null) idx.set(k, r.id);
      }
      d.unique.set(u.field, idx);
    }
  }

  onChange(l: ChangeListener): void {
    this.listeners.push(l);
  }

  emit(module: string, op: ChangeOp, ids: readonly string[], fields: readonly string[]): void {
    if (ids.length === 0) return;
    for (const l of this.listeners) l(module, op, ids, fields);
  }

  get(module: string, id: string): Rec | undefined {
    this.ensure(module);
    return this.data.get(module)?.byId.get(id);
  }

  /** A record if the module holds it now, without triggering lazy seeding. */
  peek(module: string, id: string): Rec | undefined {
    return this.data.get(module)?.byId.get(id);
  }

  size(module: string): number {
    this.ensure(module);
    return this.data.get(module)?.byId.size ?? 0;
  }

  /** Records in ascending id order (= creation order). */
  list(module: string): readonly Rec[] {
    this.ensure(module);
    const d = this.data.get(module);
    if (!d) return [];
    if (!d.sorted) d.sorted = [...d.byId.values()];
    return d.sorted;
  }

  /** Id of the record holding `value` in unique field `field`, if any. */
  findUnique(module: string, field: string, value: unknown): string | undefined {
    this.ensure(module);
    const d = this.data.get(module);
    const spec = this.uniqueSpecs(module).find((u) => u.field === field);
    if (!d || !spec) return undefined;
    const k = norm(value, spec.caseSensitive);
    return k === null ? undefined : d.unique.get(field)?.get(k);
  }

  private indexAdd(module: string, d: ModuleData, r: Rec): void {
    for (const u of this.uniqueSpecs(module)) {
      const k = norm(r[u.field], u.caseSensitive);
      if (k !== null) d.unique.get(u.field)?.set(k, r.id);
    }
  }

  private indexRemove(module: string, d: ModuleData, r: Rec): void {
    for (const u of this.uniqueSpecs(module)) {
      const k = norm(r[u.field], u.caseSensitive);
      const idx = d.unique.get(u.field);
      if (k !== null && idx?.get(k) === r.id) idx.delete(k);
    }
  }

  insert(module: string, r: Rec): void {
    const d = this.mod(module);
    d.byId.set(r.id, r);
    if (d.sorted) d.sorted.push(r); // ids only grow, so appending keeps the order
    this.indexAdd(module, d, r);
    this.journal?.push(() => this.hardRemove(module, r.id));
  }

  /** Bulk load for seeding: no journal, no events. */
  load(module: string, records: readonly Rec[]): void {
    const d = this.mod(module);
    if (d.byId.size > 0) {
      // Records already there (API-created before the first read) have larger ids: keep id order.
      const existing = [...d.byId.values()];
      d.byId = new Map();
      for (const r of [...records, ...existing]) d.byId.set(r.id, r);
      for (const r of records) this.indexAdd(module, d, r);
      d.sorted = null;
      return;
    }
    for (const r of records) {
      d.byId.set(r.id, r);
      this.indexAdd(module, d, r);
    }
    d.sorted = null;
  }

  update(module: string, id: string, patch: Record<string, unknown>): Rec | undefined {
    const d = this.mod(module);
    const old = d.byId.get(id);
    if (!old) return undefined;
    const next = { ...old, ...patch, id } as Rec;
    this.indexRemove(module, d, old);
    d.byId.set(id, next);
    this.indexAdd(module, d, next);
    d.sorted = null;
    this.journal?.push(() => {
      const dd = this.mod(module);
      this.indexRemove(module, dd, next);
      dd.byId.set(id, old);
      this.indexAdd(module, dd, old);
      dd.sorted = null;
    });
    return next;
  }

  private hardRemove(module: string, id: string): Rec | undefined {
    const d = this.mod(module);
    const r = d.byId.get(id);
    if (!r) return undefined;
    this.indexRemove(module, d, r);
    d.byId.delete(id);
    d.sorted = null;
    return r;
  }

  /** Move a record to the recycle bin (Zoho keeps deleted records there for 60 days). */
  remove(
    module: string,
    id: string,
    entry: Omit<DeletedEntry, 'record' | 'id' | 'module'> | null,
  ): Rec | undefined {
    const r = this.hardRemove(module, id);
    if (!r) return undefined;
    const d = this.mod(module);
    if (entry) d.deleted.push({ ...entry, id, module, record: r });
    this.journal?.push(() => {
      const dd = this.mod(module);
      if (entry) dd.deleted = dd.deleted.filter((e) => e.id !== id);
      dd.byId.set(id, r);
      this.indexAdd(module, dd, r);
      dd.sorted = null;
    });
    return r;
  }

  deleted(module: string): readonly DeletedEntry[] {
    this.ensure(module);
    return this.data.get(module)?.deleted ?? [];
  }

  /** Run `fn`; if it asks to roll back, undo every write it made. */
  transaction<T>(fn: () => Promise<{ value: T; rollback: boolean }>): Promise<T> {
    const outer = this.journal;
    const mine: (() => void)[] = [];
    this.journal = mine;
    return fn().then(
      ({ value, rollback }) => {
        this.journal = outer;
        if (rollback) for (const u of mine.reverse()) u();
        else outer?.push(...mine);
        return value;
      },
      (e: unknown) => {
        this.journal = outer;
        for (const u of mine.reverse()) u();
        throw e;
      },
    );
  }
}
