/**
 * Composite requests: `POST /crm/v8/__composite_requests` runs up to 5 sub-requests in one call
 * (v8 "Composite API"). Longer lists are sent in chunks of 5, one result per sub-request in order.
 */
import type { ZohoCore } from '../core.js';
import { isRecord } from '../errors.js';

export const COMPOSITE_MAX_REQUESTS = 5;
/** v8 "Composite API": the accepted forms of `sub_request_id` and `uri`. */
const SUB_REQUEST_ID = /^[a-zA-Z0-9][a-zA-Z0-9_]*$/;
const SUB_REQUEST_URI = /^\/crm(\/.*)?\/v[0-9]+([.][0-9]+)?\/.*/;

export interface CompositeSubRequest {
  sub_request_id?: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to the API root, e.g. "/crm/v8/Leads". */
  uri: string;
  params?: Record<string, unknown>;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface CompositeResult {
  sub_request_id?: string;
  code?: number | string;
  status?: number | string;
  details?: { response?: { status_code?: number; body?: unknown } } & Record<string, unknown>;
  [key: string]: unknown;
}

export class CompositeResource {
  constructor(private readonly core: ZohoCore) {}

  /** Runs the sub-requests (chunked by 5); `rollbackOnFail` applies within each chunk of 5. */
  async execute(
    requests: readonly CompositeSubRequest[],
    options?: { rollbackOnFail?: boolean; concurrentExecution?: boolean },
  ): Promise<CompositeResult[]> {
    requests.forEach(checkSubRequest);
    const out: CompositeResult[] = [];
    for (let i = 0; i < requests.length; i += COMPOSITE_MAX_REQUESTS) {
      const chunk = requests.slice(i, i + COMPOSITE_MAX_REQUESTS);
      const body: Record<string, unknown> = { __composite_requests: chunk };
      if (options?.rollbackOnFail !== undefined) body['rollback_on_fail'] = options.rollbackOnFail;
      if (options?.concurrentExecution !== undefined)
        body['concurrent_execution'] = options.concurrentExecution;
      const res = await this.core.request<Record<string, unknown> | undefined>({
        method: 'POST',
        path: '/crm/v8/__composite_requests',
        body,
        operation: 'executeCompositeRequest',
        idempotent: false,
      });
      const list =
        isRecord(res) && Array.isArray(res['__composite_requests'])
          ? (res['__composite_requests'] as unknown[])
          : [];
      for (let j = 0; j < chunk.length; j++) {
        const r = list[j];
        out.push(isRecord(r) ? (r as CompositeResult) : { code: 'NO_RESULT', status: 'error' });
      }
    }
    return out;
  }
}

/**
 * Zoho refuses a whole composite call with a bare INVALID_DATA when one sub-request is malformed; saying
 * which one, and why, before anything is sent is kinder — and nothing of the batch runs half-way.
 */
function checkSubRequest(r: CompositeSubRequest, index: number): void {
  if (r.sub_request_id !== undefined && !SUB_REQUEST_ID.test(r.sub_request_id)) {
    throw new TypeError(
      `composite sub-request #${index}: sub_request_id ${JSON.stringify(r.sub_request_id)} must match [a-zA-Z0-9][a-zA-Z0-9_]* (Zoho's rule)`,
    );
  }
  if (!SUB_REQUEST_URI.test(r.uri) || r.uri.includes('__composite_requests')) {
    throw new TypeError(
      `composite sub-request #${index}: uri ${JSON.stringify(r.uri)} must be an API path such as "/crm/v8/Leads" (not a composite call)`,
    );
  }
}
