/** Everything a route handler can reach: the metadata index, the store, and the side stores. */
import type { Snapshot } from '../generator/metadata/snapshot-types.ts';
import { zohoDateTime } from './clock.ts';
import { BlobStore, type StoredBlob } from './file-blobs.ts';
import { SnapshotIndex, type ModuleIndex } from './module-index.ts';
import { CURRENT_USER, userRef } from './org.ts';
import { RecordStore } from './store.ts';
import { PageTokens } from './page-tokens.ts';
import type { Rec } from './types.ts';
import type { ValidateContext } from './validate.ts';

export interface Attachment {
  id: string;
  module: string;
  parentId: string;
  fileName: string;
  contentType: string;
  /** The file's bytes on disk; undefined for a link (`attachmentUrl`). */
  blob: StoredBlob | undefined;
  /** A link attachment's URL and title. */
  linkUrl?: string;
  createdTime: string;
}

/** A file uploaded through the Files API (ZFS), by its encrypted id. */
export interface ZfsFile {
  id: string;
  name: string;
  contentType: string;
  blob: StoredBlob;
}

export interface Tag {
  id: string;
  name: string;
  color_code: string;
  module: string;
  created_time: string;
  modified_time: string;
}

export interface Photo {
  blob: StoredBlob;
  contentType: string;
}

export interface MassUpdateJob {
  id: string;
  total: number;
  updated: number;
  notUpdated: number;
  failed: number;
}

export class EmulatorState {
  index: SnapshotIndex;
  readonly store: RecordStore;
  url = '';
  readonly attachments = new Map<string, Attachment>();
  readonly tags = new Map<string, Tag>();
  /** Many-to-many links created through the related-records API: `${module}:${id}:${relatedList}` → child ids. */
  readonly links = new Map<string, Set<string>>();
  readonly pageTokens = new PageTokens();
  /** Record photos by `${module}:${id}`. */
  readonly photos = new Map<string, Photo>();
  readonly massUpdates = new Map<string, MassUpdateJob>();
  /** Files of attachments, photos and the Files API, kept on disk (file-blobs.ts). */
  readonly blobs = new BlobStore();
  /** Files uploaded through the Files API, by encrypted id. */
  readonly zfsFiles = new Map<string, ZfsFile>();
  /** Monotonic clock: a write never gets an earlier time than the one before (ties sort by id). */
  private lastMs = 0;

  constructor(snapshot: Snapshot) {
    this.index = new SnapshotIndex(snapshot);
    this.store = new RecordStore((m) =>
      (this.index.modules.get(m)?.uniques ?? []).map((u) => ({
        field: u.apiName,
        caseSensitive: u.caseSensitive,
      })),
    );
  }

  setSnapshot(s: Snapshot): void {
    this.index = new SnapshotIndex(s);
    this.store.setUniqueSpecs((m) =>
      (this.index.modules.get(m)?.uniques ?? []).map((u) => ({
        field: u.apiName,
        caseSensitive: u.caseSensitive,
      })),
    );
  }

  now(): string {
    const ms = Math.max(Date.now(), this.lastMs);
    this.lastMs = ms;
    return zohoDateTime(ms);
  }

  /** The name Zoho puts beside an id in lookups and in the recycle bin. */
  displayName(module: string, id: string): string | undefined {
    const r = this.store.get(module, id);
    if (!r) return undefined;
    return nameOf(this.index.modules.get(module), r);
  }

  get validateContext(): ValidateContext {
    return {
      store: this.store,
      displayName: (m, id) => this.displayName(m, id),
      hasModule: (m) => this.index.recordModules.includes(m),
      subform: (m) => this.index.find(m),
      newId: () => this.store.ids.next(),
      zfsFile: (id) => this.zfsFiles.get(id),
    };
  }

  /** Build a stored record from validated values: system fields filled as Zoho fills them. */
  newRecord(index: ModuleIndex, values: Record<string, unknown>, at?: string): Rec {
    const time = at ?? this.now();
    const me = userRef(CURRENT_USER);
    const r: Rec = { ...index.blank, ...values, id: this.store.ids.next() };
    if (index.fields.has('Owner') && (r['Owner'] === null || r['Owner'] === undefined))
      r['Owner'] = me;
    if (index.fields.has('Created_By')) r['Created_By'] = me;
    if (index.fields.has('Modified_By')) r['Modified_By'] = me;
    r['Created_Time'] = time;
    r['Modified_Time'] = time;
    if (index.fields.has('Tag')) r['Tag'] = [];
    deriveFields(index, r);
    return r;
  }

  successDetails(r: Rec): Record<string, unknown> {
    return {
      Modified_Time: r['Modified_Time'],
      Modified_By: r['Modified_By'] ?? userRef(CURRENT_USER),
      Created_Time: r['Created_Time'],
      id: r.id,
      Created_By: r['Created_By'] ?? userRef(CURRENT_USER),
    };
  }
}

export function nameOf(index: ModuleIndex | undefined, r: Rec): string {
  const f = index?.displayField ?? 'id';
  const v = r[f];
  return typeof v === 'string' ? v : r.id;
}

/** Read-only fields Zoho computes (Full_Name); formula fields stay null (the emulator does not evaluate expressions). */
export function deriveFields(index: ModuleIndex, r: Record<string, unknown>): void {
  if (index.fields.has('Full_Name') && index.fields.has('Last_Name')) {
    const first = typeof r['First_Name'] === 'string' ? r['First_Name'] : '';
    const last = typeof r['Last_Name'] === 'string' ? r['Last_Name'] : '';
    r['Full_Name'] = `${first} ${last}`.trim();
  }
}
