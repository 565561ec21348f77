import { describe, expect, it } from 'vitest';
import { mergeDuplicateFields } from '../../generator/model/merge-fields.ts';
import type { FieldType, ModelWarning } from '../../generator/model/types.ts';
import { field } from '../generator/fixtures/model.ts';

const picklist = (...values: string[]): FieldType => ({
  kind: 'picklist',
  dataType: 'picklist',
  values: values.map((v) => ({ actualValue: v, displayValue: v })),
});
const text: FieldType = { kind: 'string', dataType: 'text' };

function merge(...fields: Parameters<typeof field>[]) {
  const warnings: ModelWarning[] = [];
  const merged = mergeDuplicateFields('Activities', fields.map((f) => field(...f)), (w) => warnings.push(w));
  return { merged, messages: warnings.map((w) => `${w.code} ${w.field}: ${w.message}`) };
}

describe('mergeDuplicateFields', () => {
  it('keeps fields listed once as they are, with no warning', () => {
    const { merged, messages } = merge(['Tag', text], ['Subject', text]);
    expect(merged.map((f) => f.apiName)).toEqual(['Tag', 'Subject']);
    expect(messages).toEqual([]);
  });

  it('merges identical copies into one, saying so', () => {
    const { merged, messages } = merge(['Tag', text, { id: '1' }], ['Tag', text, { id: '2' }], ['Tag', text, { id: '3' }]);
    expect(merged).toHaveLength(1);
    expect(messages).toEqual(['duplicate-field Tag: listed 3 times (ids 1, 2, 3): merged into one field (identical definitions)']);
  });

  it('unites picklist values and keeps inputs as strict as every copy', () => {
    const { merged, messages } = merge(
      ['Status', picklist('Open', 'Done'), { id: '1', requiredOnCreate: true }],
      ['Status', picklist('Open', 'Held'), { id: '2', updatable: false }],
    );
    expect(merged).toHaveLength(1);
    expect(merged[0]?.type).toEqual(picklist('Open', 'Done', 'Held'));
    expect(merged[0]).toMatchObject({ requiredOnCreate: false, updatable: false, creatable: true });
    expect(messages).toEqual([
      'duplicate-field Status: listed 2 times (ids 1, 2): merged into one field (picklist values united; writable only where every entry is; required only where every entry is)',
    ]);
  });

  it('keeps the first copy when the types cannot be one', () => {
    const { merged, messages } = merge(['Status', picklist('Open'), { id: '1' }], ['Status', text, { id: '2' }]);
    expect(merged).toEqual([field('Status', picklist('Open'), { id: '1' })]);
    expect(messages).toEqual([
      'duplicate-field Status: listed 2 times (ids 1, 2) with types that cannot share one (picklist, text): kept the first (picklist)',
    ]);
  });
});
