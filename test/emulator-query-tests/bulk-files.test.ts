import { inflateRawSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { bigZip, claimSize, sameByte } from '../helpers/big-zip.ts';
import {
  BULK_WRITE_MAX_BYTES,
  BulkFileError,
  BulkFileTooLargeError,
  csvRowsOf,
  detectDelimiter,
  parseCsv,
  toCsv,
  unzipSingleFile,
  zipSingleFile,
} from '../../emulator/bulk-files.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('toCsv', () => {
  const cases: {
    name: string;
    header: string[];
    rows: unknown[][];
    options?: Parameters<typeof toCsv>[2];
    want: string;
  }[] = [
    {
      name: 'every value quoted, CRLF (the default)',
      header: ['id', 'Last_Name'],
      rows: [['554023000000400001', 'Smith']],
      want: '"id","Last_Name"\r\n"554023000000400001","Smith"\r\n',
    },
    {
      name: 'value types',
      header: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'],
      rows: [
        [
          null,
          undefined,
          25000.5,
          false,
          { id: '42', name: 'Zylker' },
          ['English', 'German'],
          0,
          new Date('2024-02-19T18:30:23Z'),
        ],
      ],
      want: '"a","b","c","d","e","f","g","h"\r\n"","","25000.5","false","42","English;German","0","2024-02-19T18:30:23.000Z"\r\n',
    },
    {
      name: 'quotes, delimiters and line breaks inside values',
      header: ['v'],
      rows: [['say "hi"'], ['a,b'], ['two\nlines'], ['cr\rlf\r\n'], ['東京 Zoë']],
      want: '"v"\r\n"say ""hi"""\r\n"a,b"\r\n"two\nlines"\r\n"cr\rlf\r\n"\r\n"東京 Zoë"\r\n',
    },
    {
      name: 'minimal quoting and LF',
      header: ['id', 'Note'],
      rows: [
        ['1', 'plain'],
        ['2', 'has, comma'],
        ['3', 'has "quote"'],
        ['4', ''],
      ],
      options: { quoteAll: false, newline: '\n' },
      want: 'id,Note\n1,plain\n2,"has, comma"\n3,"has ""quote"""\n4,\n',
    },
    { name: 'header only', header: ['id'], rows: [], want: '"id"\r\n' },
  ];
  it.each(cases)('$name', ({ header, rows, options, want }) => {
    expect(toCsv(header, rows, options)).toBe(want);
  });

  it('refuses a row whose width differs from the header', () => {
    expect(() => toCsv(['a', 'b'], [['1']])).toThrow(/row 1 has 1 values but the header has 2/);
  });
});

describe('parseCsv', () => {
  const cases: { name: string; given: string; delimiter?: string; want: string[][] }[] = [
    {
      name: 'CRLF',
      given: 'a,b\r\nc,d\r\n',
      want: [
        ['a', 'b'],
        ['c', 'd'],
      ],
    },
    {
      name: 'LF, no final break',
      given: 'a,b\nc,d',
      want: [
        ['a', 'b'],
        ['c', 'd'],
      ],
    },
    {
      name: 'bare CR',
      given: 'a,b\rc,d\r',
      want: [
        ['a', 'b'],
        ['c', 'd'],
      ],
    },
    { name: 'quoted delimiter and doubled quote', given: '"a,1","b""c"\n', want: [['a,1', 'b"c']] },
    {
      name: 'line breaks inside quotes',
      given: '"multi\r\nline",x\n"y\rz",w',
      want: [
        ['multi\r\nline', 'x'],
        ['y\rz', 'w'],
      ],
    },
    { name: 'empty fields', given: 'a,,c\n', want: [['a', '', 'c']] },
    { name: 'trailing empty field', given: 'a,\n', want: [['a', '']] },
    { name: 'only a delimiter', given: ',\n', want: [['', '']] },
    { name: 'an empty quoted field', given: '""\n', want: [['']] },
    { name: 'quoted then empty', given: '"a",\n', want: [['a', '']] },
    {
      name: 'a blank line is a record of one empty field',
      given: 'a\n\nb\n',
      want: [['a'], [''], ['b']],
    },
    {
      name: 'BOM dropped',
      given: '\ufeffid,Name\n1,x',
      want: [
        ['id', 'Name'],
        ['1', 'x'],
      ],
    },
    { name: 'empty text', given: '', want: [] },
    { name: 'unicode', given: '"東京","Zoë"\n', want: [['東京', 'Zoë']] },
    {
      name: 'semicolon delimiter',
      given: 'a;b\n"1;2";3',
      delimiter: ';',
      want: [
        ['a', 'b'],
        ['1;2', '3'],
      ],
    },
    { name: 'pipe delimiter keeps commas', given: 'a|b,c\n', delimiter: '|', want: [['a', 'b,c']] },
    { name: 'spaces are data', given: ' a , b \n', want: [[' a ', ' b ']] },
  ];
  it.each(cases)('$name', ({ given, delimiter, want }) => {
    expect(parseCsv(given, delimiter !== undefined ? { delimiter } : {})).toEqual(want);
  });

  const bad: { name: string; given: string; message: RegExp }[] = [
    {
      name: 'unterminated quote',
      given: '"abc',
      message: /line 1: a quoted field is never closed/,
    },
    {
      name: 'unterminated quote on line 2',
      given: 'x\n"a\nb',
      message: /line 2: a quoted field is never closed/,
    },
    {
      name: 'quote inside an unquoted field',
      given: 'a"b',
      message: /line 1: a quote inside an unquoted field/,
    },
    {
      name: 'text after closing quote',
      given: '"a"b',
      message: /line 1: text after a closing quote/,
    },
    { name: 'second quoted section', given: '"a""\n', message: /never closed/ },
    {
      name: 'line count through quoted breaks',
      given: '"a\nb"\n"c"d',
      message: /line 3: text after a closing quote/,
    },
  ];
  it.each(bad)('rejects: $name', ({ given, message }) => {
    expect(() => parseCsv(given)).toThrow(BulkFileError);
    expect(() => parseCsv(given)).toThrow(message);
  });

  it('rejects a delimiter it cannot use', () => {
    expect(() => parseCsv('a', { delimiter: '"' })).toThrow(BulkFileError);
    expect(() => parseCsv('a', { delimiter: ',,' })).toThrow(BulkFileError);
  });

  it('round-trips whatever toCsv writes, in both quoting modes', () => {
    const header = ['id', 'Last_Name', 'Description'];
    const rows = [
      ['1', 'Smith', ''],
      ['2', 'O"Brien, Jr.', 'line one\r\nline two'],
      ['3', '  padded  ', '"'],
      ['4', '東京', ',,,'],
    ];
    for (const quoteAll of [true, false]) {
      for (const newline of ['\r\n', '\n'] as const) {
        expect(parseCsv(toCsv(header, rows, { quoteAll, newline }))).toEqual([header, ...rows]);
      }
    }
  });

  it('parses a large file in one pass', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => [String(i), `Name ${i}`, 'a,"b"\nc']);
    const parsed = parseCsv(toCsv(['id', 'Name', 'Note'], rows));
    expect(parsed).toHaveLength(20_001);
    expect(parsed[20_000]).toEqual(['19999', 'Name 19999', 'a,"b"\nc']);
  });
});

describe('detectDelimiter', () => {
  const cases: { given: string; want: string }[] = [
    { given: 'Last_Name,Email\nSmith,a@b.c', want: ',' },
    { given: 'Last_Name;Email;Phone\n1,2', want: ';' },
    { given: 'Last_Name|Email', want: '|' },
    { given: 'Last_Name:Email', want: ':' },
    { given: '"Name, with comma";Email', want: ';' },
    { given: 'single', want: ',' },
  ];
  it.each(cases)('$given → $want', ({ given, want }) => {
    expect(detectDelimiter(given)).toBe(want);
  });
});

describe('zipSingleFile / unzipSingleFile', () => {
  const payloads: { name: string; file: string; data: Uint8Array }[] = [
    {
      name: 'a bulk read CSV',
      file: '554023000000400100.csv',
      data: utf8(toCsv(['id', 'Last_Name'], [['1', 'Smith']])),
    },
    { name: 'an empty file', file: 'empty.csv', data: new Uint8Array(0) },
    {
      name: 'binary bytes',
      file: 'bytes.bin',
      data: Uint8Array.from({ length: 1024 }, (_, i) => (i * 37) % 256),
    },
    { name: 'a unicode name', file: 'Leads-東京.csv', data: utf8('"id"\r\n') },
  ];

  it.each(payloads)('round-trips $name', ({ file, data }) => {
    const zip = zipSingleFile(file, data);
    expect(unzipSingleFile(zip)).toEqual({ name: file, data, bytes: data });
  });

  it('is byte-identical from run to run', () => {
    const data = utf8('"id"\r\n"1"\r\n');
    expect(zipSingleFile('x.csv', data)).toEqual(zipSingleFile('x.csv', data));
  });

  it('is readable by a plain node:zlib reader (as the generated runtime reads it)', () => {
    const data = utf8(toCsv(['id', 'Note'], [['1', 'x'.repeat(5000)]]));
    const zip = zipSingleFile('result.csv', data);
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    expect(view.getUint32(0, true)).toBe(0x04034b50); // local file header
    expect(view.getUint16(8, true)).toBe(8); // deflate
    const compressedSize = view.getUint32(18, true);
    const nameLength = view.getUint16(26, true);
    const extraLength = view.getUint16(28, true);
    const start = 30 + nameLength + extraLength;
    expect(new TextDecoder().decode(zip.subarray(30, 30 + nameLength))).toBe('result.csv');
    const inflated = inflateRawSync(zip.subarray(start, start + compressedSize));
    expect(new Uint8Array(inflated)).toEqual(data);
  });

  it('skips directory entries', () => {
    const zip = zipSync({ 'folder/': new Uint8Array(0), 'folder/data.csv': utf8('"id"') });
    expect(unzipSingleFile(zip).name).toBe('folder/data.csv');
  });

  const bad: { name: string; zip: () => Uint8Array; message: RegExp }[] = [
    {
      name: 'two files',
      zip: () => zipSync({ 'a.csv': utf8('a'), 'b.csv': utf8('b') }),
      message: /holds 2 files \(a\.csv, b\.csv\)/,
    },
    { name: 'no files', zip: () => zipSync({}), message: /empty/ },
    {
      name: 'not a zip',
      zip: () => utf8('id,Last_Name\n1,Smith\n'),
      message: /not a valid zip file/,
    },
    { name: 'no bytes', zip: () => new Uint8Array(0), message: /not a valid zip file|empty/ },
    {
      name: 'a truncated zip',
      zip: () => zipSingleFile('a.csv', utf8('x'.repeat(1000))).subarray(0, 40),
      message: /not a valid zip file|empty/,
    },
  ];
  it.each(bad)('rejects $name', ({ zip, message }) => {
    expect(() => unzipSingleFile(zip())).toThrow(BulkFileError);
    expect(() => unzipSingleFile(zip())).toThrow(message);
  });

  it('refuses an empty or directory name', () => {
    expect(() => zipSingleFile('', new Uint8Array(0))).toThrow(BulkFileError);
    expect(() => zipSingleFile('dir/', new Uint8Array(0))).toThrow(BulkFileError);
  });
});

describe('size limits and streaming', () => {
  const MB = 1024 * 1024;

  it("holds bulk-write files to Zoho's 25 MB", () => {
    expect(BULK_WRITE_MAX_BYTES).toBe(25 * MB);
  });

  it('refuses a file whose claimed size is over the cap, without inflating it', async () => {
    const zip = await bigZip('big.csv', sameByte(3));
    expect(() => unzipSingleFile(zip, { maxBytes: 2 * MB })).toThrow(BulkFileTooLargeError);
    expect(() => unzipSingleFile(zip, { maxBytes: 2 * MB })).toThrow(
      /big\.csv inflates to more than 2097152 bytes/,
    );
    expect(unzipSingleFile(zip, { maxBytes: 4 * MB }).data.length).toBe(3 * MB);
  });

  it('stops inflating at the cap when the archive lies about the size', async () => {
    const liar = claimSize(await bigZip('liar.csv', sameByte(8)), 100);
    expect(() => unzipSingleFile(liar, { maxBytes: 1 * MB })).toThrow(BulkFileTooLargeError);
  });

  it('refuses a zip over the cap before reading it', () => {
    expect(() => unzipSingleFile(new Uint8Array(2 * MB), { maxBytes: MB })).toThrow(
      /the zip file is 2097152 bytes; at most 1048576 are accepted/,
    );
  });

  it('parses rows only as far as they are read', () => {
    const text = 'a,b\r\n1,2\r\n' + 'x,y\r\n'.repeat(100_000) + 'bad"row\r\n';
    const rows = csvRowsOf(text);
    expect(rows.next().value).toEqual(['a', 'b']);
    expect(rows.next().value).toEqual(['1', '2']);
    // The malformed row at the end is never reached, so nothing throws.
    expect(() => [...csvRowsOf(text)]).toThrow(/line 100003: a quote inside an unquoted field/);
  });
});
