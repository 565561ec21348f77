/**
 * Where the emulator keeps the files it is given (attachments, record photos, Files API uploads): on disk,
 * in a temporary folder of its own, written as they stream in and sent back as they are read — so a 20 MB
 * attachment costs the emulator a few chunks of memory, as it costs the client. The folder is removed when
 * the emulator closes.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';

/** A stored file: where its bytes are, and how many. */
export interface StoredBlob {
  readonly path: string;
  readonly size: number;
}

/** Thrown while writing a file that grows past its limit; the partial file is already removed. */
export class BlobTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`file larger than ${limit} bytes`);
  }
}

export class BlobStore {
  private dir: Promise<string> | undefined;
  private next = 0;

  /** Writes chunks to a new file as they come, with backpressure; refuses past `limit` bytes. */
  async write(chunks: AsyncIterable<Uint8Array>, limit: number): Promise<StoredBlob> {
    this.dir ??= mkdtemp(join(tmpdir(), 'zcrm-emulator-files-'));
    const path = join(await this.dir, `blob-${++this.next}`);
    const out = createWriteStream(path);
    let size = 0;
    try {
      for await (const chunk of chunks) {
        size += chunk.length;
        if (size > limit) throw new BlobTooLargeError(limit);
        if (!out.write(chunk)) await once(out, 'drain');
      }
      out.end();
      await once(out, 'finish');
      return { path, size };
    } catch (err) {
      out.destroy();
      await rm(path, { force: true });
      throw err;
    }
  }

  async remove(blob: StoredBlob | undefined): Promise<void> {
    if (blob !== undefined) await rm(blob.path, { force: true });
  }

  /** Removes every stored file (the emulator is closing). */
  async close(): Promise<void> {
    const dir = this.dir;
    this.dir = undefined;
    if (dir !== undefined) await rm(await dir, { recursive: true, force: true });
  }
}
