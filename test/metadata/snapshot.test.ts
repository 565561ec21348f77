import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  canonicalizeSnapshot,
  hashCanonical,
  parseSnapshot,
  readSnapshot,
  serializeSnapshot,
  SnapshotError,
} from '../../generator/metadata/snapshot.ts';
import type { Snapshot } from '../../generator/metadata/snapshot-types.ts';
import { shuffled } from '../helpers/shuffle.ts';

const hashSnapshot = (s: Parameters<typeof canonicalizeSnapshot>[0]): string => hashCanonical(canonicalizeSnapshot(s));

const root = fileURLToPath(new URL('../..', import.meta.url));
const small = fileURLToPath(new URL('../model/fixtures/small-org.json', import.meta.url));

function errorOf(text: string, file = 'generated/demo/metadata.json'): string {
  try {
    parseSnapshot(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(SnapshotError);
    expect((error as SnapshotError).file).toBe(file);
    return (error as Error).message;
  }
  throw new Error('expected a SnapshotError');
}

const module = (api_name: unknown) => ({ api_name, api_supported: true, generated_type: 'default' });
const snap = (modules: unknown, fields: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ modules: { modules }, fields, ...extra });

describe('parseSnapshot: each malformed input → its exact one-line message', () => {
  const F = 'generated/demo/metadata.json';
  const cases: [name: string, text: string, message: string][] = [
    ['not JSON', '<html>502</html>', `${F}: not valid JSON: line 1, column 1 (position 0): Unexpected token '<'`],
    ['truncated JSON', '{\n  "modules": {\n    "modules": [', `${F}: not valid JSON: line 3, column 17 (position 33): Unexpected end of JSON input`],
    ['a stray U+2028', '{"a":\u2028}', `${F}: not valid JSON: line 1, column 6 (position 5): Unexpected token '\\u2028'`],
    ['empty file', '', `${F}: not valid JSON: line 1, column 1 (position 0): Unexpected end of JSON input`],
    ['trailing comma', '{\n  "fields": {},\n}', `${F}: not valid JSON: line 3, column 1 (position 18): Expected double-quoted property name`],
    ['top level array', '[]', `${F}: a snapshot must be a JSON object, got array`],
    ['no modules', JSON.stringify({ fields: {} }), `${F}: missing "modules" object (the body of GET /crm/v8/settings/modules), got undefined`],
    ['modules.modules not an array', JSON.stringify({ modules: { modules: {} }, fields: {} }), `${F}: missing "modules.modules" array, got object`],
    ['no module at all', snap([], {}), `${F}: "modules.modules" is empty: the snapshot describes no module`],
    ['no fields', JSON.stringify({ modules: { modules: [module('Leads')] } }), `${F}: missing "fields" object (module API name → body of GET /crm/v8/settings/fields), got undefined`],
    ['fields an array', snap([module('Leads')], []), `${F}: missing "fields" object (module API name → body of GET /crm/v8/settings/fields), got array`],
    ['related_lists not an object', snap([module('Leads')], {}, { related_lists: [] }), `${F}: "related_lists" must be an object (module API name → body of GET /crm/v8/settings/related_lists), got array`],
    [
      'nesting past the bound, path named',
      `{"modules":{"modules":[{"api_name":"Leads"}]},"fields":{"Leads":{"fields":[{"api_name":"X","data_type":"text","lookup":${'{"a":'.repeat(100)}1${'}'.repeat(100)}}]}}}`,
      `${F}: nested deeper than 64 levels at $.fields.Leads.fields[0].lookup.a.a.a.a…(55 more levels) (Zoho's metadata is a few levels deep: this is not a snapshot)`,
    ],
  ];
  it.each(cases)('%s', (_name, text, message) => {
    const got = errorOf(text);
    expect(got).toBe(message);
    expect(got).not.toMatch(/[\n\r\u2028\u2029]/);
  });

  it('accepts a byte order mark, related_lists absent, and fields for unlisted modules', () => {
    const s = parseSnapshot(`\ufeff${snap([module('Leads')], { Ghosts: { fields: [] } })}`, 'x.json');
    expect(s.fields['Ghosts']).toEqual({ fields: [] });
  });

  it('keeps a __proto__ module name as plain data', () => {
    const s = parseSnapshot(snap([module('__proto__')], { ['__proto__']: { fields: [{ api_name: 'X', data_type: 'text' }] } }), 'x.json');
    expect(Object.hasOwn(s.fields, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(s.fields)).toBe(Object.prototype);
  });
});

describe('readSnapshot', () => {
  it('names a missing file', async () => {
    await expect(readSnapshot('/nonexistent/metadata.json')).rejects.toThrow(
      new SnapshotError('/nonexistent/metadata.json: cannot read snapshot: no such file', '/nonexistent/metadata.json'),
    );
  });

  it('reads a valid snapshot', async () => {
    const s = await readSnapshot(small);
    expect(s.modules.modules.map((m) => m.api_name)).toContain('Leads');
  });

  // The fixtures helper's malformed snapshots (test/fixtures/snapshots/malformed/README.md).
  const malformed = `${root}test/fixtures/snapshots/malformed/`;
  const expected: [file: string, message: string][] = [
    ['not-json.json', 'not valid JSON: line 1, column 1 (position 0): Unexpected token \'<\''],
    ['missing-modules.json', 'missing "modules" object (the body of GET /crm/v8/settings/modules), got undefined'],
  ];
  it.each(expected)('fixture %s', async (file, message) => {
    const path = `${malformed}${file}`;
    await expect(readSnapshot(path)).rejects.toThrow(new SnapshotError(`${path}: ${message}`, path));
  });
  it('fixture fields-unknown-module.json reads fine (the model warns)', async () => {
    const s = await readSnapshot(`${malformed}fields-unknown-module.json`);
    expect(Object.keys(s.fields).sort()).toEqual(['Ghosts', 'Leads']);
  });
});

describe('canonicalizeSnapshot, serializeSnapshot, hashSnapshot', () => {
  const original = JSON.parse(readFileSync(small, 'utf8')) as Snapshot;

  it('sorts keys, modules, fields and related lists; picklists by sequence_number', () => {
    const c = canonicalizeSnapshot(shuffled(original, 1));
    expect(c.modules.modules.map((m) => m.api_name)).toEqual([
      'Accounts', 'Contacts', 'Contacts_X_Accounts', 'Contacts_X_Users', 'Home', 'Leads', 'Ordered_Items', 'Sales_Orders',
    ]);
    expect(Object.keys(c)).toEqual(['fields', 'modules', 'related_lists']);
    expect(c.fields['Leads']?.fields.map((f) => f.api_name).slice(0, 3)).toEqual(['Annual_Revenue', 'Created_Time', 'Description']);
    const status = c.fields['Leads']?.fields.find((f) => f.api_name === 'Lead_Status');
    expect(status?.pick_list_values?.map((v) => v.actual_value)).toEqual(['-None-', 'Contacted', 'Junk Lead', 'Not Contacted']);
    expect(Object.keys(status ?? {})).toEqual([...Object.keys(status ?? {})].sort());
    expect(c.related_lists?.['Accounts']?.related_lists.map((r) => r.api_name)).toEqual(['Contacts', 'Deleted', 'Notes']);
  });

  it('orders picklist values without sequence_number last, by actual_value', () => {
    const s = parseSnapshot(
      snap([module('M')], {
        M: {
          fields: [
            {
              api_name: 'P',
              data_type: 'picklist',
              pick_list_values: [
                { actual_value: 'z', display_value: 'z' },
                { actual_value: 'b', display_value: 'b', sequence_number: 2 },
                { actual_value: 'a', display_value: 'a' },
                { actual_value: 'c', display_value: 'c', sequence_number: 1 },
              ],
            },
          ],
        },
      }),
      'x.json',
    );
    const values = canonicalizeSnapshot(s).fields['M']?.fields[0]?.pick_list_values?.map((v) => v.actual_value);
    expect(values).toEqual(['c', 'b', 'a', 'z']);
  });

  it('gives the same bytes and hash for any order of the same metadata', () => {
    const want = serializeSnapshot(original);
    for (const seed of [1, 2, 3, 42]) {
      const s = shuffled(original, seed);
      expect(serializeSnapshot(s)).toBe(want);
      expect(hashSnapshot(s)).toBe(hashSnapshot(original));
    }
  });

  it('hash is the sha256 of the serialized file bytes', () => {
    const text = serializeSnapshot(original);
    expect(hashSnapshot(original)).toBe(createHash('sha256').update(text).digest('hex'));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "fields": {');
  });

  it('changes the hash when the metadata changes', () => {
    const changed = structuredClone(original);
    changed.fields['Leads']?.fields.push({ api_name: 'New_Field', data_type: 'text' });
    expect(hashSnapshot(changed)).not.toBe(hashSnapshot(original));
  });

  it('does not modify its input and is idempotent', () => {
    const input = shuffled(original, 7);
    const before = JSON.stringify(input);
    const once = canonicalizeSnapshot(input);
    expect(JSON.stringify(input)).toBe(before);
    expect(canonicalizeSnapshot(once)).toBe(once);
    expect(serializeSnapshot(once)).toBe(serializeSnapshot(input));
  });

  it('keeps __proto__ and numeric-looking keys as data', () => {
    const text = '{"modules":{"modules":[{"api_name":"Leads"}]},"fields":{},"extra":{"__proto__":{"polluted":true},"10":1,"9":2,"b":3,"a":4}}';
    const c = canonicalizeSnapshot(parseSnapshot(text, 'x.json')) as unknown as { extra: Record<string, unknown> };
    expect(Object.keys(c.extra)).toEqual(['9', '10', '__proto__', 'a', 'b']);
    expect(Object.getPrototypeOf(c.extra)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    // Canonical output read back is canonical (no second copy needed).
    const again = parseSnapshot(serializeSnapshot(c as unknown as Snapshot), 'x.json');
    expect(canonicalizeSnapshot(again)).toBe(again);
  });

  it('the demo snapshot on disk is canonical', async () => {
    const file = `${root}generated/demo/metadata.json`;
    expect(serializeSnapshot(await readSnapshot(file))).toBe(readFileSync(file, 'utf8'));
  });
});
