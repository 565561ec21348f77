/**
 * The promise users buy: a large import through a flaky network loses nothing and doubles nothing.
 * 10,000 Leads go through `create` while the emulator injects 500/503/429 answers and connection
 * resets before and after the write was applied. Every input gets exactly one result, in order;
 * every success is in the store exactly once; a failure is either known not to have been applied or
 * flagged `mayHaveReachedServer` — and re-sending those through upsert on the unique Email (safe to
 * replay) converges to every record exactly once.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index.ts';
import type { Emulator } from '../../emulator/index.ts';
import { ZohoCore } from '../../templates/runtime/core.ts';
import { ModuleResource } from '../../templates/runtime/module-resource.ts';
import type { WriteResult } from '../../templates/runtime/batching.ts';

interface Lead {
  id: string;
  Last_Name: string;
  Email?: string;
}
type LeadInput = Omit<Lead, 'id'>;

const snapshot = fileURLToPath(new URL('../../emulator/fixtures/mini-snapshot.json', import.meta.url));
const TOTAL = 10_000;

describe('a 10,000-record import through 5xx, 429 and resets', () => {
  let emu: Emulator;
  let core: ZohoCore;
  let leads: ModuleResource<Lead, LeadInput, Partial<Lead>>;

  beforeAll(async () => {
    emu = await startEmulator({ snapshot, records: 0, seed: 3 });
    core = new ZohoCore({
      auth: emu.credentials,
      apiDomain: emu.url,
      accountsUrl: emu.url,
      maxConcurrency: 8,
      maxRetries: 6,
      retry: { baseDelayMs: 1, maxDelayMs: 20 },
    });
    leads = new ModuleResource<Lead, LeadInput, Partial<Lead>>(core, 'Leads');
  });
  afterAll(async () => {
    await core?.close();
    await emu?.close();
  });

  it('ends with every record in the store exactly once or reported as failed', async () => {
    const writes = { method: 'POST', pathPrefix: '/crm/v8/Leads' };
    emu.faults.set({ kind: 'status', status: 500, every: 7, match: writes });
    emu.faults.set({ kind: 'status', status: 503, every: 11, match: writes });
    emu.faults.set({ kind: 'status', status: 429, every: 13, match: writes });
    emu.faults.set({ kind: 'reset-before-apply', every: 17, match: writes });
    emu.faults.set({ kind: 'reset-after-apply', every: 19, match: writes });

    const inputs: LeadInput[] = Array.from({ length: TOTAL }, (_, i) => ({
      Last_Name: `Import ${i}`,
      Email: `import.${i}@example.com`,
    }));
    const results = await leads.create(inputs);

    expect(results).toHaveLength(TOTAL);
    results.forEach((r, i) => expect(r.index).toBe(i));

    const stored = countByEmail(emu.store.records('Leads'));
    const failures: { index: number; result: WriteResult }[] = [];
    for (const [i, r] of results.entries()) {
      const n = stored.get(inputs[i]!.Email!) ?? 0;
      if (r.ok) {
        expect(n, `record ${i} reported created`).toBe(1);
      } else {
        failures.push({ index: i, result: r });
        // Known not applied → absent; possibly applied → at most once, never doubled.
        expect(n, `record ${i} reported failed (${r.code})`).toBeLessThanOrEqual(
          r.mayHaveReachedServer ? 1 : 0,
        );
      }
    }
    for (const n of stored.values()) expect(n).toBe(1);
    // The faults really fired: some chunks were lost after being applied, and were reported as such.
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((f) => !f.result.ok && f.result.mayHaveReachedServer)).toBe(true);

    // Recovery: re-send the ambiguous ones with upsert keyed on the unique Email — replay-safe.
    emu.faults.clear();
    emu.faults.set({ kind: 'reset-after-apply', every: 3, match: { method: 'POST', pathPrefix: '/crm/v8/Leads/upsert' } });
    let pending = failures.map((f) => inputs[f.index]!);
    for (let round = 0; pending.length > 0 && round < 5; round++) {
      const again = await leads.upsert(pending, { duplicateCheckFields: ['Email'] });
      pending = pending.filter((_, i) => !again[i]!.ok);
    }
    emu.faults.clear();
    expect(pending).toHaveLength(0);

    const final = countByEmail(emu.store.records('Leads'));
    expect(final.size).toBe(TOTAL);
    for (const input of inputs) expect(final.get(input.Email!), input.Email).toBe(1);
  });
});

function countByEmail(records: readonly Record<string, unknown>[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of records) {
    const email = r['Email'];
    if (typeof email === 'string') counts.set(email, (counts.get(email) ?? 0) + 1);
  }
  return counts;
}
