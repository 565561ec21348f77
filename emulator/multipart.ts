/** A minimal multipart/form-data reader (uploads: attachments, bulk-write files). */
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
