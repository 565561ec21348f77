/**
 * The Files API (Zoho File System): POST /crm/v8/files stores up to 10 multipart `file` parts of at most
 * 20 MB each and answers one `{ code, details: { name, id }, message, status }` per file; GET
 * /crm/v8/files?id=… sends a file back, 204 when no file has that id (v8 upload-files-to-zfs.html,
 * get-files.html). Ids are opaque encrypted strings in Zoho; here a random hex string. File and image upload
 * fields take them on create and update (file-fields.ts).
 */
import { randomBytes } from 'node:crypto';
import { FILES_MAX_BYTES, FILES_MAX_PER_CALL } from '../templates/runtime/file-limits.ts';
import type { Context } from './context.ts';
import { error, errors, json, noContent } from './envelopes.ts';
import { contentDisposition, receiveFiles } from './receive-files.ts';
import type { ApiRequest, ApiResponse } from './types.ts';

export async function uploadFiles(req: ApiRequest, ctx: Context): Promise<ApiResponse> {
  const type = req.query.get('type');
  if (type !== null && type !== 'inline') return errors.invalidParam('type');
  const got = await receiveFiles(req, ctx, {
    fileField: 'file',
    maxBytes: FILES_MAX_BYTES,
    maxFiles: FILES_MAX_PER_CALL,
    tooLarge: () =>
      error(400, 'FILE_SIZE_MORE_THAN_ALLOWED_SIZE', 'The file size exceeds the allowed limit', {
        maximum_size: FILES_MAX_BYTES,
      }),
  });
  if ('status' in got) return got;
  if (got.files.length === 0) return errors.requiredParam('file');
  const data = got.files.map((f) => {
    const id = randomBytes(24).toString('hex');
    ctx.state.zfsFiles.set(id, { id, name: f.fileName, contentType: f.contentType, blob: f.blob });
    return {
      code: 'SUCCESS',
      details: { name: f.fileName, id },
      message: 'file uploaded.',
      status: 'success',
    };
  });
  return json(200, { data });
}

export function getFile(req: ApiRequest, ctx: Context): ApiResponse {
  const id = req.query.get('id');
  if (id === null || id === '') return errors.requiredParam('id');
  const file = ctx.state.zfsFiles.get(id);
  if (!file) return noContent;
  return {
    status: 200,
    file: file.blob,
    contentType: file.contentType,
    headers: { 'Content-Disposition': contentDisposition(file.name) },
  };
}
