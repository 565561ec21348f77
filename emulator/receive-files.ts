/**
 * Reads an upload (attachments, record photos, Files API) as it streams in: file parts go straight to the
 * blob store on disk (file-blobs.ts), text fields are kept; nothing holds the whole body. A sub-request of a
 * composite call has its body in memory already and is read from there.
 */
import { BlobTooLargeError, type StoredBlob } from './file-blobs.ts';
import type { Context } from './context.ts';
import { error, errors } from './envelopes.ts';
import { forEachPart, MalformedMultipartError, multipartBoundary, partText } from './multipart.ts';
import type { ApiRequest, ApiResponse } from './types.ts';

export interface ReceivedFile {
  readonly field: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly blob: StoredBlob;
}

export interface Received {
  readonly files: ReceivedFile[];
  readonly fields: Map<string, string>;
}

export interface ReceiveRules {
  /** The form field files come in (Zoho: `file`); files under other names are refused. */
  readonly fileField: string;
  /** Bytes per file. */
  readonly maxBytes: number;
  /** Files per call. */
  readonly maxFiles: number;
  /** The error for a file over maxBytes (each API words it its own way). */
  readonly tooLarge: () => ApiResponse;
}

/** The upload's files (stored) and fields, or the error to answer; on an error nothing stays stored. */
export async function receiveFiles(
  req: ApiRequest,
  ctx: Context,
  rules: ReceiveRules,
): Promise<Received | ApiResponse> {
  const ct = req.headers['content-type'];
  const boundary = multipartBoundary(typeof ct === 'string' ? ct : undefined);
  if (boundary === null) return errors.requiredParam(rules.fileField);
  const got: Received = { files: [], fields: new Map() };
  const source = req.stream ?? inMemory(req.body);
  try {
    await forEachPart(source, boundary, async (part) => {
      if (part.filename === null) {
        got.fields.set(part.name, await partText(part.data));
        return;
      }
      if (part.name !== rules.fileField) throw new UnexpectedField(part.name);
      if (got.files.length >= rules.maxFiles) throw new TooManyFiles();
      const blob = await ctx.state.blobs.write(part.data, rules.maxBytes);
      got.files.push({
        field: part.name,
        fileName: part.filename,
        contentType: part.contentType,
        blob,
      });
    });
    return got;
  } catch (err) {
    await Promise.all(got.files.map((f) => ctx.state.blobs.remove(f.blob)));
    if (err instanceof BlobTooLargeError) return rules.tooLarge();
    if (err instanceof TooManyFiles)
      return errors.limitExceeded(rules.maxFiles, { param_name: rules.fileField });
    if (err instanceof UnexpectedField) return errors.invalidParam(err.field);
    if (err instanceof MalformedMultipartError)
      return error(400, 'INVALID_DATA', `malformed multipart body: ${err.message}`);
    throw err;
  }
}

async function* inMemory(body: Buffer): AsyncGenerator<Buffer> {
  yield body;
}

class TooManyFiles extends Error {}
class UnexpectedField extends Error {
  constructor(readonly field: string) {
    super(field);
  }
}

/** A file stored for a download: Content-Disposition with the name both plain (ASCII) and UTF-8 (RFC 6266). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
