/**
 * A minimal zip reader (central directory + stored/deflated entries) over node:zlib, enough for the single
 * CSV inside a bulk-read result (v8 "Download Bulk Read Result": a .zip holding one .csv). Keeps generated
 * clients free of a zip dependency.
 */
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  readonly name: string;
  readonly data: Uint8Array;
}

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;

/** Every file entry in the archive (directories skipped). Throws a clear error on a malformed archive. */
export function readZipEntries(zip: Uint8Array): ZipEntry[] {
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
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (p + 46 > zip.length || view.getUint32(p, true) !== CEN_SIG)
      throw new Error('unzip: corrupt central directory');
    const method = view.getUint16(p + 10, true);
    const compressedSize = view.getUint32(p + 20, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const localOffset = view.getUint32(p + 42, true);
    const name = decoder.decode(zip.subarray(p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/')) continue;
    if (compressedSize === 0xffffffff || localOffset === 0xffffffff)
      throw new Error(`unzip: ${name} needs zip64, which is not supported`);
    if (view.getUint32(localOffset, true) !== LOC_SIG)
      throw new Error(`unzip: corrupt local header for ${name}`);
    const start =
      localOffset +
      30 +
      view.getUint16(localOffset + 26, true) +
      view.getUint16(localOffset + 28, true);
    const raw = zip.subarray(start, start + compressedSize);
    let data: Uint8Array;
    if (method === 0) data = raw;
    else if (method === 8) data = new Uint8Array(inflateRawSync(raw));
    else
      throw new Error(
        `unzip: ${name} uses compression method ${method}; only stored (0) and deflate (8) are supported`,
      );
    entries.push({ name, data });
  }
  return entries;
}

/** The first file whose name ends with `suffix` (default: any), decoded as UTF-8. */
export function unzipFirstFile(zip: Uint8Array, suffix = ''): { name: string; text: string } {
  const entry = readZipEntries(zip).find((e) =>
    e.name.toLowerCase().endsWith(suffix.toLowerCase()),
  );
  if (entry === undefined)
    throw new Error(`unzip: the archive has no file${suffix === '' ? '' : ` ending in ${suffix}`}`);
  return { name: entry.name, text: new TextDecoder().decode(entry.data) };
}
