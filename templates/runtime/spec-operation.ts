/**
 * The spec's org-independent operations as methods on plain resource objects (`crm.users.list(…)`,
 * `crm.settings.layouts.get(…)`). The generator decides which operations and their names, once, from the spec
 * (generator/emit/spec-resources.ts) and ships them in runtime/spec-resources.js as rows; this file turns the
 * rows into methods (every call goes through the same typed request as `crm.request`) and types a method from
 * its openapi-typescript operation. One generic implementation, no method written twice by hand.
 */
import type { HttpMethod } from './http.js';
import type { ZohoCore } from './core.js';
import {
  createTypedRequest,
  type BodyInit,
  type LooseInit,
  type ParamsInit,
  type SuccessResponseOf,
  type TypedRequestOptions,
} from './typed-request.js';

/** One operation: `[member, HTTP method, path template, operationId]`, e.g. `['users.list', 'GET', '/crm/v8/users', 'listUsers']`. */
export type SpecOperationRow = readonly [
  member: string,
  method: HttpMethod,
  path: string,
  operationId: string,
];

/** What a method takes: `path` and `query` parameters and `body` as the operation declares them, and request options. */
export type SpecOperationInit<O> = ParamsInit<O> & BodyInit<O> & TypedRequestOptions;

/**
 * A method calling operation `O` (openapi-typescript's `operations[id]`): its argument is optional when nothing in
 * it is required; it answers the operation's 2xx JSON body (undefined for a 204 such as "no users match").
 */
export type SpecOperation<O> = (
  ...init: Record<never, never> extends SpecOperationInit<O>
    ? [init?: SpecOperationInit<O>]
    : [init: SpecOperationInit<O>]
) => Promise<SuccessResponseOf<O>>;

/** A resource: methods and sub-resources by name. */
export interface SpecResourceNode {
  [name: string]: SpecResourceNode | ((init?: SpecCallInit) => Promise<unknown>);
}

/** A method's argument with its types erased. */
export interface SpecCallInit extends TypedRequestOptions {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
}

type LooseRequest = (method: HttpMethod, path: string, init: LooseInit) => Promise<unknown>;

/**
 * Builds the resource tree of `rows`. Every name is an own property of a plain object; a member given twice, or
 * a method where a resource is (or the reverse), is refused — the generator never emits one.
 */
export function buildSpecResources(
  core: ZohoCore,
  rows: readonly SpecOperationRow[],
): SpecResourceNode {
  const request = createTypedRequest<unknown>(core) as unknown as LooseRequest;
  const root: SpecResourceNode = {};
  for (const [member, method, path, operationId] of rows) {
    const names = member.split('.');
    const last = names.pop();
    if (last === undefined || names.length === 0)
      throw new TypeError(
        `spec operation ${operationId}: member ${JSON.stringify(member)} names no resource`,
      );
    let node = root;
    for (const name of names) {
      const next = Object.hasOwn(node, name) ? node[name] : undefined;
      if (typeof next === 'function')
        throw new TypeError(
          `spec operation ${operationId}: ${JSON.stringify(member)} goes through a method`,
        );
      node = next ?? define(node, name, {});
    }
    if (Object.hasOwn(node, last))
      throw new TypeError(`spec operation ${operationId}: ${JSON.stringify(member)} is taken`);
    // async: a missing path parameter rejects the promise like every other failure, never throws at the call.
    define(node, last, async (init?: SpecCallInit): Promise<unknown> => {
      const { path: pathParams, query, body, ...options } = init ?? {};
      const loose: LooseInit = { operation: operationId, ...options };
      if (pathParams !== undefined || query !== undefined) {
        loose.params = {};
        if (pathParams !== undefined) loose.params.path = pathParams;
        if (query !== undefined) loose.params.query = query;
      }
      if (body !== undefined) loose.body = body;
      return request(method, path, loose);
    });
  }
  return root;
}

function define<T extends SpecResourceNode[string]>(
  node: SpecResourceNode,
  name: string,
  value: T,
): T {
  Object.defineProperty(node, name, { value, enumerable: true });
  return value;
}
