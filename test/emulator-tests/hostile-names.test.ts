/**
 * Field api_names are metadata from an org, not code: `__proto__`, `constructor` and `toString` are
 * ordinary fields to Zoho and must round-trip as ordinary fields here.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/index.ts';
import { accessToken, call, start } from './helpers.ts';

const HOSTILE = fileURLToPath(new URL('../fixtures/snapshots/hostile.json', import.meta.url));

describe('fields named like Object.prototype members', () => {
  let emu: Emulator;
  let token: string;
  beforeAll(async () => {
    emu = await start({ snapshot: HOSTILE });
    token = await accessToken(emu);
  });
  afterAll(() => emu.close());

  it('create, then read back, `__proto__`, `constructor` and `toString` as plain fields', async () => {
    // Built from JSON text so `__proto__` is an own key of the body, as any client would send it.
    const body = JSON.parse(
      '{"data":[{"Name":"W-1","__proto__":"proto value","constructor":"ctor value","toString":"str value"}]}',
    ) as unknown;
    const created = await call(emu, token, 'POST', '/crm/v8/Widgets', { body });
    expect(created.status).toBe(201);
    const id = (created.json['data'] as { details: { id: string } }[])[0]!.details.id;

    const read = await call(emu, token, 'GET', `/crm/v8/Widgets/${id}`, {
      query: { fields: '__proto__,constructor,toString,Name' },
    });
    expect(read.status).toBe(200);
    const row = (JSON.parse(read.text) as { data: Record<string, unknown>[] }).data[0]!;
    expect(Object.hasOwn(row, '__proto__')).toBe(true);
    expect(row['__proto__']).toBe('proto value');
    expect(row['constructor']).toBe('ctor value');
    expect(row['toString']).toBe('str value');
    expect(Object.getPrototypeOf(emu.store.records('Widgets')[0])).toBe(Object.prototype);
  });
});
