/**
 * End-to-end: the runtime against the local Zoho emulator (emulator/), started in-process.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZohoCore, type ClientOptions } from '../../templates/runtime/core.ts';
import { InvalidGrantError, ZohoApiError } from '../../templates/runtime/errors.ts';
import { FileTokenStore } from '../../templates/runtime/file-token-store.ts';
import type { Hooks } from '../../templates/runtime/hooks.ts';
import { ModuleResource } from '../../templates/runtime/module-resource.ts';
import { startEmulator, type Emulator } from '../../emulator/index.ts';

const snapshot = fileURLToPath(new URL('../../emulator/fixtures/mini-snapshot.json', import.meta.url));

interface Lead {
  id: string;
  Last_Name: string;
  Email?: string | null;
}

describe('runtime against the emulator', () => {
  let emu: Emulator;
  const cores: ZohoCore[] = [];
  /** Every line any hook or error produced, to prove no secret leaks. */
  const logLines: string[] = [];
  const hooks: Hooks = {
    onRequest: (e) => logLines.push(JSON.stringify(e)),
    onResponse: (e) => logLines.push(JSON.stringify(e)),
    onRetry: (e) => logLines.push(JSON.stringify(e)),
    onRefresh: (e) => logLines.push(JSON.stringify(e)),
    onError: (e) =>
      logLines.push(
        `${e.error.name}: ${e.error.message} ${JSON.stringify(e.error.details)} ${JSON.stringify(e.error.body)} ${String(e.error.cause)}`,
      ),
  };

  function client(extra: Partial<ClientOptions> = {}): ZohoCore {
    const c = new ZohoCore({
      auth: emu.credentials,
      apiDomain: emu.url,
      accountsUrl: emu.url,
      maxConcurrency: 50,
      retry: { baseDelayMs: 5, maxDelayMs: 200 },
      hooks,
      ...extra,
    });
    cores.push(c);
    return c;
  }

  beforeAll(async () => {
    emu = await startEmulator({ snapshot, records: 30, seed: 7 });
  });
  afterAll(async () => {
    await Promise.all(cores.map((c) => c.close()));
    await emu?.close();
  });

  it('50 concurrent calls on an expired token → exactly one refresh, all succeed', async () => {
    const core = client();
    const leads = new ModuleResource<Lead, Omit<Lead, 'id'>, Partial<Lead>>(core, 'Leads');
    await leads.list({ fields: ['Last_Name'], perPage: 1 });
    const before = emu.log.tokensMinted;
    emu.faults.set({ kind: 'expire-tokens' });
    const pages = await Promise.all(
      Array.from({ length: 50 }, () => leads.list({ fields: ['Last_Name'], perPage: 5 })),
    );
    expect(pages.every((p) => p.data.length > 0)).toBe(true);
    expect(emu.log.tokensMinted - before).toBe(1);
    emu.faults.clear();
  });

  it('a burst of 429s is waited out and every call succeeds', async () => {
    let retried429 = 0;
    const core = client({
      hooks: { ...hooks, onRetry: (e) => (hooks.onRetry?.(e), e.status === 429 && retried429++) },
    });
    const leads = new ModuleResource<Lead, Omit<Lead, 'id'>, Partial<Lead>>(core, 'Leads');
    emu.faults.set({ kind: 'status', status: 429, times: 25, match: { method: 'GET' } });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => leads.list({ fields: ['Last_Name'], perPage: 2 })),
    );
    expect(results).toHaveLength(20);
    expect(results.every((r) => r.data.length === 2)).toBe(true);
    expect(retried429).toBe(25);
    emu.faults.clear();
  });

  it('a reset after a create was applied is reported (mayHaveReachedServer), not replayed: no duplicate', async () => {
    const core = client();
    const leads = new ModuleResource<Lead, Omit<Lead, 'id'>, Partial<Lead>>(core, 'Leads');
    const name = `Once-${Date.now()}`;
    emu.faults.set({
      kind: 'reset-after-apply',
      times: 1,
      match: { method: 'POST', pathPrefix: '/crm/v8/Leads' },
    });
    const [result] = await leads.create([{ Last_Name: name }]);
    emu.faults.clear();
    expect(result).toMatchObject({ ok: false, mayHaveReachedServer: true });
    expect(emu.store.records('Leads').filter((r) => r['Last_Name'] === name)).toHaveLength(1);
  });

  it('a reset before a GET was applied is replayed and succeeds', async () => {
    const leads = new ModuleResource<Lead, Omit<Lead, 'id'>, Partial<Lead>>(client(), 'Leads');
    emu.faults.set({
      kind: 'reset-before-apply',
      times: 2,
      match: { method: 'GET', pathPrefix: '/crm/v8/Leads' },
    });
    const page = await leads.list({ fields: ['Last_Name'], perPage: 3 });
    emu.faults.clear();
    expect(page.data).toHaveLength(3);
  });

  it('maxConcurrency caps what reaches the server', async () => {
    const leads = new ModuleResource<Lead, Omit<Lead, 'id'>, Partial<Lead>>(
      client({ maxConcurrency: 4 }),
      'Leads',
    );
    emu.faults.set({ kind: 'latency', ms: 20 });
    emu.log.clear();
    await Promise.all(
      Array.from({ length: 24 }, () => leads.list({ fields: ['Last_Name'], perPage: 1 })),
    );
    emu.faults.clear();
    expect(emu.log.peakConcurrency).toBeGreaterThan(1);
    expect(emu.log.peakConcurrency).toBeLessThanOrEqual(4);
  });

  it('coql.iterate pages with LIMIT/OFFSET through every matching row', async () => {
    const { CoqlResource } = await import('../../templates/runtime/resources/coql.ts');
    const coql = new CoqlResource(client());
    const ids: unknown[] = [];
    for await (const row of coql.iterate(
      'select Last_Name from Leads where id is not null order by id',
      { pageSize: 7 },
    ))
      ids.push(row['id']);
    expect(ids.length).toBe(emu.store.records('Leads').length);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('two clients sharing a FileTokenStore (as two processes would) mint one token between them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zcrm-e2e-'));
    try {
      // Fresh clients and an empty store: only a mint by `a` may happen; `b` must find its token in the file.
      const before = emu.log.tokensMinted;
      const a = client({ tokenStore: new FileTokenStore(join(dir, 't.json')) });
      const b = client({ tokenStore: new FileTokenStore(join(dir, 't.json')) });
      await a.request({
        method: 'GET',
        path: '/crm/v8/Leads',
        query: { fields: 'Last_Name', per_page: 1 },
        operation: 'listRecords',
      });
      await b.request({
        method: 'GET',
        path: '/crm/v8/Leads',
        query: { fields: 'Last_Name', per_page: 1 },
        operation: 'listRecords',
      });
      expect(emu.log.tokensMinted - before).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a revoked/unknown refresh token fails with InvalidGrantError, once', async () => {
    const core = client({
      auth: { ...emu.credentials, refreshToken: '1000.not-a-real-refresh-token.abcdef' },
    });
    const err = await core
      .request({
        method: 'GET',
        path: '/crm/v8/Leads',
        query: { fields: 'Last_Name' },
        operation: 'listRecords',
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZohoApiError);
    expect(err).toBeInstanceOf(InvalidGrantError);
  });

  it('no secret appears in any hook line or error', () => {
    const all = logLines.join('\n');
    expect(logLines.length).toBeGreaterThan(50);
    expect(all).not.toContain(emu.credentials.clientSecret);
    expect(all).not.toContain(emu.credentials.refreshToken);
    expect(all).not.toContain('1000.not-a-real-refresh-token.abcdef');
    // Zoho-shaped access tokens (1000.<hex>.<hex>) never appear.
    expect(all).not.toMatch(/1000\.[0-9a-f]{16,}\.[0-9a-f]{16,}/);
  });
});
