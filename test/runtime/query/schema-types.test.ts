/**
 * Where a lookup into Users leads: the org's Users module when the module map has one, else Zoho's
 * documented user fields (schema-types.ts). Type-level: `npx tsc` checks these lines (an unused
 * `@ts-expect-error` fails it); the run-time assertion only keeps vitest from reporting an empty file.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { KindAt, PathArg, ValueAt } from '../../../templates/runtime/query/schema-types.ts';
import type { TestMap } from './schema.ts';

interface WithUsers extends TestMap {
  Users: {
    record: { id: string; Badge_Number?: number | null; email?: string | null };
    fields: { Badge_Number: 'number'; email: 'text' };
  };
}

describe('paths into Users', () => {
  it('follow the Users module of the map when there is one, else the documented user fields', () => {
    expectTypeOf<KindAt<WithUsers, 'Leads', 'Owner.Badge_Number'>>().toEqualTypeOf<'number'>();
    expectTypeOf<ValueAt<WithUsers, 'Leads', 'Owner.Badge_Number'>>().toEqualTypeOf<number | null>();
    expectTypeOf<KindAt<TestMap, 'Leads', 'Owner.full_name'>>().toEqualTypeOf<'text'>();
    expectTypeOf<ValueAt<TestMap, 'Leads', 'Owner.email'>>().toEqualTypeOf<string | null>();
    // Without a Users module, only the documented fields:
    expectTypeOf<KindAt<TestMap, 'Leads', 'Owner.Badge_Number'>>().toEqualTypeOf<never>();
    // With one, its own fields, not the documented list:
    expectTypeOf<KindAt<WithUsers, 'Leads', 'Owner.full_name'>>().toEqualTypeOf<never>();
    // Two relations at most: Account → Parent → Owner is three.
    expectTypeOf<KindAt<TestMap, 'Leads', 'Account.Parent.Account_Name'>>().toEqualTypeOf<'text'>();
    expectTypeOf<KindAt<TestMap, 'Leads', 'Account.Parent.Owner.email'>>().toEqualTypeOf<never>();
    // A multi-line field is selectable but not a criterion.
    expectTypeOf<PathArg<TestMap, 'Leads', 'Description'>>().toEqualTypeOf<'Description'>();
    expectTypeOf<'Description'>().not.toMatchTypeOf<PathArg<TestMap, 'Leads', 'Description', 'criteria'>>();
    expect(true).toBe(true);
  });
});
