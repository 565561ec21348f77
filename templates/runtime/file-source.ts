/**
 * Where the bytes of an upload come from: a file path, a Blob (or File), or a stream (a Node Readable or a
 * web ReadableStream). Each is read as a stream when the request is sent — never loaded whole — so a
 * 20 MB attachment costs the client a few chunks of memory, not 20 MB.
 *
 * A path or a Blob can be read again, so an upload from one may be retried like any other call; a stream
 * can be read once, so an upload from a stream is sent once and a failure is reported, not retried.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';

/** The bytes to upload: a file path, a Blob or File, a Node Readable or a web ReadableStream. */
export type FileSource = string | Blob | Readable | ReadableStream<Uint8Array>;

/** How to name and type an upload when its source does not say (a stream, a Blob that is not a File). */
export interface FileSourceOptions {
  /** The file name Zoho records; default: the path's base name, a File's name, an fs.ReadStream's path. */
  fileName?: string;
  /** Default: the Blob's type, else application/octet-stream. */
  contentType?: string;
}

/** A source checked and ready to be read, once per attempt. */
export interface OpenableFile {
  readonly fileName: string;
  readonly contentType: string;
  /** Bytes, when known before reading (a path's size, a Blob's size); a stream's is not. */
  readonly size: number | undefined;
  /** Whether `open` may be called again (a path or a Blob), so that a failed upload can be retried. */
  readonly replayable: boolean;
  /** The bytes as a stream; a one-shot source throws on the second call. */
  open(): AsyncIterable<Uint8Array>;
}

const OCTET_STREAM = 'application/octet-stream';

/**
 * Checks a source and says how to read it. `what` names the upload in errors
 * (e.g. `Leads.attachments(…).upload`), so a bad source names the call it was given to.
 */
export async function openableFile(
  source: FileSource,
  options: FileSourceOptions | undefined,
  what: string,
): Promise<OpenableFile> {
  const contentType = options?.contentType;
  if (typeof source === 'string') {
    let size: number;
    try {
      const s = await stat(source);
      if (!s.isFile()) throw new TypeError(`${what}: ${source} is not a file`);
      size = s.size;
    } catch (err) {
      if (err instanceof TypeError) throw err;
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      throw new TypeError(`${what}: cannot read ${source} (${code})`);
    }
    return {
      fileName: options?.fileName ?? basename(source),
      contentType: contentType ?? OCTET_STREAM,
      size,
      replayable: true,
      open: () => createReadStream(source),
    };
  }
  if (source instanceof Blob) {
    const name = options?.fileName ?? (source instanceof File ? source.name : undefined);
    return {
      fileName: requireName(name, what, 'a Blob'),
      contentType: contentType ?? (source.type === '' ? OCTET_STREAM : source.type),
      size: source.size,
      replayable: true,
      open: () => source.stream(),
    };
  }
  if (source instanceof Readable || isWebStream(source)) {
    const path = (source as { path?: unknown }).path;
    const name = options?.fileName ?? (typeof path === 'string' ? basename(path) : undefined);
    let opened = false;
    return {
      fileName: requireName(name, what, 'a stream'),
      contentType: contentType ?? OCTET_STREAM,
      size: undefined,
      replayable: false,
      open: () => {
        if (opened)
          throw new TypeError(
            `${what}: the stream of ${name ?? 'the file'} was already read; pass a path or a Blob to let the client retry`,
          );
        opened = true;
        return source instanceof Readable ? source : Readable.fromWeb(source);
      },
    };
  }
  throw new TypeError(
    `${what}: expected a file path, a Blob, a Readable or a ReadableStream, got ${describe(source)}`,
  );
}

function isWebStream(value: unknown): value is ReadableStream<Uint8Array> {
  return typeof ReadableStream !== 'undefined' && value instanceof ReadableStream;
}

function requireName(name: string | undefined, what: string, kind: string): string {
  if (name === undefined || name === '')
    throw new TypeError(`${what}: ${kind} carries no file name; pass { fileName } with it`);
  return name;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'an object';
  return typeof value;
}
