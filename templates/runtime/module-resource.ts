/**
 * Records of one module, typed by the org's generated types (Record, CreateInput, UpdateInput, and the
 * module's related lists: list API name → the record type of the module it holds).
 * Paths and parameters: Zoho CRM v8 "Get Records", "Get Record", "Insert/Update/Upsert/Delete Records",
 * "Search Records", "Record Count", "Get Deleted Records", "Related Records".
 */
import type { ActionOptions, ActionTarget } from './action-target.js';
import { writeInChunks, type WriteResult } from './batching.js';
import {
  getBlueprint,
  takeTransition,
  type BlueprintData,
  type RecordBlueprint,
} from './blueprint.js';
import type { CoreRequest, ZohoCore } from './core.js';
import { orEmpty, signalOf } from './call-options.js';
import { NotFoundError } from './errors.js';
import {
  conversionOptions,
  convertLead,
  massConvert,
  massConvertStatus,
  type ConversionOptions,
  type ConvertLeadInput,
  type ConvertLeadResult,
  type MassConvertInput,
  type MassConvertStatus,
} from './convert.js';
import { listPage, type ListParams } from './list-page.js';
import {
  firstCursor,
  paginate,
  type PageCursor,
  type PageInfo,
  type RecordPage,
} from './pagination.js';
import type { JsonObject } from './record-types.js';
import {
  changeOwner,
  massChangeOwnerView,
  massChangeOwnerStatus,
  cloneRecord,
  getRelatedRecord,
  listDeletedRelated,
  massChangeOwner,
  massUpdate,
  massUpdateStatus,
  massUpdateView,
  tagRecord,
  tagRecords,
  type ChangeOwnerOptions,
  type MassChangeOwnerViewOptions,
  type DeletedRelatedParams,
  type MassUpdateOptions,
  type MassUpdateStatus,
  type RecordTag,
  type TagOptions,
} from './record-actions.js';
import { sendMail, type MailInput } from './send-mail.js';
import {
  getSharing,
  revokeSharing,
  writeSharing,
  type RecordShare,
  type ShareInput,
  type ShareOptions,
  type ShareResult,
} from './sharing.js';
import { getTimeline, type TimelinePage, type TimelineParams } from './timeline.js';
import { compileCriteria, type SearchWhere } from './query/search-criteria.js';
import type { FileSource, FileSourceOptions } from './file-source.js';
import {
  RecordAttachments,
  RecordNotes,
  RecordPhoto,
  uploadToField,
  type FileUploadField,
  type ImageUploadField,
  type NoteTypesOf,
} from './record-files.js';
import { FilesResource } from './resources/files.js';

export type { PageInfo, RecordPage } from './pagination.js';
export type { ListParams } from './list-page.js';
export type { WriteResult } from './batching.js';

export interface SearchParams<F extends string, TFields = {}, TRecord = {}> {
  fields?: readonly F[];
  /** e.g. "((Last_Name:equals:Smith)and(Lead_Status:equals:Contacted))"; or use `where`. */
  criteria?: string;
  /**
   * Typed criteria (query/search-criteria.ts): fields, operators and values checked against the module,
   * values escaped as Zoho requires: `where: (w) => w.and([w('Last_Name', 'equals', "O'Brien"), …])`.
   */
  where?: SearchWhere<TFields, TRecord>;
  email?: string;
  phone?: string;
  word?: string;
  converted?: 'true' | 'false' | 'both';
  approved?: 'true' | 'false' | 'both';
  perPage?: number;
  page?: number;
  signal?: AbortSignal;
}

export interface WriteOptions {
  /** Automation to run: workflow, approval, blueprint (Zoho's `trigger`); default: Zoho's default. */
  trigger?: readonly ('workflow' | 'approval' | 'blueprint' | 'pathfinder' | 'orchestration')[];
  larId?: string;
  signal?: AbortSignal;
}

export interface DeletedRecord {
  id: string;
  display_name?: string;
  type?: 'recycle' | 'permanent';
  deleted_time?: string;
  deleted_by?: { id: string; name?: string } | null;
  created_by?: { id: string; name?: string } | null;
  [key: string]: unknown;
}

export interface DeletedPage {
  data: DeletedRecord[];
  info: PageInfo;
}

/** Zoho's per_page cap for list/search/related (v8 "Get Records"). */
export const MAX_PER_PAGE = 200;

/** One related list of one record: its first page, or every page. */
export interface RelatedRecords<R extends { id: string }> {
  /** One page (GET /crm/v8/{module}/{id}/{related_list}); rows typed to the fields asked for. */
  list<F extends keyof R & string>(params: ListParams<F>): Promise<RecordPage<Pick<R, F | 'id'>>>;
  /** Every page. */
  iterate<F extends keyof R & string>(params: ListParams<F>): AsyncIterable<Pick<R, F | 'id'>>;
  /** One record of the list by its id (GET …/{related_list}/{related_id}); NotFoundError when it is not in it. */
  get<F extends keyof R & string>(
    relatedId: string,
    params?: { fields?: readonly F[]; signal?: AbortSignal },
  ): Promise<Pick<R, F | 'id'>>;
  /** One page of the list's records that were deleted since (GET /{module}/deleted/{id}/{related_list}). */
  deleted<F extends keyof R & string>(
    params: DeletedRelatedParams<F>,
  ): Promise<RecordPage<Pick<R, F | 'id'> & { $member_info?: JsonObject }>>;
}

/**
 * `Args` for the Leads accessor, `[leadsOnly: never]` for any other module (conversion is a Leads action),
 * told by the module's API name (`TName`, which the generated client passes). A resource typed without a
 * name (`string`) takes `Args`; the runtime refuses other modules with a TypeError either way.
 */
export type LeadsOnly<TName extends string, Args extends unknown[]> = string extends TName
  ? Args
  : TName extends 'Leads'
    ? Args
    : [leadsOnly: never];

export class ModuleResource<
  TRecord extends { id: string },
  TCreate extends object,
  TUpdate extends object,
  TRelated extends { readonly [list: string]: { id: string } } = {
    readonly [list: string]: { id: string };
  },
  // The org's whole module map (module API name → {record, create, update, related}), for methods that
  // reach other modules' types (convert's Deals/Contacts/Accounts parts, notes as Notes records).
  TMap extends object = {},
  // The module's fields as queries see them (module map `fields`), for typed search criteria.
  TFields extends object = {},
  // The module's API name, for the actions only one module has (convert: Leads).
  TName extends string = string,
> {
  readonly apiName: string;
  protected readonly core: ZohoCore;
  private readonly base: string;

  constructor(core: ZohoCore, apiName: string) {
    if (typeof apiName !== 'string' || apiName === '')
      throw new TypeError('ModuleResource: apiName is required');
    this.core = core;
    this.apiName = apiName;
    this.base = `/crm/v8/${encodeURIComponent(apiName)}`;
  }

  /** One page of records (GET /crm/v8/{module}). An empty module gives `{data: [], info}`. */
  async list<F extends keyof TRecord & string>(
    params: ListParams<F>,
  ): Promise<RecordPage<Pick<TRecord, F | 'id'>>> {
    return orEmpty(
      await this.listPage<Pick<TRecord, F | 'id'>>(
        this.base,
        'listRecords',
        params,
        firstCursor(params),
      ),
    );
  }

  /** Every record, page by page (page numbers up to 2,000 records, then page_token). */
  iterate<F extends keyof TRecord & string>(
    params: ListParams<F>,
  ): AsyncIterable<Pick<TRecord, F | 'id'>> {
    const perPage = params.perPage ?? MAX_PER_PAGE;
    return paginate(
      (cursor) => this.listPage<Pick<TRecord, F | 'id'>>(this.base, 'listRecords', params, cursor),
      {
        perPage,
        page: params.page,
        pageToken: params.pageToken,
      },
    );
  }

  /** One record by id; NotFoundError when it does not exist. */
  async get<F extends keyof TRecord & string>(
    id: string,
    params?: { fields?: readonly F[]; signal?: AbortSignal },
  ): Promise<Pick<TRecord, F | 'id'>> {
    const req: CoreRequest = {
      method: 'GET',
      path: `${this.base}/${encodeURIComponent(id)}`,
      operation: 'getRecord',
    };
    if (params?.fields !== undefined) req.query = { fields: params.fields };
    if (params?.signal !== undefined) req.signal = params.signal;
    const body = await this.core.request<{ data?: Pick<TRecord, F | 'id'>[] } | undefined>(req);
    const row = body?.data?.[0];
    if (row === undefined) {
      throw new NotFoundError({
        status: 204,
        code: 'RECORD_NOT_FOUND',
        message: `no ${this.apiName} record with id ${id}`,
        operation: 'getRecord',
      });
    }
    return row;
  }

  /** Inserts any number of records, 100 per call; one result per record, in order. Never replayed blindly. */
  create(records: readonly TCreate[], options?: WriteOptions): Promise<WriteResult<TCreate>[]> {
    return writeInChunks(records, (chunk) =>
      this.core.request({
        method: 'POST',
        path: this.base,
        body: writeBody(chunk, options),
        operation: 'createRecords',
        idempotent: false,
        ...signalOf(options),
      }),
    );
  }

  /** Updates records by id, 100 per call (PUT — idempotent, so it may be replayed after a lost connection). */
  update(
    records: readonly (TUpdate & { id: string })[],
    options?: WriteOptions,
  ): Promise<WriteResult<TUpdate & { id: string }>[]> {
    return writeInChunks(records, (chunk) =>
      this.core.request({
        method: 'PUT',
        path: this.base,
        body: writeBody(chunk, options),
        operation: 'updateRecords',
        idempotent: true,
        ...signalOf(options),
      }),
    );
  }

  /** Inserts or updates by the duplicate-check fields, 100 per call (idempotent by design). */
  upsert(
    records: readonly TCreate[],
    options?: WriteOptions & { duplicateCheckFields?: readonly (keyof TCreate & string)[] },
  ): Promise<WriteResult<TCreate>[]> {
    return writeInChunks(records, (chunk) => {
      const body = writeBody(chunk, options);
      if (options?.duplicateCheckFields !== undefined)
        body['duplicate_check_fields'] = options.duplicateCheckFields;
      return this.core.request({
        method: 'POST',
        path: `${this.base}/upsert`,
        body,
        operation: 'upsertRecords',
        idempotent: true,
        ...signalOf(options),
      });
    });
  }

  /** Deletes by id, 100 ids per call; one result per id, in order. */
  delete(
    ids: readonly string[],
    options?: { wfTrigger?: boolean; signal?: AbortSignal },
  ): Promise<WriteResult<string>[]> {
    return writeInChunks(ids, (chunk) =>
      this.core.request({
        method: 'DELETE',
        path: this.base,
        query: { ids: chunk, wf_trigger: options?.wfTrigger },
        operation: 'deleteRecords',
        ...signalOf(options),
      }),
    );
  }

  /** One page of search results (GET /crm/v8/{module}/search); no match gives `{data: [], info}`. */
  async search<F extends keyof TRecord & string>(
    params: SearchParams<F, TFields, TRecord>,
  ): Promise<RecordPage<Pick<TRecord, F | 'id'>>> {
    return orEmpty(
      await this.searchPage<Pick<TRecord, F | 'id'>>(params, { page: params.page ?? 1 }),
    );
  }

  /** Every search result (Zoho caps search at 2,000 records; page numbers only). */
  searchAll<F extends keyof TRecord & string>(
    params: SearchParams<F, TFields, TRecord>,
  ): AsyncIterable<Pick<TRecord, F | 'id'>> {
    return paginate((cursor) => this.searchPage<Pick<TRecord, F | 'id'>>(params, cursor), {
      perPage: params.perPage ?? MAX_PER_PAGE,
      page: params.page,
      pageTokens: false,
    });
  }

  /** Number of records (GET /crm/v8/{module}/actions/count), optionally matching a criteria or search. */
  async count(params?: {
    criteria?: string;
    email?: string;
    phone?: string;
    word?: string;
    cvid?: string;
    signal?: AbortSignal;
  }): Promise<number> {
    const { signal, ...query } = params ?? {};
    const req: CoreRequest = {
      method: 'GET',
      path: `${this.base}/actions/count`,
      query,
      operation: 'countRecords',
    };
    if (signal !== undefined) req.signal = signal;
    const body = await this.core.request<{ count?: number } | undefined>(req);
    return typeof body?.count === 'number' ? body.count : 0;
  }

  /** Deleted records (recycle bin and/or permanently deleted). */
  async deleted(params?: {
    type?: 'all' | 'recycle' | 'permanent';
    page?: number;
    perPage?: number;
    signal?: AbortSignal;
  }): Promise<DeletedPage> {
    const req: CoreRequest = {
      method: 'GET',
      path: `${this.base}/deleted`,
      query: { type: params?.type, page: params?.page, per_page: params?.perPage },
      operation: 'listDeletedRecords',
    };
    if (params?.signal !== undefined) req.signal = params.signal;
    return orEmpty(await this.core.request<DeletedPage | undefined>(req));
  }

  /**
   * A related list of one record, by the list's API name (`crm.leads.related('Notes', id).list({ fields })`):
   * the names and row types come from the org's related-list metadata.
   */
  related<L extends keyof TRelated & string>(
    list: L,
    recordId: string,
  ): RelatedRecords<TRelated[L]> {
    const path = this.relatedPath(list, recordId);
    type R = TRelated[L];
    return {
      list: async <F extends keyof R & string>(params: ListParams<F>) => {
        return orEmpty(
          await this.listPage<Pick<R, F | 'id'>>(
            path,
            'listRelatedRecords',
            params,
            firstCursor(params),
          ),
        );
      },
      iterate: <F extends keyof R & string>(params: ListParams<F>) =>
        paginate(
          (cursor) => this.listPage<Pick<R, F | 'id'>>(path, 'listRelatedRecords', params, cursor),
          {
            perPage: params.perPage ?? MAX_PER_PAGE,
            page: params.page,
            pageToken: params.pageToken,
          },
        ),
      get: <F extends keyof R & string>(
        relatedId: string,
        params?: { fields?: readonly F[]; signal?: AbortSignal },
      ) => getRelatedRecord<Pick<R, F | 'id'>>(this.target, recordId, list, relatedId, params),
      deleted: <F extends keyof R & string>(params: DeletedRelatedParams<F>) =>
        listDeletedRelated<Pick<R, F | 'id'> & { $member_info?: JsonObject }>(
          this.target,
          recordId,
          list,
          params,
        ),
    };
  }

  // ── Record actions: thin calls into convert.ts, record-actions.ts, sharing.ts, blueprint.ts, timeline.ts
  //    and send-mail.ts, typed here once over the org's types (TUpdate, and TMap for other modules' types).

  /**
   * Converts a lead (Leads only) into a Contact, an Account (new from its Company, or `Accounts: {id}`) and,
   * with `Deals`, a Deal typed by the org's Deals create input; the ids of what it became.
   */
  convert(
    ...args: LeadsOnly<TName, [id: string, input?: ConvertLeadInput<TMap>, options?: ActionOptions]>
  ): Promise<ConvertLeadResult> {
    const [id, input, options] = args as [string, ConvertLeadInput<TMap>?, ActionOptions?];
    return convertLead(this.target, id, input, options);
  }

  /** Existing Contacts and Accounts matching a lead, to convert into (Leads only). */
  conversionOptions(
    ...args: LeadsOnly<TName, [id: string, options?: ActionOptions]>
  ): Promise<ConversionOptions> {
    const [id, options] = args as [string, ActionOptions?];
    return conversionOptions(this.target, id, options);
  }

  /** Converts up to 50 leads in one job (Leads only); poll massConvertStatus with its job id. */
  massConvert(
    ...args: LeadsOnly<
      TName,
      [ids: readonly string[], input?: MassConvertInput<TMap>, options?: ActionOptions]
    >
  ): Promise<{ jobId: string }> {
    const [ids, input, options] = args as [string[], MassConvertInput<TMap>?, ActionOptions?];
    return massConvert(this.target, ids, input, options);
  }

  massConvertStatus(
    ...args: LeadsOnly<TName, [jobId: string, options?: ActionOptions]>
  ): Promise<MassConvertStatus> {
    const [jobId, options] = args as [string, ActionOptions?];
    return massConvertStatus(this.target, jobId, options);
  }

  /** Sets the same value (one field; three in Deals) on records by id, 500 per call; one result per id. */
  massUpdate(
    ids: readonly string[],
    values: TUpdate,
    options?: MassUpdateOptions,
  ): Promise<WriteResult<string>[]> {
    return massUpdate(this.target, ids, values, options);
  }

  /** Sets the value on every record of a custom view, as a job; poll massUpdateStatus with its id. */
  massUpdateView(
    cvid: string,
    values: TUpdate,
    options?: MassUpdateOptions & { territory?: { id: string; include_child?: boolean } },
  ): Promise<{ jobId: string }> {
    return massUpdateView(this.target, cvid, values, options);
  }

  massUpdateStatus(jobId: string, options?: ActionOptions): Promise<MassUpdateStatus> {
    return massUpdateStatus(this.target, jobId, options);
  }

  /** A copy of the record (`overrides` replace copied values); the copy's id. */
  clone(id: string, overrides?: TUpdate, options?: ActionOptions): Promise<{ id: string }> {
    return cloneRecord(this.target, id, overrides, options);
  }

  changeOwner(id: string, ownerId: string, options?: ChangeOwnerOptions): Promise<void> {
    return changeOwner(this.target, id, ownerId, options);
  }

  /** Hands records to another user, 500 ids per call; one result per id. */
  massChangeOwner(
    ids: readonly string[],
    ownerId: string,
    options?: ChangeOwnerOptions,
  ): Promise<WriteResult<string>[]> {
    return massChangeOwner(this.target, ids, ownerId, options);
  }

  /** Hands every record of a custom view (up to 50,000) to another user, as a job; poll massChangeOwnerStatus. */
  massChangeOwnerView(
    cvid: string,
    ownerId: string,
    options?: MassChangeOwnerViewOptions,
  ): Promise<{ jobId: string }> {
    return massChangeOwnerView(this.target, cvid, ownerId, options);
  }

  /** A mass change owner job's counts (Status: SCHEDULED, IN PROGRESS or COMPLETED). */
  massChangeOwnerStatus(jobId: string, options?: ActionOptions): Promise<MassUpdateStatus> {
    return massChangeOwnerStatus(this.target, jobId, options);
  }

  /** Who the record is shared with. */
  sharing(id: string, params?: ActionOptions & { sharedTo?: string }): Promise<RecordShare[]> {
    return getSharing(this.target, id, params);
  }

  /** Shares the record with users, roles or groups; one result per entry. */
  share(
    id: string,
    entries: readonly ShareInput[],
    options?: ShareOptions,
  ): Promise<ShareResult[]> {
    return writeSharing(this.target, id, entries, 'POST', options);
  }

  /** Changes the access of existing shares; one result per entry. */
  updateSharing(
    id: string,
    entries: readonly ShareInput[],
    options?: ShareOptions,
  ): Promise<ShareResult[]> {
    return writeSharing(this.target, id, entries, 'PUT', options);
  }

  /** Revokes every share of the record. */
  unshare(id: string, options?: ActionOptions): Promise<void> {
    return revokeSharing(this.target, id, options);
  }

  /** The record's blueprint state and the transitions it can take now; null when it is in none. */
  blueprint(id: string, options?: ActionOptions): Promise<RecordBlueprint | null> {
    return getBlueprint(this.target, id, options);
  }

  /** Takes one blueprint transition, saving the fields it asks for (typed by the module's update input). */
  transition(
    id: string,
    transitionId: string,
    data?: BlueprintData<TUpdate>,
    options?: ActionOptions,
  ): Promise<void> {
    return takeTransition(this.target, id, transitionId, data, options);
  }

  /** A page of the record's timeline (GET …/{id}/__timeline). */
  timeline(id: string, params?: TimelineParams): Promise<TimelinePage> {
    return getTimeline(this.target, id, params);
  }

  /** Sends an email from the record; its message id. */
  sendMail(id: string, mail: MailInput, options?: ActionOptions): Promise<{ messageId: string }> {
    return sendMail(this.target, id, mail, options);
  }

  /** Adds tags (by name; new ones are created) to one record; its tags afterwards. */
  tag(id: string, names: readonly string[], options?: TagOptions): Promise<RecordTag[]> {
    return tagRecord(this.target, id, names, 'add', options);
  }

  /** Removes tags from one record; its tags afterwards. */
  untag(id: string, names: readonly string[], options?: ActionOptions): Promise<RecordTag[]> {
    return tagRecord(this.target, id, names, 'remove', options);
  }

  /** Adds tags to many records, 100 per call; one result per id. */
  tagMany(
    ids: readonly string[],
    names: readonly string[],
    options?: TagOptions,
  ): Promise<WriteResult<string>[]> {
    return tagRecords(this.target, ids, names, 'add', options);
  }

  /** Removes tags from many records, 100 per call; one result per id. */
  untagMany(
    ids: readonly string[],
    names: readonly string[],
    options?: ActionOptions,
  ): Promise<WriteResult<string>[]> {
    return tagRecords(this.target, ids, names, 'remove', options);
  }

  /** What the action helpers need of this resource. */
  private get target(): ActionTarget {
    return { core: this.core, apiName: this.apiName };
  }

  // ── Files on records (record-files.ts): notes, attachments, photo, file and image upload fields ──

  /** The record's notes: list / iterate / create / update / delete, typed by the org's `Notes` module. */
  notesOf(recordId: string): RecordNotes<NoteTypesOf<TMap>> {
    return new RecordNotes<NoteTypesOf<TMap>>(this.core, this.apiName, recordId);
  }

  /** The record's attachments: list, upload (path, Blob or stream), attachUrl, download (a stream), delete. */
  attachmentsOf(recordId: string): RecordAttachments {
    return new RecordAttachments(this.core, this.apiName, recordId);
  }

  /** The record's photo: get (a stream), upload, delete. */
  photoOf(recordId: string): RecordPhoto {
    return new RecordPhoto(this.core, this.apiName, recordId);
  }

  /**
   * Fills a file upload field in one call: uploads `source` through the Files API (crm.files), then writes
   * its id into `field` of the record. `field` must be one of the module's file upload fields.
   */
  uploadToField(
    recordId: string,
    field: FileUploadField<TUpdate>,
    source: FileSource,
    options?: FileSourceOptions & { signal?: AbortSignal },
  ): ReturnType<typeof uploadToField> {
    const target = { module: this.apiName, recordId, field, kind: 'file' as const };
    return uploadToField(this.core, new FilesResource(this.core), target, source, options);
  }

  /** As uploadToField, for an image upload field (written by `Encrypted_Id`). */
  uploadToImageField(
    recordId: string,
    field: ImageUploadField<TUpdate>,
    source: FileSource,
    options?: FileSourceOptions & { signal?: AbortSignal },
  ): ReturnType<typeof uploadToField> {
    const target = { module: this.apiName, recordId, field, kind: 'image' as const };
    return uploadToField(this.core, new FilesResource(this.core), target, source, options);
  }

  private relatedPath(relatedList: string, id: string): string {
    return `${this.base}/${encodeURIComponent(id)}/${encodeURIComponent(relatedList)}`;
  }

  private listPage<R>(
    path: string,
    operation: string,
    params: ListParams<string>,
    cursor: PageCursor,
  ): Promise<RecordPage<R> | undefined> {
    return listPage<R>(this.core, path, operation, `${this.apiName}.${operation}`, params, cursor);
  }

  private searchPage<R>(
    params: SearchParams<string, TFields, TRecord>,
    cursor: PageCursor,
  ): Promise<RecordPage<R> | undefined> {
    if (params.where !== undefined && params.criteria !== undefined) {
      return Promise.reject(
        new TypeError(`${this.apiName}.search: give criteria or where, not both`),
      );
    }
    let criteria = params.criteria;
    try {
      if (params.where !== undefined) criteria = compileCriteria(params.where);
    } catch (err) {
      return Promise.reject(err);
    }
    if (
      criteria === undefined &&
      params.email === undefined &&
      params.phone === undefined &&
      params.word === undefined
    ) {
      return Promise.reject(
        new TypeError(`${this.apiName}.search: give one of criteria, where, email, phone or word`),
      );
    }
    const req: CoreRequest = {
      method: 'GET',
      path: `${this.base}/search`,
      query: {
        fields: params.fields,
        criteria,
        email: params.email,
        phone: params.phone,
        word: params.word,
        converted: params.converted,
        approved: params.approved,
        per_page: params.perPage,
        page: cursor.page,
      },
      operation: 'searchRecords',
    };
    if (params.signal !== undefined) req.signal = params.signal;
    return this.core.request<RecordPage<R> | undefined>(req);
  }
}

function writeBody(
  records: readonly unknown[],
  options: WriteOptions | undefined,
): Record<string, unknown> {
  const body: Record<string, unknown> = { data: records };
  if (options?.trigger !== undefined) body['trigger'] = options.trigger;
  if (options?.larId !== undefined) body['lar_id'] = options.larId;
  return body;
}
