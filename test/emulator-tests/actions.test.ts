/**
 * The record actions the emulator serves (emulator/convert.ts, blueprint-routes.ts, timeline-routes.ts,
 * action-routes.ts, tags-routes.ts, related-routes.ts), statefully: a converted lead's Deal exists
 * afterwards, a blueprint transition moves the record and changes the next transitions, the timeline
 * records what was done, shares and owners stick. Every response is checked against spec/ (useEmulator).
 */
import { describe, expect, it } from 'vitest';
import { USERS, CURRENT_USER } from '../../emulator/org.ts';
import { type Api, obj, row, rows, useEmulator } from './helpers.ts';

let crm: Api;
useEmulator({}, (s) => ({ crm } = s));

const OTHER_USER = USERS[1]!;

async function create(module: string, data: Record<string, unknown>): Promise<string> {
  const r = await crm.post(`/crm/v8/${module}`, { body: { data: [data] } });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return String(obj(row(r)['details'])['id']);
}

async function count(module: string): Promise<number> {
  return Number((await crm.get(`/crm/v8/${module}/actions/count`)).json['count']);
}

describe('convert', () => {
  it('converts a lead into a Contact, an Account from its Company and the Deal asked for, which exist afterwards', async () => {
    const lead = await create('Leads', { Last_Name: 'Rivers', Company: 'Rivers Ltd', Email: 'rivers@example.com' });
    const r = await crm.post(`/crm/v8/Leads/${lead}/actions/convert`, {
      body: { data: [{ Deals: { Deal_Name: 'Rivers deal', Stage: 'Qualification', Closing_Date: '2027-01-31' } }] },
    });
    expect(r.status).toBe(200);
    const details = obj(row(r)['details']);
    const deal = String(obj(details['Deals'])['id']);
    const got = row(await crm.get(`/crm/v8/Deals/${deal}`, { query: { fields: 'Deal_Name,Stage,Account_Name,Contact_Name' } }));
    expect(got).toMatchObject({ Deal_Name: 'Rivers deal', Stage: 'Qualification' });
    expect(obj(got['Account_Name'])['id']).toBe(obj(details['Accounts'])['id']);
    expect(obj(got['Contact_Name'])['id']).toBe(obj(details['Contacts'])['id']);
    expect((await crm.get(`/crm/v8/Leads/${lead}`)).status).toBe(204);
    const made = rows(await crm.get(`/crm/v8/Deals/${deal}/__timeline`), '__timeline');
    expect(made.map((e) => [e['action'], e['source']])).toEqual([['added', 'convert']]);
  });

  it('assign_to makes a user of the org the owner of the new records; a stranger fails the conversion', async () => {
    const lead = await create('Leads', { Last_Name: 'Handed', Company: 'Handed Co' });
    const stranger = await crm.post(`/crm/v8/Leads/${lead}/actions/convert`, { body: { data: [{ assign_to: { id: '1' } }] } });
    expect(row(stranger)).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'assign_to' } });
    const r = await crm.post(`/crm/v8/Leads/${lead}/actions/convert`, { body: { data: [{ assign_to: { id: OTHER_USER.id } }] } });
    const contact = String(obj(obj(row(r)['details'])['Contacts'])['id']);
    const account = String(obj(obj(row(r)['details'])['Accounts'])['id']);
    for (const [module, id] of [['Contacts', contact], ['Accounts', account]] as const)
      expect(obj(row(await crm.get(`/crm/v8/${module}/${id}`, { query: { fields: 'Owner' } }))['Owner'])['id']).toBe(OTHER_USER.id);
  });

  it('a Deal that breaks its field rules fails the conversion, and nothing is created', async () => {
    const lead = await create('Leads', { Last_Name: 'Stone', Company: 'Stone Works' });
    const before = [await count('Accounts'), await count('Contacts'), await count('Deals')];
    const r = await crm.post(`/crm/v8/Leads/${lead}/actions/convert`, {
      body: { data: [{ Deals: { Deal_Name: 'x', Stage: 'Maybe', Closing_Date: '2027-01-31' } }] },
    });
    expect(r.status).toBe(400);
    expect(row(r)).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'Stage' } });
    expect([await count('Accounts'), await count('Contacts'), await count('Deals')]).toEqual(before);
    expect((await crm.get(`/crm/v8/Leads/${lead}`)).status).toBe(200);
  });

  it('conversion options name the Contact whose Email is the lead’s and the Account named as its Company', async () => {
    const contact = await create('Contacts', { Last_Name: 'Known', Email: 'known@example.com' });
    const account = await create('Accounts', { Account_Name: 'Known Co' });
    const lead = await create('Leads', { Last_Name: 'Known', Company: 'known co', Email: 'KNOWN@example.com' });
    const r = await crm.get(`/crm/v8/Leads/${lead}/__conversion_options`);
    const options = obj(r.json['__conversion_options']);
    expect((options['Contacts'] as { id: string }[]).map((c) => c.id)).toEqual([contact]);
    expect((options['Accounts'] as { id: string }[]).map((a) => a.id)).toEqual([account]);
    expect(obj(options['module_preference'])['api_name']).toBe('Contacts');
  });

  it('mass convert: a job over the leads, its status counts what it did', async () => {
    const a = await create('Leads', { Last_Name: 'Mass A', Company: 'Mass A Inc' });
    const b = await create('Leads', { Last_Name: 'Mass B', Company: 'Mass B Inc' });
    const r = await crm.post('/crm/v8/Leads/actions/mass_convert', { body: { ids: [a, b] } });
    expect(r.status).toBe(202);
    const job = String(obj(r.json['details'])['job_id']);
    const status = row(await crm.get('/crm/v8/Leads/actions/mass_convert', { query: { job_id: job } }));
    expect(status).toEqual({ Status: 'completed', Total_Count: 2, Converted_Count: 2, Not_Converted_Count: 0, Failed_Count: 0 });
    expect((await crm.get(`/crm/v8/Leads/${a}`)).status).toBe(204);
    const tooMany = await crm.post('/crm/v8/Leads/actions/mass_convert', { body: { ids: Array.from({ length: 51 }, () => a) } });
    expect(tooMany.json).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 50 } });
  });
});

describe('blueprint and timeline', () => {
  it('a transition moves the record, saves its fields, changes the next transitions and is in the timeline', async () => {
    const lead = await create('Leads', { Last_Name: 'Flow', Lead_Status: 'Attempted to Contact' });
    const bp = obj((await crm.get(`/crm/v8/Leads/${lead}/actions/blueprint`)).json['blueprint']);
    expect(obj(bp['process_info'])).toMatchObject({ api_name: 'Lead_Status', field_value: 'Attempted to Contact' });
    const transitions = bp['transitions'] as { id: string; next_field_value: string; fields: { api_name: string }[] }[];
    expect(transitions.map((t) => t.next_field_value)).toEqual(['Contact in Future', 'Contacted']);
    expect(transitions[0]?.fields.map((f) => f.api_name)).toEqual(['Phone']);
    const to = transitions[1]!;

    const wrongType = await crm.put(`/crm/v8/Leads/${lead}/actions/blueprint`, {
      body: { blueprint: [{ transition_id: to.id, data: { Annual_Revenue: 'a lot' } }] },
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'Annual_Revenue', json_path: '$.blueprint[0].data.Annual_Revenue' } });
    const wrongId = await crm.put(`/crm/v8/Leads/${lead}/actions/blueprint`, { body: { blueprint: [{ transition_id: '1' }] } });
    expect(wrongId.json).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'transition_id' } });

    const ok = await crm.put(`/crm/v8/Leads/${lead}/actions/blueprint`, {
      body: { blueprint: [{ transition_id: to.id, data: { Phone: '555-0100', Notes: 'called them' } }] },
    });
    expect(ok.json).toEqual({ code: 'SUCCESS', details: {}, message: 'transition updated successfully', status: 'success' });
    expect(row(await crm.get(`/crm/v8/Leads/${lead}`, { query: { fields: 'Lead_Status,Phone' } }))).toMatchObject({
      Lead_Status: 'Contacted',
      Phone: '555-0100',
    });
    const next = obj((await crm.get(`/crm/v8/Leads/${lead}/actions/blueprint`)).json['blueprint']);
    expect((next['transitions'] as { next_field_value: string }[]).map((t) => t.next_field_value)).toEqual(['Junk Lead', 'Lost Lead']);
    // The old transition is not offered from the new state.
    const again = await crm.put(`/crm/v8/Leads/${lead}/actions/blueprint`, { body: { blueprint: [{ transition_id: to.id }] } });
    expect(again.status).toBe(400);

    const timeline = rows(await crm.get(`/crm/v8/Leads/${lead}/__timeline`), '__timeline');
    expect(timeline.map((e) => e['action'])).toEqual(['transition_executed', 'added']);
    expect(timeline[0]).toMatchObject({ source: 'blueprint', done_by: { id: CURRENT_USER.id } });
    const history = timeline[0]?.['field_history'] as { api_name: string; _value: unknown }[];
    expect(history.find((h) => h.api_name === 'Lead_Status')?._value).toEqual({ new: 'Contacted', old: 'Attempted to Contact' });
  });

  it('a module with no process (Accounts) has no blueprint: 204', async () => {
    const acc = await create('Accounts', { Account_Name: 'No Process' });
    expect((await crm.get(`/crm/v8/Accounts/${acc}/actions/blueprint`)).status).toBe(204);
  });

  it('timeline: updates with old and new values, oldest first on asc, filter by action, page tokens', async () => {
    const lead = await create('Leads', { Last_Name: 'Story', Phone: '1' });
    await crm.put('/crm/v8/Leads', { body: { data: [{ id: lead, Phone: '2' }] } });
    await crm.post(`/crm/v8/Leads/${lead}/actions/add_tags`, { body: { tags: [{ name: 'Story' }] } });
    const asc = rows(await crm.get(`/crm/v8/Leads/${lead}/__timeline`, { query: { sort_order: 'asc' } }), '__timeline');
    expect(asc.map((e) => e['action'])).toEqual(['added', 'updated', 'tag_added']);
    expect(asc[1]?.['field_history']).toEqual([
      expect.objectContaining({ api_name: 'Phone', _value: { new: '2', old: '1' } }),
    ]);
    const updates = rows(await crm.get(`/crm/v8/Leads/${lead}/__timeline`, {
      query: { filters: JSON.stringify({ field: { api_name: 'action' }, comparator: 'equal', value: 'updated' }) },
    }), '__timeline');
    expect(updates).toHaveLength(1);
    const first = await crm.get(`/crm/v8/Leads/${lead}/__timeline`, { query: { per_page: '2' } });
    const token = String(obj(first.json['info'])['next_page_token']);
    const second = await crm.get(`/crm/v8/Leads/${lead}/__timeline`, { query: { page_token: token } });
    expect([...rows(first, '__timeline'), ...rows(second, '__timeline')].map((e) => e['action'])).toEqual(['tag_added', 'updated', 'added']);
    expect(obj(second.json['info'])['more_records']).toBe(false);
  });
});

describe('owner, sharing, mail, tags, one related record', () => {
  it('change owner hands the record over; a user not in the org is refused; mass change owner reports each id', async () => {
    const lead = await create('Leads', { Last_Name: 'Owned' });
    const r = await crm.post(`/crm/v8/Leads/${lead}/actions/change_owner`, { body: { owner: { id: OTHER_USER.id }, notify: false } });
    expect(row(r)).toEqual({ code: 'SUCCESS', details: { id: lead }, message: 'owner is successfully updated', status: 'success' });
    expect(obj(row(await crm.get(`/crm/v8/Leads/${lead}`, { query: { fields: 'Owner' } }))['Owner'])['id']).toBe(OTHER_USER.id);
    const bad = await crm.post(`/crm/v8/Leads/${lead}/actions/change_owner`, { body: { owner: { id: '1' } } });
    expect(bad.json).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'owner' } });
    const mass = await crm.post('/crm/v8/Leads/actions/change_owner', { body: { ids: [lead, '5843100000000000000'], owner: { id: CURRENT_USER.id } } });
    expect(mass.status).toBe(207);
    expect(rows(mass).map((x) => x['status'])).toEqual(['success', 'error']);
  });

  it('sharing: share, read, change, refuse a second share with the same user, revoke', async () => {
    const acc = await create('Accounts', { Account_Name: 'Shared Co' });
    const entry = { shared_with: { type: 'users', id: OTHER_USER.id }, permission: 'read_only', type: 'private' };
    const shared = await crm.post(`/crm/v8/Accounts/${acc}/actions/share`, { body: { share: [entry] } });
    expect(shared.status).toBe(201);
    const read = rows(await crm.get(`/crm/v8/Accounts/${acc}/actions/share`), 'share');
    expect(read).toMatchObject([{ shared_with: { id: OTHER_USER.id, name: OTHER_USER.full_name, type: 'users' }, permission: 'read_only' }]);
    const twice = await crm.post(`/crm/v8/Accounts/${acc}/actions/share`, { body: { share: [entry] } });
    expect(twice.status).toBe(400);
    await crm.put(`/crm/v8/Accounts/${acc}/actions/share`, { body: { share: [{ ...entry, permission: 'full_access' }] } });
    expect(row(await crm.get(`/crm/v8/Accounts/${acc}/actions/share`), 0, 'share')['permission']).toBe('full_access');
    expect((await crm.del(`/crm/v8/Accounts/${acc}/actions/share`)).status).toBe(200);
    expect((await crm.get(`/crm/v8/Accounts/${acc}/actions/share`)).status).toBe(204);
  });

  it("send mail: from the user's own address; another sender is refused", async () => {
    const lead = await create('Leads', { Last_Name: 'Mailed', Email: 'mailed@example.com' });
    const mail = { from: { email: CURRENT_USER.email }, to: [{ email: 'mailed@example.com' }], subject: 'Hello', content: 'Hi' };
    const r = await crm.post(`/crm/v8/Leads/${lead}/actions/send_mail`, { body: { data: [mail] } });
    expect(row(r)).toMatchObject({ code: 'SUCCESS', message: 'Your mail has been sent successfully.' });
    expect(typeof obj(row(r)['details'])['message_id']).toBe('string');
    const spoofed = await crm.post(`/crm/v8/Leads/${lead}/actions/send_mail`, { body: { data: [{ ...mail, from: { email: 'ceo@elsewhere.example' } }] } });
    expect(row(spoofed)).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'from' } });
  });

  it('tags per record: added, overwritten, removed; the result holds the record’s tags', async () => {
    const lead = await create('Leads', { Last_Name: 'Tags' });
    const names = (r: Awaited<ReturnType<Api['post']>>) => (obj(row(r)['details'])['tags'] as { name: string }[]).map((t) => t.name);
    expect(names(await crm.post(`/crm/v8/Leads/${lead}/actions/add_tags`, { body: { tags: [{ name: 'A' }, { name: 'B' }] } }))).toEqual(['A', 'B']);
    expect(names(await crm.post(`/crm/v8/Leads/${lead}/actions/add_tags`, { body: { tags: [{ name: 'C' }], over_write: true } }))).toEqual(['C']);
    expect(names(await crm.post(`/crm/v8/Leads/${lead}/actions/remove_tags`, { body: { tags: [{ name: 'C' }] } }))).toEqual([]);
  });

  it('one related record: the row when the list holds it, 204 when not', async () => {
    const acc = await create('Accounts', { Account_Name: 'Parent' });
    const inside = await create('Contacts', { Last_Name: 'Inside', Account_Name: { id: acc } });
    const outside = await create('Contacts', { Last_Name: 'Outside' });
    const got = await crm.get(`/crm/v8/Accounts/${acc}/Contacts/${inside}`, { query: { fields: 'Last_Name' } });
    expect(row(got)).toEqual({ Last_Name: 'Inside', id: inside });
    expect((await crm.get(`/crm/v8/Accounts/${acc}/Contacts/${outside}`)).status).toBe(204);
  });

  it('deleted related records: a deleted child of the list, with its fields and $member_info', async () => {
    const acc = await create('Accounts', { Account_Name: 'Bereaved' });
    const gone = await create('Contacts', { Last_Name: 'Gone', Account_Name: { id: acc } });
    await create('Contacts', { Last_Name: 'Stays', Account_Name: { id: acc } });
    expect((await crm.get(`/crm/v8/Accounts/deleted/${acc}/Contacts`, { query: { fields: 'Last_Name' } })).status).toBe(204);
    await crm.del('/crm/v8/Contacts', { query: { ids: gone } });
    const r = await crm.get(`/crm/v8/Accounts/deleted/${acc}/Contacts`, { query: { fields: 'Last_Name' } });
    expect(rows(r)).toEqual([expect.objectContaining({ id: gone, Last_Name: 'Gone', $member_info: expect.objectContaining({ id: gone }) })]);
    expect((await crm.get(`/crm/v8/Accounts/deleted/${acc}/Contacts`)).json).toMatchObject({ code: 'REQUIRED_PARAM_MISSING' });
  });
});
