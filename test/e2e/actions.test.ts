/**
 * Record actions end to end: a client generated from generated/demo's snapshot (as `zcrm-codegen generate`
 * makes it, into a temp folder, runtime compiled) drives the emulator serving the same snapshot — convert a
 * lead and find its Deal, walk a blueprint transition, read the timeline of what was done, mass update then
 * read the job's status. The emulator and the client are closed after the file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSnapshot } from '../../generator/metadata/snapshot.ts';
import { startEmulator, type Emulator } from '../../emulator/index.ts';
import type { ClientOptions, ModuleResource } from '../../templates/runtime/index.ts';
import { DEMO_SNAPSHOT, demoOptions, generateFromSnapshot, linkNodeModules } from '../helpers/demo-client.ts';

/**
 * The slice of the generated client this file drives, typed from the runtime it is built from (the
 * client is generated at test time, so its own types are not visible here; test/types proves them).
 */
interface LeadRecord {
  id: string;
  Last_Name?: string | null;
  Company?: string | null;
  Email?: string | null;
  Phone?: string | null;
  Lead_Status?: string | null;
}
interface LeadUpdate {
  Last_Name?: string | null;
  Company?: string | null;
  Email?: string | null;
  Phone?: string | null;
  Lead_Status?: string | null;
}
interface DealCreate {
  Deal_Name: string;
  Stage: string;
  Closing_Date: string;
  Pipeline: string;
}
interface DealRecord {
  id: string;
  Deal_Name?: string | null;
  Stage?: string | null;
  Contact_Name?: { id: string; name?: string } | null;
}
interface Map {
  Leads: { record: LeadRecord; create: LeadUpdate & { Last_Name: string }; update: LeadUpdate; related: {} };
  Deals: { record: DealRecord; create: DealCreate; update: Partial<DealCreate>; related: {} };
}
interface ActionsClient {
  readonly leads: ModuleResource<LeadRecord, Map['Leads']['create'], LeadUpdate, {}, Map>;
  readonly deals: ModuleResource<DealRecord, DealCreate, Partial<DealCreate>, {}, Map>;
  close(): Promise<void>;
}

let emulator: Emulator;
let workDir: string;
let crm: ActionsClient;

beforeAll(async () => {
  emulator = await startEmulator({ snapshot: await readSnapshot(DEMO_SNAPSHOT), records: 20, seed: 7 });
  workDir = await mkdtemp(join(tmpdir(), 'zcrm-e2e-actions-'));
  const clientDir = join(workDir, 'client');
  await generateFromSnapshot({ snapshot: DEMO_SNAPSHOT, org: 'demo', outDir: clientDir, ...(await demoOptions()) });
  await linkNodeModules(clientDir);
  const generated = (await import(pathToFileURL(join(clientDir, 'index.js')).href)) as {
    createClient(options: ClientOptions): ActionsClient;
  };
  crm = generated.createClient({
    auth: { ...emulator.credentials },
    apiDomain: emulator.url,
    accountsUrl: emulator.url,
  });
});

afterAll(async () => {
  await crm?.close();
  await emulator?.close();
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
});

async function newLead(fields: Map['Leads']['create']): Promise<string> {
  const [created] = await crm.leads.create([fields]);
  if (created?.ok !== true) throw new Error(`lead not created: ${JSON.stringify(created)}`);
  return created.id;
}

describe('record actions through a generated client', () => {
  it('converts a lead and finds the Deal it became, linked to the new Contact', async () => {
    const lead = await newLead({ Last_Name: 'Okafor', Company: 'Okafor Freight', Email: 'okafor@e2e.example' });
    const result = await crm.leads.convert(lead, {
      Deals: { Deal_Name: 'Okafor freight renewal', Stage: 'Qualification', Closing_Date: '2027-03-31', Pipeline: 'Standard (Standard)' },
    });
    expect(result.Contacts?.id).toMatch(/^\d+$/);
    expect(result.Accounts?.name).toBe('Okafor Freight');
    const dealId = result.Deals?.id;
    expect(dealId).toBeDefined();
    const deal = await crm.deals.get(dealId ?? '', { fields: ['Deal_Name', 'Stage', 'Contact_Name'] });
    expect(deal).toMatchObject({ Deal_Name: 'Okafor freight renewal', Stage: 'Qualification' });
    expect(deal.Contact_Name?.id).toBe(result.Contacts?.id);
    const found = await crm.deals.search({ criteria: '(Deal_Name:equals:Okafor freight renewal)', fields: ['Deal_Name'] });
    expect(found.data.map((d) => d.id)).toEqual([dealId]);
    await expect(crm.leads.get(lead)).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });
  });

  it('walks a blueprint transition, then reads it in the timeline with the old and new state', async () => {
    const lead = await newLead({ Last_Name: 'Ibarra', Lead_Status: 'Attempted to Contact' });
    const bp = await crm.leads.blueprint(lead);
    expect(bp?.process_info.field_value).toBe('Attempted to Contact');
    const step = bp?.transitions.find((t) => t.next_field_value === 'Contact in Future');
    expect(step?.fields?.map((f) => f.api_name)).toEqual(['Phone']);
    await crm.leads.transition(lead, step?.id ?? '', { Phone: '+1 555 0100', Notes: 'call back in May' });

    expect(await crm.leads.get(lead, { fields: ['Lead_Status', 'Phone'] })).toMatchObject({
      Lead_Status: 'Contact in Future',
      Phone: '+1 555 0100',
    });
    const after = await crm.leads.blueprint(lead);
    expect(after?.transitions.map((t) => t.next_field_value)).toEqual(['Contacted', 'Junk Lead']);
    await expect(crm.leads.transition(lead, step?.id ?? '')).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { api_name: 'transition_id' },
    });

    const timeline = await crm.leads.timeline(lead, { sortOrder: 'asc' });
    expect(timeline.data.map((e) => [e.action, e.source])).toEqual([
      ['added', 'crm_api'],
      ['transition_executed', 'blueprint'],
    ]);
    const change = timeline.data[1]?.field_history?.find((f) => f.api_name === 'Lead_Status');
    expect(change?._value).toEqual({ new: 'Contact in Future', old: 'Attempted to Contact' });
  });

  it('mass updates leads by id, then a custom view as a job whose status counts the records', async () => {
    const ids = [await newLead({ Last_Name: 'Mass 1' }), await newLead({ Last_Name: 'Mass 2' })];
    const results = await crm.leads.massUpdate([...ids, '5843100000000000000'], { Lead_Status: 'Contacted' });
    expect(results.map((r) => r.ok)).toEqual([true, true, false]);
    for (const id of ids) expect((await crm.leads.get(id, { fields: ['Lead_Status'] })).Lead_Status).toBe('Contacted');
    await expect(crm.leads.massUpdate(ids, { Lead_Status: 'Contacted', Phone: '1' })).rejects.toThrow(
      'Leads.massUpdate: set one field per call',
    );

    const total = await crm.leads.count();
    const { jobId } = await crm.leads.massUpdateView('5843000000000087501', { Lead_Status: 'Pre-Qualified' });
    const status = await crm.leads.massUpdateStatus(jobId);
    expect(status).toMatchObject({ Status: 'COMPLETED', Total_Count: total, Updated_Count: total, Failed_Count: 0 });
    const timeline = await crm.leads.timeline(ids[0] ?? '');
    expect(timeline.data[0]?.source).toBe('mass_update_via_scheduler');
    expect(timeline.data[0]?.field_history?.[0]).toMatchObject({
      api_name: 'Lead_Status',
      _value: { new: 'Pre-Qualified', old: 'Contacted' },
    });
  });
});
