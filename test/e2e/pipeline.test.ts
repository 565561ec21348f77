/**
 * The whole pipeline, end to end, against the local Zoho CRM v8 emulator (emulator/):
 * live org → pull → snapshot → generate (the committed demo client, which the run's shared type-check
 * proves compiles) → a generated client driving records, search, paging past
 * 2,000, COQL, bulk read, composite and related lists → the org's schema changes → `check` reports drift
 * (in-process and through the CLI's exit code).
 *
 * One emulator for the file; the steps run in order and later ones use what earlier ones produced.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOrg } from '../../generator/commands/drift.ts';
import { pullSnapshot } from '../../generator/metadata/pull.ts';
import type { Snapshot, ZohoField } from '../../generator/metadata/snapshot-types.ts';
import {
  canonicalizeSnapshot,
  hashCanonical,
  readSnapshot,
} from '../../generator/metadata/snapshot.ts';
import type { ClientOptions } from '../../templates/runtime/index.ts';
import { startEmulator, type Emulator } from '../../emulator/index.ts';
import { treeDifferences } from '../helpers/compare-trees.ts';
import { sharedTypeCheck } from '../helpers/shared-type-check.ts';
import { diagnosticsIn, formatDiagnostics, REPO_ROOT } from '../helpers/type-check.ts';
import { DEMO_DIR, DEMO_SNAPSHOT, demoOptions, generateFromSnapshot, linkNodeModules } from '../helpers/demo-client.ts';
import type { DrivenClient, GeneratedClientModule } from './driven-client.ts';

const hashSnapshot = (s: Parameters<typeof canonicalizeSnapshot>[0]): string => hashCanonical(canonicalizeSnapshot(s));

/** Enough Leads that listing must switch from `page` to `page_token` (Zoho: page reaches 2,000 records). */
const SEEDED_PER_MODULE = 2500;

let emulator: Emulator;
let demo: Snapshot;
let workDir: string;
let clientDir: string;
let pulled: Snapshot | undefined;
let generated: GeneratedClientModule | undefined;
let crm: DrivenClient | undefined;

function connection(): ClientOptions {
  return { auth: { ...emulator.credentials }, apiDomain: emulator.url, accountsUrl: emulator.url };
}

/** The snapshot of the "pulls a snapshot" step; later steps need it. */
function pulledSnapshot(): Snapshot {
  if (pulled === undefined) throw new Error('no snapshot was pulled (an earlier step failed)');
  return pulled;
}

/** The client built by the "imports the generated client" step; later steps need it. */
function client(): DrivenClient {
  if (crm === undefined)
    throw new Error('the generated client was not imported (an earlier step failed)');
  return crm;
}

function leadIds(): Set<string> {
  return new Set(emulator.store.records('Leads').map((r) => String(r['id'])));
}

beforeAll(async () => {
  demo = await readSnapshot(DEMO_SNAPSHOT);
  emulator = await startEmulator({ snapshot: demo, records: SEEDED_PER_MODULE, seed: 42 });
  workDir = await mkdtemp(join(tmpdir(), 'zcrm-e2e-'));
  clientDir = join(workDir, 'client');
});

afterAll(async () => {
  await crm?.close();
  await emulator?.close();
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
});

describe('pull → generate → type-check', () => {
  it('pulls a snapshot from the emulator identical to the demo snapshot it serves', async () => {
    const steps: string[] = [];
    pulled = await pullSnapshot({ client: connection(), onProgress: (p) => steps.push(p.step) });
    const want = canonicalizeSnapshot(demo);

    expect(pulled.modules.modules.map((m) => m.api_name)).toEqual(
      want.modules.modules.map((m) => m.api_name),
    );
    expect(JSON.stringify(pulled.modules)).toBe(JSON.stringify(want.modules));
    const names = [...new Set([...Object.keys(pulled.fields), ...Object.keys(want.fields)])].sort();
    const fieldsDiffer = names.filter(
      (n) => JSON.stringify(pulled?.fields[n]) !== JSON.stringify(want.fields[n]),
    );
    expect(fieldsDiffer, 'modules whose pulled fields differ from the demo snapshot').toEqual([]);
    const related = [
      ...new Set([
        ...Object.keys(pulled.related_lists ?? {}),
        ...Object.keys(want.related_lists ?? {}),
      ]),
    ];
    const relatedDiffer = related.filter(
      (n) => JSON.stringify(pulled?.related_lists?.[n]) !== JSON.stringify(want.related_lists?.[n]),
    );
    expect(relatedDiffer, 'modules whose pulled related lists differ').toEqual([]);
    expect(hashSnapshot(pulled)).toBe(hashSnapshot(demo));
    expect(steps).toContain('fields Leads');
  });

  it('generates from the pulled snapshot the committed demo client, byte for byte, which type-checks', async () => {
    const report = await generateFromSnapshot({
      snapshot: pulledSnapshot(),
      org: 'demo',
      outDir: clientDir,
      ...(await demoOptions()),
    });
    expect(report.files).toEqual(
      expect.arrayContaining([
        'index.js',
        'index.d.ts',
        'client.js',
        'client.d.ts',
        'modules.d.ts',
        'tsconfig.json',
        'openapi.json',
      ]),
    );
    expect(await treeDifferences(DEMO_DIR, clientDir, new Set(['metadata.json']))).toEqual([]);
    await linkNodeModules(clientDir);

    // The same files as generated/demo, so its type-check (once per run, shared) is this client's.
    const check = await sharedTypeCheck();
    const errors = diagnosticsIn(check.diagnostics, `${DEMO_DIR}/`);
    expect(check.rootNames).toContain(`${DEMO_DIR}/index.d.ts`);
    expect(formatDiagnostics(errors)).toBe('');
  });

  it('imports the generated client', async () => {
    generated = (await import(
      pathToFileURL(join(clientDir, 'index.js')).href
    )) as GeneratedClientModule;
    expect(typeof generated.createClient).toBe('function');
    crm = generated.createClient(connection());
    expect(crm.module('Leads')).toBe(crm.leads);
  });
});

describe('the generated client against the emulator', () => {
  it('creates, reads, updates and deletes a Lead with one result per record', async () => {
    const crm = client();
    const created = await crm.leads.create([
      {
        Last_Name: 'Okafor',
        First_Name: 'Ada',
        Email: 'ada.okafor@e2e.example',
        Lead_Status: 'Not Contacted',
      },
    ]);
    expect(created).toHaveLength(1);
    const first = created[0];
    expect(first, JSON.stringify(first)).toMatchObject({ ok: true, index: 0, code: 'SUCCESS' });
    if (first?.ok !== true) return;
    const id = first.id;
    expect(leadIds().has(id)).toBe(true);

    const got = await crm.leads.get(id, {
      fields: ['Last_Name', 'First_Name', 'Email', 'Lead_Status'],
    });
    expect(got).toMatchObject({
      id,
      Last_Name: 'Okafor',
      First_Name: 'Ada',
      Email: 'ada.okafor@e2e.example',
      Lead_Status: 'Not Contacted',
    });

    const updated = await crm.leads.update([
      { id, Lead_Status: 'Contacted', Phone: '+1 555 0100' },
    ]);
    expect(updated, JSON.stringify(updated)).toMatchObject([
      { ok: true, index: 0, id, code: 'SUCCESS' },
    ]);
    const after = await crm.leads.get(id, { fields: ['Lead_Status', 'Phone', 'Last_Name'] });
    expect(after).toMatchObject({
      id,
      Lead_Status: 'Contacted',
      Phone: '+1 555 0100',
      Last_Name: 'Okafor',
    });

    const deleted = await crm.leads.delete([id]);
    expect(deleted, JSON.stringify(deleted)).toMatchObject([
      { ok: true, index: 0, id, code: 'SUCCESS' },
    ]);
    expect(leadIds().has(id)).toBe(false);
    const gone = await crm.leads.get(id, { fields: ['Last_Name'] }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(gone).toBeInstanceOf(generated?.NotFoundError ?? Error);
  });

  it('creates 250 records in API-sized batches: one result per input, in order, failures carrying Zoho codes', async () => {
    const crm = client();
    // Every 25th record from 7 lacks the system-mandatory Last_Name; every 25th from 13 has a Lead_Status
    // that is not one of the field's picklist values.
    const missing = (i: number) => i % 25 === 7;
    const badPicklist = (i: number) => i % 25 === 13;
    const input = Array.from({ length: 250 }, (_, i): Record<string, unknown> => {
      if (missing(i)) return { First_Name: `NoLast${i}`, Email: `nolast.${i}@batch.e2e.example` };
      if (badPicklist(i)) return { Last_Name: `Batch ${i}`, Lead_Status: 'Maybe Later' };
      return {
        Last_Name: `Batch ${i}`,
        Company: `E2E Batch ${i} Ltd`,
        Email: `batch.${i}@batch.e2e.example`,
      };
    });
    const before = emulator.store.records('Leads').length;

    const results = await crm.leads.create(input);

    expect(results).toHaveLength(250);
    expect(results.map((r) => r.index)).toEqual(input.map((_, i) => i));
    for (const [i, r] of results.entries()) {
      if (missing(i)) {
        expect(r, `record ${i}`).toMatchObject({
          ok: false,
          code: 'MANDATORY_NOT_FOUND',
          details: { api_name: 'Last_Name' },
        });
      } else if (badPicklist(i)) {
        expect(r, `record ${i}`).toMatchObject({
          ok: false,
          code: 'INVALID_DATA',
          details: { api_name: 'Lead_Status' },
        });
      } else {
        expect(r, `record ${i}`).toMatchObject({ ok: true, code: 'SUCCESS' });
      }
      expect(r.record).toBe(input[i]);
    }
    const ok = results.filter((r) => r.ok);
    expect(ok).toHaveLength(250 - 20);
    expect(emulator.store.records('Leads').length).toBe(before + ok.length);
    const stored = leadIds();
    expect(ok.every((r) => r.ok && stored.has(r.id))).toBe(true);
    expect(emulator.log.count('createRecords')).toBeGreaterThanOrEqual(3);
  });

  it('searches by criteria', async () => {
    const seeded = emulator.store
      .records('Leads')
      .find((r) => typeof r['Email'] === 'string' && r['Email'] !== '');
    const email = String(seeded?.['Email']);
    const page = await client().leads.search({
      criteria: `(Email:equals:${email})`,
      fields: ['Last_Name', 'Email'],
    });
    expect(page.data).toEqual([
      { id: seeded?.['id'], Last_Name: seeded?.['Last_Name'], Email: email },
    ]);
    expect(page.info.more_records).toBe(false);
  });

  it('iterates every Lead past the first 2,000: as many rows as the store holds, no duplicates', async () => {
    const crm = client();
    const want = leadIds();
    expect(want.size).toBeGreaterThan(2000);
    const seen = new Set<string>();
    let rows = 0;
    for await (const lead of crm.leads.iterate({ fields: ['Last_Name'] })) {
      rows++;
      seen.add(lead.id);
    }
    expect(rows).toBe(want.size);
    expect(seen.size).toBe(rows);
    expect([...seen].filter((id) => !want.has(id))).toEqual([]);
    expect(await crm.leads.count()).toBe(want.size);
  });

  it('reaches any path of the spec through the typed request escape hatch', async () => {
    const lead = emulator.store.records('Leads')[0];
    const body = (await client().request('GET', '/crm/v8/{module_api_name}/{record_id}', {
      params: {
        path: { module_api_name: 'Leads', record_id: String(lead?.['id']) },
        query: { fields: 'Last_Name' },
      },
    })) as { data?: { id?: string; Last_Name?: string }[] } | undefined;
    expect(body?.data).toEqual([{ id: lead?.['id'], Last_Name: lead?.['Last_Name'] }]);

    const count = (await client().request('GET', '/crm/v8/Leads/actions/count')) as
      { count?: number } | undefined;
    expect(count?.count).toBe(emulator.store.records('Leads').length);
  });

  it('runs a COQL query', async () => {
    const want = emulator.store
      .records('Leads')
      .filter((r) => r['Lead_Status'] === 'Contacted')
      .map((r) => String(r['id']))
      .sort();
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThanOrEqual(2000);

    const page = await client().coql.query(
      "select Last_Name, Lead_Status from Leads where Lead_Status = 'Contacted' limit 2000",
    );

    expect(page.data.map((r) => String(r['id'])).sort()).toEqual(want);
    expect(page.data.every((r) => r['Lead_Status'] === 'Contacted' && 'Last_Name' in r)).toBe(true);
    expect(page.info.more_records).toBe(false);
  });

  it('bulk-reads Leads: create job → wait → download CSV with one row per record', async () => {
    const crm = client();
    const job = await crm.bulk.read({
      query: { module: { api_name: 'Leads' }, fields: ['Last_Name', 'Email'] },
    });
    const details = job['details'];
    const jobId =
      typeof details === 'object' && details !== null
        ? (details as Record<string, unknown>)['id']
        : undefined;
    expect(typeof jobId).toBe('string');
    const done = await crm.bulk.waitForRead(String(jobId), { intervalMs: 100, timeoutMs: 30_000 });
    expect(done['state']).toBe('COMPLETED');

    const csv = await crm.bulk.downloadReadResult(String(jobId));
    const rows = csvRows(csv);
    expect(rows[0]).toEqual(['Id', 'Last_Name', 'Email']);
    expect(rows.length - 1).toBe(emulator.store.records('Leads').length);
    expect(new Set(rows.slice(1).map((r) => r[0])).size).toBe(rows.length - 1);
  });

  it('sends composite requests in chunks of at most 5, one result per sub-request', async () => {
    const crm = client();
    const ids = emulator.store
      .records('Leads')
      .slice(0, 5)
      .map((r) => String(r['id']));
    const callsBefore = emulator.log.count('executeCompositeRequest');

    const results = await crm.composite.execute([
      ...ids.map((id, i) => ({
        sub_request_id: `get_${i}`,
        method: 'GET' as const,
        uri: `/crm/v8/Leads/${id}`,
        params: { fields: 'Last_Name' },
      })),
      {
        sub_request_id: 'create',
        method: 'POST',
        uri: '/crm/v8/Leads',
        body: { data: [{ Last_Name: 'Composite' }] },
      },
    ]);

    expect(emulator.log.count('executeCompositeRequest') - callsBefore).toBe(2);
    expect(results.map((r) => r.sub_request_id)).toEqual([
      'get_0',
      'get_1',
      'get_2',
      'get_3',
      'get_4',
      'create',
    ]);
    for (const [i, id] of ids.entries()) {
      const body = results[i]?.details?.response?.body as { data?: { id?: string }[] } | undefined;
      expect(results[i]?.details?.response?.status_code).toBe(200);
      expect(body?.data?.[0]?.id).toBe(id);
    }
    expect(results[5]?.details?.response?.status_code).toBe(201);
    expect(emulator.store.records('Leads').some((r) => r['Last_Name'] === 'Composite')).toBe(true);
  });

  it("lists an Account's related Contacts", async () => {
    const byAccount = new Map<string, number>();
    for (const c of emulator.store.records('Contacts')) {
      const account = c['Account_Name'];
      const accountId =
        typeof account === 'object' && account !== null
          ? (account as { id?: unknown }).id
          : undefined;
      if (typeof accountId === 'string')
        byAccount.set(accountId, (byAccount.get(accountId) ?? 0) + 1);
    }
    const [accountId, count] = [...byAccount.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
    expect(accountId, 'the seeded Contacts link to Accounts').toBeDefined();

    const page = await client()
      .accounts.related('Contacts', String(accountId))
      .list({ fields: ['Last_Name', 'Account_Name'] });
    expect(page.data).toHaveLength(count ?? -1);
    expect(
      page.data.every((c) => (c['Account_Name'] as { id?: string } | null)?.id === accountId),
    ).toBe(true);
  });
});

describe('check: the live org against the committed snapshot', () => {
  let cliDir: string;
  const cliEnv = (): NodeJS.ProcessEnv => ({
    ...process.env,
    ZCRM_E2E_CLIENT_ID: emulator.credentials.clientId,
    ZCRM_E2E_CLIENT_SECRET: emulator.credentials.clientSecret,
    ZCRM_E2E_REFRESH_TOKEN: emulator.credentials.refreshToken,
    ZCRM_E2E_API_DOMAIN: emulator.url,
    ZCRM_E2E_ACCOUNTS_URL: emulator.url,
  });

  beforeAll(async () => {
    // A project of its own: the CLI reads zcrm.config.yaml from its working directory.
    cliDir = join(workDir, 'project');
    await mkdir(cliDir, { recursive: true });
    await copyFile(DEMO_SNAPSHOT, join(cliDir, 'metadata.json'));
    await writeFile(
      join(cliDir, 'zcrm.config.yaml'),
      'orgs:\n  - name: e2e\n    dataCenter: us\n    snapshot: metadata.json\n    out: client\n',
    );
  });

  it('reports no drift while the org matches, in-process and through the CLI (exit 0)', async () => {
    const result = await checkOrg({
      client: connection(),
      org: 'e2e',
      snapshotFile: DEMO_SNAPSHOT,
    });
    expect(result).toEqual({ inSync: true, report: '' });

    const cli = await runCli(['check', '--org', 'e2e'], cliDir, cliEnv());
    expect(cli.code, cli.stdout + cli.stderr).toBe(0);
    expect(cli.stdout).toContain('e2e: in sync');
  });

  it('reports drift naming the module and fields after the org changes, and the CLI exits 1', async () => {
    emulator.setSnapshot(driftedSnapshot(demo));

    const result = await checkOrg({
      client: connection(),
      org: 'e2e',
      snapshotFile: DEMO_SNAPSHOT,
    });
    expect(result.inSync).toBe(false);
    expect(result.report).toContain('Leads');
    expect(result.report).toMatch(/Lead_Status.*Junk Lead/);
    expect(result.report).toContain('Preferred_Channel__c');

    const cli = await runCli(['check', '--org', 'e2e'], cliDir, cliEnv());
    expect(cli.code, cli.stdout + cli.stderr).toBe(1);
    expect(cli.stdout).toMatch(/Lead_Status.*Junk Lead/);
    expect(cli.stdout).toContain('Preferred_Channel__c');
    expect(cli.stdout + cli.stderr).not.toContain(emulator.credentials.clientSecret);
    expect(cli.stdout + cli.stderr).not.toContain(emulator.credentials.refreshToken);
  });
});

/** The demo org after an admin removed picklist value "Junk Lead" from Leads.Lead_Status and added a field. */
function driftedSnapshot(base: Snapshot): Snapshot {
  const s = structuredClone(base);
  const fields = s.fields['Leads']?.fields;
  if (fields === undefined) throw new Error('the demo snapshot has no Leads fields');
  const status = fields.find((f) => f.api_name === 'Lead_Status');
  if (!status?.pick_list_values)
    throw new Error('the demo snapshot has no Leads.Lead_Status picklist');
  status.pick_list_values = status.pick_list_values.filter((v) => v.actual_value !== 'Junk Lead');
  const template = fields.find((f) => f.api_name === 'Mobile');
  if (template === undefined) throw new Error('the demo snapshot has no Leads.Mobile field');
  const added: ZohoField = {
    ...structuredClone(template),
    api_name: 'Preferred_Channel__c',
    id: '5725767000099990001',
    field_label: 'Preferred Channel',
    display_label: 'Preferred Channel',
    custom_field: true,
  };
  fields.push(added);
  return s;
}

/** Runs the CLI's source (bin/zcrm-codegen.ts through tsx) asynchronously: the emulator it talks to lives in this process. */
function runCli(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      // tsx resolved from this repository: the CLI runs in a project folder of its own.
      [
        '--import',
        pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href,
        join(REPO_ROOT, 'bin/zcrm-codegen.ts'),
        ...args,
      ],
      { cwd, env, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolvePromise({ code, stdout, stderr });
      },
    );
  });
}

/** RFC 4180 rows: quoted fields may hold commas, quotes ("") and newlines. */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
