/**
 * The record photo (v8 "Record Photo": upload-photo.html, download-photo.html, delete-photo.html): multipart
 * `file`, an image (JPG, JPEG, PNG, GIF, BMP) of at most 10 MB; the download answers 204 when the record has
 * none. The image streams to disk as it arrives and back as it is read (receive-files.ts, file-blobs.ts).
 */
import { PHOTO_MAX_BYTES } from '../templates/runtime/file-limits.ts';
import type { Context } from './context.ts';
import { error, errors, json, noContent } from './envelopes.ts';
import { receiveFiles } from './receive-files.ts';
import { recordModule } from './records-common.ts';
import type { ApiRequest, ApiResponse } from './types.ts';

function photoTarget(req: ApiRequest, ctx: Context): string | ApiResponse {
  const m = recordModule(req, ctx.state);
  if (!m.ok) return m.response;
  const id = req.params['id'] ?? '';
  if (!ctx.state.store.get(m.index.apiName, id))
    return error(400, 'INVALID_DATA', 'the related id given seems to be invalid', {
      id,
      resource_path_index: 1,
    });
  return `${m.index.apiName}:${id}`;
}

export function getRecordPhoto(req: ApiRequest, ctx: Context): ApiResponse {
  const key = photoTarget(req, ctx);
  if (typeof key !== 'string') return key;
  const photo = ctx.state.photos.get(key);
  if (!photo) return noContent;
  return { status: 200, file: photo.blob, contentType: photo.contentType };
}

export async function uploadRecordPhoto(req: ApiRequest, ctx: Context): Promise<ApiResponse> {
  const key = photoTarget(req, ctx);
  if (typeof key !== 'string') return key;
  const got = await receiveFiles(req, ctx, {
    fileField: 'file',
    maxBytes: PHOTO_MAX_BYTES,
    maxFiles: 1,
    tooLarge: () =>
      error(400, 'FILE_SIZE_MORE_THAN_ALLOWED_SIZE', 'The file size exceeds the allowed limit', {
        maximum_size: PHOTO_MAX_BYTES,
      }),
  });
  if ('status' in got) return got;
  const file = got.files[0];
  if (!file) return errors.requiredParam('file');
  if (!file.contentType.startsWith('image/')) {
    await ctx.state.blobs.remove(file.blob);
    return error(400, 'INVALID_DATA', 'invalid data', {
      param_name: 'file',
      supported_types: ['jpg', 'jpeg', 'png', 'gif', 'bmp'],
    });
  }
  await ctx.state.blobs.remove(ctx.state.photos.get(key)?.blob);
  ctx.state.photos.set(key, { blob: file.blob, contentType: file.contentType });
  return json(200, {
    code: 'SUCCESS',
    details: {},
    message: 'photo uploaded successfully',
    status: 'success',
  });
}

export async function deleteRecordPhoto(req: ApiRequest, ctx: Context): Promise<ApiResponse> {
  const key = photoTarget(req, ctx);
  if (typeof key !== 'string') return key;
  const photo = ctx.state.photos.get(key);
  if (!photo) return error(400, 'INVALID_DATA', 'the record has no photo', {});
  ctx.state.photos.delete(key);
  await ctx.state.blobs.remove(photo.blob);
  return json(200, { code: 'SUCCESS', details: {}, message: 'Photo deleted', status: 'success' });
}
