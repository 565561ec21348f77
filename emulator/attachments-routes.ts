/**
 * Attachments of a record (v8 "Attachments"): multipart upload (`file`) or `attachmentUrl` (with an optional
 * `title`; one or the other, never both — upload-attachment.html), list, download the bytes, delete.
 * Files are streamed to disk as they arrive and back as they are read (receive-files.ts, file-blobs.ts).
 */
import type { Context } from './context.ts';
import { ATTACHMENT_MAX_BYTES } from '../templates/runtime/file-limits.ts';
import { error, errors, json, noContent } from './envelopes.ts';
import { CURRENT_USER, userRef } from './org.ts';
import { contentDisposition, receiveFiles } from './receive-files.ts';
import { intParam, recordModule } from './records-common.ts';
import type { Attachment } from './state.ts';
import type { ApiRequest, ApiResponse } from './types.ts';

function parent(
  req: ApiRequest,
  ctx: Context,
): { module: string; id: string; name: string } | ApiResponse {
  const m = recordModule(req, ctx.state);
  if (!m.ok) return m.response;
  const id = req.params['id'] ?? '';
  const name = ctx.state.displayName(m.index.apiName, id);
  if (name === undefined)
    return error(400, 'INVALID_DATA', 'the related id given seems to be invalid', {
      id,
      resource_path_index: 1,
    });
  return { module: m.index.apiName, id, name };
}

function view(a: Attachment, parentName: string): Record<string, unknown> {
  const me = userRef(CURRENT_USER);
  return {
    File_Name: a.fileName,
    Size: String(a.blob?.size ?? 0),
    Created_Time: a.createdTime,
    Modified_Time: a.createdTime,
    Owner: me,
    Created_By: me,
    Modified_By: me,
    Parent_Id: { name: parentName, id: a.parentId },
    $file_id: `file_${a.id}`,
    $type: a.linkUrl === undefined ? 'Attachment' : 'Link URL',
    $link_url: a.linkUrl ?? null,
    $editable: true,
    $se_module: a.module,
    id: a.id,
  };
}

export function listAttachments(req: ApiRequest, ctx: Context): ApiResponse {
  const p = parent(req, ctx);
  if ('status' in p) return p;
  const pp = intParam(req, 'per_page', 200, 200);
  if (!pp.ok) return pp.response;
  const pg = intParam(req, 'page', 1, Number.MAX_SAFE_INTEGER);
  if (!pg.ok) return pg.response;
  const all = [...ctx.state.attachments.values()].filter(
    (a) => a.module === p.module && a.parentId === p.id,
  );
  const offset = (pg.value - 1) * pp.value;
  const page = all.slice(offset, offset + pp.value);
  if (page.length === 0) return noContent;
  const fields =
    req.query
      .get('fields')
      ?.split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '') ?? null;
  return json(200, {
    data: page.map((a) => {
      const v = view(a, p.name);
      if (!fields) return v;
      const out: Record<string, unknown> = { id: a.id };
      for (const f of fields) out[f] = v[f] ?? null;
      return out;
    }),
    info: {
      per_page: pp.value,
      count: page.length,
      page: pg.value,
      more_records: offset + pp.value < all.length,
    },
  });
}

export async function uploadAttachment(req: ApiRequest, ctx: Context): Promise<ApiResponse> {
  const p = parent(req, ctx);
  if ('status' in p) return p;
  const { state } = ctx;
  const got = await receiveFiles(req, ctx, {
    fileField: 'file',
    maxBytes: ATTACHMENT_MAX_BYTES,
    maxFiles: 1,
    tooLarge: () =>
      error(400, 'FILE_SIZE_MORE_THAN_ALLOWED_SIZE', 'The file size exceeds the allowed limit', {
        maximum_size: ATTACHMENT_MAX_BYTES,
      }),
  });
  if ('status' in got) return got;
  const file = got.files[0];
  const url = got.fields.get('attachmentUrl') ?? req.query.get('attachmentUrl');
  if (file !== undefined && url !== null && url !== undefined) {
    await state.blobs.remove(file.blob);
    return error(400, 'INVALID_DATA', 'give either a file or an attachmentUrl, not both', {
      param_name: 'attachmentUrl',
    });
  }
  if (file === undefined && (url === null || url === undefined))
    return errors.requiredParam('file');
  const id = state.store.ids.next();
  const now = state.now();
  const title = got.fields.get('title');
  state.attachments.set(id, {
    id,
    module: p.module,
    parentId: p.id,
    fileName: file?.fileName ?? title ?? url!.split('/').pop() ?? url!,
    contentType: file?.contentType ?? 'application/octet-stream',
    blob: file?.blob,
    ...(file === undefined ? { linkUrl: url! } : {}),
    createdTime: now,
  });
  const me = userRef(CURRENT_USER);
  return json(200, {
    data: [
      {
        code: 'SUCCESS',
        details: { Modified_Time: now, Modified_By: me, Created_Time: now, id, Created_By: me },
        message: 'attachment uploaded',
        status: 'success',
      },
    ],
  });
}

function attachmentOf(req: ApiRequest, ctx: Context): Attachment | ApiResponse {
  const p = parent(req, ctx);
  if ('status' in p) return p;
  const a = ctx.state.attachments.get(req.params['attachment'] ?? '');
  if (!a || a.parentId !== p.id)
    return error(400, 'INVALID_DATA', 'the related id given seems to be invalid', {
      id: req.params['attachment'] ?? '',
      resource_path_index: 3,
    });
  return a;
}

export function downloadAttachment(req: ApiRequest, ctx: Context): ApiResponse {
  const a = attachmentOf(req, ctx);
  if ('status' in a) return a;
  // A link has no bytes. Zoho's page does not say what it answers; the emulator refuses it as bad input.
  if (a.blob === undefined)
    return error(400, 'INVALID_DATA', 'the attachment is a link; it has no file to download', {
      id: a.id,
    });
  return {
    status: 200,
    file: a.blob,
    // Zoho serves attachment bytes as a generic download, whatever the file's own type.
    contentType: 'application/octet-stream',
    headers: { 'Content-Disposition': contentDisposition(a.fileName) },
  };
}

export async function deleteAttachment(req: ApiRequest, ctx: Context): Promise<ApiResponse> {
  const a = attachmentOf(req, ctx);
  if ('status' in a) return a;
  ctx.state.attachments.delete(a.id);
  await ctx.state.blobs.remove(a.blob);
  return json(200, {
    data: [
      { code: 'SUCCESS', details: { id: a.id }, message: 'record deleted', status: 'success' },
    ],
  });
}
