/**
 * The typed COQL builder and typed search criteria, end to end: a client generated from generated/demo's
 * snapshot against the emulator (its COQL and criteria engines). Results are compared with what the
 * criteria select, computed here over the emulator's own records; values holding quotes, brackets and
 * commas find exactly their record and cannot widen a query.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQueryRig, type QueryRig } from './query-client.ts';

let rig: QueryRig;
/** Leads created with names a careless client would splice into the query. */
const tricky = ["O'Brien", 'OBrien', 'Brien', "x') or (Last_Name is not null", 'Smith (Jr), Sr', 'Back\\slash'];
const trickyIds = new Map<string, string>();

type Rec = Readonly<Record<string, unknown>>;
const leads = (): readonly Rec[] => rig.emulator.store.records('Leads');
const ids = (rows: readonly { id: unknown }[]): string[] => rows.map((r) => String(r.id)).sort();

beforeAll(async () => {
  rig = await startQueryRig(60, 11);
  // Half tie on Annual_Revenue, half leave it empty: iterate's (field, id) keyset meets ties and nulls.
  const created = await rig.crm.leads.create(tricky.map((Last_Name, i) => (i % 2 === 0 ? { Last_Name, Annual_Revenue: 5 } : { Last_Name })));
  created.forEach((r, i) => {
    if (!r.ok) throw new Error(`could not create ${tricky[i]}: ${JSON.stringify(r)}`);
    trickyIds.set(tricky[i]!, r.id);
  });
}, 120_000);

afterAll(async () => {
  await rig?.close();
});

describe('COQL builder against the emulator', () => {
  it('returns exactly the rows the criteria select, typed to the selected columns', async () => {
    const statuses = ['Contacted', 'Not Contacted'] as const;
    const rows = await rig.crm.coql
      .selectFrom('Leads')
      .select(['Last_Name', 'Lead_Status', 'Annual_Revenue'])
      .where('Lead_Status', 'in', statuses)
      .where('Annual_Revenue', '>', 50000)
      .limit(2000)
      .execute();
    const want = leads().filter(
      (r) => statuses.includes(r['Lead_Status'] as (typeof statuses)[number]) && typeof r['Annual_Revenue'] === 'number' && r['Annual_Revenue'] > 50000,
    );
    expect(want.length).toBeGreaterThan(0);
    expect(ids(rows)).toEqual(ids(want as { id: unknown }[]));
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(['Annual_Revenue', 'Last_Name', 'Lead_Status', 'id']);
  });

  it('or groups select the union, and ordering is as asked', async () => {
    const rows = await rig.crm.coql
      .selectFrom('Leads')
      .select(['Annual_Revenue', 'Rating'])
      .whereGroup((w) => w.or([w('Rating', '=', 'Active'), w('Annual_Revenue', 'between', [0, 1000])]))
      .orderBy('Annual_Revenue', 'desc')
      .limit(2000)
      .execute();
    const want = leads().filter((r) => r['Rating'] === 'Active' || (typeof r['Annual_Revenue'] === 'number' && r['Annual_Revenue'] >= 0 && r['Annual_Revenue'] <= 1000));
    expect(ids(rows)).toEqual(ids(want as { id: unknown }[]));
    const revenues = rows.map((r) => r.Annual_Revenue).filter((v): v is number => v !== null);
    expect(revenues).toEqual([...revenues].sort((a, b) => b - a));
  });

  it("finds O'Brien, a backslash and brackets exactly, and an injection attempt matches nothing", async () => {
    for (const name of tricky) {
      const rows = await rig.crm.coql.selectFrom('Leads').select(['Last_Name']).where('Last_Name', '=', name).execute();
      expect(rows, name).toEqual([{ id: trickyIds.get(name), Last_Name: name }]);
    }
    const injected = await rig.crm.coql.selectFrom('Leads').select(['Last_Name']).where('Last_Name', '=', "x') or (Last_Name is not null --").execute();
    expect(injected).toEqual([]);
    const liked = await rig.crm.coql.selectFrom('Leads').select(['Last_Name']).where('Last_Name', 'like', "%'Brien").execute();
    expect(ids(liked)).toEqual([trickyIds.get("O'Brien")]);
  });

  it('follows lookups and keys joined columns by their dotted name, as Zoho does', async () => {
    const rows = await rig.crm.coql
      .selectFrom('Contacts')
      .select(['Last_Name', 'Account_Name', 'Account_Name.Account_Name'])
      .where('Account_Name', 'is not null')
      .limit(2000)
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    const accounts = new Map(rig.emulator.store.records('Accounts').map((a) => [String(a['id']), a]));
    for (const row of rows) {
      const account = accounts.get(String(row.Account_Name?.id));
      expect(row['Account_Name.Account_Name']).toBe(account?.['Account_Name'] ?? null);
    }
  });

  it('aggregates by group, rows keyed as Zoho keys them and without id', async () => {
    const rows = await rig.crm.coql
      .selectFrom('Leads')
      .select(['Lead_Status', 'COUNT(id)', 'MAX(Annual_Revenue)'])
      .groupBy(['Lead_Status'])
      .execute();
    const counts = new Map<unknown, number>();
    for (const r of leads()) {
      const k = r['Lead_Status'] === undefined || r['Lead_Status'] === '' ? null : r['Lead_Status'];
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect(new Map(rows.map((r) => [r.Lead_Status, r['COUNT(id)']]))).toEqual(counts);
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(['COUNT(id)', 'Lead_Status', 'MAX(Annual_Revenue)']);
  });

  it('iterate() reads every row once, by id and by (field, id), across keyset pages', async () => {
    const all = leads().length;
    const byId: string[] = [];
    for await (const row of rig.crm.coql.selectFrom('Leads').select(['Last_Name']).iterate({ pageSize: 7 })) byId.push(row.id);
    expect(byId).toHaveLength(all);
    expect(new Set(byId).size).toBe(all);

    // Nulls and ties on the order-by field: the keyset must neither skip nor repeat rows.
    const byRevenue: { id: string; Annual_Revenue: number | null }[] = [];
    for await (const row of rig.crm.coql.selectFrom('Leads').select(['Annual_Revenue']).orderBy('Annual_Revenue').iterate({ pageSize: 4 })) byRevenue.push(row);
    expect(ids(byRevenue)).toEqual(ids(leads() as { id: unknown }[]));
    expect(new Set(byRevenue.map((r) => r.id)).size).toBe(all);
    const values = byRevenue.map((r) => r.Annual_Revenue);
    expect(values.filter((v) => v === null)).toEqual(values.slice(0, values.filter((v) => v === null).length));
    const present = values.filter((v): v is number => v !== null);
    expect(present).toEqual([...present].sort((a, b) => a - b));

    const capped: string[] = [];
    for await (const row of rig.crm.coql.selectFrom('Leads').select(['Last_Name']).limit(10).iterate({ pageSize: 3 })) capped.push(row.id);
    expect(capped).toHaveLength(10);
  });

  it('the emulator refuses an OFFSET past 100,000 as Zoho does; the builder refuses it before sending', async () => {
    const raw = rig.crm.coql.query('select Last_Name from Leads where id is not null limit 2000 offset 99000');
    // The generated client carries its own compiled runtime, so its errors are matched by what they say.
    await expect(raw).rejects.toMatchObject({ status: 400, code: 'LIMIT_REACHED' });
    const before = rig.emulator.log.count('coqlQuery');
    expect(() => rig.crm.coql.selectFrom('Leads').select(['Last_Name']).limit(2000).offset(99_000).compile()).toThrow('first 100000 rows');
    expect(rig.emulator.log.count('coqlQuery')).toBe(before);
  });
});

describe('typed search criteria against the emulator', () => {
  it('returns exactly the records the criteria select', async () => {
    const page = await rig.crm.leads.search({
      fields: ['Last_Name', 'Lead_Status'],
      where: (w) => w.and([w('Lead_Status', 'in', ['Contacted', 'Attempted to Contact']), w('Annual_Revenue', 'greater_than', 50000)]),
      perPage: 200,
    });
    const want = leads().filter(
      (r) => (r['Lead_Status'] === 'Contacted' || r['Lead_Status'] === 'Attempted to Contact') && typeof r['Annual_Revenue'] === 'number' && r['Annual_Revenue'] > 50000,
    );
    expect(want.length).toBeGreaterThan(0);
    expect(ids(page.data)).toEqual(ids(want as { id: unknown }[]));
  });

  it("finds O'Brien, brackets and commas exactly, and an injection attempt matches nothing", async () => {
    const oBrien = await rig.crm.leads.search({ fields: ['Last_Name'], where: (w) => w('Last_Name', 'equals', "O'Brien") });
    expect(oBrien.data).toEqual([{ id: trickyIds.get("O'Brien"), Last_Name: "O'Brien" }]);
    // Zoho: `equals` on a text field "behaves like contains" (v8 "Search Records"), as the emulator does.
    for (const name of tricky) {
      const page = await rig.crm.leads.search({ fields: ['Last_Name'], where: (w) => w('Last_Name', 'equals', name) });
      const want = tricky.filter((n) => n.toLowerCase().includes(name.toLowerCase())).map((n) => trickyIds.get(n));
      expect(ids(page.data), name).toEqual([...want].sort());
    }
    const injected = await rig.crm.leads.search({ fields: ['Last_Name'], where: (w) => w('Last_Name', 'equals', 'x\\) or \\(Last_Name:starts_with:O') });
    expect(injected.data).toEqual([]);
  });

  it('the string form stays', async () => {
    const page = await rig.crm.leads.search({ fields: ['Last_Name'], criteria: '(Last_Name:equals:OBrien)' });
    expect(ids(page.data)).toEqual([trickyIds.get('OBrien')]);
  });
});
