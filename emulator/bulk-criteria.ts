/**
 * Bulk read criteria (v8 "Create Bulk Read Job"): `{field:{api_name}, comparator, value}` or
 * `{group_operator:'and'|'or', group:[…]}`. Lookups compare by id.
 */
import { isObject } from './envelopes.ts';

function scalar(v: unknown): unknown {
  return isObject(v) && 'id' in v ? v['id'] : v;
}

function cmp(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function matchesBulkCriteria(r: Record<string, unknown>, c: unknown): boolean {
  if (!isObject(c)) return true;
  const group = c['group'];
  if (Array.isArray(group)) {
    const op = String(c['group_operator'] ?? 'and').toLowerCase();
    return op === 'or'
      ? group.some((g) => matchesBulkCriteria(r, g))
      : group.every((g) => matchesBulkCriteria(r, g));
  }
  const field = isObject(c['field']) ? c['field']['api_name'] : c['api_name'];
  if (typeof field !== 'string') return true;
  const v = scalar(r[field]);
  const want = c['value'];
  const s = typeof v === 'string' ? v.toLowerCase() : '';
  const w = typeof want === 'string' ? want.toLowerCase() : '';
  switch (String(c['comparator'] ?? 'equal')) {
    case 'equal':
      return v === want || (typeof v === 'string' && s === w);
    case 'not_equal':
      return !(v === want || (typeof v === 'string' && s === w));
    case 'in':
      return Array.isArray(want) && want.some((x) => x === v);
    case 'not_in':
      return Array.isArray(want) && !want.some((x) => x === v);
    case 'less_than':
      return v !== null && v !== undefined && cmp(v, want) < 0;
    case 'less_equal':
      return v !== null && v !== undefined && cmp(v, want) <= 0;
    case 'greater_than':
      return v !== null && v !== undefined && cmp(v, want) > 0;
    case 'greater_equal':
      return v !== null && v !== undefined && cmp(v, want) >= 0;
    case 'contains':
      return s.includes(w);
    case 'not_contains':
      return !s.includes(w);
    case 'starts_with':
      return s.startsWith(w);
    case 'ends_with':
      return s.endsWith(w);
    case 'between':
      return Array.isArray(want) && cmp(v, want[0]) >= 0 && cmp(v, want[1]) <= 0;
    case 'not_between':
      return Array.isArray(want) && !(cmp(v, want[0]) >= 0 && cmp(v, want[1]) <= 0);
    default:
      return false;
  }
}
