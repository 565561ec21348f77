/**
 * Zoho's response envelopes, one place. Error bodies are `{code, details, message, status:'error'}`
 * (Zoho CRM v8 docs, "Status Codes"); per-record results share that shape inside `{data: [...]}`.
 */
import type { ApiResponse } from './types.ts';

export interface ActionResult {
  code: string;
  details: Record<string, unknown>;
  message: string;
  status: 'success' | 'error';
  [key: string]: unknown;
}

export function errorBody(
  code: string,
  message: string,
  details: Record<string, unknown> = {},
): ActionResult {
  return { code, details, message, status: 'error' };
}

export function error(
  status: number,
  code: string,
  message: string,
  details: Record<string, unknown> = {},
): ApiResponse {
  return { status, json: errorBody(code, message, details) };
}

export function json(status: number, body: unknown): ApiResponse {
  return { status, json: body };
}

/** Zoho answers an empty listing with 204 and no body at all. */
export const noContent: ApiResponse = { status: 204 };

/** The common errors, with the messages Zoho sends. */
export const errors = {
  invalidToken: () => error(401, 'INVALID_TOKEN', 'invalid oauth token'),
  authFailure: () => error(401, 'AUTHENTICATION_FAILURE', 'Authentication failed'),
  scopeMismatch: () => error(401, 'OAUTH_SCOPE_MISMATCH', 'invalid oauth scope to access this URL'),
  invalidUrl: () =>
    error(404, 'INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one'),
  invalidMethod: () =>
    error(405, 'INVALID_REQUEST_METHOD', 'The http request method type is not a valid one'),
  invalidModule: () =>
    error(400, 'INVALID_MODULE', 'the module name given seems to be invalid', {
      resource_path_index: 0,
    }),
  notSupported: (module: string) =>
    error(400, 'NOT_SUPPORTED', 'the module is not supported for this operation', { module }),
  requiredParam: (param: string) =>
    error(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', {
      param_name: param,
    }),
  invalidParam: (param: string, extra: Record<string, unknown> = {}) =>
    error(400, 'INVALID_DATA', 'invalid data', { param_name: param, ...extra }),
  malformedBody: () => error(400, 'INVALID_DATA', 'body'),
  mandatoryBody: (key: string) =>
    error(400, 'MANDATORY_NOT_FOUND', 'required field not found', {
      api_name: key,
      json_path: `$.${key}`,
    }),
  limitExceeded: (limit: number, extra: Record<string, unknown> = {}) =>
    error(400, 'LIMIT_EXCEEDED', 'the limit has been exceeded', { limit, ...extra }),
  internal: () => error(500, 'INTERNAL_ERROR', 'Internal Server Error'),
  tooManyRequests: (message: string) => error(429, 'TOO_MANY_REQUESTS', message),
};

/** HTTP status of a multi-record write: all ok → `ok`, none ok → 400, a mix → 207 Multi-Status (v8 "Status Codes"). */
export function multiStatus(results: readonly ActionResult[], ok: number): number {
  const good = results.filter((r) => r.status === 'success').length;
  if (good === results.length) return ok;
  if (good === 0) return 400;
  return 207;
}

/** Parse a JSON body, or answer Zoho's malformed-body error. */
export function parseJsonBody(
  body: Buffer,
): { ok: true; value: unknown } | { ok: false; response: ApiResponse } {
  if (body.length === 0) return { ok: false, response: errors.malformedBody() };
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) as unknown };
  } catch {
    return { ok: false, response: errors.malformedBody() };
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
