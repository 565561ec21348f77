/**
 * The route table: every path the emulator serves, with its operationId (contracts.md) and the
 * OAuth scope it needs (v8 docs, "Scope" of each API). Order matters: literal paths before
 * `/crm/v8/:module…` patterns.
 */
import * as act from './action-routes.ts';
import * as att from './attachments-routes.ts';
import * as bp from './blueprint-routes.ts';
import * as bulk from './bulk-routes.ts';
import { executeCompositeRequest } from './composite-routes.ts';
import {
  convertLead,
  getLeadConversionOptions,
  getMassConvertStatus,
  massConvertLeads,
} from './convert.ts';
import { coqlQuery } from './coql-route.ts';
import * as list from './listing.ts';
import * as meta from './metadata-routes.ts';
import * as more from './more-record-routes.ts';
import * as notes from './notes-routes.ts';
import * as watch from './notifications.ts';
import * as rec from './records-routes.ts';
import * as rel from './related-routes.ts';
import { Router, type RouteDef } from './router.ts';
import type { ScopeNeed, ScopeOp } from './scopes.ts';
import * as tags from './tags-routes.ts';
import { getRecordTimeline } from './timeline-routes.ts';
import * as photo from './photo-routes.ts';
import * as files from './files-routes.ts';
import { uploadBulkWriteFile } from './upload-route.ts';
import type { ApiRequest } from './types.ts';

const modules =
  (op: ScopeOp) =>
  (req: ApiRequest): ScopeNeed => ({ group: 'modules', op, resource: req.params['module'] ?? '' });
const fixed = (group: string, op: ScopeOp, resource?: string) => (): ScopeNeed =>
  resource === undefined ? { group, op } : { group, op, resource };

const V8 = '/crm/v8';
const BULK = '/crm/bulk/v8';

const defs: RouteDef[] = [
  {
    method: 'POST',
    pattern: `${V8}/coql`,
    operationId: 'coqlQuery',
    heavy: true,
    scope: fixed('coql', 'READ'),
    handler: coqlQuery,
  },
  {
    method: 'POST',
    pattern: `${V8}/__composite_requests`,
    operationId: 'executeCompositeRequest',
    heavy: true,
    scope: fixed('composite_requests', 'CUSTOM'),
    handler: executeCompositeRequest,
  },
  {
    method: 'POST',
    pattern: `${V8}/upload`,
    operationId: 'uploadBulkWriteFile',
    heavy: true,
    // Zoho's file store, not a CRM scope (v8 "Upload File": scope=ZohoFiles.files.ALL).
    scope: () => ({ service: 'ZohoFiles', group: 'files', op: 'CREATE' }),
    handler: uploadBulkWriteFile,
  },
  {
    method: 'POST',
    pattern: `${BULK}/read`,
    operationId: 'createBulkReadJob',
    heavy: true,
    scope: fixed('bulk', 'READ'),
    handler: bulk.createBulkReadJob,
  },
  {
    method: 'GET',
    pattern: `${BULK}/read/:job`,
    operationId: 'getBulkReadJob',
    scope: fixed('bulk', 'READ'),
    handler: bulk.getBulkReadJob,
  },
  {
    method: 'GET',
    pattern: `${BULK}/read/:job/result`,
    operationId: 'downloadBulkReadResult',
    scope: fixed('bulk', 'READ'),
    handler: bulk.downloadBulkReadResult,
  },
  {
    method: 'POST',
    pattern: `${BULK}/write`,
    operationId: 'createBulkWriteJob',
    heavy: true,
    scope: fixed('bulk', 'CREATE'),
    handler: bulk.createBulkWriteJob,
  },
  {
    method: 'GET',
    pattern: `${BULK}/write/:job`,
    operationId: 'getBulkWriteJob',
    scope: fixed('bulk', 'READ'),
    handler: bulk.getBulkWriteJob,
  },
  {
    method: 'GET',
    pattern: `${BULK}/write/:job/result`,
    operationId: 'downloadBulkWriteResult',
    scope: fixed('bulk', 'READ'),
    handler: bulk.downloadBulkWriteResult,
  },

  {
    method: 'POST',
    pattern: `${V8}/actions/watch`,
    operationId: 'enableNotifications',
    scope: fixed('notifications', 'CREATE'),
    handler: watch.enableNotifications,
  },
  {
    method: 'GET',
    pattern: `${V8}/actions/watch`,
    operationId: 'listNotifications',
    scope: fixed('notifications', 'READ'),
    handler: watch.listNotifications,
  },
  {
    method: 'PATCH',
    pattern: `${V8}/actions/watch`,
    operationId: 'patchNotifications',
    scope: fixed('notifications', 'UPDATE'),
    handler: watch.patchNotifications,
  },
  {
    method: 'PUT',
    pattern: `${V8}/actions/watch`,
    operationId: 'updateNotifications',
    scope: fixed('notifications', 'UPDATE'),
    handler: watch.updateNotifications,
  },
  {
    method: 'DELETE',
    pattern: `${V8}/actions/watch`,
    operationId: 'disableNotifications',
    scope: fixed('notifications', 'DELETE'),
    handler: watch.disableNotifications,
  },

  {
    method: 'GET',
    pattern: `${V8}/settings/modules`,
    operationId: 'listModules',
    scope: fixed('settings', 'READ', 'modules'),
    handler: meta.listModules,
  },
  {
    method: 'GET',
    pattern: `${V8}/settings/modules/:module`,
    operationId: 'getModule',
    scope: fixed('settings', 'READ', 'modules'),
    handler: meta.getModule,
  },
  {
    method: 'GET',
    pattern: `${V8}/settings/fields`,
    operationId: 'listFields',
    scope: fixed('settings', 'READ', 'fields'),
    handler: meta.listFields,
  },
  {
    method: 'GET',
    pattern: `${V8}/settings/fields/:id`,
    operationId: 'getField',
    scope: fixed('settings', 'READ', 'fields'),
    handler: meta.getField,
  },
  {
    method: 'GET',
    pattern: `${V8}/settings/fields/:id/pick_list_values`,
    operationId: 'listPicklistValues',
    scope: fixed('settings', 'READ', 'fields'),
    handler: meta.listPicklistValues,
  },
  {
    method: 'GET',
    pattern: `${V8}/settings/layouts`,
    operationId: 'listLayouts',
    scope: fixed('settings', 'READ', 'layouts'),
    handler: meta.listLayouts,
  },
  {
    method: 'GET',
    pattern: `${V8}/settings/layouts/:id`,
    operationId: 'getLayout',
    scope: fixed('settings', 'READ', 'layouts'),
    handler: meta.getLayout,
  },
  {
    method: 'GET',
    pattern: `${V8}/settings/custom_views`,
    operationId: 'listCustomViews',
    scope: fixed('settings', 'READ', 'custom_views'),
    handler: meta.listCustomViews,
  },
  {
    method: 'GET',
    pattern: `${V8}/settings/custom_views/:id`,
    operationId: 'getCustomView',
    scope: fixed('settings', 'READ', 'custom_views'),
    handler: meta.getCustomView,
  },
  {
    method: 'GET',
    pattern: `${V8}/settings/related_lists`,
    operationId: 'listRelatedLists',
    scope: fixed('settings', 'READ', 'related_lists'),
    handler: meta.listRelatedLists,
  },
  {
    method: 'GET',
    pattern: `${V8}/settings/tags`,
    operationId: 'listTags',
    scope: fixed('settings', 'READ', 'tags'),
    handler: tags.listTags,
  },
  {
    method: 'POST',
    pattern: `${V8}/settings/tags`,
    operationId: 'createTags',
    scope: fixed('settings', 'CREATE', 'tags'),
    handler: tags.createTags,
  },

  {
    method: 'GET',
    pattern: `${V8}/users`,
    operationId: 'listUsers',
    scope: fixed('users', 'READ'),
    handler: meta.listUsers,
  },
  {
    method: 'GET',
    pattern: `${V8}/users/:id`,
    operationId: 'getUser',
    scope: fixed('users', 'READ'),
    handler: meta.getUser,
  },
  {
    method: 'GET',
    pattern: `${V8}/org`,
    operationId: 'getOrg',
    scope: fixed('org', 'READ'),
    handler: meta.getOrg,
  },

  {
    method: 'POST',
    pattern: `${V8}/files`,
    operationId: 'uploadFiles',
    // Zoho v8 "Upload Files to ZFS": scope ZohoCRM.Files.CREATE.
    scope: fixed('Files', 'CREATE'),
    handler: files.uploadFiles,
    streamBody: true,
  },
  {
    method: 'GET',
    pattern: `${V8}/files`,
    operationId: 'getFile',
    scope: fixed('Files', 'READ'),
    handler: files.getFile,
  },

  {
    method: 'GET',
    pattern: `${V8}/Notes`,
    operationId: 'listNotes',
    scope: fixed('modules', 'READ', 'notes'),
    handler: notes.listNotes,
  },
  {
    method: 'POST',
    pattern: `${V8}/Notes`,
    operationId: 'createNotes',
    scope: fixed('modules', 'CREATE', 'notes'),
    handler: notes.createNotes,
  },
  {
    method: 'PUT',
    pattern: `${V8}/Notes`,
    operationId: 'updateNotes',
    scope: fixed('modules', 'UPDATE', 'notes'),
    handler: notes.updateNotes,
  },
  {
    method: 'DELETE',
    pattern: `${V8}/Notes`,
    operationId: 'deleteNotes',
    scope: fixed('modules', 'DELETE', 'notes'),
    handler: notes.deleteNotes,
  },
  {
    method: 'GET',
    pattern: `${V8}/Notes/:note`,
    operationId: 'getNote',
    scope: fixed('modules', 'READ', 'notes'),
    handler: notes.getNote,
  },
  {
    method: 'PUT',
    pattern: `${V8}/Notes/:note`,
    operationId: 'updateNote',
    scope: fixed('modules', 'UPDATE', 'notes'),
    handler: notes.updateOneNote,
  },
  {
    method: 'DELETE',
    pattern: `${V8}/Notes/:note`,
    operationId: 'deleteNote',
    scope: fixed('modules', 'DELETE', 'notes'),
    handler: notes.deleteOneNote,
  },

  {
    method: 'GET',
    pattern: `${V8}/:module/search`,
    operationId: 'searchRecords',
    scope: modules('READ'),
    handler: list.searchRecords,
  },
  {
    method: 'GET',
    pattern: `${V8}/:module/actions/count`,
    operationId: 'countRecords',
    scope: modules('READ'),
    handler: list.countRecords,
  },
  {
    method: 'GET',
    pattern: `${V8}/:module/deleted`,
    operationId: 'listDeletedRecords',
    scope: modules('READ'),
    handler: list.listDeletedRecords,
  },
  {
    method: 'POST',
    pattern: `${V8}/:module/upsert`,
    operationId: 'upsertRecords',
    scope: modules('CREATE'),
    handler: rec.upsertRecords,
  },
  {
    method: 'POST',
    pattern: `${V8}/:module/actions/add_tags`,
    operationId: 'addTagsToRecords',
    scope: modules('UPDATE'),
    handler: tags.addTagsToRecords,
  },
  {
    method: 'POST',
    pattern: `${V8}/:module/actions/remove_tags`,
    operationId: 'removeTagsFromRecords',
    scope: modules('UPDATE'),
    handler: tags.removeTagsFromRecords,
  },
  {
    method: 'POST',
    pattern: `${V8}/:module/actions/mass_update`,
    operationId: 'massUpdateRecords',
    heavy: true,
    scope: modules('UPDATE'),
    handler: more.massUpdateRecords,
  },
  {
    method: 'GET',
    pattern: `${V8}/:module/actions/mass_update`,
    operationId: 'getMassUpdateStatus',
    scope: modules('UPDATE'),
    handler: more.getMassUpdateStatus,
  },
  // Record actions on a module (Leads only for mass convert: fixed path, before `/:module/:id`).
  {
    method: 'POST',
    pattern: `${V8}/Leads/actions/mass_convert`,
    operationId: 'massConvertLeads',
    heavy: true,
    scope: fixed('modules', 'CREATE', 'Leads'),
    handler: massConvertLeads,
  },
  {
    method: 'GET',
    pattern: `${V8}/Leads/actions/mass_convert`,
    operationId: 'getMassConvertStatus',
    scope: fixed('modules', 'READ', 'Leads'),
    handler: getMassConvertStatus,
  },
  {
    method: 'POST',
    pattern: `${V8}/:module/actions/change_owner`,
    operationId: 'massChangeRecordOwner',
    scope: modules('UPDATE'),
    handler: act.massChangeRecordOwner,
  },
  {
    method: 'GET',
    pattern: `${V8}/:module`,
    operationId: 'listRecords',
    scope: modules('READ'),
    handler: list.listRecords,
  },
  {
    method: 'POST',
    pattern: `${V8}/:module`,
    operationId: 'createRecords',
    scope: modules('CREATE'),
    handler: rec.createRecords,
  },
  {
    method: 'PUT',
    pattern: `${V8}/:module`,
    operationId: 'updateRecords',
    scope: modules('UPDATE'),
    handler: rec.updateRecords,
  },
  {
    method: 'DELETE',
    pattern: `${V8}/:module`,
    operationId: 'deleteRecords',
    scope: modules('DELETE'),
    handler: rec.deleteRecords,
  },
  {
    method: 'GET',
    pattern: `${V8}/:module/:id`,
    operationId: 'getRecord',
    scope: modules('READ'),
    handler: rec.getRecord,
  },
  {
    method: 'PUT',
    pattern: `${V8}/:module/:id`,
    operationId: 'updateRecord',
    scope: modules('UPDATE'),
    handler: rec.updateRecord,
  },
  {
    method: 'DELETE',
    pattern: `${V8}/:module/:id`,
    operationId: 'deleteRecord',
    scope: modules('DELETE'),
    handler: rec.deleteRecord,
  },
  {
    method: 'POST',
    pattern: `${V8}/:module/:id/actions/clone`,
    operationId: 'cloneRecord',
    scope: modules('CREATE'),
    handler: more.cloneRecord,
  },
  {
    method: 'GET',
    pattern: `${V8}/:module/:id/photo`,
    operationId: 'getRecordPhoto',
    scope: modules('READ'),
    handler: photo.getRecordPhoto,
  },
  {
    method: 'POST',
    pattern: `${V8}/:module/:id/photo`,
    operationId: 'uploadRecordPhoto',
    scope: modules('UPDATE'),
    handler: photo.uploadRecordPhoto,
    streamBody: true,
  },
  {
    method: 'DELETE',
    pattern: `${V8}/:module/:id/photo`,
    operationId: 'deleteRecordPhoto',
    scope: modules('DELETE'),
    handler: photo.deleteRecordPhoto,
  },
  {
    method: 'POST',
    pattern: `${V8}/:module/:id/actions/convert`,
    operationId: 'convertLead',
    heavy: true,
    scope: modules('CREATE'),
    handler: convertLead,
  },
  // Record actions on one record (before `/:module/:id/:related`). The emulator's tokens carry module
  // scopes; Zoho's own share / send_mail / mass_convert scopes are in spec/.
  {
    method: 'GET',
    pattern: `${V8}/:module/:id/__conversion_options`,
    operationId: 'getLeadConversionOptions',
    scope: modules('READ'),
    handler: getLeadConversionOptions,
  },
  {
    method: 'GET',
    pattern: `${V8}/:module/:id/__timeline`,
    operationId: 'getRecordTimeline',
    scope: modules('READ'),
    handler: getRecordTimeline,
  },
  {
    method: 'GET',
    pattern: `${V8}/:module/:id/actions/blueprint`,
    operationId: 'getRecordBlueprint',
    scope: modules('READ'),
    handler: bp.getRecordBlueprint,
  },
  {
    method: 'PUT',
    pattern: `${V8}/:module/:id/actions/blueprint`,
    operationId: 'updateRecordBlueprint',
    scope: modules('UPDATE'),
    handler: bp.updateRecordBlueprint,
  },
  {
    method: 'POST',
    pattern: `${V8}/:module/:id/actions/change_owner`,
    operationId: 'changeRecordOwner',
    scope: modules('UPDATE'),
    handler: act.changeRecordOwner,
  },
  {
    method: 'GET',
    pattern: `${V8}/:module/:id/actions/share`,
    operationId: 'getRecordSharing',
    scope: modules('READ'),
    handler: act.getRecordSharing,
  },
  {
    method: 'POST',
    pattern: `${V8}/:module/:id/actions/share`,
    operationId: 'shareRecord',
    scope: modules('UPDATE'),
    handler: act.shareRecord,
  },
  {
    method: 'PUT',
    pattern: `${V8}/:module/:id/actions/share`,
    operationId: 'updateRecordSharing',
    scope: modules('UPDATE'),
    handler: act.updateRecordSharing,
  },
  {
    method: 'DELETE',
    pattern: `${V8}/:module/:id/actions/share`,
    operationId: 'revokeRecordSharing',
    scope: modules('UPDATE'),
    handler: act.revokeRecordSharing,
  },
  {
    method: 'POST',
    pattern: `${V8}/:module/:id/actions/send_mail`,
    operationId: 'sendMail',
    scope: modules('CREATE'),
    handler: act.sendMail,
  },
  {
    method: 'POST',
    pattern: `${V8}/:module/:id/actions/add_tags`,
    operationId: 'addTagsToRecord',
    scope: modules('UPDATE'),
    handler: tags.addTagsToRecord,
  },
  {
    method: 'POST',
    pattern: `${V8}/:module/:id/actions/remove_tags`,
    operationId: 'removeTagsFromRecord',
    scope: modules('UPDATE'),
    handler: tags.removeTagsFromRecord,
  },
  {
    method: 'GET',
    pattern: `${V8}/:module/:id/Attachments`,
    operationId: 'listAttachments',
    scope: modules('READ'),
    handler: att.listAttachments,
  },
  {
    method: 'POST',
    pattern: `${V8}/:module/:id/Attachments`,
    operationId: 'uploadAttachment',
    scope: modules('CREATE'),
    handler: att.uploadAttachment,
    streamBody: true,
  },
  {
    method: 'GET',
    pattern: `${V8}/:module/:id/Attachments/:attachment`,
    operationId: 'downloadAttachment',
    scope: modules('READ'),
    handler: att.downloadAttachment,
  },
  {
    method: 'DELETE',
    pattern: `${V8}/:module/:id/Attachments/:attachment`,
    operationId: 'deleteAttachment',
    scope: modules('DELETE'),
    handler: att.deleteAttachment,
  },
  {
    method: 'GET',
    pattern: `${V8}/:module/:id/Notes`,
    operationId: 'listRecordNotes',
    scope: modules('READ'),
    handler: notes.listRecordNotes,
  },
  {
    method: 'POST',
    pattern: `${V8}/:module/:id/Notes`,
    operationId: 'createRecordNotes',
    scope: modules('CREATE'),
    handler: notes.createRecordNotes,
  },
  {
    method: 'PUT',
    pattern: `${V8}/:module/:id/Notes`,
    operationId: 'updateRecordNotes',
    scope: modules('UPDATE'),
    handler: notes.updateRecordNotes,
  },
  {
    method: 'GET',
    pattern: `${V8}/:module/:id/:related`,
    operationId: 'listRelatedRecords',
    scope: modules('READ'),
    handler: rel.listRelatedRecords,
  },
  {
    method: 'PUT',
    pattern: `${V8}/:module/:id/:related`,
    operationId: 'updateRelatedRecords',
    scope: modules('UPDATE'),
    handler: rel.updateRelatedRecords,
  },
  {
    method: 'DELETE',
    pattern: `${V8}/:module/:id/:related`,
    operationId: 'delinkRelatedRecords',
    scope: modules('DELETE'),
    handler: rel.delinkRelatedRecords,
  },
  {
    method: 'GET',
    pattern: `${V8}/:module/deleted/:id/:related`,
    operationId: 'listDeletedRelatedRecords',
    scope: modules('READ'),
    handler: rel.listDeletedRelatedRecords,
  },
  {
    method: 'GET',
    pattern: `${V8}/:module/:id/:related/:relatedId`,
    operationId: 'getRelatedRecord',
    scope: modules('READ'),
    handler: rel.getRelatedRecord,
  },
  {
    method: 'PUT',
    pattern: `${V8}/:module/:id/:related/:relatedId`,
    operationId: 'updateRelatedRecord',
    scope: modules('UPDATE'),
    handler: rel.updateRelatedRecord,
  },
  {
    method: 'DELETE',
    pattern: `${V8}/:module/:id/:related/:relatedId`,
    operationId: 'delinkRelatedRecord',
    scope: modules('DELETE'),
    handler: rel.delinkRelatedRecord,
  },
];

export function buildRouter(): Router {
  return new Router().add(...defs);
}
