/**
 * The condition that selects the rows after a page's last row, for keyset paging (coql-builder iterate()).
 * Ties on the order-by field are broken by id ascending. Empty values sort first ascending and last
 * descending (Zoho's documented default order is by id; where empties go under ORDER BY it does not say —
 * this follows the emulator, emulator/coql.ts sortCompare).
 */
import type { Condition } from './condition.js';
import type { OrderTerm } from './coql-compile.js';

const cmp = (path: string, op: string, ...args: unknown[]): Condition => ({
  kind: 'compare',
  path,
  op,
  args,
});
const and = (...children: Condition[]): Condition => ({ kind: 'and', children });
const or = (...children: Condition[]): Condition => ({ kind: 'or', children });

export function nextPageAfter(
  last: Readonly<Record<string, unknown>>,
  order: OrderTerm | undefined,
  orderKey: string | undefined,
): Condition {
  const id = last['id'];
  if (typeof id !== 'string' && typeof id !== 'number')
    throw new TypeError('coql iterate(): a row came back without its id');
  const lastId = String(id);
  if (order === undefined || order.path === 'id')
    return cmp('id', order?.direction === 'desc' ? '<' : '>', lastId);
  const value = last[orderKey ?? order.path];
  const field = order.path;
  const afterId = cmp('id', '>', lastId);
  if (value === null || value === undefined || value === '') {
    return order.direction === 'desc'
      ? and(cmp(field, 'is null'), afterId)
      : or(and(cmp(field, 'is null'), afterId), cmp(field, 'is not null'));
  }
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
    throw new TypeError(
      `coql iterate(): cannot page by ${field}: its values are not plain (order by a text, number or date field, or by id)`,
    );
  const beyond = cmp(field, order.direction === 'desc' ? '<' : '>', value);
  const tie = and(cmp(field, '=', value), afterId);
  return order.direction === 'desc' ? or(or(beyond, tie), cmp(field, 'is null')) : or(beyond, tie);
}
