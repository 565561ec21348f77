/**
 * File upload and image upload fields on create and update (v8 "Insert Records" / "Update Records"): a file
 * is written as `[{ file_id }]` (file upload) or `[{ Encrypted_Id }]` (image upload) — the encrypted id the
 * Files API answered (files-routes.ts) — and read back as Zoho's file objects (`File_Name__s`, `File_Id__s`,
 * `Size__s`, `id`, `attachment_id`). An id the Files API never gave is INVALID_DATA, naming the field.
 * Zoho adds new files to those a field already holds; the emulator stores the list written.
 */
import { isObject } from './envelopes.ts';
import type { FieldRule } from './module-index.ts';
import { invalid, type Check, type ValidateContext } from './validate.ts';

/** What a field needs to know of a ZFS file. */
export interface ZfsFileRef {
  readonly id: string;
  readonly name: string;
  readonly blob: { readonly size: number };
}

export function checkFileField(
  rule: FieldRule,
  v: unknown,
  path: string,
  ctx: ValidateContext,
): Check {
  if (!Array.isArray(v)) return invalid(rule, path, 'jsonarray');
  const key = rule.dataType === 'imageupload' ? 'Encrypted_Id' : 'file_id';
  const out: Record<string, unknown>[] = [];
  for (const [i, item] of v.entries()) {
    if (!isObject(item)) return invalid(rule, `${path}[${i}]`, 'jsonobject');
    // `{ attachment_id | id, _delete: null }` removes a file: nothing to keep.
    if ('_delete' in item) continue;
    const ref = item[key];
    if (typeof ref !== 'string') {
      // A file object read back and written as it was: kept.
      if (typeof item['File_Id__s'] === 'string') out.push(item);
      else return invalid(rule, `${path}[${i}].${key}`, 'string');
      continue;
    }
    const file = ctx.zfsFile?.(ref);
    if (file === undefined) return invalid(rule, `${path}[${i}].${key}`, 'string', { id: ref });
    const id = ctx.newId?.() ?? file.id;
    out.push({
      id,
      attachment_id: id,
      File_Name__s: file.name,
      File_Id__s: file.id,
      Size__s: String(file.blob.size),
    });
  }
  return { ok: true, value: out };
}
