/**
 * The COQL builder: the text it writes (given calls → want COQL), Zoho's limits refused before sending with
 * the limit named, values escaped, and iterate() paging by keyset. Runs against a recording stand-in for
 * POST /crm/v8/coql; the emulator end of it is test/e2e/query.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { CoqlPage } from '../../../templates/runtime/resources/coql.ts';
import { SelectQueryBuilder } from '../../../templates/runtime/query/coql-builder.ts';
import { CoqlLimitError } from '../../../templates/runtime/query/coql-limits.ts';
import type { TestMap } from './schema.ts';

function from<M extends keyof TestMap & string>(module: M, run = async (_q: string): Promise<CoqlPage> => ({ data: [], info: { count: 0, more_records: false } })) {
  return new SelectQueryBuilder<TestMap, M, never>(run, { module, columns: [], where: [], groupBy: [], orderBy: [] });
}

describe('compile()', () => {
  const cases: { name: string; given: () => string; want: string }[] = [
    {
      name: 'columns, no criteria: Zoho wants a WHERE, so every row',
      given: () => from('Leads').select(['Last_Name', 'Email']).compile(),
      want: 'select Last_Name, Email from Leads where id is not null',
    },
    {
      name: 'one comparison is bare',
      given: () => from('Leads').select(['Last_Name']).where('Lead_Status', '=', 'Contacted').compile(),
      want: "select Last_Name from Leads where Lead_Status = 'Contacted'",
    },
    {
      name: 'several where() calls are ANDed two at a time',
      given: () =>
        from('Leads')
          .select(['Last_Name'])
          .where('Lead_Status', '=', 'Contacted')
          .where('Annual_Revenue', '>', 100000)
          .where('Email', 'is not null')
          .compile(),
      want: "select Last_Name from Leads where ((Lead_Status = 'Contacted' and Annual_Revenue > 100000) and Email is not null)",
    },
    {
      name: 'or groups inside and, each pair bracketed',
      given: () =>
        from('Leads')
          .select(['Last_Name'])
          .where('Converted', '=', false)
          .whereGroup((w) => w.or([w('Lead_Status', 'in', ['Contacted', 'Not Contacted']), w('Annual_Revenue', 'between', [1, 2.5]), w('Last_Name', 'like', 'Sm%')]))
          .compile(),
      want: "select Last_Name from Leads where (Converted = false and ((Lead_Status in ('Contacted', 'Not Contacted') or Annual_Revenue between 1 and 2.5) or Last_Name like 'Sm%'))",
    },
    {
      name: 'dotted paths, order by, limit and offset',
      given: () => from('Leads').select(['Account.Account_Name', 'Account.Parent.Owner']).orderBy('Created_Time', 'desc').orderBy('id').limit(50).offset(100).compile(),
      want: 'select Account.Account_Name, Account.Parent.Owner from Leads where id is not null order by Created_Time desc, id asc limit 50 offset 100',
    },
    {
      name: 'aggregates with group by',
      given: () => from('Leads').select(['Lead_Status', 'COUNT(id)', 'SUM(Annual_Revenue)']).groupBy(['Lead_Status']).orderBy('COUNT(id)', 'desc').compile(),
      want: 'select Lead_Status, COUNT(id), SUM(Annual_Revenue) from Leads where id is not null group by Lead_Status order by COUNT(id) desc',
    },
    {
      name: "a quote is doubled (Zoho's rule), a backslash doubled: the value stays one string",
      given: () => from('Leads').select(['Last_Name']).where('Last_Name', '=', "x') or (Last_Name is not null").compile(),
      want: "select Last_Name from Leads where Last_Name = 'x'') or (Last_Name is not null'",
    },
    {
      name: 'a value ending in a backslash cannot swallow the closing quote',
      given: () => from('Leads').select(['Last_Name']).where('Last_Name', 'in', ["O'Brien", 'a\\']).compile(),
      want: "select Last_Name from Leads where Last_Name in ('O''Brien', 'a\\\\')",
    },
    {
      name: "multi-select options are written 'A;B'; Dates as ISO date-times",
      given: () =>
        from('Leads').select(['Last_Name']).where('Languages', '=', ['English', 'German']).where('Created_Time', '>=', new Date(Date.UTC(2024, 0, 2, 3, 4, 5))).compile(),
      want: "select Last_Name from Leads where (Languages = 'English;German' and Created_Time >= '2024-01-02T03:04:05+00:00')",
    },
  ];
  it.each(cases)('$name', ({ given, want }) => {
    expect(given()).toBe(want);
  });

  it('refuses names that are not API names, whatever the types were bypassed with', () => {
    const sneaky = from('Leads').select(['Last_Name from Leads where id is not null --' as 'Last_Name']);
    expect(() => sneaky.compile()).toThrow(/is not a field API name/);
    expect(() => from('Leads').select(['Last_Name']).where('Last_Name' as 'Last_Name', '=; drop' as '=', 'x').compile()).toThrow(/unknown comparator/);
  });

  it('refuses a between with one value and an empty in at run time too', () => {
    const one = [1] as unknown as readonly [number, number];
    expect(() => from('Leads').select(['Last_Name']).where('Annual_Revenue', 'between', one).compile()).toThrow('between on Annual_Revenue takes exactly two values');
    expect(() => from('Leads').select(['Last_Name']).where('Lead_Status', 'in', []).compile()).toThrow('takes a non-empty list');
  });
});

describe("Zoho's limits, refused before sending, the limit named", () => {
  const many = (n: number, prefix = 'F'): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  const loose = () => from('Leads') as unknown as SelectQueryBuilder<{ Leads: { record: Record<string, unknown>; fields: Record<string, 'number' | 'lookup:Leads'> } }, 'Leads', never>;
  const cases: { name: string; build: () => string; limit: string; message: string }[] = [
    { name: '51 columns', build: () => loose().select(many(51)).compile(), limit: 'columns', message: 'COQL allows at most 50 columns in SELECT' },
    {
      name: '26 criteria',
      build: () => many(26).reduce((q, f) => q.where(f, '=', 1), loose().select(['F0'])).compile(),
      limit: 'criteria',
      message: 'COQL allows at most 25 criteria in WHERE',
    },
    { name: '5 group-by fields', build: () => loose().select(['COUNT(id)']).groupBy(many(5)).compile(), limit: 'groupBy', message: 'COQL allows at most 4 fields in GROUP BY' },
    { name: '11 order-by fields', build: () => many(11).reduce((q, f) => q.orderBy(f), loose().select(['F0'])).compile(), limit: 'orderBy', message: 'COQL allows at most 10 fields in ORDER BY' },
    { name: '6 aggregates', build: () => loose().select(many(6).map((f) => `SUM(${f})`)).compile(), limit: 'aggregates', message: 'COQL allows at most 5 aggregate functions' },
    { name: '51 values in in', build: () => loose().select(['F0']).where('F0', 'in', many(51).map((_, i) => i)).compile(), limit: 'inValues', message: 'COQL allows at most 50 values in IN (F0)' },
    { name: 'LIMIT 2001', build: () => loose().select(['F0']).limit(2001).compile(), limit: 'rowsPerCall', message: 'COQL allows at most 2000 rows a call (LIMIT)' },
    { name: 'OFFSET past 100,000', build: () => loose().select(['F0']).limit(2000).offset(99_000).compile(), limit: 'offsetRows', message: 'COQL reaches at most the first 100000 rows by LIMIT/OFFSET' },
    { name: 'three relations in a path', build: () => loose().select(['F0.F1.F2.F3']).compile(), limit: 'relations', message: 'COQL follows at most 2 lookups in one path' },
    { name: '16 select-column joins', build: () => loose().select(many(16).map((f) => `${f}.Name`)).compile(), limit: 'selectJoins', message: 'COQL allows at most 15 lookups followed in SELECT' },
    {
      name: '6 base joins',
      build: () => many(6).reduce((q, f) => q.where(`${f}.Name` as 'F0', 'is null'), loose().select(['F0'])).compile(),
      limit: 'baseJoins',
      message: 'COQL allows at most 5 lookups followed in WHERE, GROUP BY and ORDER BY',
    },
  ];
  it.each(cases)('$name', ({ build, limit, message }) => {
    let error: unknown;
    try {
      build();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CoqlLimitError);
    expect((error as CoqlLimitError).limit).toBe(limit);
    expect((error as Error).message).toContain(message);
  });

  it('sends nothing when a limit is broken', async () => {
    const sent: string[] = [];
    const q = from('Leads', async (text) => {
      sent.push(text);
      return { data: [], info: { count: 0, more_records: false } };
    });
    await expect(q.select(['Last_Name']).limit(5000).execute()).rejects.toThrow(CoqlLimitError);
    expect(sent).toEqual([]);
  });
});

describe('iterate()', () => {
  /** A stand-in holding rows sorted by the query's order; it answers keyset pages as Zoho would. */
  function serving(rows: { id: string; Annual_Revenue: number | null }[]) {
    const sent: string[] = [];
    const run = async (text: string): Promise<CoqlPage> => {
      sent.push(text);
      const limit = Number(/ limit (\d+)$/.exec(text)?.[1]);
      const after = /id > '(\d+)'/.exec(text)?.[1];
      const start = after === undefined ? 0 : rows.findIndex((r) => r.id === after) + 1;
      const data = rows.slice(start, start + limit).map((r) => ({ ...r }));
      return { data, info: { count: data.length, more_records: start + limit < rows.length } };
    };
    return { run, sent };
  }

  it('pages by id, never by OFFSET, until a short page', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ id: String(100 + i), Annual_Revenue: i }));
    const { run, sent } = serving(rows);
    const got: string[] = [];
    for await (const row of from('Leads', run).select(['Annual_Revenue']).iterate({ pageSize: 2 })) got.push(row.id);
    expect(got).toEqual(['100', '101', '102', '103', '104']);
    expect(sent).toEqual([
      'select Annual_Revenue from Leads where id is not null order by id asc limit 2',
      "select Annual_Revenue from Leads where id > '101' order by id asc limit 2",
      "select Annual_Revenue from Leads where id > '103' order by id asc limit 2",
    ]);
  });

  it('pages by (order-by field, id), selecting the field for the keyset and dropping it from rows not asking for it', async () => {
    const rows = [
      { id: '1', Annual_Revenue: null },
      { id: '2', Annual_Revenue: 5 },
      { id: '3', Annual_Revenue: 5 },
    ];
    const sent: string[] = [];
    const pages = [rows.slice(0, 1), rows.slice(1, 2), rows.slice(2, 3), []];
    const run = async (text: string): Promise<CoqlPage> => {
      sent.push(text);
      const data = (pages[sent.length - 1] ?? []).map((r) => ({ ...r }));
      return { data, info: { count: data.length, more_records: true } };
    };
    const got: Record<string, unknown>[] = [];
    for await (const row of from('Leads', run).select(['Last_Name']).where('Converted', '=', true).orderBy('Annual_Revenue').iterate({ pageSize: 1 })) got.push(row);
    expect(got).toEqual([{ id: '1' }, { id: '2' }, { id: '3' }]);
    expect(sent).toEqual([
      'select Last_Name, Annual_Revenue from Leads where Converted = true order by Annual_Revenue asc, id asc limit 1',
      "select Last_Name, Annual_Revenue from Leads where (Converted = true and ((Annual_Revenue is null and id > '1') or Annual_Revenue is not null)) order by Annual_Revenue asc, id asc limit 1",
      "select Last_Name, Annual_Revenue from Leads where (Converted = true and (Annual_Revenue > 5 or (Annual_Revenue = 5 and id > '2'))) order by Annual_Revenue asc, id asc limit 1",
      "select Last_Name, Annual_Revenue from Leads where (Converted = true and (Annual_Revenue > 5 or (Annual_Revenue = 5 and id > '3'))) order by Annual_Revenue asc, id asc limit 1",
    ]);
  });

  it('refuses aggregates, offsets and a second order-by field, saying why', async () => {
    const first = async (q: AsyncIterable<unknown>) => {
      for await (const _ of q) return;
    };
    await expect(first(from('Leads').select(['COUNT(id)']).iterate())).rejects.toThrow('aggregate queries answer in one call');
    await expect(first(from('Leads').select(['Last_Name']).limit(5).offset(5).iterate())).rejects.toThrow('takes no offset');
    await expect(first(from('Leads').select(['Last_Name']).orderBy('Last_Name').orderBy('Email').iterate())).rejects.toThrow('order by at most one field');
  });
});
