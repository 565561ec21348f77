import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../../templates/runtime/csv.ts';
import {
  readZipEntries,
  unzipFirstFile,
  zipCsvRecords,
  zipCsvRows,
} from '../../templates/runtime/unzip.ts';
import { bigZip, claimSize, sameByte } from '../helpers/big-zip.ts';

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const MB = 1024 * 1024;

const CSV =
  'Id,Last_Name,Email\n4150868000000624001,Smith,smith@example.com\n4150868000000624002,"O""Brien, Ann",ann@example.com\n';

describe('unzip', () => {
  it.each([
    { name: 'deflated', level: 6 as const },
    { name: 'stored', level: 0 as const },
  ])('reads a $name CSV like a bulk read result', ({ level }) => {
    const zip = zipSync({ '1234567890.csv': [strToU8(CSV), { level }] });
    expect(unzipFirstFile(zip, '.csv')).toEqual({ name: '1234567890.csv', text: CSV });
  });

  it('skips directories and finds the file by suffix', () => {
    const zip = zipSync({
      'readme.txt': strToU8('x'),
      'out/': {},
      'out/Leads.csv': strToU8('a,b\n1,2\n'),
    });
    expect(readZipEntries(zip).map((e) => e.name)).toEqual(['readme.txt', 'out/Leads.csv']);
    expect(unzipFirstFile(zip, '.csv').text).toBe('a,b\n1,2\n');
  });

  it('reads a large deflated file exactly', () => {
    const big = Array.from({ length: 5_000 }, (_, i) => `${i},Name ${i},n${i}@example.com`).join(
      '\n',
    );
    const zip = zipSync({ 'big.csv': strToU8(big) });
    expect(unzipFirstFile(zip).text).toBe(big);
  });

  it.each([
    { name: 'not a zip', bytes: strToU8('{"code":"INVALID_DATA"}'), want: /not a zip archive/ },
    { name: 'empty', bytes: new Uint8Array(0), want: /not a zip archive/ },
  ])('refuses $name with a clear error', ({ bytes, want }) => {
    expect(() => unzipFirstFile(bytes)).toThrow(want);
  });

  it('says so when no entry matches', () => {
    expect(() => unzipFirstFile(zipSync({ 'a.txt': strToU8('x') }), '.csv')).toThrow(
      /no file ending in .csv/,
    );
  });
});

describe('bounded reads', () => {
  it('refuses a file past maxBytes, from the size it claims', async () => {
    const zip = await bigZip('bomb.csv', sameByte(8));
    expect(() => unzipFirstFile(zip, '.csv', { maxBytes: 2 * MB })).toThrow(
      /bomb\.csv inflates to more than 2097152 bytes/,
    );
    await expect(all(zipCsvRows(zip, { maxBytes: 2 * MB }))).rejects.toThrow(
      /inflates to more than/,
    );
  });

  it('stops at maxBytes when the archive lies about the size (whole and streamed)', async () => {
    const liar = claimSize(await bigZip('liar.csv', sameByte(8)), 10);
    expect(() => unzipFirstFile(liar, '.csv', { maxBytes: 2 * MB })).toThrow(
      /inflates to more than/,
    );
    expect(() => readZipEntries(liar, { maxBytes: 2 * MB })).toThrow(/inflates to more than/);
    await expect(all(zipCsvRows(liar, { maxBytes: 2 * MB }))).rejects.toThrow(
      /inflates to more than/,
    );
  });
});

describe('zipCsvRows / zipCsvRecords', () => {
  // Multi-byte characters, quoted line breaks and quotes, long enough to cross many 64 KB pieces.
  const csv =
    'id,Last_Name,Description\r\n' +
    Array.from(
      { length: 20_000 },
      (_, i) =>
        `${4150868000000000 + i},"Ö'Brien ${i} 東京","line one\r\nline ""two"", ${'é'.repeat(i % 7)}"`,
    ).join('\r\n') +
    '\r\n';

  it.each([
    { name: 'deflated', level: 6 as const },
    { name: 'stored', level: 0 as const },
  ])('streams the same rows as a whole parse ($name)', async ({ level }) => {
    const zip = zipSync({ 'result.csv': [strToU8(csv), { level }] });
    expect(await all(zipCsvRows(zip))).toEqual(parseCsvText(csv));
  });

  it('gives records keyed by the header', async () => {
    const zip = zipSync({ 'result.csv': strToU8(csv) });
    const records = await all(zipCsvRecords(zip));
    expect(records).toHaveLength(20_000);
    expect(records[19_999]).toEqual({
      id: String(4150868000000000 + 19_999),
      Last_Name: "Ö'Brien 19999 東京",
      Description: `line one\r\nline "two", ${'é'.repeat(19_999 % 7)}`,
    });
  });

  it('names a corrupt entry', async () => {
    const zip = zipSync({ 'result.csv': strToU8(csv) });
    const broken = zip.slice();
    broken[30 + 'result.csv'.length] = 0xff; // the first deflate block: type 3, which does not exist
    await expect(all(zipCsvRows(broken))).rejects.toThrow(/result\.csv/);
  });
});
