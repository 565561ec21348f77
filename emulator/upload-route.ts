/**
 * POST /crm/v8/upload — the bulk-write file upload (Zoho CRM v8 "Upload File",
 * zoho.com/crm/developer/docs/api/v8/bulk-write/upload-file.html). Zoho serves it from its upload host
 * (upload.zoho.com for every DC); the emulator serves it beside everything else, on its one origin.
 *
 * Checked as Zoho documents it: scope ZohoFiles.files.ALL (routes.ts); headers `X-CRM-ORG: <zgid>` (the org's
 * zgid from GET /crm/v8/org — not its `id`) and `feature: bulk-write`; a multipart `file` that is a zip of at
 * most 25 MB (FILE_TOO_LARGE, HTTP 413), holding one CSV (INVALID_FILE_FORMAT, HTTP 400). Zoho also takes
 * several CSVs for a parent module with its subform modules; the emulator does not import parent-child data,
 * so it keeps to one CSV per zip.
 */
import { BULK_WRITE_MAX_BYTES } from '../templates/runtime/bulk-write-file.ts';
import { BulkFileTooLargeError, unzipSingleFile } from './bulk-files.ts';
import type { Context } from './context.ts';
import { error, errors, json } from './envelopes.ts';
import { parseMultipart } from './multipart.ts';
import { ZGID } from './org.ts';
import type { ApiRequest, ApiResponse } from './types.ts';

const invalidFileFormat = (): ApiResponse =>
  error(400, 'INVALID_FILE_FORMAT', 'invalid file format. only zip format is supported');

export function uploadBulkWriteFile(req: ApiRequest, ctx: Context): ApiResponse {
  const org = req.headers['x-crm-org'];
  if (org === undefined) return errors.requiredParam('X-CRM-ORG');
  // The org's `id` is a common mistake for its zgid: refused like any other wrong value.
  if (org !== ZGID) return errors.invalidParam('X-CRM-ORG');
  if (req.headers['feature'] !== 'bulk-write') return errors.requiredParam('feature');
  const ct = req.headers['content-type'];
  const file = parseMultipart(req.body, typeof ct === 'string' ? ct : undefined)?.find(
    (p) => p.name === 'file',
  );
  if (!file) return errors.requiredParam('file');
  if (file.data.length > BULK_WRITE_MAX_BYTES)
    return error(413, 'FILE_TOO_LARGE', 'The file size is too large to process');
  let csv: string;
  let name: string;
  try {
    const f = unzipSingleFile(new Uint8Array(file.data));
    if (!f.name.toLowerCase().endsWith('.csv')) return invalidFileFormat();
    csv = new TextDecoder().decode(f.data);
    name = f.name;
  } catch (err) {
    // The zip's CSV inflates past 25 MB (a zip bomb, or just too much): Zoho's FILE_TOO_LARGE (bulk-files.ts).
    if (err instanceof BulkFileTooLargeError) return error(413, 'FILE_TOO_LARGE', 'The file size is too large to process');
    return invalidFileFormat();
  }
  const id = ctx.state.store.ids.next();
  const createdTime = ctx.state.now();
  ctx.bulk.files.set(id, { id, name, csv, createdTime });
  return json(200, {
    status: 'success',
    code: 'FILE_UPLOAD_SUCCESS',
    message: 'file uploaded.',
    details: { file_id: id, created_time: createdTime },
  });
}
