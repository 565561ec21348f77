/**
 * COQL's join limits (v8 "Query API - Limitations", zoho.com/crm/developer/docs/api/v8/COQL-Limitations.html):
 * "A maximum of five base JOINs can be applied in a single query" and "A maximum of 15 SELECT clause JOINs".
 * As we read them: a select-column join is a lookup followed by a SELECT column, a base join one followed
 * in WHERE, GROUP BY or ORDER BY; a lookup followed twice counts once (`Account_Name.Owner.email` follows
 * `Account_Name` and `Account_Name.Owner`). Zoho documents the limits, not their error: the error is ours
 * and names the limit.
 */
import { invalidQuery } from './coql-errors.ts';
import type { Condition, PathRef, SelectQuery } from './coql-parser.ts';

export const COQL_MAX_BASE_JOINS = 5;
export const COQL_MAX_SELECT_JOINS = 15;

export function checkJoins(ast: SelectQuery): void {
  const select = new Set<string>();
  for (const item of ast.select) addJoins(item.path, select);
  const base = new Set<string>();
  if (ast.where !== undefined) forEachPath(ast.where, (p) => addJoins(p, base));
  for (const g of ast.groupBy) addJoins(g, base);
  for (const o of ast.orderBy) addJoins(o.path, base);
  if (select.size > COQL_MAX_SELECT_JOINS)
    invalidQuery('Invalid query formed', { reason: `more than ${COQL_MAX_SELECT_JOINS} select column joins` });
  if (base.size > COQL_MAX_BASE_JOINS)
    invalidQuery('Invalid query formed', { reason: `more than ${COQL_MAX_BASE_JOINS} base joins` });
}

function addJoins(path: PathRef, into: Set<string>): void {
  for (let i = 1; i < path.segments.length; i++) into.add(path.segments.slice(0, i).join('.').toLowerCase());
}

function forEachPath(c: Condition, visit: (p: PathRef) => void): void {
  if (c.kind === 'predicate') visit(c.predicate.path);
  else for (const child of c.children) forEachPath(child, visit);
}
