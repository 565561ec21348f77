/**
 * The OAuth scopes a generated client needs, by area, and how to read a granted scope list against them.
 * Used by `auth` (is the new refresh token wide enough?) and `doctor` (is the current one?).
 *
 * Zoho's scope grammar (CRM v8 "OAuth scopes" page, zoho.com/crm/developer/docs/api/v8/scopes.html):
 * `ZohoCRM.<group>.<operation>` or `ZohoCRM.<group>.<resource>.<operation>`, operation one of ALL, READ,
 * CREATE, UPDATE, DELETE (WRITE = create + update). `ZohoCRM.settings.ALL` covers every settings resource;
 * `ZohoCRM.settings.fields.READ` only field metadata.
 */

export type ScopeOperation = 'READ' | 'CREATE' | 'UPDATE' | 'DELETE';

export interface ScopeNeed {
  readonly group: string;
  readonly operation: ScopeOperation;
  /** A resource inside the group (settings: modules, fields, …); either the group or this form satisfies. */
  readonly resource?: string;
}

export type ScopeAreaId =
  'metadata' | 'records' | 'bulk' | 'coql' | 'notifications' | 'users' | 'org';

export interface ScopeArea {
  readonly id: ScopeAreaId;
  /** What the generated client does with it. */
  readonly uses: string;
  readonly needs: readonly ScopeNeed[];
  /** The one scope to add when anything in the area is missing. */
  readonly grant: string;
}

const crud = (group: string): ScopeNeed[] =>
  (['READ', 'CREATE', 'UPDATE', 'DELETE'] as const).map((operation) => ({ group, operation }));

/** One row per area of the generated client (DESIGN.md, "The generated client"). */
export const SCOPE_AREAS: readonly ScopeArea[] = [
  {
    id: 'metadata',
    uses: 'pull/check, crm.settings',
    needs: ['modules', 'fields', 'related_lists', 'layouts', 'custom_views'].map((resource) => ({
      group: 'settings',
      operation: 'READ' as const,
      resource,
    })),
    grant: 'ZohoCRM.settings.ALL',
  },
  {
    id: 'records',
    uses: 'crm.<module>.list/get/create/update/upsert/delete/search',
    needs: crud('modules'),
    grant: 'ZohoCRM.modules.ALL',
  },
  {
    id: 'bulk',
    uses: 'crm.bulk read/write jobs',
    needs: [
      { group: 'bulk', operation: 'READ' },
      { group: 'bulk', operation: 'CREATE' },
    ],
    grant: 'ZohoCRM.bulk.ALL',
  },
  {
    id: 'coql',
    uses: 'crm.coql',
    needs: [{ group: 'coql', operation: 'READ' }],
    grant: 'ZohoCRM.coql.READ',
  },
  {
    id: 'notifications',
    uses: 'crm.notifications',
    needs: crud('notifications'),
    grant: 'ZohoCRM.notifications.ALL',
  },
  {
    id: 'users',
    uses: 'crm.users',
    needs: [{ group: 'users', operation: 'READ' }],
    grant: 'ZohoCRM.users.READ',
  },
  {
    id: 'org',
    uses: "crm.org (and doctor's edition check)",
    needs: [{ group: 'org', operation: 'READ' }],
    grant: 'ZohoCRM.org.READ',
  },
];

/** Every scope the generated client can use, comma-separated as the API console's Generate Code box wants. */
export const RECOMMENDED_SCOPES = SCOPE_AREAS.map((a) => a.grant).join(',');

/** Zoho returns scopes space-separated in the token response; the console takes them comma-separated. */
export function parseScopes(text: string): string[] {
  return text.split(/[\s,]+/).filter((s) => s !== '');
}

function operationCovers(granted: string, need: ScopeOperation): boolean {
  const g = granted.toUpperCase();
  return g === 'ALL' || g === need || (g === 'WRITE' && (need === 'CREATE' || need === 'UPDATE'));
}

export function scopeCovers(granted: readonly string[], need: ScopeNeed): boolean {
  const resource = need.resource?.toLowerCase().replace(/_/g, '');
  return granted.some((scope) => {
    const parts = scope.split('.');
    if (parts[0]?.toLowerCase() !== 'zohocrm' || parts[1]?.toLowerCase() !== need.group)
      return false;
    if (parts.length === 3) return operationCovers(parts[2] ?? '', need.operation);
    return (
      parts.length === 4 &&
      resource !== undefined &&
      (parts[2] ?? '').toLowerCase().replace(/_/g, '') === resource &&
      operationCovers(parts[3] ?? '', need.operation)
    );
  });
}

/** The exact scope name of a need, for messages: ZohoCRM.settings.fields.READ. */
export function scopeName(need: ScopeNeed): string {
  return [
    'ZohoCRM',
    need.group,
    ...(need.resource === undefined ? [] : [need.resource]),
    need.operation,
  ].join('.');
}

export interface AreaCoverage {
  readonly area: ScopeArea;
  readonly missing: readonly string[];
}

/** For each area, the scopes it lacks (empty when covered). */
export function coverage(granted: readonly string[]): AreaCoverage[] {
  return SCOPE_AREAS.map((area) => ({
    area,
    missing: area.needs.filter((n) => !scopeCovers(granted, n)).map(scopeName),
  }));
}

/** One line per area that lacks something, or [] when the scopes cover the generated client. */
export function describeMissing(granted: readonly string[]): string[] {
  return coverage(granted)
    .filter((c) => c.missing.length > 0)
    .map(
      (c) => `${c.area.id} (${c.area.uses}): missing ${c.missing.join(', ')} — add ${c.area.grant}`,
    );
}
