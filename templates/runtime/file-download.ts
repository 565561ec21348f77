/**
 * A file Zoho sends back (an attachment, a record photo, a Files API file) as a stream with its name:
 * nothing is buffered — the caller pipes `stream` where it wants the bytes (a file, an HTTP response) and
 * must read it to the end or destroy it, as with any undici body.
 */
import type { Readable } from 'node:stream';
import { headerValue, type StreamedResponse } from './http.js';

export interface FileDownload {
  /** From Content-Disposition (`filename*` preferred, RFC 6266), when Zoho sends one. */
  readonly fileName: string | undefined;
  readonly contentType: string | undefined;
  /** Content-Length, when sent. */
  readonly size: number | undefined;
  /** The bytes, read as they arrive. */
  readonly stream: Readable;
}

export function fileDownload(res: StreamedResponse): FileDownload {
  const length = headerValue(res.headers, 'content-length');
  const size = length === undefined ? undefined : Number(length);
  return {
    fileName: fileNameOf(headerValue(res.headers, 'content-disposition')),
    contentType: headerValue(res.headers, 'content-type'),
    size: size !== undefined && Number.isFinite(size) ? size : undefined,
    stream: res.body,
  };
}

/** The file name a Content-Disposition header gives: `filename*=UTF-8''…` first, else `filename="…"`. */
export function fileNameOf(disposition: string | undefined): string | undefined {
  if (disposition === undefined) return undefined;
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(disposition);
  if (star !== null) {
    try {
      return decodeURIComponent(star[2]!.trim());
    } catch {
      // A malformed encoding: fall back to the plain parameter.
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(disposition);
  if (plain === null) return undefined;
  return plain[1] !== undefined ? plain[1].replace(/\\(.)/g, '$1') : plain[2]!.trim();
}
