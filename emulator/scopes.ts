/**
 * OAuth scope checks. Zoho scopes read `<Service>.<group>[.<resource>].<operation>` (v8 "Scopes"), the
 * service being ZohoCRM — or ZohoFiles for bulk-write uploads (`ZohoFiles.files.ALL`):
 * `ZohoCRM.modules.ALL`, `ZohoCRM.modules.leads.READ`, `ZohoCRM.settings.fields.READ`, `ZohoCRM.coql.READ` …
 */
export type ScopeOp = 'READ' | 'CREATE' | 'UPDATE' | 'DELETE' | 'CUSTOM';

export interface ScopeNeed {
  /** The Zoho service the scope belongs to; default ZohoCRM (bulk-write uploads need ZohoFiles). */
  service?: 'ZohoCRM' | 'ZohoFiles';
  group: string; // modules, settings, users, org, bulk, coql, notifications; files for ZohoFiles
  op: ScopeOp;
  /** Resource inside the group (module API name, or settings resource) — either form satisfies. */
  resource?: string;
}

export const DEFAULT_SCOPES: readonly string[] = [
  'ZohoCRM.modules.ALL',
  'ZohoCRM.settings.ALL',
  'ZohoCRM.users.ALL',
  'ZohoCRM.org.ALL',
  'ZohoCRM.bulk.ALL',
  'ZohoCRM.coql.READ',
  'ZohoCRM.notifications.ALL',
  // Composite needs its own scope besides the sub-requests' (v8 "Composite API").
  'ZohoCRM.composite_requests.CUSTOM',
  // Bulk-write file uploads (v8 "Upload File").
  'ZohoFiles.files.ALL',
  // The Files API (v8 "Upload Files to ZFS", "Get Files": ZohoCRM.Files.CREATE / READ).
  'ZohoCRM.Files.ALL',
];

function opMatches(granted: string, op: ScopeOp): boolean {
  if (granted === 'all' || granted === op.toLowerCase()) return true;
  return granted === 'write' && (op === 'CREATE' || op === 'UPDATE');
}

export function scopeAllows(scopes: readonly string[], need: ScopeNeed): boolean {
  const service = (need.service ?? 'ZohoCRM').toLowerCase();
  const group = need.group.toLowerCase();
  const resource = need.resource?.toLowerCase().replace(/_/g, '');
  for (const s of scopes) {
    const parts = s.toLowerCase().split('.');
    if (parts[0] !== service || parts[1] !== group) continue;
    if (parts.length === 3 && opMatches(parts[2] ?? '', need.op)) return true;
    if (
      parts.length === 4 &&
      resource !== undefined &&
      (parts[2] ?? '').replace(/_/g, '') === resource &&
      opMatches(parts[3] ?? '', need.op)
    )
      return true;
  }
  return false;
}

export function parseScopeList(text: string): string[] {
  return text.split(/[\s,]+/).filter((s) => s.length > 0);
}
