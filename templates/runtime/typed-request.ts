/**
 * `createTypedRequest<paths>(core)`: a request function typed from an openapi-typescript `paths` type, like
 * openapi-fetch — the path must be one of the spec's, path parameters are required and percent-encoded,
 * query and JSON body are typed from the operation, and the result is the 2xx JSON response type.
 * This is the generated client's escape hatch for every path of the spec.
 */
import type { CoreRequest, QueryValue, ZohoCore } from './core.js';

type LowerMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type TypedMethod = LowerMethod | Uppercase<LowerMethod>;

/**
 * T[K], or never when T has no K. The spec's types leave out what an operation does not have (a method a
 * path lacks, `query`, `requestBody`, …: generator/emit/spec-types-lean.ts), so an absent slot means "none".
 */
type Slot<T, K extends PropertyKey> = K extends keyof T ? Defined<T[K]> : never;
type Defined<T> = [Exclude<T, undefined>] extends [never] ? never : Exclude<T, undefined>;

/** The operation object at `Paths[P][M]`, or never when the path has no such method. */
export type OperationAt<Paths, P extends keyof Paths, M extends LowerMethod> = Slot<Paths[P], M>;

/** Paths of the spec that support method M. */
export type PathsWithMethod<Paths, M extends LowerMethod> = {
  [P in keyof Paths]-?: [OperationAt<Paths, P, M>] extends [never] ? never : P;
}[keyof Paths] &
  string;

type PathParamsOf<O> = Slot<Slot<O, 'parameters'>, 'path'>;
type QueryOf<O> = Slot<Slot<O, 'parameters'>, 'query'>;

type JsonContent<C> = C extends { 'application/json': infer J }
  ? J
  : C extends { 'multipart/form-data': unknown }
    ? { multipart: FormData }
    : unknown;
/** The JSON request body, or never when the operation takes none. */
export type RequestBodyOf<O> = [Slot<O, 'requestBody'>] extends [never]
  ? never
  : Slot<O, 'requestBody'> extends { content: infer C }
    ? JsonContent<C>
    : never;
type BodyRequired<O> = O extends { requestBody: { content: unknown } } ? true : false;

type SuccessStatus =
  200 | 201 | 202 | 203 | 204 | 206 | 207 | '200' | '201' | '202' | '204' | '207' | '2XX';
type ResponseJson<R> = R extends { content: { 'application/json': infer J } } ? J : undefined;
/** The union of the operation's 2xx JSON response bodies (undefined for a 204). */
export type SuccessResponseOf<O> = O extends { responses: infer R }
  ? { [S in keyof R]: S extends SuccessStatus ? ResponseJson<R[S]> : never }[keyof R]
  : unknown;

/** `{ path, query }` of an operation, each required when the operation requires one of its parameters. */
export type ParamsInit<O> = ([PathParamsOf<O>] extends [never]
  ? { path?: never }
  : { path: PathParamsOf<O> }) &
  ([QueryOf<O>] extends [never]
    ? { query?: never }
    : Record<never, never> extends QueryOf<O>
      ? { query?: QueryOf<O> }
      : { query: QueryOf<O> });

/** `{ body }` of an operation: required, optional or absent as the operation says. */
export type BodyInit<O> = [RequestBodyOf<O>] extends [never]
  ? { body?: never }
  : BodyRequired<O> extends true
    ? { body: RequestBodyOf<O> }
    : { body?: RequestBodyOf<O> };

export interface TypedRequestOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Name for errors and hooks (default "METHOD /path"). */
  operation?: string;
  /** Override the default (GET/PUT/DELETE replayable, POST/PATCH not). */
  idempotent?: boolean;
  responseType?: 'json' | 'bytes';
  timeoutMs?: number;
}

export type RequestInitFor<O> = (Record<never, never> extends ParamsInit<O>
  ? { params?: ParamsInit<O> }
  : { params: ParamsInit<O> }) &
  BodyInit<O> &
  TypedRequestOptions;

type InitArgs<O> =
  Record<never, never> extends RequestInitFor<O>
    ? [init?: RequestInitFor<O>]
    : [init: RequestInitFor<O>];

export type TypedRequest<Paths> = <
  M extends TypedMethod,
  P extends PathsWithMethod<Paths, Lowercase<M>>,
>(
  method: M,
  path: P,
  ...init: InitArgs<OperationAt<Paths, P, Lowercase<M>>>
) => Promise<SuccessResponseOf<OperationAt<Paths, P, Lowercase<M>>>>;

/** What the typed request accepts at run time, its types erased. */
export interface LooseInit extends TypedRequestOptions {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown> };
  body?: unknown;
}

export function createTypedRequest<Paths>(core: ZohoCore): TypedRequest<Paths> {
  const request = (method: string, path: string, init?: LooseInit): Promise<unknown> => {
    const upper = method.toUpperCase() as CoreRequest['method'];
    const req: CoreRequest = {
      method: upper,
      path: fillPath(path, init?.params?.path),
      operation: init?.operation ?? `${upper} ${path}`,
    };
    const query = init?.params?.query;
    if (query !== undefined) req.query = toQuery(query, path);
    if (init?.body !== undefined) req.body = init.body;
    if (init?.headers !== undefined) req.headers = init.headers;
    if (init?.signal !== undefined) req.signal = init.signal;
    if (init?.idempotent !== undefined) req.idempotent = init.idempotent;
    if (init?.responseType !== undefined) req.responseType = init.responseType;
    if (init?.timeoutMs !== undefined) req.timeoutMs = init.timeoutMs;
    return core.request(req);
  };
  return request as unknown as TypedRequest<Paths>;
}

/** Replaces `{name}` segments with the percent-encoded parameter; a missing one is a clear error. */
export function fillPath(template: string, params: Record<string, unknown> | undefined): string {
  return template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null || value === '') {
      throw new TypeError(`request ${template}: path parameter \`${name}\` is required`);
    }
    return encodeURIComponent(String(value));
  });
}

function toQuery(query: Record<string, unknown>, path: string): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = {};
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number'))
      out[k] = v as (string | number)[];
    else
      throw new TypeError(
        `request ${path}: query parameter \`${k}\` must be a string, number, boolean or array of them`,
      );
  }
  return out;
}
