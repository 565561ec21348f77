/**
 * The shapes every org's record types are built from, declared once: lookups, files, JSON values, and
 * the mapped types that carry a module's `<Name>Record` (one property per field, each with its JSDoc) to
 * its create and update inputs. A generated module file lists its fields once and names which of them
 * an input leaves out or requires; everything else is here (DESIGN.md, "emit": types grow with the
 * org's fields and nothing else).
 *
 * Zoho facts (v8 "Get Records", "Insert Records", "Upload files to ZFS"): empty fields read as `null` and
 * `null` clears a field on update; lookups read as `{ name, id }` and are written as `{ id }`; file upload
 * fields read as file objects and are written with the `file_id` the ZFS upload (POST /crm/v8/files) returns.
 */

/**
 * A module's fields as read: each may be absent (not asked for in `fields`) or `null` (empty in Zoho). A
 * generated `<Name>Record` extends this over its fields' value types, each written once: written out on
 * every field, `?` and `| null` were three of the fifteen syntax nodes a field costs, which every editor
 * parses, binds and keeps in memory on opening the project. The mapping keeps each field's declaration, so
 * the editor shows its JSDoc on the record and on the inputs as before.
 */
export type AsRead<Fields> = { [P in keyof Fields]+?: Fields[P] | null };

/**
 * A picklist's values, written as one string: `Picklist<"-None-|Cold|Warm|Hot">` is `"-None-" | "Cold" | "Warm" |
 * "Hot"`. The generated types write picklists this way because an editor and tsc parse every field of the org
 * on opening a project, and a union costs two syntax nodes per value; the split is computed only for the fields
 * a program uses. The generator writes a union instead where a value contains `|` or the picklist is very long.
 */
export type Picklist<
  Values extends string,
  Parsed = never,
> = Values extends `${infer Value}|${infer Rest}`
  ? Picklist<Rest, Parsed | Value>
  : Parsed | Values;

/** What every record has, whatever its module or its fields' metadata say. */
export interface RecordId {
  /** Record id (a long integer, as a string). */
  id: string;
}

/** Any JSON object (address, consent, reminders, multi-module lookups, …). */
export interface JsonObject {
  [key: string]: unknown;
}

/** A lookup, owner lookup or user lookup as read: the linked record's (or user's) id and display name. */
export interface Lookup {
  /** Id of the linked record (or user). */
  id: string;
  /** Display name of the linked record (or user). */
  name?: string;
  [key: string]: unknown;
}

/** A lookup as written: the id of the record (or user) to link. */
export interface LookupInput {
  /** Id of the record (or user) to link. */
  id: string;
  /** Ignored on write; accepted so a record read can be written back. */
  name?: string;
}

/** A file attached to a file upload or image upload field, as Zoho returns it. */
export interface FileAttachment {
  id?: string;
  /** Encrypted id of the file in ZFS. */
  File_Id__s?: string;
  File_Name__s?: string;
  Size__s?: string | number;
  attachment_id?: string;
  [key: string]: unknown;
}

/** Attach a file uploaded to ZFS (POST /crm/v8/files) by `file_id`, or remove one: `{ attachment_id, _delete: null }`. */
export interface FileUploadInput {
  /** Encrypted id returned by the ZFS upload. */
  file_id?: string;
  /** Id of an attached file (to remove it). */
  attachment_id?: string;
  /** Send `null` with `attachment_id` to remove that file. */
  _delete?: null;
}

/** Attach an image uploaded to ZFS by `Encrypted_Id`, or remove one: `{ id, _delete: null }`. */
export interface ImageUploadInput {
  /** Encrypted id returned by the ZFS upload. */
  Encrypted_Id?: string;
  /** Id of an attached image (to remove or describe it). */
  id?: string;
  Description__s?: string;
  /** Send `null` with `id` to remove that image. */
  _delete?: null;
}

/** A record of a module the org's snapshot does not describe (a related list into a module not pulled). */
export interface GenericRecord {
  id: string;
  [field: string]: unknown;
}

/** How a value read from a field is written: lookups as `{ id }`, attached files by `file_id`; the rest as read. */
export type WriteShape<V> = V extends Lookup
  ? LookupInput
  : V extends readonly FileAttachment[]
    ? FileUploadInput[]
    : V;

/** The write type of field P: an override from W (subform and linking rows, images), else WriteShape of its read type. */
type WriteOf<R, P extends keyof R, W> = P extends keyof W ? W[P] : WriteShape<NonNullable<R[P]>>;

// Declared with `K extends keyof R` (as the standard Pick is) so each property keeps its declaration in R:
// the editor shows a field's JSDoc on the input exactly as on the record.
type RequiredFields<R, K extends keyof R, W> = { -readonly [P in K]-?: WriteOf<R, P, W> };
type OptionalFields<R, K extends keyof R, W> = { -readonly [P in K]+?: WriteOf<R, P, W> | null };

/**
 * A record to create: `Required` fields must be given (and not null); every other field may be, except
 * `Excluded` (`id`, read-only fields, those not creatable through the API). `W` holds the write types of
 * fields written differently from how they read (subform and linking rows, images). The generated code names
 * the few fields an input leaves out rather than listing the many it takes: on a 200-field module the list was
 * two thirds of the module's text, which every editor parses on opening the project. The inputs are interfaces
 * extending this type, so the Exclude below is computed only where an input's members are needed (a create
 * call being checked), once per module.
 */
export type CreateInput<
  R,
  Required extends keyof R,
  Excluded extends keyof R,
  W = {},
> = RequiredFields<R, Required, W> & OptionalFields<R, Exclude<keyof R, Required | Excluded>, W>;

/** A record's changes: any field but `Excluded` (`id` outside subforms, the fields not updatable); `null` clears a field. */
export type UpdateInput<R, Excluded extends keyof R, W = {}> = OptionalFields<
  R,
  Exclude<keyof R, Excluded>,
  W
>;

// The generated `<Name>Fields` state only the query kinds a field's type does not imply; the mapped type
// that completes them is the query builders'.
export type { QueryFields } from './query/schema-types.js';
