/** Turn an error thrown by criteria.ts / coql.ts (CriteriaError, CoqlError) into Zoho's 400 body. */
export function queryErrorBody(
  e: unknown,
  fallbackCode: string,
): { code: string; details: Record<string, unknown>; message: string; status: 'error' } {
  const o = typeof e === 'object' && e !== null ? (e as Record<string, unknown>) : {};
  const code = typeof o['code'] === 'string' ? o['code'] : fallbackCode;
  const message = typeof o['message'] === 'string' ? o['message'] : 'invalid query';
  const details =
    typeof o['details'] === 'object' && o['details'] !== null
      ? (o['details'] as Record<string, unknown>)
      : {};
  return { code, details, message, status: 'error' };
}
