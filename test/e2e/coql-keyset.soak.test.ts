/**
 * iterate() past Zoho's 100,000-row OFFSET ceiling: 105,000 Leads in the emulator, which (like Zoho) refuses
 * LIMIT/OFFSET beyond the first 100,000 rows. The typed builder pages by keyset on id, so it reads every row
 * exactly once. Slow (53 calls over 105,000 records): a soak test (vitest.soak.config.ts).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startQueryRig, type QueryRig } from './query-client.ts';

const ROWS = 105_000;
let rig: QueryRig;

beforeAll(async () => {
  rig = await startQueryRig(ROWS, 5);
}, 300_000);

afterAll(async () => {
  await rig?.close();
});

it('reads 105,000 rows by keyset, none lost or repeated, where OFFSET stops at 100,000', async () => {
  const want = new Set(rig.emulator.store.records('Leads').map((r) => String(r['id'])));
  expect(want.size).toBe(ROWS);

  // What LIMIT/OFFSET paging meets at row 100,000:
  await expect(rig.crm.coql.query('select Last_Name from Leads where id is not null limit 2000 offset 100000')).rejects.toMatchObject({ code: 'LIMIT_REACHED' });

  const seen = new Set<string>();
  let rows = 0;
  for await (const row of rig.crm.coql.selectFrom('Leads').select(['Last_Name']).iterate()) {
    rows++;
    seen.add(row.id);
  }
  expect(rows).toBe(ROWS);
  expect(seen).toEqual(want);
  // 2,000 a call: 53 calls.
  expect(rig.emulator.log.count('coqlQuery')).toBe(1 + Math.ceil(ROWS / 2000));
});
