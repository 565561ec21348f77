/**
 * Picklists as one string (`Picklist<"A|B|C">`, runtime record-types.ts) and when the generator writes them
 * that way (emit/field-ts-type.ts). The type assertions are checked by `npx tsc` (`npm run typecheck`, part of
 * CI): an `expectTypeOf` that does not hold, or an unused `@ts-expect-error`, fails it.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { PICKLIST_STRING_MAX_VALUES, recordValueType } from '../../generator/emit/field-ts-type.ts';
import type { FieldType } from '../../generator/model/types.ts';
import type { Picklist } from '../../templates/runtime/record-types.ts';

// 500 values, the most the generator writes as one string: TypeScript must split it without hitting its limit
// on recursive types (1,000 levels for a tail-recursive conditional type; a union-building recursion stops at 50).
type V10 = `${0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9}`;
type Long = `v${V10}${V10}` extends infer N extends string ? N : never;
type LongString = 'v00|v01|v02|v03|v04|v05|v06|v07|v08|v09|v10|v11|v12|v13|v14|v15|v16|v17|v18|v19|v20|v21|v22|v23|v24|v25|v26|v27|v28|v29|v30|v31|v32|v33|v34|v35|v36|v37|v38|v39|v40|v41|v42|v43|v44|v45|v46|v47|v48|v49|v50|v51|v52|v53|v54|v55|v56|v57|v58|v59|v60|v61|v62|v63|v64|v65|v66|v67|v68|v69|v70|v71|v72|v73|v74|v75|v76|v77|v78|v79|v80|v81|v82|v83|v84|v85|v86|v87|v88|v89|v90|v91|v92|v93|v94|v95|v96|v97|v98|v99';
type Repeat5<S extends string> = `${S}|${S}|${S}|${S}|${S}`;

function picklist(values: readonly string[], multi = false): FieldType {
  const pickValues = values.map((actualValue) => ({ actualValue, displayValue: actualValue }));
  return multi
    ? { kind: 'multiselectpicklist', dataType: 'multiselectpicklist', values: pickValues }
    : { kind: 'picklist', dataType: 'picklist', values: pickValues };
}

describe('Picklist<"A|B|C">', () => {
  it('is the union of its values, empty and unusual values included', () => {
    expectTypeOf<Picklist<'-None-|Cold|Warm|Hot'>>().toEqualTypeOf<'-None-' | 'Cold' | 'Warm' | 'Hot'>();
    expectTypeOf<Picklist<'Only'>>().toEqualTypeOf<'Only'>();
    expectTypeOf<Picklist<'A||B'>>().toEqualTypeOf<'A' | '' | 'B'>();
    expectTypeOf<Picklist<'Ölçü ${x}|"quoted"|back\\slash'>>().toEqualTypeOf<'Ölçü ${x}' | '"quoted"' | 'back\\slash'>();
    // @ts-expect-error a value the picklist does not have
    const wrong: Picklist<'Cold|Warm'> = 'Hot';
    expect(wrong).toBe('Hot');
  });

  it('splits the longest one the generator writes', () => {
    expectTypeOf<Picklist<Repeat5<LongString>>>().toEqualTypeOf<Long>();
    expect(PICKLIST_STRING_MAX_VALUES).toBe(500);
  });
});

describe('the generator writes a picklist', () => {
  it('as one string when it can, and as a union when a value holds `|`, it has one value or too many', () => {
    expect(recordValueType(picklist(['-None-', 'Cold', 'Hot']), () => undefined)).toBe('Picklist<"-None-|Cold|Hot">');
    expect(recordValueType(picklist(['Red', 'Blue'], true), () => undefined)).toBe('Picklist<"Red|Blue">[]');
    expect(recordValueType(picklist(['A|B', 'C']), () => undefined)).toBe('"A|B" | "C"');
    expect(recordValueType(picklist(['A|B', 'C'], true), () => undefined)).toBe('("A|B" | "C")[]');
    expect(recordValueType(picklist(['Only']), () => undefined)).toBe('"Only"');
    expect(recordValueType(picklist([]), () => undefined)).toBe('string');
    const many = Array.from({ length: PICKLIST_STRING_MAX_VALUES + 1 }, (_, i) => `v${i}`);
    expect(recordValueType(picklist(many), () => undefined)).toBe(many.map((v) => `"${v}"`).join(' | '));
    expect(recordValueType(picklist(many.slice(1)), () => undefined)).toBe(`Picklist<"${many.slice(1).join('|')}">`);
    // Quotes and backslashes are escaped as in any string literal the generator writes.
    expect(recordValueType(picklist(['say "hi"', 'a\\b']), () => undefined)).toBe('Picklist<"say \\"hi\\"|a\\\\b">');
  });
});
