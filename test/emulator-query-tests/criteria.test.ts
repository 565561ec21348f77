import { describe, expect, it } from 'vitest';
import {
  CriteriaError,
  escapeCriteriaValue,
  matchesCriteria,
  matchesEmail,
  matchesPhone,
  matchesWord,
  parseCriteria,
  type Criteria,
} from '../../emulator/criteria.ts';
import { LEADS, LEAD_FIELDS, fieldMap } from './fixture.ts';

const fields = fieldMap(LEAD_FIELDS);

/** The last digit of each matching lead's id: 1 = Smith, 2 = Burns,B, 3 = Patricia(Boyle), 4 = Müller. */
function matching(criteria: string, withMetadata = true): number[] {
  const parsed = parseCriteria(criteria, withMetadata ? fields : undefined);
  return LEADS.filter((r) => matchesCriteria(r, parsed, withMetadata ? fields : undefined)).map(
    (r) => Number(String(r.id).slice(-1)),
  );
}

function parseError(text: string, withMetadata = true): CriteriaError {
  try {
    parseCriteria(text, withMetadata ? fields : undefined);
  } catch (err) {
    if (err instanceof CriteriaError) return err;
    throw new Error(`expected CriteriaError, got ${String(err)}`);
  }
  throw new Error(`expected ${JSON.stringify(text.slice(0, 80))} to be rejected`);
}

describe('parseCriteria: tree', () => {
  const cases: { given: string; want: Criteria }[] = [
    {
      given: '(Last_Name:equals:Smith)',
      want: { kind: 'condition', field: 'Last_Name', operator: 'equals', values: ['Smith'] },
    },
    {
      given: 'Campaign_Name:equals:CRM',
      want: { kind: 'condition', field: 'Campaign_Name', operator: 'equals', values: ['CRM'] },
    },
    {
      given: '(Last_Name:equals:Burns\\,B)',
      want: { kind: 'condition', field: 'Last_Name', operator: 'equals', values: ['Burns,B'] },
    },
    {
      given: '(Last_Name:equals:Patricia\\(Boyle\\))',
      want: {
        kind: 'condition',
        field: 'Last_Name',
        operator: 'equals',
        values: ['Patricia(Boyle)'],
      },
    },
    {
      given: '(Last_Name:equals:K\\\\)',
      want: { kind: 'condition', field: 'Last_Name', operator: 'equals', values: ['K\\'] },
    },
    {
      given: '(Created_Time:between:2024-02-01T18:52:56+00:00,2024-02-20T18:52:56+00:00)',
      want: {
        kind: 'condition',
        field: 'Created_Time',
        operator: 'between',
        values: ['2024-02-01T18:52:56+00:00', '2024-02-20T18:52:56+00:00'],
      },
    },
    {
      given: '(Full_Name:in:Patricia,Boyle,Kate)',
      want: {
        kind: 'condition',
        field: 'Full_Name',
        operator: 'in',
        values: ['Patricia', 'Boyle', 'Kate'],
      },
    },
    {
      given: '((Last_Name:starts_with:G) and (Email:equals:deborah@healthnet.com))',
      want: {
        kind: 'group',
        op: 'and',
        children: [
          { kind: 'condition', field: 'Last_Name', operator: 'starts_with', values: ['G'] },
          {
            kind: 'condition',
            field: 'Email',
            operator: 'equals',
            values: ['deborah@healthnet.com'],
          },
        ],
      },
    },
    {
      // and binds tighter than or
      given: '((A:equals:1)OR(B:equals:2)AND(C:equals:3))',
      want: {
        kind: 'group',
        op: 'or',
        children: [
          { kind: 'condition', field: 'A', operator: 'equals', values: ['1'] },
          {
            kind: 'group',
            op: 'and',
            children: [
              { kind: 'condition', field: 'B', operator: 'equals', values: ['2'] },
              { kind: 'condition', field: 'C', operator: 'equals', values: ['3'] },
            ],
          },
        ],
      },
    },
    {
      // same-operator chains flatten; redundant parentheses vanish
      given: '(((A:equals:1)and(B:equals:2))and((C:equals:3)))',
      want: {
        kind: 'group',
        op: 'and',
        children: [
          { kind: 'condition', field: 'A', operator: 'equals', values: ['1'] },
          { kind: 'condition', field: 'B', operator: 'equals', values: ['2'] },
          { kind: 'condition', field: 'C', operator: 'equals', values: ['3'] },
        ],
      },
    },
    {
      given: '(Account.id:EQUALS:  554023000000300001  )',
      want: {
        kind: 'condition',
        field: 'Account.id',
        operator: 'equals',
        values: ['554023000000300001'],
      },
    },
  ];
  it.each(cases)('$given', ({ given, want }) => {
    expect(parseCriteria(given)).toEqual(want);
  });
});

describe('matchesCriteria (with field metadata)', () => {
  const cases: { given: string; want: number[] }[] = [
    { given: '(Last_Name:equals:Smith)', want: [1] },
    { given: '(Last_Name:equals:smith)', want: [1] },
    // Zoho: equals on text "behaves like contains"
    { given: '(Company:equals:ABC)', want: [1, 2] },
    { given: '(Description:equals:trade)', want: [1] },
    { given: '(Last_Name:equals:Burns\\,B)', want: [2] },
    { given: '(Last_Name:equals:Patricia\\(Boyle\\))', want: [3] },
    { given: '(Company:equals:K\\\\)', want: [4] },
    { given: '(First_Name:starts_with:jo)', want: [1] },
    { given: '(Last_Name:in:Smith,Burns\\,B)', want: [1, 2] },
    { given: '(Last_Name:in:Smi)', want: [] },
    { given: '(Last_Name:not_equal:Smith)', want: [2, 3, 4] },
    { given: '(First_Name:not_equal:John)', want: [2, 3, 4] },
    { given: '(Email:equals:mary@burns.example)', want: [2] },
    { given: '(Description:starts_with:prefers email: never)', want: [3] },
    // picklists are exact
    { given: '(Lead_Status:equals:Contacted)', want: [1, 4] },
    { given: '(Lead_Status:equals:contacted)', want: [] },
    { given: '(Lead_Status:in:Junk Lead,Not Contacted)', want: [2, 3] },
    { given: '(Lead_No:in:LD-0001,LD-0003)', want: [1, 3] },
    // numbers compare numerically, numeric strings included
    { given: '(No_of_Employees:greater_than:99)', want: [1, 4] },
    { given: '(No_of_Employees:between:5,100)', want: [1, 2] },
    { given: '(No_of_Employees:in:5,2500)', want: [2, 4] },
    { given: '(No_of_Employees:equals:100.0)', want: [1] },
    { given: '(Annual_Revenue:greater_equal:125000.75)', want: [2] },
    { given: '(Annual_Revenue:less_than:1)', want: [4] },
    { given: '(Big_Number:greater_than:99)', want: [1, 4] },
    { given: '(Score:less_equal:0)', want: [2, 3] },
    { given: '(Score:greater_than:-1.5)', want: [1, 2, 3, 4] },
    { given: '(Rating_Pct:between:10,60)', want: [1, 4] },
    { given: '(Revenue_Per_Head:greater_than:1)', want: [1, 4] },
    // numbers: inclusive ranges, exponents, bigints past 2^53, zero is a value (not empty)
    { given: '(No_of_Employees:between:100,2500)', want: [1, 4] },
    { given: '(No_of_Employees:equals:1e2)', want: [1] },
    { given: '(Big_Number:equals:9007199254740993)', want: [1] },
    { given: '(Big_Number:equals:9007199254740992)', want: [] },
    { given: '(Big_Number:between:12,100)', want: [2, 4] },
    { given: '(Annual_Revenue:equals:125000.75)', want: [2] },
    { given: '(Annual_Revenue:not_equal:0)', want: [1, 2, 3] }, // not_equal keeps empty values
    { given: '(Score:equals:0)', want: [3] },
    { given: '(Revenue_Per_Head:equals:0)', want: [3] },
    { given: '(Rating_Pct:less_than:50)', want: [1] }, // an empty value matches no range
    // booleans
    { given: '(Email_Opt_Out:equals:true)', want: [2] },
    { given: '(Email_Opt_Out:equals:FALSE)', want: [1, 3, 4] },
    { given: '(Email_Opt_Out:not_equal:true)', want: [1, 3, 4] },
    // dates: calendar order
    { given: '(Birth_Date:greater_than:1990-05-17)', want: [2, 4] },
    { given: '(Birth_Date:between:1990-01-01,1990-12-31)', want: [1, 4] },
    { given: '(Birth_Date:equals:2001-12-31)', want: [2] },
    { given: '(Birth_Date:less_equal:1990-05-17)', want: [1] },
    // datetimes: compared as instants, whatever the offset
    { given: '(Created_Time:greater_than:2024-02-20T00:00:00+00:00)', want: [1] },
    { given: '(Created_Time:less_than:2024-02-20T00:00:00Z)', want: [2, 3, 4] },
    { given: '(Created_Time:equals:2024-02-20T05:30:23+00:00)', want: [1] },
    { given: '(Created_Time:equals:2024-02-20T11:00:23+05:30)', want: [1] },
    { given: '(Created_Time:between:2024-01-01T00:00:00Z,2024-02-19T23:45:00Z)', want: [2, 4] },
    { given: '(Created_Time:less_than:2024-01-01T00:00:00Z)', want: [] },
    { given: '(Created_Time:less_than:2024-01-01T00:00:00-05:00)', want: [4] },
    { given: '(Created_Time:equals:2024-02-20T05:30:23.000Z)', want: [1] },
    { given: '(Created_Time:greater_equal:2024-02-19T23:59:59+00:00)', want: [1, 3] },
    { given: '(Created_Time:less_equal:2024-02-19T23:30:00Z)', want: [2, 4] },
    { given: '(Birth_Date:equals:2024-02-29)', want: [] },
    { given: '(Birth_Date:not_equal:1990-05-17)', want: [2, 3, 4] },
    { given: '(Birth_Date:in:1990-05-17,2001-12-31)', want: [1, 2] },
    // lookups by id or by name
    { given: '(Owner:equals:554023000000235011)', want: [1, 3] },
    { given: '(Owner:equals:kate smith)', want: [2, 4] },
    { given: '(Owner:in:554023000000235022,nobody)', want: [2, 4] },
    { given: '(Account:not_equal:554023000000300001)', want: [2, 3, 4] },
    { given: '(Account.id:equals:554023000000300002)', want: [3] },
    { given: '(Account.name:starts_with:acme)', want: [3] },
    { given: '(Account:equals:Acme\\, Ltd. \\(EU\\))', want: [3] },
    { given: '(id:equals:554023000000400002)', want: [2] },
    // multi-select picklists
    { given: '(Languages:equals:German)', want: [1, 4] },
    { given: '(Languages:in:French,Japanese)', want: [2, 4] },
    { given: '(Languages:not_equal:German)', want: [2, 3] },
    { given: '(Languages:starts_with:Fr)', want: [2] },
    // unicode
    { given: '(Last_Name:starts_with:müller)', want: [4] },
    { given: '(Full_Name:equals:東京)', want: [4] },
    { given: '(First_Name:equals:ZOË)', want: [4] },
    // combinations
    { given: '((Company:equals:ABC)and(First_Name:starts_with:M))', want: [2] },
    { given: '((Lead_Status:equals:Contacted)or(Score:less_than:0))', want: [1, 2, 4] },
    {
      given:
        '(((Lead_Status:equals:Contacted)and(No_of_Employees:greater_than:1000))or(Email_Opt_Out:equals:true))',
      want: [2, 4],
    },
    // `and` before `or`: true OR (Contacted AND >1000), not (true OR Contacted) AND >1000
    {
      given:
        '((Email_Opt_Out:equals:true)or(Lead_Status:equals:Contacted)and(No_of_Employees:greater_than:1000))',
      want: [2, 4],
    },
    { given: 'Last_Name:equals:Smith', want: [1] },
    { given: '  ( (Last_Name : equals : Smith) AND (First_Name:equals:John) )  ', want: [1] },
  ];
  it.each(cases)('$given → $want', ({ given, want }) => {
    expect(matching(given)).toEqual(want);
  });
});

describe('matchesCriteria (no metadata: kinds guessed from values)', () => {
  const cases: { given: string; want: number[] }[] = [
    { given: '(Last_Name:equals:Smith)', want: [1] },
    { given: '(No_of_Employees:greater_than:99)', want: [1, 4] },
    // "125000.75" is a string in the record, still compared as a number in a range
    { given: '(Annual_Revenue:greater_than:100000)', want: [2] },
    { given: '(Big_Number:greater_than:99)', want: [1, 4] },
    { given: '(Created_Time:greater_than:2024-02-20T00:00:00Z)', want: [1] },
    { given: '(Birth_Date:less_than:1991-01-01)', want: [1, 4] },
    { given: '(Owner:equals:Patricia Boyle)', want: [1, 3] },
    { given: '(Languages:in:French)', want: [2] },
    { given: '(Email_Opt_Out:equals:true)', want: [2] },
    { given: '(Unknown_Field:equals:x)', want: [] },
    { given: '(Unknown_Field:not_equal:x)', want: [1, 2, 3, 4] },
  ];
  it.each(cases)('$given → $want', ({ given, want }) => {
    expect(matching(given, false)).toEqual(want);
  });
});

describe('parseCriteria: rejected as Zoho does', () => {
  const cases: { given: string; reason: RegExp; api_name?: string; operator?: string }[] = [
    { given: '', reason: /empty/ },
    { given: '   ', reason: /empty/ },
    { given: '(Last_Name:equals:Smith', reason: /missing "\)"/ },
    { given: '((Last_Name:equals:Smith)', reason: /missing "\)"/ },
    { given: '(Last_Name:equals:Smith))', reason: /unexpected "\)"/ },
    { given: 'Last_Name:equals:Smith)', reason: /unbalanced/ },
    { given: '(Last_Name:equals:Burns,B)', reason: /","/, api_name: 'Last_Name' },
    { given: '(Last_Name:equals:Patricia(Boyle))', reason: /"\("/, api_name: 'Last_Name' },
    { given: '(Last_Name:equals:K\\)', reason: /missing "\)"/ },
    { given: 'Last_Name:equals:K\\', reason: /backslash/ },
    { given: '(Last_Name:equals:)', reason: /empty/ },
    { given: '(Last_Name:equals:   )', reason: /empty/ },
    { given: '(Last_Name:in:a,,b)', reason: /empty/ },
    { given: '(Last_Name::Smith)', reason: /operator is missing/ },
    { given: '(:equals:Smith)', reason: /field is missing/ },
    { given: '(Last_Name equals Smith)', reason: /field:/ },
    { given: '(1abc:equals:x)', reason: /invalid field API name/ },
    {
      given: '(Last_Name:contains:x)',
      reason: /^invalid operator found$/,
      api_name: 'Last_Name',
      operator: 'contains',
    },
    {
      given: '(Last_Name:greater_than:x)',
      reason: /^invalid operator found$/,
      api_name: 'Last_Name',
      operator: 'greater_than',
    },
    {
      given: '(Email_Opt_Out:starts_with:t)',
      reason: /^invalid operator found$/,
      api_name: 'Email_Opt_Out',
    },
    { given: '(Description:in:a,b)', reason: /^invalid operator found$/, api_name: 'Description' },
    {
      given: '(Lead_Status:starts_with:Con)',
      reason: /^invalid operator found$/,
      api_name: 'Lead_Status',
    },
    { given: '(Owner:between:1,2)', reason: /^invalid operator found$/, api_name: 'Owner' },
    {
      given: '(Nope:equals:x)',
      reason: /^the field is not available for search$/,
      api_name: 'Nope',
    },
    {
      given: '(Photo:equals:x)',
      reason: /^the field is not available for search$/,
      api_name: 'Photo',
    },
    {
      given: '(Owner.email:equals:x)',
      reason: /not available for search/,
      api_name: 'Owner.email',
    },
    {
      given: '(Last_Name.id:equals:x)',
      reason: /not available for search/,
      api_name: 'Last_Name.id',
    },
    { given: '(No_of_Employees:equals:ten)', reason: /data type/, api_name: 'No_of_Employees' },
    { given: '(No_of_Employees:equals:1e)', reason: /data type/, api_name: 'No_of_Employees' },
    { given: '(Birth_Date:equals:2024-02-30)', reason: /data type/, api_name: 'Birth_Date' },
    { given: '(Birth_Date:equals:17/05/1990)', reason: /data type/ },
    { given: '(Birth_Date:equals:2023-02-29)', reason: /data type/, api_name: 'Birth_Date' },
    { given: '(Birth_Date:between:1990-01-01,nope)', reason: /data type/ },
    { given: '(Created_Time:equals:2024-02-19T10:00:00)', reason: /data type/ }, // an offset is required
    // an unencoded '+' arrives as a space after URL decoding; Zoho asks clients to encode it
    { given: '(Created_Time:equals:2024-02-19T10:00:00 05:30)', reason: /data type/ },

    { given: '(Created_Time:equals:2024-02-19)', reason: /data type/, api_name: 'Created_Time' },
    { given: '(Created_Time:equals:2024-02-19T25:00:00Z)', reason: /data type/ },
    { given: '(Created_Time:equals:2024-02-19T10:00:00+99:00)', reason: /data type/ },
    { given: '(Email_Opt_Out:equals:yes)', reason: /data type/ },
    { given: '(No_of_Employees:between:1)', reason: /two/ },
    { given: '(No_of_Employees:between:1,2,3)', reason: /two/ },
    { given: '((Last_Name:equals:a)xor(Last_Name:equals:b))', reason: /"and" or "or"/ },
    { given: '((Last_Name:equals:a)(Last_Name:equals:b))', reason: /"and" or "or"/ },
    { given: '((Last_Name:equals:a)and)', reason: /expected "\("/ },
    { given: '((Last_Name:equals:a)and', reason: /ends too early/ },
    { given: '()', reason: /field:/ },
    { given: '(())', reason: /expected "\("|field:/ },
    {
      given: `(${Array.from({ length: 11 }, (_, i) => `(Last_Name:equals:n${i})`).join('or')})`,
      reason: /more than 10 criteria/,
    },
    {
      given: `(Last_Name:in:${Array.from({ length: 101 }, (_, i) => `v${i}`).join(',')})`,
      reason: /at most 100/,
    },
  ];
  it.each(cases)('$given', ({ given, reason, api_name, operator }) => {
    const err = parseError(given);
    expect(err.code).toBe('INVALID_QUERY');
    expect(err.status).toBe(400);
    expect(err.message).toBe('Invalid query formed');
    expect(err.details.reason).toMatch(reason);
    if (api_name !== undefined) expect(err.details.api_name).toBe(api_name);
    if (operator !== undefined) expect(err.details.operator).toBe(operator);
  });

  it('accepts exactly 10 criteria and 100 "in" values', () => {
    const ten = `(${Array.from({ length: 10 }, (_, i) => `(Last_Name:equals:n${i})`).join('or')})`;
    expect(() => parseCriteria(ten, fields)).not.toThrow();
    const hundred = `(Last_Name:in:${Array.from({ length: 100 }, (_, i) => `v${i}`).join(',')})`;
    expect(() => parseCriteria(hundred, fields)).not.toThrow();
  });

  it('serializes as Zoho’s error body', () => {
    expect(JSON.parse(JSON.stringify(parseError('(Nope:equals:x)')))).toEqual({
      code: 'INVALID_QUERY',
      details: { reason: 'the field is not available for search', api_name: 'Nope' },
      message: 'Invalid query formed',
      status: 'error',
    });
  });
});

describe('parseCriteria: hostile input never hangs or crashes', () => {
  const hostile: { name: string; given: string }[] = [
    { name: '100k open parentheses', given: '('.repeat(100_000) },
    { name: '100k close parentheses', given: ')'.repeat(100_000) },
    {
      name: 'deep but valid nesting',
      given: `${'('.repeat(40)}Last_Name:equals:x${')'.repeat(40)}`,
    },
    { name: '100k backslashes', given: '\\'.repeat(100_001) },
    { name: 'a million-character value', given: `(Last_Name:equals:${'a'.repeat(1_000_000)})` },
    { name: 'a million commas in "in"', given: `(Last_Name:in:${','.repeat(1_000_000)})` },
    { name: 'SQL in a value', given: "(Last_Name:equals:'; DROP TABLE Leads;--)" },
    { name: 'NUL and line separators', given: '(Last_Name:equals:\u0000\u2028\u2029)' },
    { name: 'lone surrogate', given: '(Last_Name:equals:\ud800)' },
    { name: 'only "and"', given: 'and' },
    { name: 'trailing "and"', given: '(Last_Name:equals:a)and' },
    { name: 'colons everywhere', given: ':::::' },
    { name: '__proto__ as field', given: '(__proto__:equals:x)' },
    { name: 'constructor as field', given: '(constructor:equals:x)' },
  ];
  it.each(hostile)('$name', ({ given }) => {
    for (const meta of [true, false]) {
      try {
        const parsed = parseCriteria(given, meta ? fields : undefined);
        for (const r of LEADS) matchesCriteria(r, parsed, meta ? fields : undefined);
      } catch (err) {
        expect(err).toBeInstanceOf(CriteriaError);
      }
    }
  });

  it('deep nesting is refused, not a stack overflow', () => {
    const err = parseError(`${'('.repeat(5000)}Last_Name:equals:x${')'.repeat(5000)}`);
    expect(err.details.reason).toMatch(/nested deeper/);
  });

  it('__proto__ does not read Object.prototype', () => {
    const parsed = parseCriteria('(__proto__:equals:x)');
    expect(LEADS.some((r) => matchesCriteria(r, parsed))).toBe(false);
  });
});

describe('escapeCriteriaValue round-trips through parseCriteria', () => {
  const values = [
    'Burns,B',
    'Patricia(Boyle)',
    'K\\',
    'a\\,b',
    '((),)',
    'plain',
    'time 10:00',
    '東京,(x)',
  ];
  it.each(values)('%s', (value) => {
    const parsed = parseCriteria(`(Last_Name:equals:${escapeCriteriaValue(value)})`);
    expect(parsed).toEqual({
      kind: 'condition',
      field: 'Last_Name',
      operator: 'equals',
      values: [value],
    });
  });
});

describe('word, email and phone search', () => {
  function ids(pred: (r: Record<string, unknown>) => boolean): number[] {
    return LEADS.filter(pred).map((r) => Number(String(r.id).slice(-1)));
  }
  const wordCases: { given: string; want: number[] }[] = [
    { given: 'abc', want: [1, 2] },
    { given: 'ZYLKER', want: [1, 3] }, // Company text and the Account lookup's name
    { given: 'german', want: [1, 4] }, // multi-select items
    { given: '$', want: [] }, // $-keys are not searched
    { given: '東京', want: [4] },
    { given: '   ', want: [] },
  ];
  it.each(wordCases)('word $given → $want', ({ given, want }) => {
    expect(ids((r) => matchesWord(r, given))).toEqual(want);
  });

  const emailCases: { given: string; want: number[] }[] = [
    { given: 'mary@burns.example', want: [2] },
    { given: 'MARY.ALT@burns.example', want: [2] }, // any email field
    { given: 'john.smith@abc.example', want: [1] },
    { given: 'john', want: [] }, // whole address only
  ];
  it.each(emailCases)('email $given → $want', ({ given, want }) => {
    expect(ids((r) => matchesEmail(r, given, fields))).toEqual(want);
    expect(ids((r) => matchesEmail(r, given))).toEqual(want);
  });

  const phoneCases: { given: string; want: number[] }[] = [
    { given: '15550102000', want: [1] },
    { given: '555-010-2001', want: [2] }, // the Mobile field
    { given: '(555) 010 2002', want: [3] },
    { given: '555', want: [] },
    { given: 'no digits', want: [] },
  ];
  it.each(phoneCases)('phone $given → $want', ({ given, want }) => {
    expect(ids((r) => matchesPhone(r, given, fields))).toEqual(want);
    expect(ids((r) => matchesPhone(r, given))).toEqual(want);
  });
});

describe('odd record values never crash matching', () => {
  const odd: Record<string, unknown>[] = [
    {
      id: '1',
      Last_Name: 42,
      Account: 'not-an-object',
      Owner: { id: 5, name: null },
      Languages: 'English',
      No_of_Employees: 'abc',
      Annual_Revenue: { amount: 1 },
      Created_Time: 'yesterday',
      Birth_Date: '2024-13-45',
      Email_Opt_Out: 'maybe',
      Lead_Status: ['Contacted'],
      Score: Number.NaN,
    },
    { id: '2' },
  ];
  const criteria = [
    '(Last_Name:equals:42)',
    '(Last_Name:starts_with:4)',
    '(Account:equals:x)',
    '(Account.id:equals:x)',
    '(Owner:in:5,x)',
    '(Languages:equals:English)',
    '(No_of_Employees:greater_than:1)',
    '(Annual_Revenue:between:1,2)',
    '(Created_Time:greater_than:2024-01-01T00:00:00Z)',
    '(Birth_Date:less_than:2024-01-01)',
    '(Email_Opt_Out:equals:true)',
    '(Lead_Status:in:Contacted)',
    '(Score:greater_equal:0)',
  ];
  it.each(criteria)('%s', (text) => {
    for (const meta of [fields, undefined]) {
      const parsed = parseCriteria(text, meta);
      for (const r of odd) expect(typeof matchesCriteria(r, parsed, meta)).toBe('boolean');
      for (const r of odd) {
        expect(typeof matchesWord(r, 'x')).toBe('boolean');
        expect(typeof matchesEmail(r, 'x@y.z', meta)).toBe('boolean');
        expect(typeof matchesPhone(r, '555', meta)).toBe('boolean');
      }
    }
  });
});
