import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareSnapshots } from '../../generator/commands/drift.ts';
import { parseSnapshot } from '../../generator/metadata/snapshot.ts';
import type { Snapshot, ZohoField } from '../../generator/metadata/snapshot-types.ts';

const demoFile = new URL('../../generated/demo/metadata.json', import.meta.url);
const demo = (): Snapshot => parseSnapshot(readFileSync(demoFile, 'utf8'), 'generated/demo/metadata.json');

function field(s: Snapshot, module: string, apiName: string): ZohoField {
  const f = s.fields[module]?.fields.find((x) => x.api_name === apiName);
  if (!f) throw new Error(`fixture lacks ${module}.${apiName}`);
  return f;
}

describe('compareSnapshots', () => {
  it('is in sync with itself', () => {
    expect(compareSnapshots('demo', demo(), demo())).toEqual({ inSync: true, report: '' });
  });

  it('names a removed picklist value as breaking', () => {
    const live = demo();
    const status = field(live, 'Leads', 'Lead_Status');
    status.pick_list_values = (status.pick_list_values ?? []).filter((v) => v.actual_value !== 'Junk Lead');
    const result = compareSnapshots('demo', demo(), live);
    expect(result.inSync).toBe(false);
    expect(result.report).toContain('Leads');
    expect(result.report).toContain('Lead_Status');
    expect(result.report).toContain('Junk Lead');
    expect(result.report).toMatch(/breaking/i);
  });

  it('reports a change the types cannot see (a label) as drift, by module', () => {
    const live = demo();
    field(live, 'Contacts', 'Email').field_label = 'Work e-mail';
    const result = compareSnapshots('demo', demo(), live);
    expect(result.inSync).toBe(false);
    expect(result.report).toContain('Metadata that does not change the types changed for: Contacts');
  });

  it('names a module that appeared', () => {
    const live = demo();
    live.modules.modules.push({
      api_name: 'Shipments',
      module_name: 'Shipments',
      singular_label: 'Shipment',
      plural_label: 'Shipments',
      api_supported: true,
      generated_type: 'custom',
      id: '5725767000009999001',
    });
    live.fields['Shipments'] = {
      fields: [{ api_name: 'Name', data_type: 'text', json_type: 'string', field_label: 'Shipment Name', system_mandatory: true }],
    };
    const result = compareSnapshots('demo', demo(), live);
    expect(result.inSync).toBe(false);
    expect(result.report).toContain('Shipments');
  });
});
