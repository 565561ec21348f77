/**
 * The organization (v8 "Organization API", GET /crm/v8/org): reached as `crm.org.get()` like every
 * org-independent operation (spec-operation.ts); this file adds what the plain operation does not say — the
 * org's `zgid`, which bulk-write uploads need.
 */
import type { ZohoCore } from '../core.js';
import { ZohoApiError } from '../errors.js';

/**
 * The org's `zgid` from a GET /crm/v8/org body: the id bulk-write uploads send as `X-CRM-ORG` (v8 "Upload File":
 * "the unique ID (zgid) of your organization obtained through the Organization API").
 */
export function zgidOf(body: unknown): string {
  const org = (body as { org?: unknown } | undefined)?.org;
  const first: unknown = Array.isArray(org) ? org[0] : undefined;
  const zgid =
    typeof first === 'object' && first !== null
      ? (first as Record<string, unknown>)['zgid']
      : undefined;
  // Zoho documents zgid as a string; a number is accepted in case a proxy re-encoded it.
  if (typeof zgid === 'string' && zgid !== '') return zgid;
  if (typeof zgid === 'number') return String(zgid);
  throw new ZohoApiError({
    code: 'NO_ZGID',
    message:
      "GET /crm/v8/org answered without the org's zgid, which bulk-write uploads send as X-CRM-ORG; pass { zgid } to uploadWriteFile",
    operation: 'getOrg',
  });
}

/** GET /crm/v8/org's zgid, for the runtime's own use (bulk-write uploads). */
export async function fetchZgid(core: ZohoCore): Promise<string> {
  return zgidOf(
    await core.request<unknown>({ method: 'GET', path: '/crm/v8/org', operation: 'getOrg' }),
  );
}

/** What `crm.org` has besides the spec's operations. */
export interface OrgHelpers {
  /** The org's `zgid` (the `X-CRM-ORG` value of bulk-write uploads), from `crm.org.get()`. */
  zgid(): Promise<string>;
}

export function orgHelpers(get: () => Promise<unknown>): OrgHelpers {
  return { zgid: async () => zgidOf(await get()) };
}
