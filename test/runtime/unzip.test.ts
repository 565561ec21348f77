import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readZipEntries, unzipFirstFile } from '../../templates/runtime/unzip.ts';

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
