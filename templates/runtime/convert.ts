/**
 * Lead conversion, typed by the org: the Deal to create is the org's own Deals create input (its required
 * fields, picklist values and custom fields), existing Accounts and Contacts are given by id.
 * Zoho CRM v8: "Convert Lead" (POST /crm/v8/Leads/{id}/actions/convert, one lead; the body's `Accounts` /
 * `Contacts` name existing records by id, `Deals` the deal to create — Zoho's Kaizen #137 and convert-lead.html),
 * "Lead Conversion Options" (GET /crm/v8/Leads/{id}/__conversion_options) and "Mass Convert Leads"
 * (POST /crm/v8/Leads/actions/mass_convert, at most 50 leads a job; GET …?job_id= for its status).
 */
import {
  actionPath,
  jobIdOf,
  oneResult,
  withSignal,
  type ActionOptions,
  type ActionTarget,
} from './action-target.js';
import { isRecord, ZohoApiError } from './errors.js';
import type { JsonObject } from './record-types.js';

/** Role `K` (`record`, `create`, `update`) of module `N` in the org's module map; `Else` when the org has no such module. */
export type ModuleType<TMap, N extends string, K extends string, Else = JsonObject> = TMap extends {
  readonly [P in N]: { readonly [Q in K]: infer T };
}
  ? T
  : Else;

/** The modules a converted lead can become (v8 "Convert Lead"). */
export type ConversionModule = 'Contacts' | 'Accounts' | 'Deals';

/** How to convert one lead. */
export interface ConvertLeadInput<TMap> {
  /** Create this Deal with the conversion: the org's Deals create input (required fields and picklists checked). */
  Deals?: ModuleType<TMap, 'Deals', 'create'>;
  /** Convert into this existing Account instead of one made from the lead's Company. */
  Accounts?: { id: string };
  /** Convert into this existing Contact instead of a new one. */
  Contacts?: { id: string };
  /** Owner of the new records (a user id). */
  assignTo?: { id: string };
  /** Overwrite the existing Contact's Account name with the lead's Company (default false). */
  overwrite?: boolean;
  notifyLeadOwner?: boolean;
  notifyNewEntityOwner?: boolean;
  /** Where the lead's attachments go. */
  moveAttachmentsTo?: ConversionModule;
  /** Tags of the lead to carry to the records it becomes, by module. */
  carryOverTags?: Partial<Record<ConversionModule, readonly string[]>>;
}

/** A record the lead became: id and display name. */
export interface ConvertedRecord {
  id: string;
  name?: string;
}

/** What the lead became: a Contact always, an Account and a Deal when made or given. */
export interface ConvertLeadResult {
  Contacts: ConvertedRecord | null;
  Accounts: ConvertedRecord | null;
  Deals: ConvertedRecord | null;
}

/** Existing records matching a lead, before converting it. */
export interface ConversionOptions {
  module_preference: { api_name: string; id: string } | null;
  Contacts: ConversionMatch[] | null;
  Accounts: ConversionMatch[] | null;
  Deals?: ConversionMatch[] | null;
  preference_field_matched_value?: Record<
    string,
    { field: { api_name: string; id?: string }; matched_lead_value: unknown }[]
  > | null;
  [key: string]: unknown;
}

export interface ConversionMatch {
  id: string;
  [field: string]: unknown;
}

/** How to convert many leads in one job (v8 "Mass Convert Leads"). */
export interface MassConvertInput<TMap> {
  /** A Deal created for each lead: the org's Deals create input. */
  Deals?: ModuleType<TMap, 'Deals', 'create'>;
  assignTo?: { id: string };
  /** Related Tasks / Events / Calls modules (by API name and module id) whose records move to `assignTo`. */
  relatedModules?: readonly { api_name: string; id: string }[];
  carryOverTags?: readonly { api_name: ConversionModule; id: string }[];
  moveAttachmentsTo?: { api_name: ConversionModule; id: string };
  applyAssignmentThreshold?: boolean;
}

export interface MassConvertStatus {
  /** `scheduled`, `in progress`, `completed` or `failed`. */
  Status: string;
  Total_Count: number;
  Converted_Count: number;
  Not_Converted_Count: number;
  Failed_Count: number;
}

/** Zoho's cap on leads per mass convert job. */
export const MASS_CONVERT_MAX_LEADS = 50;

const LEADS = 'Leads';

/** Conversion is a Leads action: said before any request, naming the module it was called on. */
function requireLeads(target: ActionTarget, what: string): void {
  if (target.apiName !== LEADS)
    throw new TypeError(
      `${target.apiName}.${what}: only Leads can be converted (Zoho v8 "Convert Lead"), not ${target.apiName}`,
    );
}

export async function convertLead<TMap>(
  target: ActionTarget,
  id: string,
  input: ConvertLeadInput<TMap> = {},
  options?: ActionOptions,
): Promise<ConvertLeadResult> {
  requireLeads(target, 'convert');
  const entry: Record<string, unknown> = {};
  if (input.overwrite !== undefined) entry['overwrite'] = input.overwrite;
  if (input.notifyLeadOwner !== undefined) entry['notify_lead_owner'] = input.notifyLeadOwner;
  if (input.notifyNewEntityOwner !== undefined)
    entry['notify_new_entity_owner'] = input.notifyNewEntityOwner;
  if (input.Accounts !== undefined) entry['Accounts'] = input.Accounts;
  if (input.Contacts !== undefined) entry['Contacts'] = input.Contacts;
  if (input.assignTo !== undefined) entry['assign_to'] = input.assignTo;
  if (input.Deals !== undefined) entry['Deals'] = input.Deals;
  if (input.moveAttachmentsTo !== undefined)
    entry['move_attachments_to'] = { api_name: input.moveAttachmentsTo };
  if (input.carryOverTags !== undefined)
    // Tag names by module, as Zoho's convert-lead examples send them.
    entry['carry_over_tags'] = input.carryOverTags;
  const body = await target.core.request(
    withSignal(
      {
        method: 'POST',
        path: actionPath(LEADS, id, 'actions', 'convert'),
        body: { data: [entry] },
        operation: 'convertLead',
        idempotent: false,
        heavy: true,
      },
      options,
    ),
  );
  const details = oneResult(body, 'convertLead').details;
  return {
    Contacts: converted(details['Contacts']),
    Accounts: converted(details['Accounts']),
    Deals: converted(details['Deals']),
  };
}

function converted(v: unknown): ConvertedRecord | null {
  if (!isRecord(v)) return typeof v === 'string' ? { id: v } : null;
  const id = v['id'];
  if (typeof id !== 'string') return null;
  return typeof v['name'] === 'string' ? { id, name: v['name'] } : { id };
}

export async function conversionOptions(
  target: ActionTarget,
  id: string,
  options?: ActionOptions,
): Promise<ConversionOptions> {
  requireLeads(target, 'conversionOptions');
  const body = await target.core.request<{ __conversion_options?: ConversionOptions } | undefined>(
    withSignal(
      {
        method: 'GET',
        path: actionPath(LEADS, id, '__conversion_options'),
        operation: 'getLeadConversionOptions',
      },
      options,
    ),
  );
  return body?.__conversion_options ?? { module_preference: null, Contacts: null, Accounts: null };
}

export async function massConvert<TMap>(
  target: ActionTarget,
  ids: readonly string[],
  input: MassConvertInput<TMap> = {},
  options?: ActionOptions,
): Promise<{ jobId: string }> {
  requireLeads(target, 'massConvert');
  if (ids.length === 0 || ids.length > MASS_CONVERT_MAX_LEADS)
    throw new RangeError(
      `Leads.massConvert: give 1 to ${MASS_CONVERT_MAX_LEADS} lead ids (Zoho v8 "Mass Convert Leads"), not ${ids.length}`,
    );
  const body: Record<string, unknown> = { ids };
  if (input.Deals !== undefined) body['Deals'] = input.Deals;
  if (input.assignTo !== undefined) body['assign_to'] = input.assignTo;
  if (input.relatedModules !== undefined) body['related_modules'] = input.relatedModules;
  if (input.carryOverTags !== undefined) body['carry_over_tags'] = input.carryOverTags;
  if (input.moveAttachmentsTo !== undefined) body['move_attachments_to'] = input.moveAttachmentsTo;
  if (input.applyAssignmentThreshold !== undefined)
    body['apply_assignment_threshold'] = input.applyAssignmentThreshold;
  const answer = await target.core.request(
    withSignal(
      {
        method: 'POST',
        path: actionPath(LEADS, 'actions', 'mass_convert'),
        body,
        operation: 'massConvertLeads',
        idempotent: false,
        heavy: true,
      },
      options,
    ),
  );
  return { jobId: jobIdOf(oneResult(answer, 'massConvertLeads').details, 'massConvertLeads') };
}

export async function massConvertStatus(
  target: ActionTarget,
  jobId: string,
  options?: ActionOptions,
): Promise<MassConvertStatus> {
  requireLeads(target, 'massConvertStatus');
  const body = await target.core.request<{ data?: MassConvertStatus[] } | undefined>(
    withSignal(
      {
        method: 'GET',
        path: actionPath(LEADS, 'actions', 'mass_convert'),
        query: { job_id: jobId },
        operation: 'getMassConvertStatus',
      },
      options,
    ),
  );
  const status = body?.data?.[0];
  if (status === undefined)
    throw new ZohoApiError({
      code: 'UNEXPECTED_RESPONSE',
      message: `no status for mass convert job ${jobId}`,
      operation: 'getMassConvertStatus',
      body,
    });
  return status;
}
