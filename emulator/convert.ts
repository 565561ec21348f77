/**
 * POST /crm/v8/Leads/{id}/actions/convert (v8 "Convert Lead"): makes (or reuses) an Account from
 * the lead's Company, a Contact from the lead's fields, and optionally a Deal; the lead leaves
 * the Leads module. Answers `{data:[{code:'SUCCESS', details:{Contacts, Accounts, Deals}, …}]}`.
 */
import type { Context } from './context.ts';
import { error, errorBody, isObject, json, parseJsonBody, errors } from './envelopes.ts';
import type { ModuleIndex } from './module-index.ts';
import { createOne } from './record-writes.ts';
import { nameOf } from './state.ts';
import type { ApiRequest, ApiResponse, Rec } from './types.ts';

function refId(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (isObject(v) && typeof v['id'] === 'string') return v['id'];
  return null;
}

function ref(index: ModuleIndex, r: Rec): { name: string; id: string } {
  return { name: nameOf(index, r), id: r.id };
}

export function convertLead(req: ApiRequest, ctx: Context): ApiResponse {
  const { state } = ctx;
  const leads = state.index.find(req.params['module'] ?? '');
  if (!leads) return errors.invalidModule();
  if (leads.apiName !== 'Leads')
    return error(400, 'NOT_SUPPORTED', 'the module is not supported for this operation', {
      module: leads.apiName,
    });
  const leadId = req.params['id'] ?? '';
  const lead = state.store.get('Leads', leadId);
  if (!lead)
    return error(400, 'INVALID_DATA', 'the related id given seems to be invalid', { id: leadId });
  let options: Record<string, unknown> = {};
  if (req.body.length > 0) {
    const p = parseJsonBody(req.body);
    if (!p.ok) return p.response;
    const data = isObject(p.value) ? p.value['data'] : undefined;
    if (Array.isArray(data) && isObject(data[0])) options = data[0];
  }
  const accounts = state.index.modules.get('Accounts');
  const contacts = state.index.modules.get('Contacts');
  const deals = state.index.modules.get('Deals');
  if (!contacts)
    return error(400, 'NOT_SUPPORTED', 'the module is not supported for this operation', {
      module: 'Contacts',
    });

  let account: Rec | null = null;
  if (accounts) {
    const given = refId(options['Accounts']);
    if (given !== null) {
      account = state.store.get('Accounts', given) ?? null;
      if (!account)
        return json(400, {
          data: [
            errorBody('INVALID_DATA', 'the id given seems to be invalid', {
              api_name: 'Accounts',
              id: given,
            }),
          ],
        });
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
          },
          0,
        );
        if (!o.ok) return json(400, { data: [o.result] });
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
      return json(400, {
        data: [
          errorBody('INVALID_DATA', 'the id given seems to be invalid', {
            api_name: 'Contacts',
            id: givenContact,
          }),
        ],
      });
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
      const o = createOne(state, contacts, input, 0);
      if (!o.ok) return json(400, { data: [o.result] });
      contact = o.record;
      state.store.emit('Contacts', 'insert', [contact.id], []);
    }
  }

  let deal: Rec | null = null;
  if (deals && isObject(options['Deals'])) {
    const input: Record<string, unknown> = { ...options['Deals'] };
    if (account && deals.fields.has('Account_Name')) input['Account_Name'] = { id: account.id };
    if (deals.fields.has('Contact_Name')) input['Contact_Name'] = { id: contact.id };
    const o = createOne(state, deals, input, 0, 'data[0].Deals');
    if (!o.ok) return json(400, { data: [o.result] });
    deal = o.record;
    state.store.emit('Deals', 'insert', [deal.id], []);
  }

  // A converted lead is no longer listed in Leads (it is not in the recycle bin either).
  state.store.remove('Leads', leadId, null);
  state.store.emit('Leads', 'delete', [leadId], []);
  return json(200, {
    data: [
      {
        code: 'SUCCESS',
        details: {
          Contacts: ref(contacts, contact),
          Deals: deal && deals ? ref(deals, deal) : null,
          Accounts: account && accounts ? ref(accounts, account) : null,
        },
        message: 'Successfully converted',
        status: 'success',
      },
    ],
  });
}
