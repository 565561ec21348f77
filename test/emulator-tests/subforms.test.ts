/** Subform rows (line items) are validated against the subform module, on the demo org's Quotes. */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/index.ts';
import {
  type Api,
  obj,
  row,
  useEmulator,
} from './helpers.ts';

const DEMO = fileURLToPath(new URL('../../generated/demo/metadata.json', import.meta.url));

describe('subforms (demo snapshot)', () => {
  let emu: Emulator;
  let crm: Api;
  let account: string;
  let product: string;
  useEmulator({ snapshot: DEMO }, (s) => ({ emu, crm } = s));
  beforeAll(async () => {
    account = String(
      obj(
        row(
          await crm.post('/crm/v8/Accounts', {
            body: { data: [{ Account_Name: 'Line Item Co' }] },
          }),
        )['details'],
      )['id'],
    );
    product = String(
      obj(
        row(await crm.post('/crm/v8/Products', { body: { data: [{ Product_Name: 'Widget' }] } }))[
          'details'
        ],
      )['id'],
    );
  });

  it('stores valid rows with ids and product names', async () => {
    const r = await crm.post('/crm/v8/Quotes', {
      body: {
        data: [
          {
            Subject: 'Q1',
            Account_Name: { id: account },
            Quoted_Items: [{ Product_Name: { id: product }, Quantity: 2 }],
          },
        ],
      },
    });
    expect(r.status).toBe(201);
    const quote = row(await crm.get(`/crm/v8/Quotes/${String(obj(row(r)['details'])['id'])}`));
    const items = quote['Quoted_Items'] as Record<string, unknown>[];
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ Product_Name: { name: 'Widget', id: product }, Quantity: 2 });
    expect(items[0]?.['id']).toMatch(/^\d{19}$/);
  });

  it.each([
    [
      'a row without its mandatory Quantity',
      [{ Product_Name: { id: 'PRODUCT' } }],
      'MANDATORY_NOT_FOUND',
      'Quantity',
    ],
    [
      'a row with an unknown product',
      [{ Product_Name: { id: '1' }, Quantity: 1 }],
      'INVALID_DATA',
      'Product_Name',
    ],
    [
      'a row with a string quantity',
      [{ Product_Name: { id: 'PRODUCT' }, Quantity: 'two' }],
      'INVALID_DATA',
      'Quantity',
    ],
    ['a row missing its product', [{ Quantity: 1 }], 'MANDATORY_NOT_FOUND', 'Product_Name'],
  ])("%s → per-record error with the row's json_path", async (_name, rows, code, apiName) => {
    const items = rows.map((x) => ({
      ...x,
      ...(isProduct(x) ? { Product_Name: { id: product } } : {}),
    }));
    const r = await crm.post('/crm/v8/Quotes', {
      body: { data: [{ Subject: 'Q2', Account_Name: { id: account }, Quoted_Items: items }] },
    });
    expect(r.status).toBe(400);
    expect(row(r)).toMatchObject({
      code,
      details: { api_name: apiName, json_path: `$.data[0].Quoted_Items[0].${apiName}` },
    });
  });
});

function isProduct(x: Record<string, unknown>): boolean {
  const p = x['Product_Name'];
  return typeof p === 'object' && p !== null && (p as Record<string, unknown>)['id'] === 'PRODUCT';
}
