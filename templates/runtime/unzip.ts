/**
 * A minimal zip reader (central directory + stored/deflated entries) over node:zlib, enough for the CSV
 * inside a bulk-read result (v8 "Download Bulk Read Result": a .zip holding one .csv). Keeps generated
 * clients free of a zip dependency.
 *
 * Every read is bounded: a file's inflated size is capped (`maxBytes`) whatever the archive claims, so
 * a zip bomb costs at most the cap. `zipCsvRows` / `zipCsvRecords` inflate as they are read, 64 KB at a
 * time, so a result of any size is read in memory bounded by its compressed size and its longest row.
 */
import { Readable } from 'node:stream';
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { csvRecords, csvRows } from './csv.js';

export interface ZipEntry {
  readonly name: string;
  readonly data: Uint8Array;
}

export interface UnzipOptions {
  /** The most bytes one file may inflate to; more is an error. Default: MAX_TEXT_BYTES / MAX_STREAM_BYTES. */
  maxBytes?: number;
}

/** Whole-file reads (the CSV as one string): a little under V8's longest string (2^29 - 24 chars). */
export const MAX_TEXT_BYTES = 500 * 1024 * 1024;
/** Streamed reads: 4 GiB, the most a zip without zip64 (not supported) can hold. */
export const MAX_STREAM_BYTES = 0xffffffff;

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;
const PIECE = 64 * 1024;

interface EntryInfo {
  readonly name: string;
  readonly method: number;
  /** The uncompressed size the archive claims (checked, never trusted). */
  readonly claimedSize: number;
  readonly raw: Uint8Array;
}

/** The file entries of the archive (directories skipped), nothing inflated. Throws on a malformed one. */
function listEntries(zip: Uint8Array): EntryInfo[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  // The end-of-central-directory record is in the last 22 + 65535 bytes (it may carry a comment).
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('unzip: not a zip archive (no end-of-central-directory record)');
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const entries: EntryInfo[] = [];
  const decoder = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (p + 46 > zip.length || view.getUint32(p, true) !== CEN_SIG)
      throw new Error('unzip: corrupt central directory');
    const method = view.getUint16(p + 10, true);
    const compressedSize = view.getUint32(p + 20, true);
    const claimedSize = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const localOffset = view.getUint32(p + 42, true);
    const name = decoder.decode(zip.subarray(p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/')) continue;
    if (compressedSize === 0xffffffff || localOffset === 0xffffffff)
      throw new Error(`unzip: ${name} needs zip64, which is not supported`);
    if (localOffset + 30 > zip.length || view.getUint32(localOffset, true) !== LOC_SIG)
      throw new Error(`unzip: corrupt local header for ${name}`);
    const start =
      localOffset +
      30 +
      view.getUint16(localOffset + 26, true) +
      view.getUint16(localOffset + 28, true);
    entries.push({ name, method, claimedSize, raw: zip.subarray(start, start + compressedSize) });
  }
  return entries;
}

/** Stored (0) and deflate (8) are what Zoho and every zip tool write; anything else is refused by name. */
function checkMethod(entry: EntryInfo): void {
  if (entry.method !== 0 && entry.method !== 8)
    throw new Error(
      `unzip: ${entry.name} uses compression method ${entry.method}; only stored (0) and deflate (8) are supported`,
    );
}

function tooLarge(name: string, maxBytes: number): Error {
  return new Error(
    `unzip: ${name} inflates to more than ${maxBytes} bytes (the limit; pass a larger maxBytes, or read it row by row with zipCsvRows)`,
  );
}

/** One entry inflated whole, refused past `maxBytes` (zlib stops there: a bomb costs the cap, not more). */
function inflateWhole(entry: EntryInfo, maxBytes: number): Uint8Array {
  checkMethod(entry);
  if (entry.claimedSize > maxBytes) throw tooLarge(entry.name, maxBytes);
  if (entry.method === 0) {
    if (entry.raw.length > maxBytes) throw tooLarge(entry.name, maxBytes);
    return entry.raw;
  }
  try {
    return new Uint8Array(inflateRawSync(entry.raw, { maxOutputLength: maxBytes }));
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE')
      throw tooLarge(entry.name, maxBytes);
    throw new Error(
      `unzip: ${entry.name} is corrupt: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/** Every file entry in the archive (directories skipped), each inflated whole and bounded. */
export function readZipEntries(zip: Uint8Array, options: UnzipOptions = {}): ZipEntry[] {
  const maxBytes = options.maxBytes ?? MAX_TEXT_BYTES;
  return listEntries(zip).map((e) => ({ name: e.name, data: inflateWhole(e, maxBytes) }));
}

function findEntry(zip: Uint8Array, suffix: string): EntryInfo {
  const entry = listEntries(zip).find((e) => e.name.toLowerCase().endsWith(suffix.toLowerCase()));
  if (entry === undefined)
    throw new Error(`unzip: the archive has no file${suffix === '' ? '' : ` ending in ${suffix}`}`);
  return entry;
}

/** The first file whose name ends with `suffix` (default: any), decoded as UTF-8, whole. */
export function unzipFirstFile(
  zip: Uint8Array,
  suffix = '',
  options: UnzipOptions = {},
): { name: string; text: string } {
  const entry = findEntry(zip, suffix);
  const data = inflateWhole(entry, options.maxBytes ?? MAX_TEXT_BYTES);
  return { name: entry.name, text: new TextDecoder().decode(data) };
}

function* pieces(bytes: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += PIECE) yield bytes.subarray(at, at + PIECE);
}

/** An entry's bytes as they inflate, 64 KB at a time, refused past `maxBytes`. */
async function* inflatePieces(entry: EntryInfo, maxBytes: number): AsyncGenerator<Uint8Array> {
  checkMethod(entry);
  if (entry.claimedSize > maxBytes) throw tooLarge(entry.name, maxBytes);
  if (entry.method === 0) {
    if (entry.raw.length > maxBytes) throw tooLarge(entry.name, maxBytes);
    yield* pieces(entry.raw);
    return;
  }
  const source = Readable.from(pieces(entry.raw));
  const inflate = createInflateRaw({ chunkSize: PIECE });
  source.pipe(inflate);
  let total = 0;
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) throw tooLarge(entry.name, maxBytes);
      yield chunk;
    }
  } catch (err) {
    if (err instanceof Error && err.message.startsWith('unzip:')) throw err;
    throw new Error(
      `unzip: ${entry.name} is corrupt: ${err instanceof Error ? err.message : String(err)}`,
    );
  } finally {
    source.destroy();
    inflate.destroy();
  }
}

/** UTF-8 text of `bytes` as it comes, never splitting a character between pieces. */
async function* decodePieces(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  for await (const b of bytes) yield decoder.decode(b, { stream: true });
  yield decoder.decode();
}

export interface ZipCsvOptions extends UnzipOptions {
  /** Which file: the first whose name ends with this (default '.csv'). */
  suffix?: string;
  /** Default ','. */
  delimiter?: string;
}

/**
 * The rows of the CSV inside a zip (the header row first), each parsed as the file inflates: memory
 * stays bounded by one 64 KB piece and the longest row, however large the file.
 */
export function zipCsvRows(zip: Uint8Array, options: ZipCsvOptions = {}): AsyncGenerator<string[]> {
  const entry = findEntry(zip, options.suffix ?? '.csv');
  return csvRows(
    decodePieces(inflatePieces(entry, options.maxBytes ?? MAX_STREAM_BYTES)),
    options.delimiter,
  );
}

/** The same rows as records keyed by the header (a bulk-read result's columns are field API names). */
export function zipCsvRecords(
  zip: Uint8Array,
  options: ZipCsvOptions = {},
): AsyncGenerator<Record<string, string>> {
  return csvRecords(zipCsvRows(zip, options));
}
