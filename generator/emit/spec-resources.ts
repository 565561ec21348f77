/**
 * The spec's org-independent operations as typed client resources (`crm.users.list(…)`,
 * `crm.settings.layouts.get(…)`, `crm.org.get()`): which operations, and under which names — decided here
 * and nowhere else. runtime-bundle.ts renders the table into every client's runtime/ (spec-resources.js: the
 * rows the runtime's buildSpecResources turns into methods; spec-resources.d.ts: their types, each method
 * typed by openapi-typescript's `operations[operationId]`). Org-independent, so built once per spec content
 * with the runtime, never per generate.
 *
 * Which: every operation whose path names no module (no `{module_api_name}`, no module API name such as
 * `/crm/v8/Leads/…` — those are the module accessors' business), except the paths a richer hand-written
 * resource serves (SERVED_ELSEWHERE).
 *
 * Names: the path's static segments after `/crm/v8/` (or `/crm/bulk/v8/`) are the resource
 * (`settings/custom_views` → `settings.customViews`, `__features` → `features`); `actions/<name>` at the end
 * is the method (`users/actions/count` → `users.count`); otherwise the HTTP method and whether the path ends in
 * an id decide: GET → `list` (`get` on an id, or when the operationId says `get…`: a singleton such as
 * `/crm/v8/org`), POST → `create`, PUT → `update`, PATCH → `patch`, DELETE → `delete`. Where that reads badly,
 * the operation names itself: `x-zcrm-resource: users.transferAndDelete` (dotted, resource then method; it also
 * brings in an operation the module rule leaves out). A write on one item and the same write on the collection
 * become `update` and `updateMany`; other operations deriving the same name, a name that is also
 * a sub-resource, or one that would misbehave on a plain object (`then`, `constructor`) fall back to the
 * operationId (unique in the spec), so a growing spec never breaks generation; test/runtime/spec-resources*.test.ts
 * pins the names of the spec as it is.
 */
import { HTTP_METHODS, type OpenApiDocument, type OperationObject } from '../openapi/openapi-types.ts';
import { SPEC_RESOURCE_ROOTS } from '../model/naming.ts';
import { compareStrings } from '../canonical-json.ts';

/** The extension naming an operation's member explicitly (`resource.subresource.method`). */
export const RESOURCE_EXTENSION = 'x-zcrm-resource';

/**
 * Paths served by a richer hand-written resource of the client (templates/runtime/resources/): their operations
 * get no generated method. A prefix matches the path itself and everything under it.
 */
export const SERVED_ELSEWHERE: readonly (readonly [prefix: string, resource: string])[] = [
  ['/oauth/', 'the client\'s authentication (auth.ts)'],
  ['/crm/v8/coql', 'crm.coql'],
  ['/crm/bulk/v8/read', 'crm.bulk'],
  ['/crm/bulk/v8/write', 'crm.bulk'],
  ['/crm/v8/upload', 'crm.bulk (bulk-write upload)'],
  ['/crm/v8/__composite_requests', 'crm.composite'],
  ['/crm/v8/actions/watch', 'crm.notifications'],
  ['/crm/v8/files', 'crm.files'],
];

/** The API roots whose remaining segments name the resource. */
const ROOTS = ['/crm/v8/', '/crm/bulk/v8/'];

/**
 * Names a generated method or resource never takes: an object whose `then` is a function is awaited as a
 * promise, the others are Object.prototype's, and `iterate` / `zgid` are the hand-written helpers
 * (templates/runtime/spec-helpers.ts) laid over users and org.
 */
const UNSAFE_NAMES: ReadonlySet<string> = new Set([
  'then', 'catch', 'finally', 'constructor', 'prototype', '__proto__', 'toString', 'toLocaleString', 'valueOf',
  'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toJSON', 'iterate', 'zgid',
]);

export type SpecHttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface SpecResourceOperation {
  /** Resource path then method name, e.g. `['settings', 'layouts', 'list']`. */
  readonly member: readonly string[];
  readonly method: SpecHttpMethod;
  readonly path: string;
  readonly operationId: string;
  readonly summary: string | undefined;
}

export interface LeftOutOperation {
  readonly method: SpecHttpMethod;
  readonly path: string;
  readonly operationId: string;
  /** Why it has no generated method: `per-module`, or the resource that serves it. */
  readonly reason: string;
}

export interface SpecResourceTable {
  /** Sorted by member. */
  readonly operations: readonly SpecResourceOperation[];
  readonly leftOut: readonly LeftOutOperation[];
}

/** The rows runtime/spec-resources.js holds: `[member, method, path, operationId]`, as the runtime's buildSpecResources reads them. */
export function specOperationRows(table: SpecResourceTable): [member: string, method: SpecHttpMethod, path: string, operationId: string][] {
  return table.operations.map((op) => [op.member.join('.'), op.method, op.path, op.operationId]);
}

export class SpecResourceError extends Error {
  override name = 'SpecResourceError';
}

const CALLABLE_METHODS: ReadonlySet<string> = new Set(['get', 'post', 'put', 'patch', 'delete']);

function isParam(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

/** `custom_views` → `customViews`, `__features` → `features`, `pick-list` → `pickList`. */
export function memberName(segment: string): string {
  const words = segment.split(/[_\-.]+/).filter((w) => w !== '');
  return words
    .map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1)))
    .join('');
}

function apiSegments(path: string): string[] | undefined {
  const root = ROOTS.find((r) => path.startsWith(r));
  return root === undefined ? undefined : path.slice(root.length).split('/').filter((s) => s !== '');
}

/** Why the operation gets no generated method, or undefined when it does. */
function leftOutReason(path: string, op: OperationObject): string | undefined {
  const served = SERVED_ELSEWHERE.find(([prefix]) => path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));
  if (served !== undefined) return served[1];
  const segments = apiSegments(path);
  if (segments === undefined) return 'outside the CRM API roots';
  if (segments.includes('{module_api_name}')) return 'per-module';
  // A module's API name begins with a capital (Leads, Contacts, custom modules too); spec-level names do not.
  const first = segments[0] ?? '';
  if (/^[A-Z]/.test(first) && typeof op[RESOURCE_EXTENSION] !== 'string') return 'per-module';
  return undefined;
}

/** The member derived from the path and method (module comment), before collisions are settled. */
export function deriveMember(path: string, method: SpecHttpMethod, operationId: string): string[] {
  const segments = apiSegments(path) ?? [];
  const statics = segments.filter((s) => !isParam(s));
  const lastStatic = statics.at(-1);
  const resource: string[] = [];
  let action: string | undefined;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (isParam(segment)) continue;
    const next = segments[i + 1];
    if (segment === 'actions' && next !== undefined && !isParam(next) && next === lastStatic) {
      action = memberName(next);
      break;
    }
    resource.push(memberName(segment));
  }
  if (action !== undefined) return [...resource, action];
  const endsWithId = isParam(segments.at(-1) ?? '');
  const verb =
    method === 'GET'
      ? endsWithId || /^get(?![a-z])/.test(operationId)
        ? 'get'
        : 'list'
      : { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' }[method];
  return [...resource, verb];
}

function declaredMember(op: OperationObject, where: string): string[] | undefined {
  const declared = op[RESOURCE_EXTENSION];
  if (declared === undefined) return undefined;
  const parts = typeof declared === 'string' ? declared.split('.') : [];
  if (parts.length < 2 || parts.some((p) => !/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(p) || UNSAFE_NAMES.has(p))) {
    throw new SpecResourceError(
      `${where}: ${RESOURCE_EXTENSION} must be a dotted resource and method of plain identifiers (e.g. users.transferAndDelete), not ${JSON.stringify(declared)}`,
    );
  }
  return parts;
}

interface Candidate {
  member: string[];
  readonly declared: boolean;
  readonly method: SpecHttpMethod;
  readonly path: string;
  readonly operationId: string;
  readonly summary: string | undefined;
}

/** Every org-independent operation of `doc` and its member, plus what was left out and why. */
export function specResourceTable(doc: OpenApiDocument): SpecResourceTable {
  const candidates: Candidate[] = [];
  const leftOut: LeftOutOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const key of HTTP_METHODS) {
      const op = item[key];
      if (op === undefined) continue;
      const where = `${key.toUpperCase()} ${path}`;
      if (!CALLABLE_METHODS.has(key)) throw new SpecResourceError(`${where}: the client calls only GET, POST, PUT, PATCH and DELETE`);
      const method = key.toUpperCase() as SpecHttpMethod;
      const operationId = op.operationId;
      if (typeof operationId !== 'string' || operationId === '') throw new SpecResourceError(`${where} has no operationId`);
      const reason = leftOutReason(path, op);
      if (reason !== undefined) {
        leftOut.push({ method, path, operationId, reason });
        continue;
      }
      const declared = declaredMember(op, where);
      candidates.push({
        member: declared ?? deriveMember(path, method, operationId),
        declared: declared !== undefined,
        method,
        path,
        operationId,
        summary: op.summary,
      });
    }
  }
  settleCollisions(candidates);
  for (const c of candidates) {
    const root = c.member[0]!;
    if (!SPEC_RESOURCE_ROOTS.has(root)) {
      throw new SpecResourceError(
        `${c.method} ${c.path} (${c.operationId}) would be reached as crm.${c.member.join('.')}, but \`${root}\` is not in SPEC_RESOURCE_ROOTS ` +
          `(generator/model/naming.ts), so an org's module accessor could take the same name: add it there, or name the operation with ${RESOURCE_EXTENSION}`,
      );
    }
  }
  const operations = candidates
    .map((c) => ({ member: c.member, method: c.method, path: c.path, operationId: c.operationId, summary: c.summary }))
    .sort((a, b) => compareStrings(a.member.join('.'), b.member.join('.')));
  return { operations, leftOut };
}

/**
 * Zoho often offers a write both on one item and on the collection (PUT /users/{user_id} and PUT /users with
 * `users: [...]`): when exactly those two derive the same member, the collection's becomes `<verb>Many`
 * (`users.update` and `users.updateMany`).
 */
function manyForCollections(candidates: Candidate[], key: (m: readonly string[]) => string): void {
  const byMember = new Map<string, Candidate[]>();
  for (const c of candidates) byMember.set(key(c.member), [...(byMember.get(key(c.member)) ?? []), c]);
  for (const group of byMember.values()) {
    if (group.length !== 2 || group.some((c) => c.declared)) continue;
    const onItem = group.filter((c) => isParam(c.path.split('/').at(-1) ?? ''));
    const collection = group.find((c) => !onItem.includes(c));
    if (onItem.length === 1 && collection !== undefined) {
      collection.member = [...collection.member.slice(0, -1), `${collection.member.at(-1)!}Many`];
    }
  }
}

/**
 * Derived names that clash — the same member twice, a method that is also a resource, an unsafe name — become
 * the operationId (camelCase already, and unique). A declared name that clashes is the spec's error.
 */
function settleCollisions(candidates: Candidate[]): void {
  const key = (m: readonly string[]): string => m.join('.');
  manyForCollections(candidates, key);
  for (let round = 0; round < 2; round++) {
    const byMember = new Map<string, Candidate[]>();
    const resources = new Set<string>();
    for (const c of candidates) {
      byMember.set(key(c.member), [...(byMember.get(key(c.member)) ?? []), c]);
      for (let i = 1; i < c.member.length; i++) resources.add(key(c.member.slice(0, i)));
    }
    let changed = false;
    for (const c of candidates) {
      const clash =
        (byMember.get(key(c.member))?.length ?? 0) > 1 || resources.has(key(c.member)) || c.member.some((n) => UNSAFE_NAMES.has(n));
      if (!clash) continue;
      if (c.declared) {
        throw new SpecResourceError(
          `${c.method} ${c.path}: ${RESOURCE_EXTENSION} ${key(c.member)} clashes with another operation or resource`,
        );
      }
      const renamed = [...c.member.slice(0, -1).filter((n) => !UNSAFE_NAMES.has(n)), c.operationId];
      if (key(renamed) !== key(c.member)) {
        c.member = renamed;
        changed = true;
      }
    }
    if (!changed) return;
  }
  const seen = new Map<string, Candidate>();
  const resources = new Set(candidates.flatMap((c) => c.member.slice(1).map((_, i) => key(c.member.slice(0, i + 1)))));
  for (const c of candidates) {
    const other = seen.get(key(c.member));
    if (other !== undefined || resources.has(key(c.member))) {
      const with_ = other === undefined ? 'a resource of the same name' : `${other.method} ${other.path}`;
      throw new SpecResourceError(`${c.method} ${c.path} and ${with_} both become crm.${key(c.member)}: name one with ${RESOURCE_EXTENSION}`);
    }
    seen.set(key(c.member), c);
  }
}
