/**
 * `--records N`: N realistic records per API-supported module — names, emails, phones, picklist
 * values from the snapshot, lookups to other seeded records — deterministic for a given seed.
 *
 * Seeding is lazy: a module's records are made the first time anything touches that module, so
 * an org with thirty modules starts at once and a benchmark over Leads pays only for Leads.
 * Record i of module M is a pure function of (seed, M, i) — its own random stream and its own id
 * — so the result never depends on which module was touched first, and a lookup to record k of
 * another module can name it without seeding that module.
 */
import { defineOwn } from '../generator/canonical-json.ts';
import { zohoDateTime } from './clock.ts';
import type { FieldRule, ModuleIndex } from './module-index.ts';
import { USERS, userRef } from './org.ts';
import { deriveFields, nameOf, type EmulatorState } from './state.ts';
import type { Rec } from './types.ts';

const FIRST = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'John',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'William',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Carlos',
  'Karen',
  'Ana',
  'Wei',
  'Aarav',
  'Yuki',
  'Fatima',
  'Olga',
  'Kwame',
  'Sofia',
  'Liam',
  'Noor',
];
const LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Ramirez',
  'Lewis',
  'Robinson',
];
const COMPANY_A = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Zylker',
  'Vandelay',
  'Hooli',
  'Pied Piper',
  'Soylent',
  'Tyrell',
  'Cyberdyne',
  'Wonka',
  'Gringotts',
  'Oscorp',
];
const COMPANY_B = [
  'Industries',
  'Corp',
  'Labs',
  'Systems',
  'Holdings',
  'Logistics',
  'Foods',
  'Partners',
  'Networks',
  'Dynamics',
];
const WORDS = [
  'follow up',
  'budget approved',
  'requested a demo',
  'needs pricing',
  'evaluating competitors',
  'decision next quarter',
  'met at trade show',
  'referred by partner',
];
const CITIES = ['Austin', 'Chennai', 'Berlin', 'Osaka', 'Toronto', 'Sydney'];
const COUNTRIES = ['United States', 'India', 'Germany', 'Japan', 'Canada', 'Australia'];
const TITLES = ['CEO', 'CTO', 'VP Sales', 'Buyer', 'Engineer', 'Manager'];
const BASE_TIME = Date.UTC(2025, 0, 6, 9, 0, 0);
const USER_REFS = USERS.map(userRef);
const DATES = Array.from({ length: 700 }, (_, d) =>
  zohoDateTime(BASE_TIME + d * 86_400_000).slice(0, 10),
);
/** Modules with their own shapes (notes hang off records; attachments are files). */
const SKIP = new Set(['Notes', 'Attachments']);
/** Seeded ids: '58433' + module number (3 digits) + sequence (11 digits) — all below API-created ids ('58434…'). */
const SEED_PREFIX = '58433';

/** mulberry32 over a state mixed from (seed, module, record): one independent stream per record. */
class Rand {
  private a: number;
  constructor(seed: number, module: number, i: number) {
    this.a =
      (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^
        Math.imul(module + 1, 0xc2b2ae35) ^
        Math.imul(i + 1, 0x27d4eb2f)) >>>
      0;
  }
  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)] as T;
  }
}

interface Person {
  first: string;
  last: string;
  company: string;
  domain: string;
}

type GenFn = (i: number, p: Person, r: Rand, withLookups: boolean) => unknown;
/** `pure`: the value depends only on (i, person) — no draw from the record's stream. */
interface Gen {
  fn: GenFn;
  pure: boolean;
}
const pure = (fn: GenFn): Gen => ({ fn, pure: true });
const drawn = (fn: GenFn): Gen => ({ fn, pure: false });

function clip(s: string, f: FieldRule): string {
  return f.maxLength !== null && s.length > f.maxLength ? s.slice(0, f.maxLength) : s;
}

interface ModulePlan {
  index: ModuleIndex;
  number: number;
  gens: (readonly [string, Gen])[];
  /** Display names of records computed for lookups, by record number. */
  names: Map<number, string>;
}

export class Seeder {
  private readonly pending = new Set<string>();
  private readonly plans = new Map<string, ModulePlan>();

  constructor(
    private readonly state: EmulatorState,
    private readonly perModule: number,
    private readonly seed: number,
  ) {
    if (perModule <= 0) return;
    const modules = state.index.recordModules.filter((m) => !SKIP.has(m));
    modules.forEach((m, n) => {
      const index = state.index.modules.get(m) as ModuleIndex;
      this.plans.set(m, { index, number: n, gens: [], names: new Map() });
      this.pending.add(m);
    });
    for (const plan of this.plans.values()) {
      plan.gens = plan.index.fieldList
        .filter((f) => !f.readOnly)
        .map((f) => [f.apiName, this.generatorFor(f)] as const);
    }
  }

  /** Seed `module` now if it is still waiting (called by the store before any access). */
  ensure(module: string): void {
    if (!this.pending.has(module)) return;
    this.pending.delete(module);
    const plan = this.plans.get(module);
    if (!plan) return;
    const records = new Array<Rec>(this.perModule);
    for (let i = 0; i < this.perModule; i++) records[i] = this.recordAt(plan, i, true);
    this.state.store.load(module, records);
  }

  private idOf(plan: ModulePlan, i: number): string {
    return SEED_PREFIX + String(plan.number).padStart(3, '0') + String(i + 1).padStart(11, '0');
  }

  private person(r: Rand): Person {
    const a = r.pick(COMPANY_A);
    return {
      first: r.pick(FIRST),
      last: r.pick(LAST),
      company: `${a} ${r.pick(COMPANY_B)}`,
      domain: a.replace(/\s/g, '').toLowerCase(),
    };
  }

  private recordAt(plan: ModulePlan, i: number, withLookups: boolean): Rec {
    const r = new Rand(this.seed, plan.number, i);
    const p = this.person(r);
    const time = zohoDateTime(BASE_TIME + i * 37_000);
    const rec: Rec = { ...plan.index.blank, id: this.idOf(plan, i) };
    for (const [k, g] of plan.gens) defineOwn(rec, k, g.fn(i, p, r, withLookups));
    const fields = plan.index.fields;
    if (fields.has('Owner')) rec['Owner'] = r.pick(USER_REFS);
    if (fields.has('Created_By')) rec['Created_By'] = USER_REFS[0];
    if (fields.has('Modified_By')) rec['Modified_By'] = USER_REFS[0];
    rec['Created_Time'] = time;
    rec['Modified_Time'] = time;
    if (fields.has('Tag')) rec['Tag'] = [];
    deriveFields(plan.index, rec);
    return rec;
  }

  /** `{name, id}` of seeded record k of `module`, from the store when it is seeded, else computed. */
  private lookupRef(plan: ModulePlan, k: number): { name: string; id: string } {
    const id = this.idOf(plan, k);
    const stored = this.pending.has(plan.index.apiName)
      ? undefined
      : this.state.store.peek(plan.index.apiName, id);
    return { name: stored ? nameOf(plan.index, stored) : this.nameAt(plan, k), id };
  }

  /** The display name of record k without generating all of it when the name needs no random draw. */
  private nameAt(plan: ModulePlan, k: number): string {
    const known = plan.names.get(k);
    if (known !== undefined) return known;
    const r = new Rand(this.seed, plan.number, k);
    const p = this.person(r);
    const partial: Rec = { id: this.idOf(plan, k) };
    for (const [f, g] of plan.gens) if (g.pure) partial[f] = g.fn(k, p, r, false);
    deriveFields(plan.index, partial);
    const display = plan.index.displayField;
    const pureName =
      plan.gens.some(([f, g]) => f === display && g.pure) ||
      display === 'Full_Name' ||
      display === 'id';
    const name = nameOf(plan.index, pureName ? partial : this.recordAt(plan, k, false));
    plan.names.set(k, name);
    return name;
  }

  /** One generator per field, decided once per module (no per-record regexes or switches). */
  private generatorFor(f: FieldRule): Gen {
    const name = f.apiName;
    const u = (i: number) => (f.unique ? ` ${i + 1}` : '');
    switch (f.dataType) {
      case 'email':
        return pure((i, p) =>
          clip(`${p.first}.${p.last}${i + 1}@${p.domain}.example`.toLowerCase(), f),
        );
      case 'phone':
        return drawn(
          (i, _p, r) =>
            `555-${String(100 + Math.floor(r.next() * 900))}-${String(i % 10000).padStart(4, '0')}`,
        );
      case 'website':
        return pure((_i, p) => `https://www.${p.domain}.example`);
      case 'picklist':
        return drawn((_i, _p, r) =>
          f.picklistValues.length > 0 ? r.pick(f.picklistValues) : null,
        );
      case 'multiselectpicklist':
        return drawn((_i, _p, r) =>
          f.picklistValues.length > 0
            ? [...new Set([r.pick(f.picklistValues), r.pick(f.picklistValues)])]
            : [],
        );
      case 'integer':
      case 'bigint':
        return drawn((i, _p, r) => Math.floor(r.next() * 5000) + (f.unique ? i * 5000 : 0));
      case 'double':
      case 'currency':
      case 'decimal':
        return drawn((_i, _p, r) => Math.round(r.next() * 10_000_000) / 100);
      case 'percent':
        return drawn((_i, _p, r) => Math.round(r.next() * 100));
      case 'boolean':
        return drawn((_i, _p, r) => r.next() < 0.3);
      case 'date':
        return drawn((_i, _p, r) => r.pick(DATES));
      case 'datetime':
        return drawn((_i, _p, r) =>
          zohoDateTime(BASE_TIME + Math.floor(r.next() * 700 * 86_400) * 1000),
        );
      case 'textarea':
        return drawn((_i, p, r) => clip(`${p.first} ${r.pick(WORDS)}.`, f));
      case 'ownerlookup':
      case 'userlookup':
        return drawn((_i, _p, r) => r.pick(USER_REFS));
      case 'lookup': {
        const target = f.lookupModule ? this.plans.get(f.lookupModule) : undefined;
        if (!target) return pure(() => null);
        return drawn((_i, _p, r, withLookups) => {
          const k = Math.floor(r.next() * this.perModule);
          return withLookups ? this.lookupRef(target, k) : null;
        });
      }
      case 'text': {
        if (name === 'First_Name') return pure((_i, p) => clip(p.first, f));
        if (name === 'Last_Name') return pure((i, p) => clip(p.last + u(i), f));
        if (/company|account_name|vendor_name/i.test(name))
          return pure((i, p) => clip(p.company + u(i), f));
        if (/city/i.test(name)) return drawn((_i, _p, r) => r.pick(CITIES));
        if (/country/i.test(name)) return drawn((_i, _p, r) => r.pick(COUNTRIES));
        if (/title|designation/i.test(name)) return drawn((_i, _p, r) => r.pick(TITLES));
        const label = f.field.field_label ?? name;
        return pure((i) => clip(`${label} ${i + 1}`, f));
      }
      default:
        return f.jsonType === 'jsonarray' ? pure(() => []) : pure(() => null);
    }
  }
}
