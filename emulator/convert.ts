/**
 * POST /crm/v8/Leads/{id}/actions/convert (v8 "Convert Lead"): makes (or reuses) an Account from
 * the lead's Company, a Contact from the lead's fields, and optionally a Deal; the lead leaves
 * the Leads module. Answers `{data:[{code:'SUCCESS', details:{Contacts, Accounts, Deals}, …}]}`.
 * A Deal that fails its field rules fails the conversion before anything is created. Also the
 * conversion options of a lead and mass convert (below). The records made are `added` from `convert`
 * in their timelines.
 */
import { actionState } from './action-state.ts';
import type { Context } from './context.ts';
import { error, errorBody, isObject, json, parseJsonBody, errors } from './envelopes.ts';
import type { ModuleIndex } from './module-index.ts';
import { createOne } from './record-writes.ts';
import { USERS } from './org.ts';
import { nameOf, type EmulatorState } from './state.ts';
import type { ApiRequest, ApiResponse, Rec } from './types.ts';
import { validateRecord } from './validate.ts';

function refId(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (isObject(v) && typeof v['id'] === 'string') return v['id'];
  return null;
}

function ref(index: ModuleIndex, r: Rec): { name: string; id: string } {
  return { name: nameOf(index, r), id: r.id };
}

export function convertLead(req: ApiRequest, ctx: Context): ApiResponse {
  const leads = leadsModule(req, ctx);
  if ('status' in leads) return leads;
  const leadId = req.params['id'] ?? '';
  if (!ctx.state.store.get('Leads', leadId))
    return error(400, 'INVALID_DATA', 'the related id given seems to be invalid', { id: leadId });
  let options: Record<string, unknown> = {};
  if (req.body.length > 0) {
    const p = parseJsonBody(req.body);
    if (!p.ok) return p.response;
    const data = isObject(p.value) ? p.value['data'] : undefined;
    if (Array.isArray(data) && isObject(data[0])) options = data[0];
  }
  const done = actionState(ctx.state).timelines.as({ source: 'convert' }, () =>
    convertOne(ctx.state, leads, leadId, options),
  );
  if (!done.ok) return done.response;
  return json(200, {
    data: [
      {
        code: 'SUCCESS',
        details: done.details,
        message: 'Successfully converted',
        status: 'success',
      },
    ],
  });
}

/** The Leads module of a Leads-only route, or the error Zoho gives elsewhere. */
function leadsModule(req: ApiRequest, ctx: Context): ModuleIndex | ApiResponse {
  const leads = ctx.state.index.find(req.params['module'] ?? 'Leads');
  if (!leads) return errors.invalidModule();
  if (leads.apiName !== 'Leads') return errors.notSupported(leads.apiName);
  return leads;
}

type Converted =
  { ok: true; details: Record<string, unknown> } | { ok: false; response: ApiResponse };

/** Converts one existing lead with `options` (one `data[]` entry of Convert Lead). */
function convertOne(
  state: EmulatorState,
  leads: ModuleIndex,
  leadId: string,
  options: Record<string, unknown>,
): Converted {
  const lead = state.store.get('Leads', leadId) as Rec;
  const fail = (response: ApiResponse): Converted => ({ ok: false, response });
  const accounts = state.index.modules.get('Accounts');
  const contacts = state.index.modules.get('Contacts');
  const deals = state.index.modules.get('Deals');
  if (!contacts) return fail(errors.notSupported('Contacts'));

  // `assign_to`: the owner of the new records (v8 "Convert Lead"); a user not in the org fails the call.
  const assignTo = isObject(options['assign_to']) ? options['assign_to']['id'] : undefined;
  if (assignTo !== undefined && !USERS.some((u) => u.id === assignTo))
    return fail(
      json(400, {
        data: [
          errorBody('INVALID_DATA', 'invalid data', {
            api_name: 'assign_to',
            json_path: '$.data[0].assign_to.id',
          }),
        ],
      }),
    );
  const owner = (index: ModuleIndex): Record<string, unknown> =>
    assignTo !== undefined && index.fields.has('Owner') ? { Owner: { id: assignTo } } : {};

  // Check the Deal first: a conversion that fails creates nothing.
  if (deals && isObject(options['Deals'])) {
    const v = validateRecord(
      options['Deals'],
      deals,
      0,
      'create',
      state.validateContext,
      'data[0].Deals',
    );
    if (!v.ok) return fail(json(400, { data: [v.error] }));
  }

  let account: Rec | null = null;
  if (accounts) {
    const given = refId(options['Accounts']);
    if (given !== null) {
      account = state.store.get('Accounts', given) ?? null;
      if (!account)
        return fail(
          json(400, {
            data: [
              errorBody('INVALID_DATA', 'the id given seems to be invalid', {
                api_name: 'Accounts',
                id: given,
              }),
            ],
          }),
        );
    } else if (typeof lead['Company'] === 'string' && lead['Company'] !== '') {
      const company = lead['Company'].toLowerCase();
      account =
        state.store
          .list('Accounts')
          .find(
            (a) =>
              typeof a['Account_Name'] === 'string' && a['Account_Name'].toLowerCase() === company,
          ) ?? null;
      if (!account) {
        const o = createOne(
          state,
          accounts,
          {
            Account_Name: lead['Company'],
            Phone: lead['Phone'] ?? undefined,
            Website: lead['Website'] ?? undefined,
            ...owner(accounts),
          },
          0,
        );
        if (!o.ok) return fail(json(400, { data: [o.result] }));
        account = o.record;
        state.store.emit('Accounts', 'insert', [account.id], []);
      }
    }
  }

  let contact: Rec | null = null;
  const givenContact = refId(options['Contacts']);
  if (givenContact !== null) {
    contact = state.store.get('Contacts', givenContact) ?? null;
    if (!contact)
      return fail(
        json(400, {
          data: [
            errorBody('INVALID_DATA', 'the id given seems to be invalid', {
              api_name: 'Contacts',
              id: givenContact,
            }),
          ],
        }),
      );
  } else {
    const email = lead['Email'];
    if (typeof email === 'string' && email !== '') {
      const existing = state.store.findUnique('Contacts', 'Email', email);
      if (existing !== undefined) contact = state.store.get('Contacts', existing) ?? null;
    }
    if (!contact) {
      const input: Record<string, unknown> = {};
      for (const f of contacts.fieldList) {
        if (f.readOnly || f.apiName === 'Owner') continue;
        const v = lead[f.apiName];
        const leadRule = leads.fields.get(f.apiName);
        if (
          v !== null &&
          v !== undefined &&
          leadRule &&
          leadRule.dataType === f.dataType &&
          f.dataType !== 'lookup'
        )
          input[f.apiName] = v;
      }
      if (account && contacts.fields.has('Account_Name'))
        input['Account_Name'] = { id: account.id };
      const o = createOne(state, contacts, { ...input, ...owner(contacts) }, 0);
      if (!o.ok) return fail(json(400, { data: [o.result] }));
      contact = o.record;
      state.store.emit('Contacts', 'insert', [contact.id], []);
    }
  }

  let deal: Rec | null = null;
  if (deals && isObject(options['Deals'])) {
    const input: Record<string, unknown> = { ...options['Deals'] };
    if (account && deals.fields.has('Account_Name')) input['Account_Name'] = { id: account.id };
    if (deals.fields.has('Contact_Name')) input['Contact_Name'] = { id: contact.id };
    const o = createOne(state, deals, { ...input, ...owner(deals) }, 0, 'data[0].Deals');
    if (!o.ok) return fail(json(400, { data: [o.result] }));
    deal = o.record;
    state.store.emit('Deals', 'insert', [deal.id], []);
  }

  // A converted lead is no longer listed in Leads (it is not in the recycle bin either).
  state.store.remove('Leads', leadId, null);
  actionState(state).timelines.as({ action: 'converted', source: 'convert' }, () =>
    state.store.emit('Leads', 'delete', [leadId], []),
  );
  return {
    ok: true,
    details: {
      Contacts: ref(contacts, contact),
      Deals: deal && deals ? ref(deals, deal) : null,
      Accounts: account && accounts ? ref(accounts, account) : null,
    },
  };
}

// ── Conversion options and mass convert ────────────────────────────────────────────────────────

/** Zoho's cap on leads per mass convert job (v8 "Mass Convert Leads"). */
const MASS_CONVERT_IDS = 50;

function same(a: unknown, b: unknown): boolean {
  return (
    typeof a === 'string' &&
    typeof b === 'string' &&
    a !== '' &&
    a.toLowerCase() === b.toLowerCase()
  );
}

/**
 * GET /crm/v8/Leads/{id}/__conversion_options (v8 "Lead Conversion Options"): the Contacts whose Email is
 * the lead's, the Accounts named as the lead's Company, and which lead value matched.
 */
export function getLeadConversionOptions(req: ApiRequest, ctx: Context): ApiResponse {
  const leads = leadsModule(req, ctx);
  if ('status' in leads) return leads;
  const { state } = ctx;
  const leadId = req.params['id'] ?? '';
  const lead = state.store.get('Leads', leadId);
  if (!lead)
    return error(400, 'INVALID_DATA', 'the related id given seems to be invalid', {
      id: leadId,
      resource_path_index: 1,
    });
  const contacts = state.index.modules.has('Contacts')
    ? state.store.list('Contacts').filter((c) => same(c['Email'], lead['Email']))
    : [];
  const accounts = state.index.modules.has('Accounts')
    ? state.store.list('Accounts').filter((a) => same(a['Account_Name'], lead['Company']))
    : [];
  const match = (r: Rec, fields: readonly string[]) => ({
    ...Object.fromEntries(fields.map((f) => [f, r[f] ?? null])),
    id: r.id,
    $editable: true,
    $approval_state: 'approved',
    Locked__s: false,
  });
  const matched = (module: string, field: string, leadField: string) => {
    const f = state.index.modules.get(module)?.fields.get(field);
    return {
      field: { api_name: field, id: f?.field.id ?? field },
      matched_lead_value: lead[leadField] ?? null,
    };
  };
  const preference = contacts.length > 0 ? 'Contacts' : accounts.length > 0 ? 'Accounts' : null;
  const prefModule = preference === null ? undefined : state.index.modules.get(preference);
  return json(200, {
    __conversion_options: {
      module_preference: prefModule
        ? { api_name: prefModule.apiName, id: prefModule.module.id ?? prefModule.apiName }
        : null,
      Contacts:
        contacts.length > 0
          ? contacts.map((c) => match(c, ['Full_Name', 'Email', 'Account_Name']))
          : null,
      Accounts:
        accounts.length > 0
          ? accounts.map((a) => match(a, ['Account_Name', 'Phone', 'Website']))
          : null,
      preference_field_matched_value: {
        ...(contacts.length > 0 ? { Contacts: [matched('Contacts', 'Email', 'Email')] } : {}),
        ...(accounts.length > 0
          ? { Accounts: [matched('Accounts', 'Account_Name', 'Company')] }
          : {}),
      },
    },
  });
}

/**
 * POST /crm/v8/Leads/actions/mass_convert: converts each lead as Convert Lead would (a Deal per lead when
 * `Deals` is given), at once; the job's counts are what GET …/mass_convert?job_id= reports.
 */
export function massConvertLeads(req: ApiRequest, ctx: Context): ApiResponse {
  const leads = leadsModule(req, ctx);
  if ('status' in leads) return leads;
  const p = parseJsonBody(req.body);
  if (!p.ok) return p.response;
  const body = p.value;
  if (!isObject(body)) return errors.malformedBody();
  const ids = body['ids'];
  if (!Array.isArray(ids) || ids.length === 0) return errors.mandatoryBody('ids');
  if (ids.length > MASS_CONVERT_IDS)
    return error(400, 'LIMIT_EXCEEDED', 'Limit exceeded for mass convert', {
      limit: MASS_CONVERT_IDS,
      limit_due_to: [{ api_name: 'ids', json_path: '$.ids' }],
    });
  const { state } = ctx;
  for (const [i, id] of ids.entries())
    if (typeof id !== 'string' || !state.store.get('Leads', id))
      return error(400, 'INVALID_DATA', 'invalid data', {
        api_name: 'ids',
        json_path: `$.ids[${i}]`,
      });
  const options: Record<string, unknown> = {};
  if (isObject(body['Deals'])) options['Deals'] = body['Deals'];
  if (isObject(body['assign_to'])) options['assign_to'] = body['assign_to'];
  const job = { total: ids.length, converted: 0, failed: 0 };
  const timelines = actionState(state).timelines;
  for (const id of ids as string[]) {
    const done = timelines.as({ source: 'massconvert' }, () =>
      convertOne(state, leads, id, options),
    );
    if (done.ok) job.converted += 1;
    else job.failed += 1;
  }
  const jobId = state.store.ids.next();
  actionState(state).massConverts.set(jobId, job);
  return json(202, {
    code: 'SCHEDULED',
    details: { job_id: jobId },
    message: 'Mass convert scheduled successfully',
    status: 'success',
  });
}

export function getMassConvertStatus(req: ApiRequest, ctx: Context): ApiResponse {
  const leads = leadsModule(req, ctx);
  if ('status' in leads) return leads;
  const jobId = req.query.get('job_id');
  if (!jobId) return errors.requiredParam('job_id');
  const job = actionState(ctx.state).massConverts.get(jobId);
  if (!job) return errors.invalidParam('job_id');
  return json(200, {
    data: [
      {
        Status: 'completed',
        Total_Count: job.total,
        Converted_Count: job.converted,
        Not_Converted_Count: 0,
        Failed_Count: job.failed,
      },
    ],
  });
}
