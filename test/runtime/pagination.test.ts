import { describe, expect, it } from 'vitest';
import {
  nextCursor,
  paginate,
  type PageCursor,
  type RecordPage,
} from '../../templates/runtime/pagination.ts';

describe('nextCursor', () => {
  const table: {
    name: string;
    current: PageCursor;
    info: RecordPage<unknown>['info'] | undefined;
    perPage: number;
    want: PageCursor | undefined;
  }[] = [
    {
      name: 'more pages below 2000',
      current: { page: 1 },
      info: { more_records: true, next_page_token: 't1' },
      perPage: 200,
      want: { page: 2 },
    },
    {
      name: 'page 10 of 200 ends at 2000 → token',
      current: { page: 10 },
      info: { more_records: true, next_page_token: 't11' },
      perPage: 200,
      want: { pageToken: 't11' },
    },
    {
      name: 'page 9 of 200 → page 10 (records 1801-2000)',
      current: { page: 9 },
      info: { more_records: true, next_page_token: 't10' },
      perPage: 200,
      want: { page: 10 },
    },
    {
      name: 'per_page 150: page 13 ends at 1950, page 14 would pass 2000 → token',
      current: { page: 13 },
      info: { more_records: true, next_page_token: 'x' },
      perPage: 150,
      want: { pageToken: 'x' },
    },
    {
      name: 'already on tokens',
      current: { pageToken: 'a' },
      info: { more_records: true, next_page_token: 'b' },
      perPage: 200,
      want: { pageToken: 'b' },
    },
    {
      name: 'end of list',
      current: { page: 3 },
      info: { more_records: false },
      perPage: 200,
      want: undefined,
    },
    { name: '204 (no info)', current: { page: 1 }, info: undefined, perPage: 200, want: undefined },
    {
      name: 'past 2000 without a token',
      current: { page: 10 },
      info: { more_records: true },
      perPage: 200,
      want: undefined,
    },
  ];
  it.each(table)('$name', ({ current, info, perPage, want }) => {
    expect(nextCursor(current, info, perPage)).toEqual(want);
  });
});

/** A fake list of `total` records served like Zoho v8: page numbers only up to 2000 records. */
function fakeList(total: number, perPage: number) {
  const calls: PageCursor[] = [];
  const fetchPage = (cursor: PageCursor): Promise<RecordPage<{ id: string }> | undefined> => {
    calls.push(cursor);
    let start: number;
    if (cursor.pageToken !== undefined) start = Number(cursor.pageToken.slice(4));
    else {
      start = (cursor.page - 1) * perPage;
      if (start + perPage > 2000)
        return Promise.reject(new Error('DISCRETE_PAGINATION_LIMIT_EXCEEDED'));
    }
    if (total === 0) return Promise.resolve(undefined); // Zoho answers 204
    const data = Array.from({ length: Math.max(0, Math.min(perPage, total - start)) }, (_, i) => ({
      id: String(start + i + 1),
    }));
    const end = start + data.length;
    return Promise.resolve({
      data,
      info: {
        per_page: perPage,
        count: data.length,
        more_records: end < total,
        next_page_token: end < total ? `tok-${end}` : null,
      },
    });
  };
  return { calls, fetchPage };
}

describe('paginate', () => {
  it('walks page numbers to 2000 then page tokens, yielding every record once in order', async () => {
    const { calls, fetchPage } = fakeList(2450, 200);
    const ids: string[] = [];
    for await (const r of paginate(fetchPage, { perPage: 200 })) ids.push(r.id);
    expect(ids).toHaveLength(2450);
    expect(ids[0]).toBe('1');
    expect(ids[2449]).toBe('2450');
    expect(new Set(ids).size).toBe(2450);
    expect(calls.slice(0, 10)).toEqual(Array.from({ length: 10 }, (_, i) => ({ page: i + 1 })));
    expect(calls.slice(10)).toEqual([
      { pageToken: 'tok-2000' },
      { pageToken: 'tok-2200' },
      { pageToken: 'tok-2400' },
    ]);
  });

  it('stops on a 204 (empty module)', async () => {
    const { calls, fetchPage } = fakeList(0, 200);
    const rows: unknown[] = [];
    for await (const r of paginate(fetchPage, { perPage: 200 })) rows.push(r);
    expect(rows).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it('stops on more_records false', async () => {
    const { calls, fetchPage } = fakeList(450, 200);
    let n = 0;
    for await (const _ of paginate(fetchPage, { perPage: 200 })) n++;
    expect(n).toBe(450);
    expect(calls).toHaveLength(3);
  });

  it('an early break fetches no further page', async () => {
    const { calls, fetchPage } = fakeList(5000, 200);
    let n = 0;
    for await (const _ of paginate(fetchPage, { perPage: 200 })) {
      if (++n === 200) break; // the last record of page 1
    }
    expect(calls).toHaveLength(1);
    n = 0;
    calls.length = 0;
    for await (const _ of paginate(fetchPage, { perPage: 200 })) {
      if (++n === 201) break;
    }
    expect(calls).toHaveLength(2);
  });

  it('without page tokens (search) stops at the page-number limit', async () => {
    const { calls, fetchPage } = fakeList(3000, 200);
    let n = 0;
    for await (const _ of paginate(fetchPage, { perPage: 200, pageTokens: false })) n++;
    expect(n).toBe(2000);
    expect(calls).toHaveLength(10);
  });

  it('maxRecords caps what is yielded', async () => {
    const { fetchPage } = fakeList(1000, 200);
    let n = 0;
    for await (const _ of paginate(fetchPage, { perPage: 200, maxRecords: 250 })) n++;
    expect(n).toBe(250);
  });

  it('propagates a page error to the loop', async () => {
    const failing = () => Promise.reject(new Error('boom'));
    await expect(async () => {
      for await (const _ of paginate(failing, { perPage: 200 })) {
        // never
      }
    }).rejects.toThrow('boom');
  });
});
