/**
 * What the record actions (convert, blueprint, sharing, owner, tags, timeline, mail) share: the client's core
 * and the module they act on, the paths under `/crm/v8/{module}`, and reading the one result of a one-record
 * action (Zoho answers `{data: [ActionResult]}`, or a bare ActionResult, even when it failed).
 */
import type { CoreRequest, ZohoCore } from './core.js';
import { isRecord, ZohoApiError } from './errors.js';

/** The module an action runs on, and the core that sends it. */
export interface ActionTarget {
  readonly core: ZohoCore;
  readonly apiName: string;
}

/** Options every action takes. */
export interface ActionOptions {
  signal?: AbortSignal;
}

/** `/crm/v8/{module}/{…segments}`, every segment percent-encoded (ids and names come from callers). */
export function actionPath(apiName: string, ...segments: readonly string[]): string {
  return ['/crm/v8', ...[apiName, ...segments].map(encodeURIComponent)].join('/');
}

/** A request with the caller's signal, when there is one. */
export function withSignal(req: CoreRequest, options: ActionOptions | undefined): CoreRequest {
  if (options?.signal !== undefined) req.signal = options.signal;
  return req;
}

/** One action result as Zoho sends it. */
export interface ActionOutcome {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

/**
 * The result of a one-record action: the first entry of `body[key]` (or the body itself when it is a bare
 * result). A result whose status is `error` (Zoho sends some with HTTP 200/202) becomes the error it names.
 */
export function oneResult(body: unknown, operation: string, key = 'data'): ActionOutcome {
  const list = isRecord(body) ? body[key] : undefined;
  const r = Array.isArray(list) ? list[0] : body;
  if (!isRecord(r) || typeof r['code'] !== 'string') {
    throw new ZohoApiError({
      code: 'UNEXPECTED_RESPONSE',
      message: 'Zoho answered without a result',
      operation,
      body,
    });
  }
  if (r['status'] === 'error') throw ZohoApiError.from(400, r, operation);
  return {
    code: r['code'],
    message: typeof r['message'] === 'string' ? r['message'] : '',
    details: isRecord(r['details']) ? r['details'] : {},
  };
}

/** The id a one-record result names (`details.id`); an error when it names none. */
export function resultId(outcome: ActionOutcome, operation: string): string {
  const id = outcome.details['id'];
  if (typeof id === 'string' || typeof id === 'number') return String(id);
  throw new ZohoApiError({
    code: 'UNEXPECTED_RESPONSE',
    message: `Zoho's ${outcome.code} result names no record id`,
    operation,
  });
}

/** `details.job_id` of a scheduled job (mass convert, mass update by custom view). */
export function jobIdOf(details: Record<string, unknown>, operation: string): string {
  const id = details['job_id'];
  if (typeof id === 'string' || typeof id === 'number') return String(id);
  throw new ZohoApiError({
    code: 'UNEXPECTED_RESPONSE',
    message: 'Zoho scheduled the job without a job_id',
    operation,
  });
}
