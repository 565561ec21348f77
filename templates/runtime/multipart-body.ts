/**
 * A multipart/form-data body streamed as it is sent (RFC 7578): each part's headers, then its file read
 * chunk by chunk, so an upload never holds the whole file in memory. The length is announced when every
 * file's size is known (a path, a Blob); otherwise the body goes chunked.
 */
import { randomBytes } from 'node:crypto';
import type { OpenableFile } from './file-source.js';

/** A request body core.ts streams: opened afresh for each attempt when `replayable`. */
export interface StreamBody {
  readonly kind: 'stream';
  readonly contentType: string;
  /** Bytes in all, when known (sent as Content-Length). */
  readonly length: number | undefined;
  readonly replayable: boolean;
  open(): AsyncIterable<Uint8Array>;
}

export function isStreamBody(value: unknown): value is StreamBody {
  return (
    typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'stream'
  );
}

/** One form field: a text value or a file. */
export type MultipartPart =
  | { readonly name: string; readonly value: string }
  | { readonly name: string; readonly file: OpenableFile };

const CRLF = '\r\n';
const encoder = new TextEncoder();

/** The streamed body of these parts, with a fresh random boundary. */
export function multipartBody(parts: readonly MultipartPart[]): StreamBody {
  const boundary = `----zcrm${randomBytes(12).toString('hex')}`;
  const heads = parts.map((p, i) => encoder.encode((i === 0 ? '' : CRLF) + partHead(boundary, p)));
  const tail = encoder.encode(`${CRLF}--${boundary}--${CRLF}`);
  let length: number | undefined = tail.length;
  for (const [i, p] of parts.entries()) {
    const size = 'file' in p ? p.file.size : encoder.encode(p.value).length;
    length =
      length === undefined || size === undefined ? undefined : length + heads[i]!.length + size;
  }
  return {
    kind: 'stream',
    contentType: `multipart/form-data; boundary=${boundary}`,
    length,
    replayable: parts.every((p) => !('file' in p) || p.file.replayable),
    open: () => stream(parts, heads, tail),
  };
}

async function* stream(
  parts: readonly MultipartPart[],
  heads: readonly Uint8Array[],
  tail: Uint8Array,
): AsyncGenerator<Uint8Array> {
  for (const [i, p] of parts.entries()) {
    yield heads[i]!;
    if ('file' in p) {
      for await (const chunk of p.file.open()) yield chunk;
    } else yield encoder.encode(p.value);
  }
  yield tail;
}

function partHead(boundary: string, part: MultipartPart): string {
  let head = `--${boundary}${CRLF}Content-Disposition: form-data; name="${quoted(part.name)}"`;
  if ('file' in part) {
    head += `; filename="${quoted(part.file.fileName)}"${CRLF}Content-Type: ${part.file.contentType}`;
  }
  return head + CRLF + CRLF;
}

/**
 * A name inside a quoted header parameter, escaped as the WHATWG form encoder does (" → %22, CR → %0D,
 * LF → %0A), so a file name can neither close the quote nor start a header of its own.
 */
function quoted(name: string): string {
  return name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
