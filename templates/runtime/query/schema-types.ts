/**
 * The org's schema as the typed query builders see it, read from the module map the generator emits
 * (module API name → `{ record, fields }`, `fields` being field API name → query kind). Everything here is
 * resolved per call, for the one path a call names: no union of every path of the org is ever built
 * (on a 100-module org that union has tens of thousands of members, trips TS2590 and costs every editor).
 */

/** A field's kind as queries see it (generator/model/query-kind.ts emits these). */
export type QueryKind =
  | 'text'
  | 'textarea'
  | 'autonumber'
  | 'picklist'
  | 'multiselect'
  | 'number'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'lookup'
  | `lookup:${string}`
  /** The record id: compared and ordered as a long integer. */
  | 'id';

/**
 * The query kind a field's record type implies (`V` without null): numbers compare as numbers, booleans as
 * booleans, a union of string literals is a picklist, an array of strings a multi-select picklist, any other
 * string is text; objects (lookups, files, subform rows, JSON values) imply nothing. What the type cannot
 * tell — dates, date-times, multi-line and auto-number text, a lookup's target — the generated code says
 * (QueryFields' `G`). generator/emit/field-ts-type.ts, impliedQueryKind, is the same rule over the field types
 * it emits, so it writes out exactly the fields this gets wrong.
 */
export type ImpliedKind<V> = [V] extends [boolean]
  ? 'boolean'
  : [V] extends [number | string]
    ? number extends V
      ? 'number'
      : [V] extends [number]
        ? 'number'
        : string extends V
          ? 'text'
          : 'picklist'
    : [V] extends [readonly (infer E)[]]
      ? [E] extends [string]
        ? 'multiselect'
        : never
      : never;

/** `{ date: 'A' | 'B'; none: 'C' }` read as field → kind. */
type ByField<G> = { [K in keyof G as G[K] & string]: K };

type KindOfField<R, G, F extends keyof R> = F extends keyof ByField<G>
  ? ByField<G>[F]
  : ImpliedKind<NonNullable<R[F]>>;

/**
 * A module's fields as queries see them (field API name → query kind), from its record type `R` and the
 * kinds the generated code states `G` (`{ datetime: 'Created_Time'; 'lookup:Accounts': 'Account_Name';
 * none: 'Notes_Blob' }`, `none` for a field queries cannot use although its type looks queryable). Stating
 * only what the type does not imply keeps `<Name>Fields` a few names per module, where one entry per field
 * was a seventh of the org's type text; this is computed only for a module a query names.
 */
export type QueryFields<R, G> = {
  [
    F in keyof R as F extends 'id'
      ? never
      : [KindOfField<R, G, F>] extends [never]
        ? never
        : KindOfField<R, G, F> extends 'none'
          ? never
          : F
  ]-?: KindOfField<R, G, F>;
};

/**
 * Users fields a dotted path into an owner or user lookup may name when the org's module map has no
 * `Users` module (Zoho's COQL docs select `Owner.first_name`, `Owner.last_name`, `Owner.email`,
 * `Owner.full_name`: v8 "COQL - Overview", examples of lookup fields).
 */
export interface DocumentedUserFields {
  first_name: 'text';
  last_name: 'text';
  full_name: 'text';
  email: 'text';
}

/** Where owner and user lookups lead. */
export type UsersModule = 'Users';

/** A module's query kinds: from the map, else (for Users only) Zoho's documented user fields. */
export type FieldsOf<TMap, M> = M extends keyof TMap
  ? TMap[M] extends { fields: infer F }
    ? F
    : {}
  : M extends UsersModule
    ? DocumentedUserFields
    : {};

/** A module's record type, or plain strings for the documented user fields. */
export type RecordOf<TMap, M> = M extends keyof TMap
  ? TMap[M] extends { record: infer R }
    ? R
    : {}
  : M extends UsersModule
    ? { [K in keyof DocumentedUserFields]?: string | null }
    : {};

/** Where a path ends: the module holding the last field, the field, and its kind. */
export interface Resolved {
  readonly module: unknown;
  readonly field: string;
  readonly kind: QueryKind;
}

/**
 * Zoho: "You can use a maximum of two relations (joins) in a select query" (v8 "Query API - Limitations",
 * zoho.com/crm/developer/docs/api/v8/COQL-Limitations.html): a path has at most three segments.
 */
export type MaxRelations = 2;

/**
 * The end of a dotted path from module M (`Account_Name.Owner.email`), or never. Each segment but the
 * last must be a lookup with a known target (`lookup:<Module>`); `id` ends a path anywhere.
 */
export type ResolvePath<TMap, M, P extends string, Depth extends unknown[] = []> = P extends 'id'
  ? { module: M; field: 'id'; kind: 'id' }
  : P extends `${infer Head}.${infer Rest}`
    ? Depth['length'] extends MaxRelations
      ? never
      : Head extends keyof FieldsOf<TMap, M>
        ? FieldsOf<TMap, M>[Head] extends `lookup:${infer Target}`
          ? ResolvePath<TMap, Target, Rest, [...Depth, unknown]>
          : never
        : never
    : P extends keyof FieldsOf<TMap, M>
      ? FieldsOf<TMap, M>[P] extends infer K extends QueryKind
        ? { module: M; field: P; kind: K }
        : never
      : never;

/** The kind at the end of a path, or never. */
export type KindAt<TMap, M, P extends string> = KindOf<ResolvePath<TMap, M, P>>;

// The helpers below take the resolved path as a naked type parameter, so an unresolved path (never)
// stays never instead of matching every pattern.
type KindOf<R> = R extends { kind: infer K } ? K : never;

/**
 * What a path argument accepts: the path itself when it resolves (and, for criteria, is not a
 * multi-line field: Zoho "You cannot use multi-line fields ... in criteria"), else the module's own
 * field names, which is what the editor offers and what the error lists. Checked one path at a time.
 */
export type PathArg<TMap, M, P, Use extends 'select' | 'criteria' = 'select'> = P extends string
  ? [ResolvePath<TMap, M, P>] extends [never]
    ? Suggest<TMap, M, P>
    : Use extends 'criteria'
      ? KindAt<TMap, M, P> extends 'textarea'
        ? Exclude<keyof FieldsOf<TMap, M> & string, TextareaKeys<FieldsOf<TMap, M>>>
        : P
      : P
  : never;

/**
 * What a path that does not resolve could have been, for the error and the editor's completions: the
 * fields of the module the path has reached so far (`Account_Name.` offers `Account_Name.<Accounts field>`),
 * built for this one path only.
 */
type Suggest<TMap, M, P extends string, Depth extends unknown[] = []> = string extends P
  ? // Only while the editor completes an argument (the path not inferred yet): one level of lookups too.
    'id' | (keyof FieldsOf<TMap, M> & string) | LookupPaths<TMap, M>
  : P extends `${infer Head}.${infer Rest}`
    ? Depth['length'] extends MaxRelations
      ? 'id' | (keyof FieldsOf<TMap, M> & string)
      : Head extends keyof FieldsOf<TMap, M>
        ? FieldsOf<TMap, M>[Head] extends `lookup:${infer Target}`
          ? `${Head}.${Suggest<TMap, Target, Rest, [...Depth, unknown]>}`
          : 'id' | (keyof FieldsOf<TMap, M> & string)
        : 'id' | (keyof FieldsOf<TMap, M> & string)
    : 'id' | (keyof FieldsOf<TMap, M> & string);

/** `Account_Name.<each Accounts field>` for each lookup of one module: completions one dot deep. */
type LookupPaths<TMap, M> = {
  [K in keyof FieldsOf<TMap, M> & string]: FieldsOf<TMap, M>[K] extends `lookup:${infer Target}`
    ? `${K}.${'id' | (keyof FieldsOf<TMap, Target> & string)}`
    : never;
}[keyof FieldsOf<TMap, M> & string];

type TextareaKeys<F> = { [K in keyof F]: F[K] extends 'textarea' ? K : never }[keyof F];

/** The value a path holds in a row: its record type, `null` when empty. */
export type ValueAt<TMap, M, P extends string> = ValueOf<TMap, ResolvePath<TMap, M, P>>;

type ValueOf<TMap, R> = R extends { module: infer Owner; field: infer F }
  ? F extends 'id'
    ? string
    : F extends keyof RecordOf<TMap, Owner>
      ? Exclude<RecordOf<TMap, Owner>[F], undefined> | null
      : unknown
  : never;

/** An ISO date, `YYYY-MM-DD`. */
export type IsoDate = `${number}-${number}-${number}`;
/** An ISO date-time, `YYYY-MM-DDThh:mm:ss±hh:mm` (Zoho writes the offset). */
export type IsoDateTime = `${IsoDate}T${string}`;

/**
 * What a condition compares a path with, one value: the field's own type (a picklist's values, a
 * multi-select's options), numbers, booleans, ISO dates, ISO date-times or a Date, record ids for lookups.
 */
export type ScalarFor<TMap, M, P extends string> = ScalarOf<TMap, ResolvePath<TMap, M, P>>;

type ScalarOf<TMap, R> = R extends { module: infer Owner; field: infer F; kind: infer K }
  ? K extends 'number'
    ? number
    : K extends 'boolean'
      ? boolean
      : K extends 'date'
        ? IsoDate
        : K extends 'datetime'
          ? IsoDateTime | Date
          : K extends 'picklist'
            ? PicklistValue<RecordOf<TMap, Owner>, F>
            : K extends 'multiselect'
              ? OptionOf<RecordOf<TMap, Owner>, F>
              : string
  : never;

type PicklistValue<R, F> = F extends keyof R
  ? Exclude<R[F], null | undefined | readonly unknown[]>
  : string;
type OptionOf<R, F> = F extends keyof R
  ? Exclude<R[F], null | undefined> extends readonly (infer E)[]
    ? E
    : string
  : string;

/**
 * The operators a kind allows, from a table of operators by kind (COQL's or search's); a `lookup:<Module>`
 * kind reads the `lookup` row; an unresolved path (never) allows any, so only the path is reported.
 */
export type OperatorFor<Table extends Record<string, readonly string[]>, K> = [K] extends [never]
  ? Table[keyof Table][number]
  : K extends `lookup${string}`
    ? Table['lookup'][number]
    : K extends keyof Table
      ? Table[K][number]
      : never;

/** Turns `A & B` into one object type in hovers and errors. */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};
