/**
 * The spec's resources through a real generated client: generated from generated/demo's snapshot into a temp
 * folder (the same steps as `zcrm-codegen generate`), imported as JavaScript, and driven against the emulator
 * (in-process): users, org and settings reads and a settings write, as a user of the client calls them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.ts';
import { ORG, USERS } from '../../emulator/org.ts';
import { DEMO_SNAPSHOT, generateFromSnapshot, linkNodeModules } from '../helpers/demo-client.ts';

type Call = (init?: object) => Promise<unknown>;
interface SpecDriven {
  readonly users: { list: Call; get: Call; iterate(init?: object): AsyncIterable<{ id: string }> };
  readonly org: { get: Call; zgid(): Promise<string> };
  readonly settings: {
    readonly modules: { list: Call; get: Call };
    readonly fields: { list: Call };
    readonly layouts: { list: Call };
    readonly tags: { list: Call; create: Call };
  };
  close(): Promise<void>;
}

let emulator: Emulator;
let workDir: string;
let crm: SpecDriven;

beforeAll(async () => {
  emulator = await startEmulator({ snapshot: DEMO_SNAPSHOT, records: 0, seed: 1 });
  workDir = await mkdtemp(join(tmpdir(), 'zcrm-spec-resources-'));
  const clientDir = join(workDir, 'client');
  await generateFromSnapshot({ snapshot: DEMO_SNAPSHOT, org: 'demo', outDir: clientDir });
  await linkNodeModules(clientDir);
  const mod = (await import(pathToFileURL(join(clientDir, 'client.js')).href)) as {
    createClient(options: object): SpecDriven;
  };
  crm = mod.createClient({ auth: { ...emulator.credentials }, apiDomain: emulator.url, accountsUrl: emulator.url });
}, 120_000);

afterAll(async () => {
  await crm?.close();
  await emulator?.close();
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
});

describe('a generated client reaches the org-independent operations by resource', () => {
  it('users: list by type, get one, iterate every page', async () => {
    const admins = (await crm.users.list({ query: { type: 'AdminUsers' } })) as { users: { full_name: string }[] };
    expect(admins.users.map((u) => u.full_name)).toEqual(['Patricia Boyle']);
    const one = (await crm.users.get({ path: { user_id: USERS[1]!.id } })) as { users: { email: string }[] };
    expect(one.users[0]?.email).toBe(USERS[1]!.email);
    const ids: string[] = [];
    for await (const u of crm.users.iterate({ query: { per_page: 3 } })) ids.push(u.id);
    expect(ids).toEqual(USERS.map((u) => u.id));
  });

  it('org: get, and the zgid bulk uploads need', async () => {
    const org = (await crm.org.get()) as { org: { company_name: string }[] };
    expect(org.org[0]?.company_name).toBe(ORG.company_name);
    await expect(crm.org.zgid()).resolves.toBe(ORG.zgid);
  });

  it('settings: modules, fields and layouts of a module; tags created and listed', async () => {
    const modules = (await crm.settings.modules.list()) as { modules: { api_name: string }[] };
    expect(modules.modules.map((m) => m.api_name)).toContain('Leads');
    const fields = (await crm.settings.fields.list({ query: { module: 'Leads' } })) as { fields: { api_name: string }[] };
    expect(fields.fields.map((f) => f.api_name)).toContain('Last_Name');
    const layouts = (await crm.settings.layouts.list({ query: { module: 'Leads' } })) as { layouts: unknown[] } | undefined;
    expect(Array.isArray(layouts?.layouts ?? [])).toBe(true);
    await crm.settings.tags.create({ query: { module: 'Leads' }, body: { tags: [{ name: 'Spec resources' }] } });
    const tags = (await crm.settings.tags.list({ query: { module: 'Leads' } })) as { tags: { name: string }[] };
    expect(tags.tags.map((t) => t.name)).toContain('Spec resources');
  });

  it('an answer Zoho refuses is an error naming the operation', async () => {
    await expect(crm.settings.fields.list({ query: { module: 'No_Such_Module' } })).rejects.toThrow(/^listFields \(HTTP 400\): INVALID_MODULE/);
  });
});
