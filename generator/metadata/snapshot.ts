/**
 * Reading, validating, canonicalizing and hashing a metadata snapshot (DESIGN.md, "snapshot").
 *
 * A snapshot is untrusted input, and it is also the truth about an org. Only what makes it unusable as a
 * whole is refused here, with a SnapshotError naming the file and the place at fault: text that is not
 * JSON, a top level that is not Zoho's shape, nesting past MAX_JSON_DEPTH, no module at all. Everything
 * odd inside (a field listed twice, a field without data_type, a module without a fields body, …) is the
 * model's to degrade and report as a warning (model/build-org-model.ts): one odd field never blocks a client.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { compareStrings, sortKeysDeep } from '../canonical-json.ts';
import { describeJson, isObject, oneLine, own } from '../json-reading.ts';
import { findTooDeep, jsonErrorOffset, MAX_JSON_DEPTH } from './json-bounds.ts';
import type { Snapshot } from './snapshot-types.ts';

export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
  }
}

/** Reads and validates a snapshot file. Errors name the file (never print its content at length). */
export async function readSnapshot(file: string): Promise<Snapshot> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SnapshotError(
      `${file}: cannot read snapshot${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}`,
      file,
    );
  }
  return parseSnapshot(text, file);
}

/** Parses snapshot JSON text and validates its structure; `file` is only used in messages. */
export function parseSnapshot(text: string, file: string): Snapshot {
  // A UTF-8 byte order mark is not JSON but editors add it; accept and drop it.
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new SnapshotError(`${file}: not valid JSON: ${describeJsonError(error, json)}`, file);
  }
  validateSnapshot(data, file);
  return data;
}

/** "line L, column C (position P): reason", the reason without V8's excerpt of the text (it may hold anything). */
function describeJsonError(error: unknown, text: string): string {
  const raw = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  const reason = raw.replace(/, "[\s\S]*$/, '').replace(/ (in JSON )?at position \d+.*$/, '');
  const position = jsonErrorOffset(text);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `line ${line}, column ${column} (position ${position}): ${oneLine(reason)}`;
}

/**
 * Checks what the model cannot do without; throws a SnapshotError naming `file` (or whatever `file`
 * describes, e.g. "live metadata of org demo") and the place at fault.
 */
export function validateSnapshot(data: unknown, file: string): asserts data is Snapshot {
  const fail = (message: string): never => {
    throw new SnapshotError(`${file}: ${message}`, file);
  };
  const deep = findTooDeep(data);
  if (deep !== undefined)
    fail(`nested deeper than ${MAX_JSON_DEPTH} levels at ${deep} (Zoho's metadata is a few levels deep: this is not a snapshot)`);
  if (!isObject(data)) fail(`a snapshot must be a JSON object, got ${describeJson(data)}`);
  const root = data as Record<string, unknown>;

  const modulesBody = own(root, 'modules');
  if (!isObject(modulesBody))
    fail(`missing "modules" object (the body of GET /crm/v8/settings/modules), got ${describeJson(modulesBody)}`);
  const modules = own(modulesBody as Record<string, unknown>, 'modules');
  if (!Array.isArray(modules)) fail(`missing "modules.modules" array, got ${describeJson(modules)}`);
  if ((modules as unknown[]).length === 0) fail('"modules.modules" is empty: the snapshot describes no module');

  // `{}` (a module-list-only snapshot) still generates, each module without fields and with a warning.
  const fields = own(root, 'fields');
  if (!isObject(fields))
    fail(`missing "fields" object (module API name → body of GET /crm/v8/settings/fields), got ${describeJson(fields)}`);
  const relatedLists = own(root, 'related_lists');
  if (relatedLists !== undefined && !isObject(relatedLists))
    fail(
      `"related_lists" must be an object (module API name → body of GET /crm/v8/settings/related_lists), got ${describeJson(relatedLists)}`,
    );
}


/** Entries by api_name, code-unit order; entries without one first. */
export function byApiName(a: unknown, b: unknown): number {
  return compareStrings(apiNameOf(a), apiNameOf(b));
}

function apiNameOf(v: unknown): string {
  const name = isObject(v) ? own(v, 'api_name') : undefined;
  return typeof name === 'string' ? name : '';
}

/** Zoho's own order of picklist options (sequence_number), then actual_value for ties or gaps. */
export function byPicklistOrder(a: unknown, b: unknown): number {
  const seq = (v: unknown): number => {
    const n = isObject(v) ? own(v, 'sequence_number') : undefined;
    return typeof n === 'number' && Number.isFinite(n) ? n : Number.POSITIVE_INFINITY;
  };
  const sa = seq(a);
  const sb = seq(b);
  if (sa !== sb) return sa < sb ? -1 : 1;
  const av = (v: unknown): string => {
    const x = isObject(v) ? own(v, 'actual_value') : undefined;
    return typeof x === 'string' ? x : '';
  };
  return compareStrings(av(a), av(b));
}

/** The arrays canonical order sorts, wherever the body has them (odd bodies simply have fewer). */
function sortedArrays(s: Snapshot): { items: unknown[]; compare: (a: unknown, b: unknown) => number }[] {
  const out: { items: unknown[]; compare: (a: unknown, b: unknown) => number }[] = [];
  out.push({ items: s.modules.modules, compare: byApiName });
  for (const body of Object.values(s.fields) as unknown[]) {
    const list = isObject(body) ? own(body, 'fields') : undefined;
    if (!Array.isArray(list)) continue;
    out.push({ items: list, compare: byApiName });
    for (const field of list) {
      const values = isObject(field) ? own(field, 'pick_list_values') : undefined;
      if (Array.isArray(values)) out.push({ items: values, compare: byPicklistOrder });
    }
  }
  for (const body of Object.values(s.related_lists ?? {}) as unknown[]) {
    const list = isObject(body) ? own(body, 'related_lists') : undefined;
    if (Array.isArray(list)) out.push({ items: list, compare: byApiName });
  }
  return out;
}

/**
 * The canonical form of a snapshot, for deterministic output and clean diffs: every object's keys
 * sorted; modules, fields and related lists sorted by api_name (stable: entries with the same name keep
 * Zoho's order, so "the first" stays the first); picklist values in Zoho's order (sequence_number, then
 * actual_value). Other arrays keep their order (it may mean something). Never modifies its input; returns
 * the input itself when it is already canonical (a snapshot read back from disk), which saves copying tens
 * of megabytes for a large org. Call validateSnapshot first: the depth bound is what keeps this recursion safe.
 */
export function canonicalizeSnapshot(snapshot: Snapshot): Snapshot {
  if (isCanonical(snapshot)) return snapshot;
  const s = sortKeysDeep(snapshot) as Snapshot;
  for (const { items, compare } of sortedArrays(s)) items.sort(compare);
  return s;
}

function isCanonical(s: Snapshot): boolean {
  return keysSortedDeep(s) && sortedArrays(s).every(({ items, compare }) => isSorted(items, compare));
}

function isSorted(items: readonly unknown[], compare: (a: unknown, b: unknown) => number): boolean {
  for (let i = 1; i < items.length; i++) if (compare(items[i - 1], items[i]) > 0) return false;
  return true;
}

/**
 * True when every object in the graph enumerates its keys as sortKeysDeep would leave them.
 * JavaScript enumerates array-index keys ("0", "12") first in numeric order whatever the insertion
 * order, so only the other keys are compared.
 */
function keysSortedDeep(value: unknown): boolean {
  if (Array.isArray(value)) {
    for (const v of value) if (!keysSortedDeep(v)) return false;
    return true;
  }
  if (!isObject(value)) return true;
  let previous: string | undefined;
  for (const key of Object.keys(value)) {
    if (!isArrayIndex(key)) {
      if (previous !== undefined && previous >= key) return false;
      previous = key;
    }
    if (!keysSortedDeep(value[key])) return false;
  }
  return true;
}

function isArrayIndex(key: string): boolean {
  const c = key.charCodeAt(0);
  return c >= 0x30 && c <= 0x39 && /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 4294967295;
}

/** The snapshot file's text: the canonical form as 2-space JSON with a trailing newline. */
export function serializeSnapshot(snapshot: Snapshot): string {
  return serializeCanonical(canonicalizeSnapshot(snapshot));
}

/** Serializes a snapshot already in canonical form (skips re-sorting). */
export function serializeCanonical(canonical: Snapshot): string {
  return `${JSON.stringify(canonical, null, 2)}\n`;
}

/** sha256 (hex) of a snapshot already in canonical form: the same metadata always hashes the same. */
export function hashCanonical(canonical: Snapshot): string {
  return createHash('sha256').update(serializeCanonical(canonical), 'utf8').digest('hex');
}
