import { describe, expect, it } from 'vitest';
import {
  compareValues,
  isEmptyValue,
  kindOf,
  toBoolean,
  toDay,
  toInstant,
  toNumber,
  type ValueKind,
} from '../../emulator/coql-values.ts';
import type { ZohoField } from '../../generator/metadata/snapshot-types.ts';

describe('kindOf', () => {
  const f = (data_type: string, extra: Partial<ZohoField> = {}): ZohoField => ({
    api_name: 'X',
    data_type,
    ...extra,
  });
  const cases: { given: ZohoField | undefined; sample?: unknown; want: ValueKind }[] = [
    { given: f('bigint'), want: 'number' },
    { given: f('currency'), want: 'number' },
    { given: f('percent'), want: 'number' },
    { given: f('datetime'), want: 'datetime' },
    { given: f('ownerlookup'), want: 'lookup' },
    { given: f('autonumber'), want: 'picklist' },
    { given: f('multiselectpicklist'), want: 'multiselect' },
    { given: f('website'), want: 'text' },
    { given: f('textarea'), want: 'textarea' },
    { given: f('formula', { formula: { return_type: 'date' } }), want: 'date' },
    { given: f('formula', { formula: { return_type: 'double' } }), want: 'number' },
    { given: f('formula'), want: 'text' },
    { given: f('rollup_summary', { rollup_summary: { return_type: 'currency' } }), want: 'number' },
    { given: f('fileupload'), want: 'unsupported' },
    { given: f('multiselectlookup'), want: 'unsupported' },
    { given: f('something_new'), want: 'unsupported' },
    { given: undefined, sample: 12, want: 'number' },
    { given: undefined, sample: '12', want: 'text' },
    { given: undefined, sample: '2024-02-19', want: 'date' },
    { given: undefined, sample: '2024-02-19T18:30:23-11:00', want: 'datetime' },
    { given: undefined, sample: { id: '1', name: 'x' }, want: 'lookup' },
    { given: undefined, sample: ['a'], want: 'multiselect' },
    { given: undefined, sample: null, want: 'text' },
  ];
  it.each(cases)('$given.data_type / $sample → $want', ({ given, sample, want }) => {
    expect(kindOf(given, sample)).toBe(want);
  });
});

describe('value readers', () => {
  const numbers: { given: unknown; want: number | undefined }[] = [
    { given: 12, want: 12 },
    { given: '12', want: 12 },
    { given: ' -1.5 ', want: -1.5 },
    { given: '.5', want: 0.5 },
    { given: '1e3', want: 1000 },
    { given: '12abc', want: undefined },
    { given: '', want: undefined },
    { given: '0x10', want: undefined },
    { given: 'Infinity', want: undefined },
    { given: Number.NaN, want: undefined },
    { given: true, want: undefined },
    { given: null, want: undefined },
  ];
  it.each(numbers)('toNumber($given) → $want', ({ given, want }) => {
    expect(toNumber(given)).toBe(want);
  });

  const days: { given: unknown; valid: boolean }[] = [
    { given: '2024-02-29', valid: true },
    { given: '2023-02-29', valid: false },
    { given: '2024-13-01', valid: false },
    { given: '2024-04-31', valid: false },
    { given: '2024-4-1', valid: false },
    { given: '20240401', valid: false },
    { given: 20240401, valid: false },
  ];
  it.each(days)('toDay($given) valid=$valid', ({ given, valid }) => {
    expect(toDay(given) !== undefined).toBe(valid);
  });

  const instants: { given: string; want: string | undefined }[] = [
    { given: '2024-02-19T18:30:23-11:00', want: '2024-02-20T05:30:23.000Z' },
    { given: '2024-02-20T05:00:00+05:30', want: '2024-02-19T23:30:00.000Z' },
    { given: '2024-02-19T23:59:59Z', want: '2024-02-19T23:59:59.000Z' },
    { given: '2024-02-19T23:59:59.5Z', want: '2024-02-19T23:59:59.500Z' },
    { given: '2024-02-19T23:59:59', want: undefined }, // no offset
    { given: '2024-02-19 23:59:59+00:00', want: undefined },
    { given: '2024-02-30T00:00:00Z', want: undefined },
    { given: '2024-02-19T24:00:00Z', want: undefined },
    { given: '2024-02-19T10:00:00+15:00', want: undefined },
    { given: '2024-02-19', want: undefined },
  ];
  it.each(instants)('toInstant($given) → $want', ({ given, want }) => {
    const ms = toInstant(given);
    expect(ms === undefined ? undefined : new Date(ms).toISOString()).toBe(want);
  });

  const booleans: { given: unknown; want: boolean | undefined }[] = [
    { given: true, want: true },
    { given: 'TRUE', want: true },
    { given: ' false ', want: false },
    { given: 'yes', want: undefined },
    { given: 1, want: undefined },
  ];
  it.each(booleans)('toBoolean($given) → $want', ({ given, want }) => {
    expect(toBoolean(given)).toBe(want);
  });

  const empties: { given: unknown; want: boolean }[] = [
    { given: null, want: true },
    { given: undefined, want: true },
    { given: '', want: true },
    { given: [], want: true },
    { given: 0, want: false },
    { given: false, want: false },
    { given: ' ', want: false },
    { given: {}, want: false },
  ];
  it.each(empties)('isEmptyValue($given) → $want', ({ given, want }) => {
    expect(isEmptyValue(given)).toBe(want);
  });
});

describe('compareValues', () => {
  const cases: { a: unknown; b: unknown; kind: ValueKind; want: -1 | 0 | 1 | undefined }[] = [
    { a: '100', b: 99, kind: 'number', want: 1 },
    { a: '9007199254740993', b: '9007199254740992', kind: 'number', want: 1 },
    { a: 1.5, b: '1.50', kind: 'number', want: 0 },
    { a: 'abc', b: 1, kind: 'number', want: undefined },
    { a: '1990-05-17', b: '1990-05-18', kind: 'date', want: -1 },
    { a: '2024-02-19T23:30:00-05:00', b: '2024-02-20', kind: 'date', want: -1 }, // a datetime's written day
    { a: '2024-02-19T18:30:23-11:00', b: '2024-02-20T05:30:23Z', kind: 'datetime', want: 0 },
    { a: '2024-02-20T05:00:00+05:30', b: '2024-02-19T23:59:59Z', kind: 'datetime', want: -1 },
    { a: 'Smith', b: 'SMITH', kind: 'text', want: 0 },
    { a: 'Smith', b: 'SMITH', kind: 'picklist', want: 1 },
    { a: { id: '5', name: 'x' }, b: '5', kind: 'lookup', want: 0 },
    { a: true, b: 'true', kind: 'boolean', want: 0 },
    { a: false, b: true, kind: 'boolean', want: -1 },
    { a: null, b: 'x', kind: 'text', want: undefined },
    { a: '', b: '', kind: 'text', want: undefined },
  ];
  it.each(cases)('$a vs $b as $kind → $want', ({ a, b, kind, want }) => {
    const got = compareValues(a, b, kind);
    expect(got === undefined ? undefined : Math.sign(got)).toBe(want);
  });
});
