/**
 * Zoho's rules for a bulk-write input file, checked before the upload so a bad file fails here, with a
 * message naming the file at fault, rather than at Zoho after the bytes crossed the network.
 *
 * Zoho CRM v8 "Upload File" (zoho.com/crm/developer/docs/api/v8/bulk-write/upload-file.html) and "Bulk Write
 * – Limitations" (…/bulk-write/limitations.html):
 * - the file is a ZIP holding CSV files (else INVALID_FILE_FORMAT, HTTP 400);
 * - at most 25 MB (else FILE_TOO_LARGE, HTTP 413); a CSV of at most 25 MB;
 * - a module without subforms (Leads, Contacts, a custom module): exactly one CSV in the zip — "when you zip
 *   more than one CSV file, the system throws an error";
 * - a parent module with subform, line-item or multi-select lookup modules: one CSV per module, zipped together.
 *
 * Only the zip's central directory is read (names and sizes); nothing is inflated.
 */

/** Largest upload and largest CSV Zoho takes for a bulk write: 25 MB. The emulator enforces the same figure. */
export const BULK_WRITE_MAX_BYTES = 25 * 1024 * 1024;

export interface ZipDirectoryEntry {
  readonly name: string;
  /** Bytes once inflated, as the central directory records it (0xffffffff: a zip64 entry, 4 GB or more). */
  readonly size: number;
}

/** A file that breaks one of Zoho's rules: Zoho's own error code for it, and what to do. */
export interface BulkWriteFileProblem {
  readonly code: 'INVALID_FILE_FORMAT' | 'FILE_TOO_LARGE';
  readonly message: string;
}

export interface BulkWriteFileOptions {
  /**
   * The zip holds a parent module's CSV with its subform / multi-select lookup modules' CSVs, so more than
   * one CSV is allowed. Default false: one CSV, as Zoho requires for a module without subforms.
   */
  readonly parentChild?: boolean;
}

/** The first broken rule, or undefined when the zip may be uploaded. */
export function checkBulkWriteZip(
  zip: Uint8Array,
  options: BulkWriteFileOptions = {},
): BulkWriteFileProblem | undefined {
  if (zip.byteLength > BULK_WRITE_MAX_BYTES) {
    return {
      code: 'FILE_TOO_LARGE',
      message: `the zip is ${megabytes(zip.byteLength)}; Zoho takes at most 25 MB per bulk-write upload — split the records into several files, one job each`,
    };
  }
  const entries = listZipDirectory(zip);
  if (entries === undefined) {
    return {
      code: 'INVALID_FILE_FORMAT',
      message:
        'the file is not a zip archive (no zip directory at its end); Zoho takes the CSV compressed into a .zip',
    };
  }
  const csv = entries.filter((e) => e.name.toLowerCase().endsWith('.csv'));
  const other = entries.filter((e) => !e.name.toLowerCase().endsWith('.csv'));
  if (other.length > 0) {
    return {
      code: 'INVALID_FILE_FORMAT',
      message: `the zip holds ${names(other)}, which ${other.length === 1 ? 'is' : 'are'} not CSV; Zoho takes only .csv files in a bulk-write zip`,
    };
  }
  if (csv.length === 0) {
    return { code: 'INVALID_FILE_FORMAT', message: 'the zip holds no .csv file' };
  }
  if (csv.length > 1 && options.parentChild !== true) {
    return {
      code: 'INVALID_FILE_FORMAT',
      message: `the zip holds ${csv.length} CSV files (${names(csv)}); Zoho takes exactly one CSV per zip for a module without subforms — upload one zip per CSV, or pass { parentChild: true } when they are a parent module's CSV with its subform or multi-select lookup modules' CSVs`,
    };
  }
  const big = csv.find((e) => e.size > BULK_WRITE_MAX_BYTES);
  if (big !== undefined) {
    return {
      code: 'FILE_TOO_LARGE',
      message: `${JSON.stringify(big.name)} is ${megabytes(big.size)} unzipped; Zoho takes CSV files of at most 25 MB — split the records into several files, one job each`,
    };
  }
  return undefined;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;

/** The file entries (directories left out) of a zip's central directory; undefined when it has none. */
export function listZipDirectory(zip: Uint8Array): ZipDirectoryEntry[] | undefined {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  // The end record is 22 bytes plus a comment of up to 65535, at the very end of the file.
  const lowest = Math.max(0, zip.byteLength - 22 - 0xffff);
  let end = zip.byteLength - 22;
  while (end >= lowest && view.getUint32(end, true) !== END_OF_DIRECTORY) end--;
  if (end < lowest) return undefined;
  const count = view.getUint16(end + 10, true);
  const decoder = new TextDecoder();
  const out: ZipDirectoryEntry[] = [];
  for (let at = view.getUint32(end + 16, true), n = 0; n < count; n++) {
    if (at + 46 > zip.byteLength || view.getUint32(at, true) !== DIRECTORY_ENTRY) return undefined;
    const nameLength = view.getUint16(at + 28, true);
    const name = decoder.decode(zip.subarray(at + 46, at + 46 + nameLength));
    if (!name.endsWith('/')) out.push({ name, size: view.getUint32(at + 24, true) });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return out;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function names(entries: readonly ZipDirectoryEntry[]): string {
  const shown = entries.slice(0, 5).map((e) => JSON.stringify(e.name));
  return entries.length > 5
    ? `${shown.join(', ')} and ${entries.length - 5} more`
    : shown.join(', ');
}
