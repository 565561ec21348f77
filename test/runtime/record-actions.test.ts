/**
 * The record actions of a module (runtime/convert.ts, record-actions.ts, sharing.ts, blueprint.ts,
 * timeline.ts, send-mail.ts) through ModuleResource, against a fake Zoho: the requests they send (paths,
 * bodies, chunking as Zoho's v8 pages document them) and how they read Zoho's answers, errors included.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZohoCore } from '../../templates/runtime/core.ts';
import { NotFoundError, ValidationError } from '../../templates/runtime/errors.ts';
import { ModuleResource } from '../../templates/runtime/module-resource.ts';
import { json, startFakeZoho, type FakeZoho, type SeenRequest } from './helpers/fake-zoho.ts';

type Row = { id: string } & Record<string, unknown>;
interface LeadUpdate {
  Lead_Status?: 'Contacted' | 'Not Contacted' | null;
  Phone?: string | null;
}
interface DealCreate {
  Deal_Name: string;
  Stage: 'Qualification' | 'Closed Won';
}
interface Map {
  Leads: { record: { id: string; Lead_Status?: string | null; Phone?: string | null }; create: object; update: LeadUpdate; related: {} };
  Deals: { record: { id: string; Deal_Name?: string | null }; create: DealCreate; update: object; related: {} };
}

let fake: FakeZoho;
let core: ZohoCore;
let leads: ModuleResource<Map['Leads']['record'], object, LeadUpdate, { Notes: Row }, Map>;
let contacts: ModuleResource<Row, object, object, {}, {}>;

beforeEach(async () => {
  fake = await startFakeZoho();
  core = new ZohoCore({
    auth: { accessToken: '1000.tok.0123456789' },
    apiDomain: fake.url,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
  leads = new ModuleResource(core, 'Leads');
  contacts = new ModuleResource(core, 'Contacts');
});
afterEach(async () => {
  await core.close();
  await fake.close();
});

const body = (r: SeenRequest | undefined): unknown => JSON.parse(r?.body ?? 'null');
const ok = (details: Record<string, unknown>, message = 'done') => ({
  code: 'SUCCESS',
  details,
  message,
  status: 'success',
});

describe('convert', () => {
  it('posts the lead, the Deal to create and the existing Account by id; answers what the lead became', async () => {
    fake.handler = (_req, res) =>
      json(res, 200, {
        data: [
          ok({
            Contacts: { name: 'Ann Lee', id: '11' },
            Deals: { name: 'Big deal', id: '12' },
            Accounts: { name: 'Zylker', id: '13' },
          }, 'The record has been converted successfully'),
        ],
      });
    const result = await leads.convert('100', {
      Deals: { Deal_Name: 'Big deal', Stage: 'Qualification' },
      Accounts: { id: '13' },
      notifyLeadOwner: true,
      moveAttachmentsTo: 'Deals',
    });
    expect(result).toEqual({
      Contacts: { id: '11', name: 'Ann Lee' },
      Deals: { id: '12', name: 'Big deal' },
      Accounts: { id: '13', name: 'Zylker' },
    });
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/crm/v8/Leads/100/actions/convert' });
    expect(body(fake.requests[0])).toEqual({
      data: [
        {
          Deals: { Deal_Name: 'Big deal', Stage: 'Qualification' },
          Accounts: { id: '13' },
          notify_lead_owner: true,
          move_attachments_to: { api_name: 'Deals' },
        },
      ],
    });
  });

  it("turns Zoho's refusal into a ValidationError naming the field", async () => {
    fake.handler = (_req, res) =>
      json(res, 400, {
        data: [
          {
            code: 'MANDATORY_NOT_FOUND',
            details: { api_name: 'Closing_Date', json_path: '$.data[0].Deals.Closing_Date' },
            message: 'required field not found',
            status: 'error',
          },
        ],
      });
    const err = await leads.convert('100', { Deals: { Deal_Name: 'x', Stage: 'Closed Won' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({ code: 'MANDATORY_NOT_FOUND', details: { api_name: 'Closing_Date' } });
  });

  it('refuses any module but Leads before sending anything, naming the module', async () => {
    await expect(contacts.convert('1')).rejects.toThrow(
      'Contacts.convert: only Leads can be converted (Zoho v8 "Convert Lead"), not Contacts',
    );
    expect(fake.requests).toHaveLength(0);
  });

  it('mass convert: at most 50 leads, then a job id and its status', async () => {
    await expect(leads.massConvert(Array.from({ length: 51 }, (_, i) => String(i)))).rejects.toThrow(
      'Leads.massConvert: give 1 to 50 lead ids (Zoho v8 "Mass Convert Leads"), not 51',
    );
    fake.handler = (req, res) =>
      req.method === 'POST'
        ? json(res, 202, { code: 'SCHEDULED', details: { job_id: '77' }, message: 'scheduled', status: 'success' })
        : json(res, 200, {
            data: [{ Status: 'completed', Total_Count: 2, Converted_Count: 2, Not_Converted_Count: 0, Failed_Count: 0 }],
          });
    const { jobId } = await leads.massConvert(['1', '2'], { Deals: { Deal_Name: 'D', Stage: 'Qualification' } });
    expect(jobId).toBe('77');
    expect(body(fake.requests[0])).toEqual({ ids: ['1', '2'], Deals: { Deal_Name: 'D', Stage: 'Qualification' } });
    expect(await leads.massConvertStatus(jobId)).toMatchObject({ Status: 'completed', Converted_Count: 2 });
    expect(fake.requests[1]?.url).toBe('/crm/v8/Leads/actions/mass_convert?job_id=77');
  });
});

describe('mass update', () => {
  it('refuses more fields than Zoho takes in one call, before sending', async () => {
    await expect(leads.massUpdate(['1'], { Lead_Status: 'Contacted', Phone: '1' })).rejects.toThrow(
      'Leads.massUpdate: set one field per call (Zoho v8 "Mass Update Records"), not 2 (Lead_Status, Phone)',
    );
    expect(fake.requests).toHaveLength(0);
  });

  it('sends 500 ids per call and answers one result per id, in order', async () => {
    fake.handler = (req, res) => {
      const ids = (JSON.parse(req.body) as { ids: string[] }).ids;
      json(res, 200, { data: ids.map((id) => (id === '3' ? { code: 'INVALID_DATA', details: { id }, message: 'bad', status: 'error' } : ok({ id }))) });
    };
    const ids = Array.from({ length: 501 }, (_, i) => String(i + 1));
    const results = await leads.massUpdate(ids, { Lead_Status: 'Contacted' });
    expect(fake.requests.map((r) => (JSON.parse(r.body) as { ids: string[] }).ids.length).sort()).toEqual([1, 500]);
    expect(body(fake.requests[0])).toMatchObject({ data: [{ Lead_Status: 'Contacted' }] });
    expect(results).toHaveLength(501);
    expect(results.map((r) => r.ok)).toEqual(ids.map((id) => id !== '3'));
    expect(results[500]).toMatchObject({ ok: true, id: '501', index: 500 });
  });

  it('by custom view: a job id, then its status', async () => {
    fake.handler = (req, res) =>
      req.method === 'POST'
        ? json(res, 200, { data: [{ code: 'SCHEDULED', details: { job_id: '9' }, message: 'scheduled', status: 'success' }] })
        : json(res, 200, { data: [{ Status: 'COMPLETED', Total_Count: 4, Updated_Count: 4, Not_Updated_Count: 0, Failed_Count: 0 }] });
    const { jobId } = await leads.massUpdateView('cv1', { Lead_Status: 'Not Contacted' });
    expect(body(fake.requests[0])).toEqual({ data: [{ Lead_Status: 'Not Contacted' }], cvid: 'cv1' });
    expect(await leads.massUpdateStatus(jobId)).toMatchObject({ Status: 'COMPLETED', Updated_Count: 4 });
    expect(fake.requests[1]?.url).toBe('/crm/v8/Leads/actions/mass_update?job_id=9');
  });
});

describe('blueprint', () => {
  it('a record in no blueprint (204) has none', async () => {
    fake.handler = (_req, res) => {
      res.writeHead(204);
      res.end();
    };
    expect(await leads.blueprint('5')).toBeNull();
  });

  it('takes one transition with its fields, and reports a refused one', async () => {
    fake.handler = (req, res) =>
      JSON.parse(req.body).blueprint[0].transition_id === 'bad'
        ? json(res, 400, { code: 'INVALID_DATA', details: { api_name: 'transition_id' }, message: 'invalid data', status: 'error' })
        : json(res, 200, { code: 'SUCCESS', details: {}, message: 'transition updated successfully', status: 'success' });
    await leads.transition('5', 't1', { Phone: '555', Notes: 'called' });
    expect(fake.requests[0]).toMatchObject({ method: 'PUT', path: '/crm/v8/Leads/5/actions/blueprint' });
    expect(body(fake.requests[0])).toEqual({ blueprint: [{ transition_id: 't1', data: { Phone: '555', Notes: 'called' } }] });
    await expect(leads.transition('5', 'bad')).rejects.toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'transition_id' } });
  });
});

describe('timeline, sharing, owner, mail, tags, one related record', () => {
  it('timeline: page params as Zoho names them; entries in data', async () => {
    fake.handler = (_req, res) =>
      json(res, 200, {
        __timeline: [{ id: 't', audited_time: '2026-01-01T00:00:00+00:00', action: 'updated', source: 'crm_api' }],
        info: { per_page: 10, count: 1, more_records: false },
      });
    const page = await leads.timeline('5', { perPage: 10, sortOrder: 'asc' });
    expect(page.data.map((e) => e.action)).toEqual(['updated']);
    expect(fake.requests[0]?.path).toBe('/crm/v8/Leads/5/__timeline');
    expect(Object.fromEntries(fake.requests[0]?.query ?? [])).toEqual({ per_page: '10', sort_by: 'audited_time', sort_order: 'asc' });
  });

  it('share: one result per entry, also when Zoho refused all of them (400)', async () => {
    const entry = { shared_with: { type: 'users' as const, id: 'u1' }, permission: 'read_only' as const, type: 'private' as const };
    fake.handler = (_req, res) =>
      json(res, 207, { share: [ok({}, 'record will be shared successfully'), { code: 'INVALID_DATA', details: { api_name: 'id' }, message: 'invalid data', status: 'error' }] });
    const results = await leads.share('5', [entry, { ...entry, shared_with: { type: 'users', id: 'nope' } }]);
    expect(results).toEqual([
      { ok: true, index: 0, code: 'SUCCESS', message: 'record will be shared successfully' },
      { ok: false, index: 1, code: 'INVALID_DATA', message: 'invalid data', details: { api_name: 'id' } },
    ]);
    fake.handler = (_req, res) => json(res, 400, { share: [{ code: 'INVALID_DATA', details: {}, message: 'invalid data', status: 'error' }] });
    expect(await leads.share('5', [entry])).toMatchObject([{ ok: false, code: 'INVALID_DATA' }]);
    await expect(leads.share('5', [])).rejects.toThrow('Leads.shareRecord: give 1 to 20 share entries');
  });

  it('change owner (one, and many 500 per call) sends the owner by id', async () => {
    fake.handler = (req, res) => {
      const b = JSON.parse(req.body) as { ids?: string[] };
      json(res, 200, { data: (b.ids ?? ['5']).map((id) => ok({ id })) });
    };
    await leads.changeOwner('5', 'u2', { notify: true });
    expect(body(fake.requests[0])).toEqual({ owner: { id: 'u2' }, notify: true });
    expect(fake.requests[0]?.path).toBe('/crm/v8/Leads/5/actions/change_owner');
    const results = await leads.massChangeOwner(['1', '2'], 'u2');
    expect(results.map((r) => r.ok && r.id)).toEqual(['1', '2']);
    expect(fake.requests[1]?.path).toBe('/crm/v8/Leads/actions/change_owner');
  });

  it('change owner of a whole custom view: a job (territory and one criterion as Zoho names them), then its counts', async () => {
    fake.handler = (req, res) =>
      req.method === 'POST'
        ? json(res, 202, { data: [{ code: 'SCHEDULED', details: { job_id: '77' }, message: 'change owner is successfully scheduled', status: 'success' }] })
        : json(res, 200, { data: [{ Status: 'COMPLETED', Total_Count: 10, Updated_Count: 10, Not_Updated_Count: 0, Failed_Count: 0 }] });
    const { jobId } = await leads.massChangeOwnerView('cv9', 'u2', {
      territory: { id: 't1', includeChild: true },
      criteria: { field: 'Lead_Status', comparator: 'equal', value: 'Contacted' },
    });
    expect(jobId).toBe('77');
    expect(fake.requests[0]?.path).toBe('/crm/v8/Leads/actions/mass_change_owner');
    expect(body(fake.requests[0])).toEqual({
      cvid: 'cv9',
      owner: { id: 'u2' },
      territory: { id: 't1', include_child: true },
      criteria: { field: { api_name: 'Lead_Status' }, comparator: 'equal', value: 'Contacted' },
    });
    expect(await leads.massChangeOwnerStatus(jobId)).toMatchObject({ Status: 'COMPLETED', Updated_Count: 10 });
    expect(fake.requests[1]?.url).toBe('/crm/v8/Leads/actions/mass_change_owner?job_id=77');
  });

  it('send mail: the message id; a 5xx is not replayed (a second send is a second email)', async () => {
    fake.handler = (_req, res) => json(res, 200, { data: [ok({ message_id: 'm1' }, 'Your mail has been sent successfully.')] });
    const mail = { from: { email: 'a@z.example' }, to: [{ email: 'b@z.example' }], subject: 'Hi', content: 'x' };
    expect(await leads.sendMail('5', mail)).toEqual({ messageId: 'm1' });
    expect(body(fake.requests[0])).toEqual({ data: [mail] });
    fake.handler = (_req, res) => json(res, 500, { code: 'INTERNAL_ERROR', details: {}, message: 'x', status: 'error' });
    await expect(leads.sendMail('5', mail)).rejects.toMatchObject({ code: 'INTERNAL_ERROR' });
    expect(fake.count('/crm/v8/Leads/5/actions/send_mail')).toBe(2);
  });

  it('tags: per record its tags afterwards; in bulk 100 ids per call', async () => {
    fake.handler = (req, res) => {
      const b = JSON.parse(req.body) as { ids?: string[] };
      if (b.ids === undefined)
        return json(res, 200, { data: [ok({ id: '5', tags: [{ id: 't1', name: 'Hot', color_code: '#F17574' }] })] });
      json(res, 200, { data: b.ids.map((id) => ok({ id })) });
    };
    expect(await leads.tag('5', ['Hot'], { overwrite: true })).toEqual([{ id: 't1', name: 'Hot', color_code: '#F17574' }]);
    expect(fake.requests[0]?.path).toBe('/crm/v8/Leads/5/actions/add_tags');
    expect(body(fake.requests[0])).toEqual({ tags: [{ name: 'Hot' }], over_write: true });
    const results = await leads.untagMany(Array.from({ length: 150 }, (_, i) => String(i)), ['Hot']);
    expect(results.filter((r) => r.ok)).toHaveLength(150);
    expect(fake.count('/crm/v8/Leads/actions/remove_tags')).toBe(2);
  });

  it('one related record: the row, or NotFoundError when the list does not hold it (204)', async () => {
    fake.handler = (req, res) => {
      if (req.path.endsWith('/404')) {
        res.writeHead(204);
        return res.end();
      }
      json(res, 200, { data: [{ id: '9', Note_Title: 'hello' }] });
    };
    const note = await leads.related('Notes', '5').get('9', { fields: ['Note_Title'] });
    expect(note).toEqual({ id: '9', Note_Title: 'hello' });
    expect(fake.requests[0]?.url).toBe('/crm/v8/Leads/5/Notes/9?fields=Note_Title');
    await expect(leads.related('Notes', '5').get('404')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('deleted related records: fields required, the path Zoho documents, an empty page on 204', async () => {
    fake.handler = (_req, res) => {
      res.writeHead(204);
      res.end();
    };
    await expect(leads.related('Notes', '5').deleted({ fields: [] })).rejects.toThrow(
      'Leads.related("Notes").deleted: `fields` must list at least one field',
    );
    const page = await leads.related('Notes', '5').deleted({ fields: ['Note_Title'], perPage: 10 });
    expect(page).toEqual({ data: [], info: { more_records: false, count: 0 } });
    expect(fake.requests[0]?.url).toBe('/crm/v8/Leads/deleted/5/Notes?fields=Note_Title&per_page=10');
  });
});
