/**
 * Zoho's size limits on files, one place for the client (which refuses an upload it knows is too large
 * before sending a byte) and the emulator (which refuses it as Zoho does).
 */

/**
 * Files API (POST /crm/v8/files): at most 10 files per call, each at most 20 MB
 * (zoho.com/crm/developer/docs/api/v8/upload-files-to-zfs.html).
 */
export const FILES_MAX_BYTES = 20 * 1024 * 1024;
export const FILES_MAX_PER_CALL = 10;

/**
 * Record attachments (POST /crm/v8/{module}/{id}/Attachments): 100 MB, any type but .exe. The v8 page
 * (upload-attachment.html) states no figure; the v2 page of the same API does (v2/upload-attachment.html),
 * and v8 kept the API, so its figure is the one used here.
 */
export const ATTACHMENT_MAX_BYTES = 100 * 1024 * 1024;

/**
 * Record photo (POST /crm/v8/{module}/{id}/photo): an image (JPG, JPEG, PNG, GIF, BMP) of at most 10 MB, the
 * figure spec/paths/records.yaml carries for v8 "Upload Photo" (upload-photo.html). The v8 page was not in
 * the search corpus to re-check; the legacy API's uploadPhoto allowed 2 MB.
 */
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
