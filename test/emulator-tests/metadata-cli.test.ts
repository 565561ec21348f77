import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../generator/metadata/snapshot-types.ts';
import type { Emulator } from '../../emulator/index.ts';
import {
  type Api,
  call,
  MINI_SNAPSHOT,
  obj,
  row,
  rows,
  start,
  tokenCall,
  useEmulator,
} from './helpers.ts';

let emu: Emulator;
let crm: Api;
useEmulator({}, (s) => ({ emu, crm } = s));

describe('metadata from the snapshot', () => {
  it('modules, one module, fields, one field, related lists come from the snapshot bodies', async () => {
    const snap = JSON.parse(readFileSync(MINI_SNAPSHOT, 'utf8')) as Snapshot;
    expect((await crm.get('/crm/v8/settings/modules')).json).toEqual(snap.modules);
    expect(row(await crm.get('/crm/v8/settings/modules/leads'), 0, 'modules')).toMatchObject({
      api_name: 'Leads',
      singular_label: 'Lead',
    });
    expect(
      (await crm.get('/crm/v8/settings/fields', { query: { module: 'Contacts' } })).json,
    ).toEqual(snap.fields['Contacts']);
    const email = snap.fields['Leads']?.fields.find((f) => f.api_name === 'Email');
    expect(
      row(
        await crm.get(`/crm/v8/settings/fields/${String(email?.id)}`, {
          query: { module: 'Leads' },
        }),
        0,
        'fields',
      ),
    ).toEqual(email);
    expect(
      rows(
        await crm.get('/crm/v8/settings/related_lists', { query: { module: 'Accounts' } }),
        'related_lists',
      ).map((r) => r['api_name']),
    ).toEqual(['Contacts', 'Deals', 'Notes', 'Attachments']);
    expect((await crm.get('/crm/v8/settings/fields')).json).toMatchObject({
      code: 'REQUIRED_PARAM_MISSING',
      details: { param_name: 'module' },
    });
    expect(
      (await crm.get('/crm/v8/settings/fields', { query: { module: 'Nope' } })).json['code'],
    ).toBe('INVALID_MODULE');
  });

  it('layouts and custom views are synthesized from the fields', async () => {
    const layout = row(
      await crm.get('/crm/v8/settings/layouts', { query: { module: 'Leads' } }),
      0,
      'layouts',
    );
    const section = obj((layout['sections'] as unknown[])[0]);
    expect((section['fields'] as { api_name: string }[]).map((f) => f.api_name)).toContain(
      'Lead_Status',
    );
    const views = await crm.get('/crm/v8/settings/custom_views', { query: { module: 'Leads' } });
    expect(row(views, 0, 'custom_views')).toMatchObject({
      name: 'All Leads',
      system_name: 'ALLVIEWS',
    });
  });

  it('users and org look like a real org', async () => {
    const users = rows(await crm.get('/crm/v8/users'), 'users');
    expect(users.length).toBeGreaterThan(1);
    expect(users[0]).toMatchObject({
      status: 'active',
      role: { name: 'CEO' },
      profile: { name: 'Administrator' },
    });
    const u = row(await crm.get(`/crm/v8/users/${String(users[1]?.['id'])}`), 0, 'users');
    expect(u['id']).toBe(users[1]?.['id']);
    const org = row(await crm.get('/crm/v8/org'), 0, 'org');
    expect(org).toMatchObject({
      currency: 'US Dollar - USD',
      iso_code: 'USD',
      time_zone: 'UTC',
      license_details: { paid_type: 'enterprise' },
    });
    expect(org['zgid']).toMatch(/^\d+$/);
  });

  it('setSnapshot swaps the metadata (drift for `check`)', async () => {
    const snap = JSON.parse(readFileSync(MINI_SNAPSHOT, 'utf8')) as Snapshot;
    const leads = snap.fields['Leads'];
    if (!leads) throw new Error('fixture without Leads');
    leads.fields.push({
      api_name: 'Drift_Field',
      data_type: 'text',
      json_type: 'string',
      length: 20,
      id: '5843000000000199999',
    });
    emu.setSnapshot(snap);
    const fields = rows(
      await crm.get('/crm/v8/settings/fields', { query: { module: 'Leads' } }),
      'fields',
    );
    expect(fields.map((f) => f['api_name'])).toContain('Drift_Field');
    const r = await crm.post('/crm/v8/Leads', {
      body: { data: [{ Last_Name: 'Drift', Drift_Field: 'x'.repeat(21) }] },
    });
    expect(row(r)).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'Drift_Field' } });
  });
});

describe('seeding', () => {
  it('is deterministic for a seed and differs across seeds', async () => {
    const a = await start({ records: 20, seed: 5 });
    const b = await start({ records: 20, seed: 5 });
    const c = await start({ records: 20, seed: 6 });
    try {
      const pick = (e: Emulator) =>
        e.store.records('Leads').map((r) => [r.id, r['Last_Name'], r['Email'], r['Lead_Status']]);
      expect(pick(a)).toEqual(pick(b));
      expect(pick(a)).not.toEqual(pick(c));
      const lead: Record<string, unknown> = a.store.records('Leads')[0] ?? {};
      expect(lead['Email']).toMatch(/@/);
      const statuses = new Set(a.store.records('Leads').map((r) => r['Lead_Status']));
      expect([...statuses].every((s) => typeof s === 'string' && s !== '-None-')).toBe(true);
      const contact: Record<string, unknown> = a.store.records('Contacts')[0] ?? {};
      expect(obj(contact['Account_Name'])['id']).toMatch(/^\d{19}$/);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });
});

describe('cli', () => {
  it('prints the URL and the client id, never the secret, and serves tokens for the given credentials', async () => {
    const cli = fileURLToPath(new URL('../../bin/zcrm-codegen.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        cli,
        'emulator',
        '--snapshot',
        MINI_SNAPSHOT,
        '--port',
        '0',
        '--records',
        '3',
        '--client-id',
        '1000.CLIID',
        '--client-secret',
        'cli-secret',
        '--refresh-token',
        '1000.cli.refresh',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (c: Buffer) => {
          text += c.toString();
          if (text.includes('client id')) resolve(text);
        });
        child.on('exit', (code) => reject(new Error(`cli exited ${String(code)}`)));
      });
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      expect(url).toBeDefined();
      expect(out).toContain('1000.CLIID');
      expect(out).not.toContain('cli-secret');
      expect(out).not.toContain('1000.cli.refresh');
      const fake = { url: String(url) } as Emulator;
      const t = await tokenCall(fake, {
        grant_type: 'refresh_token',
        client_id: '1000.CLIID',
        client_secret: 'cli-secret',
        refresh_token: '1000.cli.refresh',
      });
      expect(typeof t.json['access_token']).toBe('string');
      const leads = await call(fake, String(t.json['access_token']), 'GET', '/crm/v8/Leads', {
        query: { fields: 'Last_Name' },
      });
      expect(rows(leads)).toHaveLength(3);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('a missing snapshot file is a clear error naming the file', async () => {
    const cli = fileURLToPath(new URL('../../bin/zcrm-codegen.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', cli, 'emulator', '--snapshot', '/nonexistent/snap.json'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).toBe(2); // could not run (README, "Exit codes")
    expect(err).toContain('/nonexistent/snap.json');
    expect(err).not.toMatch(/\n\s+at /);
  });
});
