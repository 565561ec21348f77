/**
 * Typed search criteria → Zoho's `(Field:operator:value)` text (v8 "Search Records"): nesting two at a
 * time, values escaped (backslash before `(`, `)`, `,` and `\`), Zoho's limits refused with the limit named.
 */
import { describe, expect, it } from 'vitest';
import { compileCriteria, type SearchWhere } from '../../../templates/runtime/query/search-criteria.ts';
import type { TestMap } from './schema.ts';

type Leads = TestMap['Leads'];
const criteria = (where: SearchWhere<Leads['fields'], Leads['record']>): string => compileCriteria(where);

describe('compileCriteria', () => {
  const cases: { name: string; given: SearchWhere<Leads['fields'], Leads['record']>; want: string }[] = [
    { name: 'one condition', given: (w) => w('Last_Name', 'equals', 'Smith'), want: '(Last_Name:equals:Smith)' },
    {
      name: 'and of three, two at a time',
      given: (w) => w.and([w('Last_Name', 'starts_with', 'Sm'), w('Lead_Status', 'in', ['Contacted', 'Not Contacted']), w('Annual_Revenue', 'between', [10, 20])]),
      want: '(((Last_Name:starts_with:Sm)and(Lead_Status:in:Contacted,Not Contacted))and(Annual_Revenue:between:10,20))',
    },
    {
      name: 'or inside and',
      given: (w) => w.and([w('Converted', 'equals', false), w.or([w('Closing', 'greater_than', '2024-01-01'), w('Created_Time', 'less_than', new Date(Date.UTC(2024, 5, 1)))])]),
      want: '((Converted:equals:false)and((Closing:greater_than:2024-01-01)or(Created_Time:less_than:2024-06-01T00:00:00+00:00)))',
    },
    {
      name: 'parentheses, commas and backslashes in a value are escaped',
      given: (w) => w('Last_Name', 'equals', "x') or (Last_Name:equals:a,b\\"),
      want: "(Last_Name:equals:x'\\) or \\(Last_Name:equals:a\\,b\\\\)",
    },
    { name: 'an in value with a comma stays one value', given: (w) => w('Last_Name', 'in', ['Burns,B', 'K']), want: '(Last_Name:in:Burns\\,B,K)' },
  ];
  it.each(cases)('$name', ({ given, want }) => {
    expect(criteria(given)).toBe(want);
  });

  it("refuses more than Zoho's 10 criteria and 100 in values, naming the limit", () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `n${i}`);
    expect(() => criteria((w) => w.or(eleven.map((n) => w('Last_Name', 'equals', n))))).toThrow('search allows at most 10 criteria');
    const many = Array.from({ length: 101 }, (_, i) => `n${i}`);
    expect(() => criteria((w) => w('Last_Name', 'in', many))).toThrow('in takes at most 100 values');
  });

  it('refuses a field that is not an API name and a between with one value, whatever the types were bypassed with', () => {
    expect(() => criteria((w) => w('Last_Name:equals:x)or(Email' as 'Last_Name', 'equals', 'y'))).toThrow('is not a field API name');
    expect(() => criteria((w) => w('Annual_Revenue', 'between', [1] as unknown as readonly [number, number]))).toThrow('exactly two values');
  });
});
