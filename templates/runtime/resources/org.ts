/** The organization (v8 "Organization API"): GET /crm/v8/org. */
import type { ZohoCore } from '../core.js';
import { ZohoApiError } from '../errors.js';

export class OrgResource {
  constructor(private readonly core: ZohoCore) {}

  /** The org's details (`id`, `zgid` — the X-CRM-ORG value for bulk uploads —, `company_name`, …). */
  async get(): Promise<Record<string, unknown>> {
    const body = await this.core.request<{ org?: Record<string, unknown>[] } | undefined>({
      method: 'GET',
      path: '/crm/v8/org',
      operation: 'getOrg',
    });
    return body?.org?.[0] ?? {};
  }

  /**
   * The org's `zgid`: the id bulk-write uploads send as `X-CRM-ORG` (v8 "Upload File": "the unique ID (zgid)
   * of your organization obtained through the Organization API").
   */
  async zgid(): Promise<string> {
    const zgid = (await this.get())['zgid'];
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
}
