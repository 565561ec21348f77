/** The organization (v8 "Organization API"): GET /crm/v8/org. */
import type { ZohoCore } from '../core.js';

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
}
