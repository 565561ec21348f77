/**
 * A .zip of one large file built as its content streams in: deflated by node:zlib (fast, native) and
 * framed by fflate's streaming Zip, so a test can make a 300 MB zip bomb or a 200 MB bulk-read result
 * without holding the uncompressed bytes.
 */
import { once } from 'node:events';
import { createDeflateRaw, crc32 } from 'node:zlib';
import { Zip, type ZipInputFile } from 'fflate';

export async function bigZip(
  name: string,
  pieces: Iterable<Uint8Array>,
  level = 6,
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let failed: Error | undefined;
  const zip = new Zip((err, data) => {
    if (err !== null) failed = err;
    else parts.push(data);
  });
  const file: ZipInputFile = { filename: name, size: 0, crc: 0, compression: 8 };
  zip.add(file);
  const deflate = createDeflateRaw({ level });
  const compressed: Buffer[] = [];
  deflate.on('data', (c: Buffer) => compressed.push(c));
  const flush = (final: boolean): void => {
    const chunk = Buffer.concat(compressed.splice(0));
    if (chunk.length > 0 || final) file.ondata?.(null, chunk, final);
  };
  for (const piece of pieces) {
    file.size += piece.length;
    file.crc = crc32(piece, file.crc);
    if (!deflate.write(piece)) await once(deflate, 'drain');
    flush(false);
  }
  deflate.end();
  await once(deflate, 'end');
  flush(true);
  zip.end();
  if (failed !== undefined) throw failed;
  return new Uint8Array(Buffer.concat(parts));
}

/** `megabytes` MiB of one repeated byte, as 1 MiB pieces: deflates about 1000:1. */
export function* sameByte(megabytes: number, byte = 0x61): Generator<Uint8Array> {
  const piece = new Uint8Array(1 << 20).fill(byte);
  for (let i = 0; i < megabytes; i++) yield piece;
}

/** A copy of `zip` whose central directory claims `size` uncompressed bytes for every entry (a liar). */
export function claimSize(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let p = 0; p + 46 <= out.length; p++)
    if (view.getUint32(p, true) === 0x02014b50) view.setUint32(p + 24, size, true);
  return out;
}
