/**
 * What hangs off one record besides its fields: its notes, its attachments, its photo, and the files of
 * its file and image upload fields. Typed once here over the org's module map (the `Notes` module's own
 * types when the org has one) and reached through ModuleResource (`crm.leads.notesOf(id)`,
 * `crm.leads.attachmentsOf(id)`, `crm.leads.photoOf(id)`, `crm.projects.uploadToField(id, 'Brief', src)`).
 *
 * Files go both ways as streams: an upload reads its source (a path, a Blob, a stream) as it sends it, a
 * download hands back the response body unread (file-download.ts) — no whole file is held in memory.
 *
 * Zoho v8 pages: "Get Notes", "Create Notes", "Update Notes", "Delete Notes" (get-notes.html, …);
 * "Attachments" (get-attachments.html, upload-attachment.html — multipart `file`, or `attachmentUrl` with
 * an optional `title`, never both; download-attachments.html; delete-attachments.html);
 * "Record Photo" (upload-photo.html, download-photo.html, delete-photo.html — multipart `file`).
 */
import { writeInChunks, type WriteResult } from './batching.js';
import { orEmpty, signalOf } from './call-options.js';
import type { CoreRequest, ZohoCore } from './core.js';
import { ZohoApiError } from './errors.js';
import { fileDownload, type FileDownload } from './file-download.js';
import { ATTACHMENT_MAX_BYTES, PHOTO_MAX_BYTES } from './file-limits.js';
import { openableFile, type FileSource, type FileSourceOptions } from './file-source.js';
import type { StreamedResponse } from './http.js';
import { multipartBody } from './multipart-body.js';
import { listPage } from './list-page.js';
import { firstCursor, paginate, type PageCursor, type RecordPage } from './pagination.js';
import type { FileUploadInput, ImageUploadInput, JsonObject } from './record-types.js';
import { actionResults, checkSize, type FilesResource } from './resources/files.js';

/**
 * A note as read when the org's snapshot has no `Notes` module (Zoho's documented fields, v8 "Get Notes").
 */
export interface GenericNote {
  id: string;
  Note_Title?: string | null;
  Note_Content?: string | null;
  /** The record the note belongs to: `{ module: { api_name, id }, id, name }`. */
  Parent_Id?: JsonObject | null;
  Owner?: { id: string; name?: string } | null;
  Created_Time?: string;
  Modified_Time?: string;
  [field: string]: unknown;
}

/** A note to add to a record when the org has no `Notes` module: Note_Content is required. */
export interface GenericNoteInput {
  Note_Title?: string | null;
  Note_Content: string;
}

/** A note's changes when the org has no `Notes` module. */
export interface GenericNoteUpdate {
  Note_Title?: string | null;
  Note_Content?: string | null;
}

/**
 * The note types of an org: its `Notes` module's record, create and update types when the module map has
 * one (`Parent_Id` left out of create: the record's path gives it), else the generic shapes above.
 */
export type NoteTypesOf<TMap> = TMap extends {
  readonly Notes: {
    readonly record: infer R extends { id: string };
    readonly create: infer C extends object;
    readonly update: infer U extends object;
  };
}
  ? { record: R; create: Omit<C, 'Parent_Id' | '$se_module'>; update: U }
  : { record: GenericNote; create: GenericNoteInput; update: GenericNoteUpdate };

/** List parameters of notes and attachments: `fields` to return (mandatory in v8), paging. */
export interface FileListParams<F extends string> {
  fields: readonly F[];
  /** 1–200, default 200. */
  perPage?: number;
  page?: number;
  pageToken?: string;
  signal?: AbortSignal;
}

/** The notes of one record. */
export class RecordNotes<N extends { record: { id: string }; create: object; update: object }> {
  private readonly path: string;
  constructor(
    private readonly core: ZohoCore,
    private readonly module: string,
    private readonly recordId: string,
  ) {
    this.path = recordPath(module, recordId, 'Notes');
  }

  /** One page of the record's notes (GET /crm/v8/{module}/{id}/Notes); none gives `{ data: [], info }`. */
  async list<F extends keyof N['record'] & string>(
    params: FileListParams<F>,
  ): Promise<RecordPage<Pick<N['record'], F | 'id'>>> {
    return orEmpty(await this.page<Pick<N['record'], F | 'id'>>(params, firstCursor(params)));
  }

  /** Every note of the record, page by page. */
  iterate<F extends keyof N['record'] & string>(
    params: FileListParams<F>,
  ): AsyncIterable<Pick<N['record'], F | 'id'>> {
    return paginate((cursor) => this.page<Pick<N['record'], F | 'id'>>(params, cursor), {
      perPage: params.perPage ?? 200,
      page: params.page,
      pageToken: params.pageToken,
    });
  }

  /** Adds notes to the record (POST /crm/v8/{module}/{id}/Notes), 100 per call; one result per note. */
  create(
    notes: readonly N['create'][],
    options?: { signal?: AbortSignal },
  ): Promise<WriteResult<N['create']>[]> {
    return writeInChunks(notes, (chunk) =>
      this.core.request({
        method: 'POST',
        path: this.path,
        body: { data: chunk },
        operation: 'createRecordNotes',
        idempotent: false,
        ...signalOf(options),
      }),
    );
  }

  /**
   * Changes notes of this record by id (PUT /crm/v8/{module}/{id}/Notes), 100 per call; a note of another
   * record fails with INVALID_DATA in its own result.
   */
  update(
    notes: readonly (N['update'] & { id: string })[],
    options?: { signal?: AbortSignal },
  ): Promise<WriteResult<N['update'] & { id: string }>[]> {
    return writeInChunks(notes, (chunk) =>
      this.core.request({
        method: 'PUT',
        path: this.path,
        body: { data: chunk },
        operation: 'updateRecordNotes',
        ...signalOf(options),
      }),
    );
  }

  /** Deletes notes by id (DELETE /crm/v8/Notes?ids=…), 100 per call; one result per id. */
  delete(
    ids: readonly string[],
    options?: { signal?: AbortSignal },
  ): Promise<WriteResult<string>[]> {
    return writeInChunks(ids, (chunk) =>
      this.core.request({
        method: 'DELETE',
        path: '/crm/v8/Notes',
        query: { ids: chunk },
        operation: 'deleteNotes',
        ...signalOf(options),
      }),
    );
  }

  private page<R>(
    params: FileListParams<string>,
    cursor: PageCursor,
  ): Promise<RecordPage<R> | undefined> {
    return listPage<R>(
      this.core,
      this.path,
      'listRecordNotes',
      `${this.module}.notesOf(${this.recordId}).list`,
      params,
      cursor,
    );
  }
}

/** An attachment as listed (v8 "Get Attachments"): a file, or a link (`$type` "Link URL", `$link_url`). */
export interface AttachmentInfo {
  id: string;
  File_Name?: string;
  /** Bytes, as Zoho sends it (a string). */
  Size?: string;
  Created_Time?: string;
  Modified_Time?: string;
  Owner?: { id: string; name?: string } | null;
  Created_By?: { id: string; name?: string } | null;
  Parent_Id?: JsonObject | null;
  $file_id?: string;
  $type?: string;
  $link_url?: string | null;
  [field: string]: unknown;
}

/** What an upload answered: the new attachment's id and Zoho's details (Created_Time, Created_By, …). */
export interface UploadResult {
  readonly id: string;
  readonly details: Record<string, unknown>;
}

/** The attachments of one record. */
export class RecordAttachments {
  private readonly path: string;
  private readonly what: string;
  constructor(
    private readonly core: ZohoCore,
    module: string,
    recordId: string,
  ) {
    this.path = recordPath(module, recordId, 'Attachments');
    this.what = `${module}.attachmentsOf(${recordId})`;
  }

  /** One page of the record's attachments (GET …/Attachments; `fields` is mandatory in v8). */
  async list<F extends keyof AttachmentInfo & string>(
    params: FileListParams<F>,
  ): Promise<RecordPage<Pick<AttachmentInfo, F | 'id'>>> {
    return orEmpty(
      await listPage<Pick<AttachmentInfo, F | 'id'>>(
        this.core,
        this.path,
        'listAttachments',
        `${this.what}.list`,
        params,
        firstCursor(params),
      ),
    );
  }

  /**
   * Attaches a file (multipart `file`), streamed from a path, a Blob or a stream. A path or a Blob may be
   * retried after a failure; a stream is sent once. A file known to be over 100 MB is refused unsent.
   */
  async upload(
    source: FileSource,
    options?: FileSourceOptions & { signal?: AbortSignal },
  ): Promise<UploadResult> {
    const operation = 'uploadAttachment';
    const file = await openableFile(source, options, `${this.what}.upload`);
    checkSize(file, ATTACHMENT_MAX_BYTES, operation);
    return firstUpload(
      await this.core.request<unknown>({
        method: 'POST',
        path: this.path,
        body: multipartBody([{ name: 'file', file }]),
        operation,
        ...signalOf(options),
      }),
      operation,
    );
  }

  /** Attaches a link (`attachmentUrl`; `title` defaults to the page's own title, as Zoho does). */
  async attachUrl(
    url: string,
    options?: { title?: string; signal?: AbortSignal },
  ): Promise<UploadResult> {
    const operation = 'uploadAttachment';
    const parts = [{ name: 'attachmentUrl', value: url }];
    if (options?.title !== undefined) parts.push({ name: 'title', value: options.title });
    return firstUpload(
      await this.core.request<unknown>({
        method: 'POST',
        path: this.path,
        body: multipartBody(parts),
        operation,
        ...signalOf(options),
      }),
      operation,
    );
  }

  /** Downloads an attachment as a stream, with its file name (Content-Disposition). */
  async download(attachmentId: string, options?: { signal?: AbortSignal }): Promise<FileDownload> {
    const res = await this.core.request<StreamedResponse | undefined>({
      method: 'GET',
      path: `${this.path}/${encodeURIComponent(attachmentId)}`,
      operation: 'downloadAttachment',
      responseType: 'stream',
      ...signalOf(options),
    });
    if (res === undefined)
      throw new ZohoApiError({
        status: 204,
        code: 'NO_CONTENT',
        message: `${this.what}: attachment ${attachmentId} has no content`,
        operation: 'downloadAttachment',
      });
    return fileDownload(res);
  }

  /** Deletes an attachment. */
  async delete(attachmentId: string, options?: { signal?: AbortSignal }): Promise<void> {
    const operation = 'deleteAttachment';
    actionResults(
      await this.core.request<unknown>({
        method: 'DELETE',
        path: `${this.path}/${encodeURIComponent(attachmentId)}`,
        operation,
        ...signalOf(options),
      }),
      operation,
    );
  }
}

/** The photo (record image) of one record. */
export class RecordPhoto {
  private readonly path: string;
  private readonly what: string;
  constructor(
    private readonly core: ZohoCore,
    module: string,
    recordId: string,
  ) {
    this.path = recordPath(module, recordId, 'photo');
    this.what = `${module}.photoOf(${recordId})`;
  }

  /** The photo as a stream, or undefined when the record has none (Zoho answers 204). */
  async get(options?: { signal?: AbortSignal }): Promise<FileDownload | undefined> {
    const res = await this.core.request<StreamedResponse | undefined>({
      method: 'GET',
      path: this.path,
      operation: 'getRecordPhoto',
      responseType: 'stream',
      ...signalOf(options),
    });
    return res === undefined ? undefined : fileDownload(res);
  }

  /** Replaces the photo (multipart `file`, an image of at most 10 MB), streamed from its source. */
  async upload(
    source: FileSource,
    options?: FileSourceOptions & { restrictTriggers?: 'workflow'; signal?: AbortSignal },
  ): Promise<void> {
    const operation = 'uploadRecordPhoto';
    const file = await openableFile(source, options, `${this.what}.upload`);
    checkSize(file, PHOTO_MAX_BYTES, operation);
    actionResults(
      await this.core.request<unknown>({
        method: 'POST',
        path: this.path,
        query: { restrict_triggers: options?.restrictTriggers },
        body: multipartBody([{ name: 'file', file }]),
        operation,
        ...signalOf(options),
      }),
      operation,
    );
  }

  /** Deletes the photo. */
  async delete(options?: { signal?: AbortSignal }): Promise<void> {
    const operation = 'deleteRecordPhoto';
    actionResults(
      await this.core.request<unknown>({
        method: 'DELETE',
        path: this.path,
        operation,
        ...signalOf(options),
      }),
      operation,
    );
  }
}

/** Fields of an update input written as files uploaded to ZFS by `file_id` (file upload fields). */
export type FileUploadField<TUpdate> = {
  [K in keyof TUpdate]-?: DeclaresKey<ElementOf<TUpdate[K]>, 'file_id'> extends true ? K : never;
}[keyof TUpdate] &
  string;

/** Fields of an update input written as images uploaded to ZFS by `Encrypted_Id` (image upload fields). */
export type ImageUploadField<TUpdate> = {
  [K in keyof TUpdate]-?: DeclaresKey<ElementOf<TUpdate[K]>, 'Encrypted_Id'> extends true
    ? K
    : never;
}[keyof TUpdate] &
  string;

/** The element type of an array field; `unknown` (no keys) for any other field. */
type ElementOf<V> = NonNullable<V> extends readonly (infer E)[] ? E : unknown;

/** Whether E declares `Key` itself — not through an index signature (JSON rows, generic records). */
type DeclaresKey<E, Key extends string> = string extends keyof E
  ? false
  : Key extends keyof E
    ? true
    : false;

/** How the uploaded file is written into the field: Zoho's write shape of each kind (v8 "Update Records"). */
export type FieldUploadKind = 'file' | 'image';

/**
 * Uploads a file through the Files API, then writes its id into a file or image upload field of the record
 * (`[{ file_id }]` or `[{ Encrypted_Id }]`; Zoho adds it to the files the field already holds). Returns the
 * uploaded file and the update's result; a failed update throws, naming the field.
 */
export async function uploadToField(
  core: ZohoCore,
  files: FilesResource,
  target: { module: string; recordId: string; field: string; kind: FieldUploadKind },
  source: FileSource,
  options: (FileSourceOptions & { signal?: AbortSignal }) | undefined,
): Promise<{ file: { id: string; name: string }; result: WriteResult<object> }> {
  const file = await files.upload(source, options);
  const value: FileUploadInput | ImageUploadInput =
    target.kind === 'file' ? { file_id: file.id } : { Encrypted_Id: file.id };
  const record = { id: target.recordId, [target.field]: [value] };
  const [result] = await writeInChunks([record], (chunk) =>
    core.request({
      method: 'PUT',
      path: `/crm/v8/${encodeURIComponent(target.module)}`,
      body: { data: chunk },
      operation: 'updateRecords',
      ...signalOf(options),
    }),
  );
  if (result === undefined || !result.ok)
    throw new ZohoApiError({
      code: result?.code ?? 'UNEXPECTED_RESPONSE',
      message: `${target.module}.${target.field} of ${target.recordId}: file ${file.id} was uploaded but not written into the field: ${result?.message ?? 'no result'}`,
      details: { ...result?.details, file_id: file.id },
      operation: 'updateRecords',
    });
  return { file, result };
}

function recordPath(module: string, recordId: string, tail: string): string {
  return `/crm/v8/${encodeURIComponent(module)}/${encodeURIComponent(recordId)}/${tail}`;
}

function firstUpload(body: unknown, operation: string): UploadResult {
  const [first] = actionResults(body, operation);
  const id = first?.details['id'];
  if (typeof id !== 'string')
    throw new ZohoApiError({
      code: 'UNEXPECTED_RESPONSE',
      message: 'no attachment id in the answer',
      operation,
      body,
    });
  return { id, details: first!.details };
}
