/** The runtime's public surface, re-exported for the generated client. */
export { ZohoCore, buildQuery } from './core.js';
export type { ClientOptions, CoreRequest, QueryValue, AuthOptions, HttpMethod } from './core.js';
export type {
  RefreshTokenAuth,
  ClientCredentialsAuth,
  AccessTokenAuth,
  CallbackAuth,
  TokenSource,
} from './auth.js';
export {
  DATA_CENTERS,
  DATA_CENTER_IDS,
  isDataCenter,
  isZohoApiDomain,
  uploadOrigin,
} from './data-centers.js';
export type { DataCenter, DataCenterHosts } from './data-centers.js';
export {
  ZohoApiError,
  AuthError,
  PermissionError,
  ScopeError,
  NotFoundError,
  ValidationError,
  RateLimitError,
  ServerError,
  NetworkError,
  TimeoutError,
  RequestAbortedError,
  TokenEndpointError,
  InvalidGrantError,
  InvalidClientError,
  TokenRateLimitError,
  CreditBudgetError,
  CoordinationError,
} from './errors.js';
export type { ZohoErrorInit } from './errors.js';
export { MemoryTokenStore, tokenStoreKey } from './token-store.js';
export { REFRESH_BEFORE_EXPIRY_MS } from './auth.js';
export type { TokenStore, StoredToken } from './token-store.js';
export { FileTokenStore } from './file-token-store.js';
export type {
  Hooks,
  RequestEvent,
  ResponseEvent,
  RetryEvent,
  RefreshEvent,
  ErrorEvent,
  CoordinationErrorEvent,
} from './hooks.js';
export { getSharedStatus } from './coordination.js';
export type {
  RedisOptions,
  RedisClientLike,
  CreditBudgetOptions,
  CostInput,
} from './coordination.js';
export type { SharedStatus, OrgStatus } from './redis/status.js';
export { defaultCreditCost, CREDIT_COSTS } from './credit-cost.js';
export { redactText, redactUrl, redactHeaders, redactJson, registerSecrets } from './redact.js';
export { Limiter } from './limiter.js';
export {
  decideRetry,
  backoffDelay,
  parseRetryAfter,
  parseRateLimitReset,
  DEFAULT_RETRY_POLICY,
} from './retry.js';
export type { RetryPolicy, RetryDecision, RetryInput, FailurePoint } from './retry.js';
export { paginate, nextCursor, PAGE_NUMBER_LIMIT } from './pagination.js';
export type { PageInfo, RecordPage, PageCursor, PaginateOptions } from './pagination.js';
export { writeInChunks, WRITE_CHUNK_SIZE } from './batching.js';
export type { WriteResult, ChunkOptions } from './batching.js';
export { ModuleResource, MAX_PER_PAGE } from './module-resource.js';
export type { RelatedRecords } from './module-resource.js';
export { createOrgClient } from './org-client.js';
export type { ClientResources, ClientServices, ModuleAccessors } from './org-client.js';
export type {
  AsRead,
  Picklist,
  RecordId,
  JsonObject,
  Lookup,
  LookupInput,
  FileAttachment,
  FileUploadInput,
  ImageUploadInput,
  GenericRecord,
  WriteShape,
  CreateInput,
  UpdateInput,
} from './record-types.js';
export type {
  ListParams,
  SearchParams,
  WriteOptions,
  DeletedPage,
  DeletedRecord,
} from './module-resource.js';
export type { ActionOptions } from './action-target.js';
export { MASS_CONVERT_MAX_LEADS } from './convert.js';
export type {
  ConversionMatch,
  ConversionModule,
  ConversionOptions,
  ConvertedRecord,
  ConvertLeadInput,
  ConvertLeadResult,
  MassConvertInput,
  MassConvertStatus,
  ModuleType,
} from './convert.js';
export { MASS_ACTION_MAX_IDS, TAG_ACTION_MAX_IDS, massUpdateFieldLimit } from './record-actions.js';
export type {
  ChangeOwnerOptions,
  DeletedRelatedParams,
  MassUpdateOptions,
  MassUpdateStatus,
  RecordTag,
  TagOptions,
} from './record-actions.js';
export { SHARE_MAX_ENTRIES } from './sharing.js';
export type {
  RecordShare,
  ShareInput,
  ShareOptions,
  SharePermission,
  ShareResult,
  SharedWith,
} from './sharing.js';
export type {
  BlueprintData,
  BlueprintField,
  BlueprintTransition,
  RecordBlueprint,
} from './blueprint.js';
export type {
  TimelineEntry,
  TimelineFieldChange,
  TimelinePage,
  TimelineParams,
} from './timeline.js';
export type { MailAddress, MailInput } from './send-mail.js';
export type { LeadsOnly } from './module-resource.js';
export { createTypedRequest, fillPath } from './typed-request.js';
export type {
  TypedRequest,
  TypedRequestOptions,
  TypedMethod,
  PathsWithMethod,
  OperationAt,
  RequestBodyOf,
  SuccessResponseOf,
  RequestInitFor,
} from './typed-request.js';
export { CoqlResource, COQL_MAX_LIMIT, COQL_MAX_ROWS } from './resources/coql.js';
export type { CoqlPage } from './resources/coql.js';
export { SelectQueryBuilder } from './query/coql-builder.js';
export { COQL_LIMITS, CoqlLimitError } from './query/coql-limits.js';
export type { CoqlConditions, CoqlRow } from './query/coql-types.js';
export type { TypedCondition } from './query/condition.js';
export type { CriteriaConditions, SearchWhere } from './query/search-criteria.js';
export { SEARCH_LIMITS, compileCriteria } from './query/search-criteria.js';
export { BulkResource } from './resources/bulk.js';
export type {
  BulkReadJob,
  BulkWriteJob,
  BulkJobStatus,
  UploadWriteFileOptions,
} from './resources/bulk.js';
export { checkBulkWriteZip, listZipDirectory, BULK_WRITE_MAX_BYTES } from './bulk-write-file.js';
export type {
  BulkWriteFileOptions,
  BulkWriteFileProblem,
  ZipDirectoryEntry,
} from './bulk-write-file.js';
export { CompositeResource, COMPOSITE_MAX_REQUESTS } from './resources/composite.js';
export type { CompositeSubRequest, CompositeResult } from './resources/composite.js';
export { NotificationsResource } from './resources/notifications.js';
export type { NotificationChannel } from './resources/notifications.js';
export { USERS_MAX_PER_PAGE } from './resources/users.js';
export type { UsersHelpers } from './resources/users.js';
export type { OrgHelpers } from './resources/org.js';
export { buildSpecResources } from './spec-operation.js';
export type {
  SpecOperation,
  SpecOperationInit,
  SpecOperationRow,
  SpecResourceNode,
  SpecCallInit,
} from './spec-operation.js';
export type { SpecClient } from './spec-client.js';
export { unzipFirstFile, readZipEntries, zipCsvRows, zipCsvRecords } from './unzip.js';
export { FilesResource } from './resources/files.js';
export type { UploadedFile, FileToUpload, FilesUploadOptions } from './resources/files.js';
export { RecordNotes, RecordAttachments, RecordPhoto } from './record-files.js';
export type {
  GenericNote,
  GenericNoteInput,
  GenericNoteUpdate,
  NoteTypesOf,
  FileListParams,
  AttachmentInfo,
  UploadResult,
  FileUploadField,
  ImageUploadField,
} from './record-files.js';
export type { FileSource, FileSourceOptions } from './file-source.js';
export type { FileDownload } from './file-download.js';
export {
  FILES_MAX_BYTES,
  FILES_MAX_PER_CALL,
  ATTACHMENT_MAX_BYTES,
  PHOTO_MAX_BYTES,
} from './file-limits.js';
