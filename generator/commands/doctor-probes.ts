/**
 * When doctor reuses a cached access token whose scope list it never saw, it asks the API instead: one cheap
 * read per area, where Zoho's OAUTH_SCOPE_MISMATCH (v8 "Status Codes") means the scope is missing.
 * Reads only — a probe must never change the org — so write scopes stay unproven on this path.
 */
import {
  ScopeError,
  ZohoApiError,
  NetworkError,
  type ZohoCore,
  type CoreRequest,
} from '../../templates/runtime/index.js';
import { SCOPE_AREAS, type ScopeAreaId } from './doctor-scopes.ts';

function probeRequest(area: ScopeAreaId, module: string): CoreRequest {
  switch (area) {
    case 'metadata':
      return { method: 'GET', path: '/crm/v8/settings/modules', operation: 'listModules' };
    case 'records':
      return {
        method: 'GET',
        path: `/crm/v8/${encodeURIComponent(module)}`,
        query: { fields: 'id', per_page: 1 },
        operation: 'listRecords',
      };
    case 'bulk':
      // A job id that does not exist: answers "not found" when the scope is there, OAUTH_SCOPE_MISMATCH when not.
      return { method: 'GET', path: '/crm/bulk/v8/read/1', operation: 'getBulkReadJob' };
    case 'coql':
      return {
        method: 'POST',
        path: '/crm/v8/coql',
        body: { select_query: `select id from ${module} limit 1` },
        operation: 'coqlQuery',
        idempotent: true,
      };
    case 'notifications':
      return { method: 'GET', path: '/crm/v8/actions/watch', operation: 'listNotifications' };
    case 'users':
      return {
        method: 'GET',
        path: '/crm/v8/users',
        query: { type: 'CurrentUser' },
        operation: 'listUsers',
      };
    case 'org':
      return { method: 'GET', path: '/crm/v8/org', operation: 'getOrg' };
  }
}

export interface ProbeOutcome {
  readonly area: ScopeAreaId;
  readonly result: 'allowed' | 'scope-missing' | 'inconclusive';
  readonly note?: string;
}

/** One read per area, in sequence (a handful of calls, a credit each). */
export async function probeScopes(core: ZohoCore, module: string): Promise<ProbeOutcome[]> {
  const outcomes: ProbeOutcome[] = [];
  for (const area of SCOPE_AREAS) {
    try {
      await core.request(probeRequest(area.id, module));
      outcomes.push({ area: area.id, result: 'allowed' });
    } catch (error) {
      if (error instanceof ScopeError) outcomes.push({ area: area.id, result: 'scope-missing' });
      else if (
        error instanceof NetworkError ||
        !(error instanceof ZohoApiError) ||
        error.status === undefined
      ) {
        outcomes.push({
          area: area.id,
          result: 'inconclusive',
          note: error instanceof Error ? error.message : String(error),
        });
      } else if (error.status === 401) {
        outcomes.push({ area: area.id, result: 'inconclusive', note: `${error.code}` });
      } else {
        // Any other Zoho answer (not found, invalid query, no permission for the user) got past the scope check.
        outcomes.push({ area: area.id, result: 'allowed' });
      }
    }
  }
  return outcomes;
}
