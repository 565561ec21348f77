/**
 * The Files API (Zoho File System, ZFS): upload files and get them back by their encrypted id. An id from
 * `upload` is what a file upload field takes on create or update (`[{ file_id }]`) and an image upload field
 * (`[{ Encrypted_Id }]`) — ModuleResource.uploadToField does both steps in one call.
 * Zoho v8 "Upload Files to ZFS" (upload-files-to-zfs.html): POST /crm/v8/files, multipart `file` (repeated
 * for up to 10 files, each ≤ 20 MB), optional `type=inline` for inline images, scope ZohoCRM.Files.CREATE;
 * answers `{ data: [{ code, details: { name, id }, message, status }] }`. "Get Files" (get-files.html):
 * GET /crm/v8/files?id=…, scope ZohoCRM.Files.READ; the bytes, or 204 when no file has that id.
 */
import { signalOf } from '../call-options.js';
import type { ZohoCore } from '../core.js';
import { isRecord, NotFoundError, ValidationError, ZohoApiError } from '../errors.js';
import { fileDownload, type FileDownload } from '../file-download.js';
import { FILES_MAX_BYTES, FILES_MAX_PER_CALL } from '../file-limits.js';
import {
  openableFile,
  type FileSource,
  type FileSourceOptions,
  type OpenableFile,
} from '../file-source.js';
import type { StreamedResponse } from '../http.js';
import { multipartBody } from '../multipart-body.js';

/** A file stored in ZFS: its encrypted id (what file and image upload fields take) and name. */
export interface UploadedFile {
  readonly id: string;
  readonly name: string;
}

/** One file of `uploadMany`: a source, with a name and type where the source carries none. */
export interface FileToUpload extends FileSourceOptions {
  readonly source: FileSource;
}

export interface FilesUploadOptions {
  /** `type=inline`: an image to show inline (in an email or a rich text field). */
  inline?: boolean;
  signal?: AbortSignal;
}

export class FilesResource {
  constructor(private readonly core: ZohoCore) {}

  /** Uploads one file, streamed from its source, and returns its encrypted id and name. */
  async upload(
    source: FileSource,
    options?: FileSourceOptions & FilesUploadOptions,
  ): Promise<UploadedFile> {
    const [file] = await this.uploadMany([{ ...options, source }], options);
    return file!;
  }

  /** Uploads up to 10 files in one call (Zoho's limit); one result per file, in order. */
  async uploadMany(
    files: readonly FileToUpload[],
    options?: FilesUploadOptions,
  ): Promise<UploadedFile[]> {
    const operation = 'uploadFiles';
    if (files.length === 0 || files.length > FILES_MAX_PER_CALL)
      throw new TypeError(
        `files.uploadMany: give 1 to ${FILES_MAX_PER_CALL} files per call (Zoho's limit), got ${files.length}`,
      );
    const opened: OpenableFile[] = [];
    for (const f of files) {
      const file = await openableFile(f.source, f, 'files.upload');
      checkSize(file, FILES_MAX_BYTES, operation);
      opened.push(file);
    }
    const body = await this.core.request<unknown>({
      method: 'POST',
      path: '/crm/v8/files',
      query: { type: options?.inline === true ? 'inline' : undefined },
      body: multipartBody(opened.map((file) => ({ name: 'file', file }))),
      operation,
      ...signalOf(options),
    });
    const results = actionResults(body, operation);
    if (results.length !== opened.length)
      throw new ZohoApiError({
        code: 'UNEXPECTED_RESPONSE',
        message: `sent ${opened.length} files, Zoho answered ${results.length} results`,
        operation,
        body,
      });
    return results.map((r, i) => {
      const id = r.details['id'];
      if (typeof id !== 'string')
        throw new ZohoApiError({
          code: 'UNEXPECTED_RESPONSE',
          message: 'no file id in the answer',
          operation,
          body,
        });
      const name = r.details['name'];
      return { id, name: typeof name === 'string' ? name : opened[i]!.fileName };
    });
  }

  /** A file by its encrypted id, as a stream with its name; NotFoundError when no file has that id. */
  async get(id: string, options?: { signal?: AbortSignal }): Promise<FileDownload> {
    const operation = 'getFile';
    const res = await this.core.request<StreamedResponse | undefined>({
      method: 'GET',
      path: '/crm/v8/files',
      query: { id },
      operation,
      responseType: 'stream',
      ...signalOf(options),
    });
    if (res === undefined)
      throw new NotFoundError({
        status: 204,
        code: 'NO_CONTENT',
        message: `no file with id ${id}`,
        operation,
      });
    return fileDownload(res);
  }
}

/** A Zoho action result (`{ code, details, message, status }`), details always an object. */
export interface ActionResult {
  readonly code: string;
  readonly message: string;
  readonly status: string;
  readonly details: Record<string, unknown>;
}

/**
 * The `data` results of an upload or delete; a result whose status is not `success` throws as the
 * ZohoApiError of its code, so a call that answered 200 with an error inside does not pass for a success.
 */
export function actionResults(body: unknown, operation: string): ActionResult[] {
  const data = isRecord(body) ? body['data'] : undefined;
  const list = Array.isArray(data) ? data : isRecord(body) && 'code' in body ? [body] : [];
  return list.map((entry: unknown) => {
    const r = isRecord(entry) ? entry : {};
    const result: ActionResult = {
      code: typeof r['code'] === 'string' ? r['code'] : 'UNKNOWN',
      message: typeof r['message'] === 'string' ? r['message'] : '',
      status: typeof r['status'] === 'string' ? r['status'] : '',
      details: isRecord(r['details']) ? r['details'] : {},
    };
    if (result.status !== 'success')
      throw ZohoApiError.from(
        400,
        { code: result.code, message: result.message, details: result.details },
        operation,
      );
    return result;
  });
}

/** Refuses, before sending a byte, a file whose size is known to be over Zoho's limit. */
export function checkSize(file: OpenableFile, max: number, operation: string): void {
  if (file.size !== undefined && file.size > max)
    throw new ValidationError({
      code: 'FILE_SIZE_MORE_THAN_ALLOWED_SIZE',
      message: `${file.fileName} is ${file.size} bytes; Zoho takes at most ${max} bytes here`,
      details: { file_name: file.fileName, size: file.size, maximum_size: max },
      operation,
    });
}
