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
 *
 * Zip: we use fflate (already a dev dependency; the emulator is test code) rather than a zip
 * container hand-written over node:zlib. The generated runtime unzips with its own node:zlib code,
 * so building the emulator's archives with an independent, widely used implementation makes the
 * runtime's reader face a real-world writer instead of its own mirror image.
 */
import { unzipSync, zipSync } from 'fflate';

export class BulkFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BulkFileError';
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
 * Parses RFC 4180 CSV: quoted fields may hold the delimiter, `""` and line breaks; CRLF, LF and CR
 * all end a record; a UTF-8 BOM is dropped; a final line break does not add an empty record.
 * Malformed quoting throws BulkFileError naming the line.
 */
export function parseCsv(text: string, options: CsvReadOptions = {}): string[][] {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
    throw new BulkFileError(`unsupported CSV delimiter ${JSON.stringify(delimiter)}`);
  }
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let line = 1;
  let i = 0;
  /** The current field was quoted and its closing quote has been read. */
  let quotedField = false;

  const endField = (): void => {
    row.push(field);
    field = '';
    quotedField = false;
  };
  const endRow = (): void => {
    endField();
    rows.push(row);
    row = [];
  };

  while (i < src.length) {
    const c = src[i] as string;
    if (c === '"') {
      if (quotedField || field !== '') {
        throw new BulkFileError(`CSV line ${line}: a quote inside an unquoted field`);
      }
      // A quoted field: runs to the closing quote; "" is a literal quote.
      const startLine = line;
      i++;
      let closed = false;
      while (i < src.length) {
        const q = src[i] as string;
        if (q === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          closed = true;
          break;
        }
        if (q === '\n' || (q === '\r' && src[i + 1] !== '\n')) line++;
        field += q;
        i++;
      }
      if (!closed) throw new BulkFileError(`CSV line ${startLine}: a quoted field is never closed`);
      quotedField = true;
      const next = src[i];
      if (next !== undefined && next !== delimiter && next !== '\r' && next !== '\n') {
        throw new BulkFileError(`CSV line ${line}: text after a closing quote`);
      }
      continue;
    }
    if (c === delimiter) {
      endField();
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRow();
      i += c === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line++;
      continue;
    }
    field += c;
    i++;
  }
  // The last record, unless the text ended with a line break (row.length > 0 after a delimiter).
  if (field !== '' || quotedField || row.length > 0) endRow();
  return rows;
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

/**
 * The one file inside a .zip; directories are skipped, a second file is an error (as Zoho's).
 * `bytes` is the same array as `data`, for callers written against that name.
 */
export function unzipSingleFile(zip: Uint8Array): {
  name: string;
  data: Uint8Array;
  bytes: Uint8Array;
} {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch (err) {
    throw new BulkFileError(
      `not a valid zip file: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const files = Object.entries(entries).filter(([name]) => !name.endsWith('/'));
  if (files.length === 0) throw new BulkFileError('the zip file is empty');
  if (files.length > 1) {
    throw new BulkFileError(
      `the zip file holds ${files.length} files (${files.map(([n]) => n).join(', ')}); Zoho accepts exactly one`,
    );
  }
  const [name, data] = files[0] as [string, Uint8Array];
  return { name, data, bytes: data };
}
