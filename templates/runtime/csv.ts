/**
 * RFC 4180 CSV, read as it arrives: text goes in piece by piece and whole rows come out, so a bulk-read
 * result of any size is read in memory bounded by its longest row, not by the file (v8 "Download Bulk
 * Read Result": a .zip holding one CSV). Quoted fields may hold the delimiter, `""` and line breaks;
 * CRLF, LF and CR all end a record; a UTF-8 BOM is dropped; a final line break adds no empty record.
 * Malformed quoting throws CsvError naming the line.
 */

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`CSV line ${line}: ${message}`);
    this.name = 'CsvError';
  }
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

const State = {
  /** In an unquoted field (or at the start of any field). */
  Field: 0,
  /** Just ended a record on CR: an LF next belongs to it. */
  AfterCr: 1,
  /** Inside a quoted field. */
  Quoted: 2,
  /** Inside a quoted field, just read a quote: `""` (a literal quote) or the closing one. */
  QuoteSeen: 3,
  /** After a quoted field's closing quote: only a delimiter or a line break may follow. */
  Closed: 4,
} as const;
type State = (typeof State)[keyof typeof State];

export class CsvRowParser {
  private readonly delimiter: number;
  private state: State = State.Field;
  private field = '';
  private row: string[] = [];
  private line = 1;
  private quotedFrom = 1;
  private atStart = true;
  /** A CR inside quotes ended the last piece: it counts as a line break unless an LF comes next. */
  private quotedCr = false;

  constructor(delimiter = ',') {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n')
      throw new CsvError(`unsupported delimiter ${JSON.stringify(delimiter)}`, 1);
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** Reads the next piece of text; returns the rows it completed. */
  push(text: string): string[][] {
    const out: string[][] = [];
    if (text.length === 0) return out;
    let s = text;
    if (this.atStart) {
      this.atStart = false;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    if (this.quotedCr) {
      this.quotedCr = false;
      if (s.charCodeAt(0) !== LF) this.line++;
    }
    const n = s.length;
    let i = 0;
    /** Start of the current field's text not yet copied into `this.field`. */
    let start = 0;
    while (i < n) {
      const c = s.charCodeAt(i);
      switch (this.state) {
        case State.AfterCr:
          this.state = State.Field;
          if (c === LF) i++;
          start = i;
          continue;
        case State.Field:
          if (c === this.delimiter) {
            this.field += s.slice(start, i);
            this.endField();
          } else if (c === CR || c === LF) {
            this.field += s.slice(start, i);
            this.endRow(out);
            if (c === CR) this.state = State.AfterCr;
          } else if (c === QUOTE) {
            if (this.field !== '' || i > start)
              throw new CsvError('a quote inside an unquoted field', this.line);
            this.state = State.Quoted;
            this.quotedFrom = this.line;
          } else {
            i++;
            continue;
          }
          i++;
          start = i;
          continue;
        case State.Quoted:
          if (c === QUOTE) {
            this.field += s.slice(start, i);
            this.state = State.QuoteSeen;
            i++;
            start = i;
            continue;
          }
          if (c === LF) this.line++;
          else if (c === CR) {
            if (i + 1 === n) this.quotedCr = true;
            else if (s.charCodeAt(i + 1) !== LF) this.line++;
          }
          i++;
          continue;
        case State.QuoteSeen:
          if (c === QUOTE) {
            this.field += '"';
            this.state = State.Quoted;
            i++;
            start = i;
            continue;
          }
          this.state = State.Closed;
          continue;
        case State.Closed:
          if (c === this.delimiter) {
            this.endField();
            this.state = State.Field;
          } else if (c === CR || c === LF) {
            this.endRow(out);
            this.state = c === CR ? State.AfterCr : State.Field;
          } else throw new CsvError('text after a closing quote', this.line);
          i++;
          start = i;
          continue;
      }
    }
    if (this.state === State.Field || this.state === State.Quoted) this.field += s.slice(start, n);
    return out;
  }

  /** The end of the text: the last record (if it did not end with a line break). */
  end(): string[][] {
    if (this.state === State.Quoted)
      throw new CsvError('a quoted field is never closed', this.quotedFrom);
    const closed = this.state === State.QuoteSeen || this.state === State.Closed;
    const out: string[][] = [];
    if (this.field !== '' || closed || this.row.length > 0) this.endRow(out);
    this.state = State.Field;
    return out;
  }

  private endField(): void {
    this.row.push(this.field);
    this.field = '';
  }

  private endRow(out: string[][]): void {
    this.endField();
    out.push(this.row);
    this.row = [];
    this.line++;
  }
}

/** Every row of a whole CSV text. */
export function parseCsvText(text: string, delimiter = ','): string[][] {
  const parser = new CsvRowParser(delimiter);
  return [...parser.push(text), ...parser.end()];
}

/** Rows as text arrives: each piece is parsed as soon as it comes. */
export async function* csvRows(
  pieces: AsyncIterable<string> | Iterable<string>,
  delimiter = ',',
): AsyncGenerator<string[]> {
  const parser = new CsvRowParser(delimiter);
  for await (const piece of pieces) yield* parser.push(piece);
  yield* parser.end();
}

/** Rows after the first as records keyed by the first (the header); missing cells are ''. */
export async function* csvRecords(
  rows: AsyncIterable<string[]>,
): AsyncGenerator<Record<string, string>> {
  let header: string[] | undefined;
  for await (const row of rows) {
    if (header === undefined) {
      header = row;
      continue;
    }
    const record: Record<string, string> = {};
    header.forEach((name, i) => {
      record[name] = row[i] ?? '';
    });
    yield record;
  }
}
