/**
 * multipart/form-data readers: `parseMultipart` over a body already in memory (bulk-write zips, composite
 * sub-requests), `forEachPart` over a body as it streams in (attachments, photos, Files API uploads).
 */
export interface Part {
  name: string;
  filename: string | null;
  contentType: string;
  data: Buffer;
}

export function parseMultipart(body: Buffer, contentType: string | undefined): Part[] | null {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  const boundary = m?.[1] ?? m?.[2];
  if (!contentType?.toLowerCase().startsWith('multipart/form-data') || !boundary) return null;
  const delim = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let pos = body.indexOf(delim);
  if (pos < 0) return null;
  for (;;) {
    pos += delim.length;
    if (body.subarray(pos, pos + 2).toString() === '--') break;
    if (body.subarray(pos, pos + 2).toString() === '\r\n') pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) return null;
    const next = body.indexOf(delim, headerEnd + 4);
    if (next < 0) return null;
    const headers = body.subarray(pos, headerEnd).toString('utf8');
    let end = next;
    if (body[end - 2] === 13 && body[end - 1] === 10) end -= 2;
    const name = /name="([^"]*)"/i.exec(headers)?.[1] ?? '';
    const filename = /filename="([^"]*)"/i.exec(headers)?.[1] ?? null;
    const ct =
      /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream';
    parts.push({ name, filename, contentType: ct, data: body.subarray(headerEnd + 4, end) });
    pos = next;
  }
  return parts;
}

/** One part of a streamed multipart body: its headers, and its bytes to be read before the next part. */
export interface StreamedPart {
  name: string;
  filename: string | null;
  contentType: string;
  data: AsyncIterable<Buffer>;
}

/** A multipart body that does not parse (no boundary, a part cut short). */
export class MalformedMultipartError extends Error {}

/** The boundary of a multipart/form-data Content-Type, or null when it is not one. */
export function multipartBoundary(contentType: string | undefined): string | null {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  const boundary = m?.[1] ?? m?.[2];
  if (!contentType?.toLowerCase().startsWith('multipart/form-data') || !boundary) return null;
  return boundary;
}

/**
 * Reads a multipart/form-data body as it arrives and calls `onPart` for each part in turn; a part's bytes
 * are streamed to `onPart` (whatever it leaves unread is skipped), never the whole body held at once —
 * only a window about the size of a chunk and the boundary.
 */
export async function forEachPart(
  source: AsyncIterable<Buffer>,
  boundary: string,
  onPart: (part: StreamedPart) => Promise<void>,
): Promise<void> {
  const reader = new ChunkReader(source);
  const delim = Buffer.from(`--${boundary}`);
  const partEnd = Buffer.from(`\r\n--${boundary}`);
  // Preamble: everything before the first delimiter.
  if ((await reader.skipPast(delim)) === false) throw new MalformedMultipartError('no boundary');
  for (;;) {
    await reader.need(2);
    if (reader.startsWith('--')) return;
    if (reader.startsWith('\r\n')) reader.drop(2);
    const headerEnd = await reader.indexOf(Buffer.from('\r\n\r\n'));
    if (headerEnd < 0) throw new MalformedMultipartError('part headers cut short');
    const headers = reader.take(headerEnd).toString('utf8');
    reader.drop(4);
    const name = /name="([^"]*)"/i.exec(headers)?.[1] ?? '';
    const filename = /filename="([^"]*)"/i.exec(headers)?.[1] ?? null;
    const contentType =
      /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream';
    const data = reader.until(partEnd);
    await onPart({ name, filename, contentType, data });
    for await (const _ of data); // what the handler left unread
    reader.drop(partEnd.length);
  }
}

/** Reads text of a small part (a field value), refusing more than `max` bytes. */
export async function partText(data: AsyncIterable<Buffer>, max = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of data) {
    size += c.length;
    if (size > max) throw new MalformedMultipartError('field value too long');
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A window over a chunked source: look ahead, take, drop; pulls chunks only as needed. */
class ChunkReader {
  private buf = Buffer.alloc(0);
  private readonly it: AsyncIterator<Buffer>;
  private ended = false;

  constructor(source: AsyncIterable<Buffer>) {
    this.it = source[Symbol.asyncIterator]();
  }

  private async pull(): Promise<boolean> {
    if (this.ended) return false;
    const r = await this.it.next();
    if (r.done === true) {
      this.ended = true;
      return false;
    }
    this.buf = this.buf.length === 0 ? Buffer.from(r.value) : Buffer.concat([this.buf, r.value]);
    return true;
  }

  async need(n: number): Promise<void> {
    while (this.buf.length < n)
      if (!(await this.pull())) throw new MalformedMultipartError('body cut short');
  }

  startsWith(text: string): boolean {
    return this.buf.subarray(0, text.length).toString('latin1') === text;
  }

  drop(n: number): void {
    this.buf = this.buf.subarray(n);
  }

  take(n: number): Buffer {
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }

  /** Index of `needle` in the window, pulling more until found or the source ends (then -1). */
  async indexOf(needle: Buffer): Promise<number> {
    let from = 0;
    for (;;) {
      const i = this.buf.indexOf(needle, from);
      if (i >= 0) return i;
      from = Math.max(0, this.buf.length - needle.length + 1);
      if (!(await this.pull())) return -1;
    }
  }

  /** Drops everything up to and including `needle`; false when the source ends first. */
  async skipPast(needle: Buffer): Promise<boolean> {
    const i = await this.indexOf(needle);
    if (i < 0) return false;
    this.drop(i + needle.length);
    return true;
  }

  /**
   * The bytes before `end`, yielded as they arrive; `end` itself stays in the window. Only what cannot be
   * the start of `end` is yielded, so a boundary split across chunks is still found.
   */
  async *until(end: Buffer): AsyncGenerator<Buffer> {
    for (;;) {
      const i = this.buf.indexOf(end);
      if (i >= 0) {
        if (i > 0) yield this.take(i);
        return;
      }
      const safe = this.buf.length - end.length + 1;
      if (safe > 0) yield this.take(safe);
      if (!(await this.pull())) throw new MalformedMultipartError('part cut short');
    }
  }
}
