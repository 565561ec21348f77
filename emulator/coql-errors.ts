/**
 * COQL errors, shaped as Zoho's error body (HTTP 400). Codes and messages are Zoho's own, from the
 * v8 "Get Records through a COQL Query" → Possible Errors examples:
 *   SYNTAX_ERROR  "unexpected token" {line, column, near} · "missing clause" {clause} ·
 *                 "given coql query not supported" {} · "error occured while parsing the query" {near}
 *   INVALID_QUERY "Invalid query formed" {reason: "invalid operator found", column_name, operator} ·
 *                 "unsupported column" {column_name} · "limit given seems to be invalid" {limit} ·
 *                 'Only 100 values are allowed in "IN" criteria' {param_name}
 *   INVALID_DATA  "limit should be greater than 0" {}
 *   INVALID_MODULE "the given module is not supported in api" {}
 *   DUPLICATE_DATA "duplicate select column" {column_name} · "duplicate aggregate function" {column_name, aggregate}
 *   DUPLICATE_ALIAS "same alias cannot refer more than one column" {referred_columns, alias}
 *   INVALID_ALIAS "alias name cannot be an empty string" {column_name, alias}
 *   MANDATORY_NOT_FOUND "mandatory key not found" {api_name: "select_query"}
 * Where Zoho documents a limit but not its error (50 columns, 25 criteria, 100,000 rows), we answer
 * in the nearest documented shape and say so at the call site.
 */
export type CoqlErrorCode =
  | 'SYNTAX_ERROR'
  | 'INVALID_QUERY'
  | 'INVALID_DATA'
  | 'INVALID_MODULE'
  | 'DUPLICATE_DATA'
  | 'DUPLICATE_ALIAS'
  | 'INVALID_ALIAS'
  | 'MANDATORY_NOT_FOUND'
  | 'LIMIT_REACHED';

export class CoqlError extends Error {
  readonly status = 400;

  constructor(
    readonly code: CoqlErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'CoqlError';
  }

  toJSON(): { code: string; details: Record<string, unknown>; message: string; status: 'error' } {
    return { code: this.code, details: this.details, message: this.message, status: 'error' };
  }
}

export function syntaxError(message: string, details: Record<string, unknown>): never {
  throw new CoqlError('SYNTAX_ERROR', message, details);
}

export function invalidQuery(message: string, details: Record<string, unknown>): never {
  throw new CoqlError('INVALID_QUERY', message, details);
}
