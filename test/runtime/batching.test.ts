import { describe, expect, it } from 'vitest';
import { writeInChunks } from '../../templates/runtime/batching.ts';
import { NetworkError, ValidationError, ZohoApiError } from '../../templates/runtime/errors.ts';

interface Rec {
  Last_Name: string;
}

const success = (id: string) => ({
  code: 'SUCCESS',
  details: {
    Modified_Time: '2026-11-23T08:00:00+00:00',
    id,
    Created_Time: '2026-11-23T08:00:00+00:00',
  },
  message: 'record added',
  status: 'success',
});
const failure = (field: string) => ({
  code: 'MANDATORY_NOT_FOUND',
  details: { api_name: field, json_path: `$.data[0].${field}` },
  message: 'required field not found',
  status: 'error',
});

describe('writeInChunks', () => {
  it('sends 250 records as 100/100/50 and returns one result per record in input order', async () => {
    const records: Rec[] = Array.from({ length: 250 }, (_, i) => ({
      Last_Name: i % 7 === 3 ? '' : `Smith ${i}`,
    }));
    const sizes: number[] = [];
    const results = await writeInChunks(records, async (chunk, offset) => {
      sizes.push(chunk.length);
      // Finish out of order to prove results are placed by index, not arrival.
      await new Promise((r) => setTimeout(r, offset === 0 ? 20 : 1));
      return {
        data: chunk.map((r, i) =>
          r.Last_Name === '' ? failure('Last_Name') : success(String(5_000_000 + offset + i)),
        ),
      };
    });
    expect(sizes.sort()).toEqual([100, 100, 50]);
    expect(results).toHaveLength(250);
    results.forEach((r, i) => {
      expect(r.index).toBe(i);
      expect(r.record).toBe(records[i]);
      if (i % 7 === 3) {
        expect(r).toMatchObject({
          ok: false,
          code: 'MANDATORY_NOT_FOUND',
          details: { api_name: 'Last_Name' },
        });
      } else {
        expect(r).toMatchObject({ ok: true, id: String(5_000_000 + i), code: 'SUCCESS' });
      }
    });
  });

  it('a chunk that fails whole gives one failure per record of that chunk, others unaffected', async () => {
    const records = Array.from({ length: 205 }, (_, i) => ({ Last_Name: `L${i}` }));
    const results = await writeInChunks(records, (chunk, offset) => {
      if (offset === 100) {
        return Promise.reject(
          new NetworkError({
            operation: 'createRecords',
            message: 'socket hang up',
            mayHaveReachedServer: true,
          }),
        );
      }
      if (offset === 200) {
        return Promise.reject(
          ZohoApiError.from(
            400,
            { code: 'INVALID_DATA', details: {}, message: 'invalid data', status: 'error' },
            'createRecords',
          ),
        );
      }
      return Promise.resolve({ data: chunk.map((_, i) => success(String(offset + i))) });
    });
    expect(results).toHaveLength(205);
    expect(results.slice(0, 100).every((r) => r.ok)).toBe(true);
    for (const r of results.slice(100, 200))
      expect(r).toMatchObject({ ok: false, code: 'NETWORK_ERROR', mayHaveReachedServer: true });
    for (const r of results.slice(200))
      expect(r).toMatchObject({ ok: false, code: 'INVALID_DATA', status: 400 });
  });

  it.each([
    [500, true],
    [502, true],
    [504, true],
    [503, undefined],
    [400, undefined],
  ])('a whole-chunk %i marks mayHaveReachedServer=%s (may Zoho have applied it?)', async (status, want) => {
    const results = await writeInChunks([{ Last_Name: 'A' }], () =>
      Promise.reject(
        ZohoApiError.from(
          status,
          { code: status === 400 ? 'INVALID_DATA' : 'INTERNAL_ERROR', details: {}, message: 'x', status: 'error' },
          'createRecords',
        ),
      ),
    );
    expect(results[0]).toMatchObject({ ok: false, status });
    expect(results[0]!.ok === false && results[0]!.mayHaveReachedServer).toBe(want ?? undefined);
  });

  it('a 400 carrying per-record errors keeps each record its own error', async () => {
    const records = [{ Last_Name: '' }, { Last_Name: '' }];
    const results = await writeInChunks(records, () =>
      Promise.reject(
        ZohoApiError.from(
          400,
          { data: [failure('Last_Name'), { ...failure('Email'), code: 'INVALID_DATA' }] },
          'createRecords',
        ),
      ),
    );
    expect(results.map((r) => r.code)).toEqual(['MANDATORY_NOT_FOUND', 'INVALID_DATA']);
    expect(results.every((r) => !r.ok && r.status === 400)).toBe(true);
  });

  it('a short answer never drops a record', async () => {
    const results = await writeInChunks([{ a: 1 }, { a: 2 }, { a: 3 }], () =>
      Promise.resolve({ data: [success('1')] }),
    );
    expect(results.map((r) => [r.ok, r.code])).toEqual([
      [true, 'SUCCESS'],
      [false, 'NO_RESULT'],
      [false, 'NO_RESULT'],
    ]);
  });

  it('deletes are chunked by id the same way', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => String(i));
    const seen: string[][] = [];
    const results = await writeInChunks(ids, (chunk) => {
      seen.push([...chunk]);
      return Promise.resolve({
        data: chunk.map((id) => ({
          code: 'SUCCESS',
          details: { id },
          message: 'record deleted',
          status: 'success',
        })),
      });
    });
    expect(seen.map((c) => c.length).sort()).toEqual([1, 100]);
    expect(results.map((r) => (r.ok ? r.id : '-'))).toEqual(ids);
  });

  it('empty input sends nothing', async () => {
    let calls = 0;
    expect(await writeInChunks([], () => Promise.resolve(calls++))).toEqual([]);
    expect(calls).toBe(0);
  });

  it('keeps the error class information (ValidationError) for whole-chunk 400s', () => {
    expect(ZohoApiError.from(400, { code: 'INVALID_DATA', message: 'x' }, 'op')).toBeInstanceOf(
      ValidationError,
    );
  });
});
