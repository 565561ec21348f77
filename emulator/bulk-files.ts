/**
 * The files of Zoho's Bulk APIs: CSV text, each CSV alone inside a .zip.
 *
 * Zoho facts (v8 docs, "Download Bulk Read Result", "Bulk Write - Limitations"):
 * - a bulk read result is a .zip holding one CSV; its `id` column is always there; date-times are
 *   ISO 8601. Zoho does not document its quoting; `toCsv` quotes every value by default (RFC 4180
 *   allows it, and a client that only handles unquoted cells is caught here, not in production).
 * - a bulk write upload is a .zip with exactly one CSV ("When you zip more than one CSV file, the
 *   system throws an error"); the delimiter may be comma, semicolon, colon or pipe, detected from
 *   the header line.
 * - lookup columns are written `Field.id` / `Field.Other_Field`; multi-select values are joined by `;`.
 * - size: "the zip file can have only one CSV file with a maximum size of 25MB" (Bulk Write -
 *   Limitations); over it the upload answers FILE_TOO_LARGE, HTTP 413, "The file size is too large to
 *   process" (v8 "Upload File", Possible Errors). The emulator holds both the zip and the CSV inside it
 *   to 25 MB, and stops inflating as soon as the CSV passes it, so a zip bomb costs it 25 MB, not all
 *   the memory it has.
 *
 * Zip: we use fflate (already a dev dependency; the emulator is test code) rather than a zip
 * container hand-written over node:zlib. The generated runtime unzips with its own node:zlib code,
 * so building the emulator's archives with an independent, widely used implementation makes the
 * runtime's reader face a real-world writer instead of its own mirror image.
 */
import { Unzip, UnzipInflate, unzipSync, zipSync } from 'fflate';
import { CsvError, CsvRowParser } from '../templates/runtime/csv.ts';

/** Zoho's cap on a bulk-write upload: the zip, and the CSV inside it (see the header). */
export const BULK_WRITE_MAX_BYTES = 25 * 1024 * 1024;

export class BulkFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BulkFileError';
  }
}

/** The zip, or the file inside it, is over the size Zoho accepts. */
export class BulkFileTooLargeError extends BulkFileError {
  constructor(message: string) {
    super(message);
    this.name = 'BulkFileTooLargeError';
  }
}

export interface CsvWriteOptions {
  /** Quote every field (the default); false quotes only where RFC 4180 requires. */
  quoteAll?: boolean;
  /** Record separator; RFC 4180 says CRLF. */
  newline?: '\r\n' | '\n';
}

/** One CSV document: a header row, then one row per record. */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly unknown[])[],
  options: CsvWriteOptions = {},
): string {
  const quoteAll = options.quoteAll ?? true;
  const newline = options.newline ?? '\r\n';
  const line = (cells: readonly unknown[]): string =>
    cells.map((c) => csvField(cellText(c), quoteAll)).join(',');
  rows.forEach((row, i) => {
    if (row.length !== header.length) {
      throw new BulkFileError(
        `CSV row ${i + 1} has ${row.length} values but the header has ${header.length} columns`,
      );
    }
  });
  return [line(header), ...rows.map(line)].join(newline) + newline;
}

/** How a record value is written in a Zoho CSV cell. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => cellText(v)).join(';');
  if (typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') {
    return (value as { id: string }).id;
  }
  return JSON.stringify(value);
}

function csvField(text: string, quoteAll: boolean): string {
  if (quoteAll || /[",\r\n]/.test(text)) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

export interface CsvReadOptions {
  /** The field separator; default ','. Use `detectDelimiter` for bulk write uploads. */
  delimiter?: string;
}

/**
 * Parses RFC 4180 CSV (templates/runtime/csv.ts, the parser the generated client reads bulk results
 * with): quoted fields may hold the delimiter, `""` and line breaks; CRLF, LF and CR all end a record; a
 * UTF-8 BOM is dropped; a final line break does not add an empty record. Malformed quoting throws
 * BulkFileError naming the line.
 */
export function parseCsv(text: string, options: CsvReadOptions = {}): string[][] {
  return [...csvRowsOf(text, options)];
}

/** Text handed to the parser per step: rows come out as they complete, never the whole file at once. */
const CSV_PIECE = 64 * 1024;

/**
 * The rows of a CSV text one at a time, parsed as they are reached: a caller that stops early (a bulk
 * write reads at most 25,000 rows) never parses — or holds the rows of — the rest.
 */
export function* csvRowsOf(text: string, options: CsvReadOptions = {}): Generator<string[]> {
  try {
    const parser = new CsvRowParser(options.delimiter ?? ',');
    for (let at = 0; at < text.length; at += CSV_PIECE)
      yield* parser.push(text.slice(at, at + CSV_PIECE));
    yield* parser.end();
  } catch (err) {
    if (err instanceof CsvError) throw new BulkFileError(err.message);
    throw err;
  }
}

/** Bulk write: the delimiter is one of , ; : | — whichever the header line uses (outside quotes). */
export function detectDelimiter(csvText: string): ',' | ';' | ':' | '|' {
  const candidates = [',', ';', ':', '|'] as const;
  const counts = new Map<string, number>(candidates.map((d) => [d, 0]));
  let quoted = false;
  for (const c of csvText) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && counts.has(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best: ',' | ';' | ':' | '|' = ',';
  for (const d of candidates) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

/** A fixed timestamp keeps archives byte-identical from run to run. */
const FIXED_MTIME = new Date('2024-01-01T00:00:00Z');

/** A .zip holding one file (deflated). */
export function zipSingleFile(name: string, data: Uint8Array): Uint8Array {
  if (name === '' || name.endsWith('/'))
    throw new BulkFileError(`invalid file name in zip: ${JSON.stringify(name)}`);
  return zipSync({ [name]: [data, { level: 6, mtime: FIXED_MTIME }] });
}

/** Compressed bytes handed to the inflater per step, so it stops soon after the cap is passed. */
const ZIP_PIECE = 16 * 1024;

/**
 * The one file inside a .zip; directories are skipped, a second file is an error (as Zoho's). The zip
 * and the inflated file are each held to `maxBytes` (Zoho's 25 MB by default): inflating stops as soon
 * as the file passes it, whatever sizes the archive claims (BulkFileTooLargeError).
 * `bytes` is the same array as `data`, for callers written against that name.
 */
export function unzipSingleFile(
  zip: Uint8Array,
  options: { maxBytes?: number } = {},
): {
  name: string;
  data: Uint8Array;
  bytes: Uint8Array;
} {
  const maxBytes = options.maxBytes ?? BULK_WRITE_MAX_BYTES;
  if (zip.length > maxBytes)
    throw new BulkFileTooLargeError(
      `the zip file is ${zip.length} bytes; at most ${maxBytes} are accepted`,
    );
  // The central directory first (names and claimed sizes, nothing inflated): a malformed archive, no
  // file or several files are refused before any work.
  const listed: { name: string; size: number }[] = [];
  try {
    unzipSync(zip, {
      filter: (f) => {
        if (!f.name.endsWith('/')) listed.push({ name: f.name, size: f.originalSize });
        return false;
      },
    });
  } catch (err) {
    throw new BulkFileError(
      `not a valid zip file: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (listed.length === 0) throw new BulkFileError('the zip file is empty');
  if (listed.length > 1) {
    throw new BulkFileError(
      `the zip file holds ${listed.length} files (${listed.map((f) => f.name).join(', ')}); Zoho accepts exactly one`,
    );
  }
  const [only] = listed as [{ name: string; size: number }];
  const tooLarge = (): BulkFileTooLargeError =>
    new BulkFileTooLargeError(
      `${only.name} inflates to more than ${maxBytes} bytes, the most accepted`,
    );
  if (only.size > maxBytes) throw tooLarge();
  // Then the data, streamed, counting what comes out (the claimed size may lie).
  const chunks: Uint8Array[] = [];
  let size = 0;
  let over = false;
  let failure: Error | undefined;
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  unzip.onfile = (file) => {
    if (file.name !== only.name) return;
    file.ondata = (err, chunk) => {
      if (err !== null) failure = err;
      else if (!over) {
        size += chunk.length;
        if (size > maxBytes) {
          over = true;
          chunks.length = 0;
          file.terminate();
        } else chunks.push(chunk);
      }
    };
    file.start();
  };
  try {
    for (let at = 0; at < zip.length && !over; at += ZIP_PIECE)
      unzip.push(zip.subarray(at, at + ZIP_PIECE), at + ZIP_PIECE >= zip.length);
  } catch (err) {
    failure = err instanceof Error ? err : new Error(String(err));
  }
  if (over) throw tooLarge();
  if (failure !== undefined) throw new BulkFileError(`not a valid zip file: ${failure.message}`);
  const data = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    data.set(c, at);
    at += c.length;
  }
  return { name: only.name, data, bytes: data };
}
