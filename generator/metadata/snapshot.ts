/**
 * Reading, validating, canonicalizing and hashing a metadata snapshot (DESIGN.md, "snapshot").
 *
 * A snapshot is untrusted input (hand-built with curl, edited, or from a hostile org): every
 * structural problem the model cannot work around is a SnapshotError whose one-line message names
 * the file, the module and the field (`#N` is the field's 0-based index in that module's `fields`
 * array, as `jq '.fields.Leads.fields[N]'` counts). Problems the model can work around (fields for a
 * module the modules list lacks, a picklist without values, an unknown data_type) are not errors
 * here; buildOrgModel reports them as warnings.
 */
import { compareStrings, sortKeysDeep } from '../canonical-json.ts';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
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
  let data: unknown;
  try {
    // A UTF-8 byte order mark is not JSON but editors add it; accept and drop it.
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new SnapshotError(`${file}: not valid JSON: ${describeJsonError(error, text)}`, file);
  }
  validateSnapshot(data, file);
  return data;
}

/**
 * "line L, column C: reason". V8 reports a position for some JSON errors only ("Unexpected token"
 * gives a source excerpt instead), so the position comes from our own scan of the text.
 */
function describeJsonError(error: unknown, text: string): string {
  const raw = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  const reason = raw
    .replace(/, "[\s\S]*$/, '') // V8's excerpt of the text: noise, and it may hold anything
    .replace(/ in JSON at position \d+.*$/, '')
    .replace(/ at position \d+.*$/, '');
  const position = jsonErrorPosition(text);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `line ${line}, column ${column} (position ${position}): ${oneLine(reason)}`;
}

/** The offset where a JSON parser must stop: a small recursive-descent scan, run only on failure. */
function jsonErrorPosition(text: string): number {
  let i = 0;
  class Stop extends Error {}
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i++;
  };
  const expect = (c: string): void => {
    if (text.charAt(i) !== c) throw new Stop();
    i++;
  };
  const str = (): void => {
    expect('"');
    for (;;) {
      if (i >= text.length) throw new Stop();
      const c = text.charCodeAt(i);
      if (c === 0x22) return void i++;
      if (c < 0x20) throw new Stop();
      if (c === 0x5c) {
        const e = text.charAt(i + 1);
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Stop();
          i += 6;
        } else if ('"\\/bfnrt'.includes(e) && e !== '') i += 2;
        else throw new Stop();
      } else i++;
    }
  };
  const value = (): void => {
    ws();
    const c = text.charAt(i);
    if (c === '{') {
      i++;
      ws();
      if (text.charAt(i) === '}') return void i++;
      for (;;) {
        ws();
        str();
        ws();
        expect(':');
        value();
        ws();
        if (text.charAt(i) === ',') i++;
        else return expect('}');
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text.charAt(i) === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text.charAt(i) === ',') i++;
        else return expect(']');
      }
    }
    if (c === '"') return str();
    const literal = c === 't' ? 'true' : c === 'f' ? 'false' : c === 'n' ? 'null' : undefined;
    if (literal) {
      for (const ch of literal) expect(ch);
      return;
    }
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) throw new Stop();
    i += m[0].length;
  };
  try {
    value();
    ws();
    return i;
  } catch (e) {
    if (e instanceof Stop) return i;
    throw e;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/**
 * Names are shown quoted with JSON escapes so newlines or quotes in them stay on one line; U+2028 and
 * U+2029, which JSON leaves raw and some terminals treat as line breaks, are escaped too.
 */
const q = (name: string): string => oneLine(JSON.stringify(name));

function oneLine(text: string): string {
  return text.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * Checks the structure the model relies on; throws a SnapshotError naming `file` (or whatever
 * `file` describes, e.g. "live metadata of org demo") and the module/field at fault.
 */
export function validateSnapshot(data: unknown, file: string): asserts data is Snapshot {
  const fail = (message: string): never => {
    throw new SnapshotError(`${file}: ${message}`, file);
  };
  if (!isObject(data)) fail(`a snapshot must be a JSON object, got ${describe(data)}`);
  const root = data as Record<string, unknown>;

  const modulesBody = own(root, 'modules');
  if (!isObject(modulesBody)) fail(`missing "modules" object (the body of GET /crm/v8/settings/modules), got ${describe(modulesBody)}`);
  const modules = own(modulesBody as Record<string, unknown>, 'modules');
  if (!Array.isArray(modules)) fail(`missing "modules.modules" array, got ${describe(modules)}`);
  const moduleIndex = new Map<string, number>();
  (modules as unknown[]).forEach((module, i) => {
    if (!isObject(module)) fail(`modules.modules[${i}]: must be an object, got ${describe(module)}`);
    const apiName = own(module as Record<string, unknown>, 'api_name');
    if (typeof apiName !== 'string' || apiName === '')
      fail(`modules.modules[${i}]: api_name must be a non-empty string, got ${describe(apiName)}`);
    const name = apiName as string;
    const first = moduleIndex.get(name);
    if (first !== undefined) fail(`module ${q(name)} is listed twice in modules.modules (#${first} and #${i})`);
    moduleIndex.set(name, i);
  });

  const fields = own(root, 'fields');
  if (!isObject(fields)) fail(`missing "fields" object (module API name → body of GET /crm/v8/settings/fields), got ${describe(fields)}`);
  for (const [module, body] of Object.entries(fields as Record<string, unknown>)) {
    const where = `module ${q(module)}`;
    if (!isObject(body)) fail(`${where}: fields entry must be an object with a "fields" array, got ${describe(body)}`);
    const list = own(body as Record<string, unknown>, 'fields');
    if (!Array.isArray(list)) fail(`${where}: missing "fields" array, got ${describe(list)}`);
    const seen = new Map<string, number>();
    (list as unknown[]).forEach((field, i) => {
      if (!isObject(field)) fail(`${where}, field #${i}: must be an object, got ${describe(field)}`);
      const f = field as Record<string, unknown>;
      const apiName = own(f, 'api_name');
      if (typeof apiName !== 'string' || apiName === '')
        fail(`${where}, field #${i}: api_name must be a non-empty string, got ${describe(apiName)}`);
      const name = apiName as string;
      const at = `${where}, field #${i} (${q(name)})`;
      const dataType = own(f, 'data_type');
      if (typeof dataType !== 'string') fail(`${at}: data_type must be a string, got ${describe(dataType)}`);
      const jsonType = own(f, 'json_type');
      if (jsonType !== undefined && jsonType !== null && typeof jsonType !== 'string')
        fail(`${at}: json_type must be a string or null, got ${describe(jsonType)}`);
      const first = seen.get(name);
      if (first !== undefined) fail(`${where}: field ${q(name)} appears twice (#${first} and #${i})`);
      seen.set(name, i);
    });
  }

  const relatedLists = own(root, 'related_lists');
  if (relatedLists === undefined) return;
  if (!isObject(relatedLists)) fail(`"related_lists" must be an object (module API name → body of GET /crm/v8/settings/related_lists), got ${describe(relatedLists)}`);
  for (const [module, body] of Object.entries(relatedLists as Record<string, unknown>)) {
    const where = `module ${q(module)}`;
    if (!isObject(body)) fail(`${where}: related_lists entry must be an object with a "related_lists" array, got ${describe(body)}`);
    const list = own(body as Record<string, unknown>, 'related_lists');
    if (!Array.isArray(list)) fail(`${where}: missing "related_lists" array, got ${describe(list)}`);
    const seen = new Map<string, number>();
    (list as unknown[]).forEach((rl, i) => {
      if (!isObject(rl)) fail(`${where}, related list #${i}: must be an object, got ${describe(rl)}`);
      const apiName = own(rl as Record<string, unknown>, 'api_name');
      if (typeof apiName !== 'string' || apiName === '')
        fail(`${where}, related list #${i}: api_name must be a non-empty string, got ${describe(apiName)}`);
      const name = apiName as string;
      const first = seen.get(name);
      if (first !== undefined) fail(`${where}: related list ${q(name)} appears twice (#${first} and #${i})`);
      seen.set(name, i);
    });
  }
}

/** Plain code-unit order: the same on every machine and locale (localeCompare is not). */

function byApiName(a: unknown, b: unknown): number {
  return compareStrings(apiNameOf(a), apiNameOf(b));
}

function apiNameOf(v: unknown): string {
  if (!isObject(v)) return '';
  const name = own(v, 'api_name');
  return typeof name === 'string' ? name : '';
}

/** Zoho's own order of picklist options (sequence_number), then actual_value for ties or gaps. */
function byPicklistOrder(a: unknown, b: unknown): number {
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

/**
 * The canonical form of a snapshot, for deterministic output and clean diffs: every object's keys
 * sorted; modules, fields and related lists sorted by api_name; picklist values in Zoho's order
 * (sequence_number, then actual_value). Other arrays keep their order (it may mean something).
 * Never modifies its input; returns the input itself when it is already canonical (a snapshot read
 * back from disk), which saves copying tens of megabytes for a large org.
 */
export function canonicalizeSnapshot(snapshot: Snapshot): Snapshot {
  if (isCanonical(snapshot)) return snapshot;
  const s = sortKeysDeep(snapshot) as Snapshot;
  s.modules.modules.sort(byApiName);
  for (const body of Object.values(s.fields)) {
    body.fields.sort(byApiName);
    for (const field of body.fields) {
      if (Array.isArray(field.pick_list_values)) field.pick_list_values.sort(byPicklistOrder);
    }
  }
  if (s.related_lists) for (const body of Object.values(s.related_lists)) body.related_lists.sort(byApiName);
  return s;
}

function isCanonical(s: Snapshot): boolean {
  if (!keysSortedDeep(s) || !isSorted(s.modules.modules, byApiName)) return false;
  for (const body of Object.values(s.fields)) {
    if (!isSorted(body.fields, byApiName)) return false;
    for (const field of body.fields) {
      if (Array.isArray(field.pick_list_values) && !isSorted(field.pick_list_values, byPicklistOrder)) return false;
    }
  }
  if (s.related_lists) for (const body of Object.values(s.related_lists)) if (!isSorted(body.related_lists, byApiName)) return false;
  return true;
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

/** sha256 (hex) of the serialized canonical form: the same metadata always hashes the same. */
export function hashSnapshot(snapshot: Snapshot): string {
  return sha256(serializeSnapshot(snapshot));
}

/** sha256 (hex) of a snapshot already in canonical form. */
export function hashCanonical(canonical: Snapshot): string {
  return sha256(serializeCanonical(canonical));
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
