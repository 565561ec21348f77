/**
 * A synthetic large Zoho CRM org for benchmarks: `modules` custom modules with exactly
 * `fieldsPerModule` fields each, shaped like the bodies of GET /crm/v8/settings/modules,
 * /settings/fields and /settings/related_lists (see generated/demo/metadata.json for the real
 * thing). Besides those record modules the snapshot holds the modules their fields need, as a real
 * org does: one subform module per subform field (generated_type "subform") and one linking module
 * per multi-select or multi-user lookup (generated_type "linking"); these have a handful of fields.
 *
 * Deterministic: the same options always give a deep-equal snapshot (a seeded PRNG, no clock, no
 * Math.random). Modules and fields come sorted by api_name, picklist values by sequence_number.
 */
import type {
  Snapshot,
  ZohoField,
  ZohoModule,
  ZohoPicklistValue,
  ZohoRelatedList,
} from '../../generator/metadata/snapshot-types.ts';
import { seededRandom } from '../helpers/shuffle.ts';

export interface SyntheticOptions {
  /** Record modules (generated_type "custom"), each with `fieldsPerModule` fields. */
  modules: number;
  fieldsPerModule: number;
  /** PRNG seed; default 1. */
  seed?: number;
}

const MODULE_NOUNS = (
  'Assets Contracts Shipments Warehouses Subscriptions Renewals Tickets Partners Suppliers ' +
  'Properties Listings Applications Candidates Interviews Courses Students Enrollments ' +
  'Patients Appointments Claims Policies Vehicles Drivers Routes Deliveries Projects ' +
  'Timesheets Expenses Budgets Invoices_Ext Payments Refunds Inspections Sites Devices ' +
  'Licenses Warranties Repairs Events_Ext Sponsors Donations Members Memberships Tenders Bids ' +
  'Orders_Ext Returns Surveys'
).split(' ');
const FIELD_WORDS = (
  'Primary Secondary Annual Last Next Total Expected Internal External Legacy Regional ' +
  'Billing Shipping Target Actual Approved Planned Default Preferred Partner'
).split(' ');
const FIELD_NOUNS = (
  'Value Date Status Score Code Reference Amount Rate Region Category Stage Contact Notes ' +
  'Count Level Source Type Number Owner Window Deadline Margin'
).split(' ');
const PICK_WORDS = (
  'Alpha Bravo Charlie Delta Echo Foxtrot Golf Hotel India Juliett Kilo Lima Mike November ' +
  'Oscar Papa Quebec Romeo Sierra Tango Uniform Victor Whiskey X-ray Yankee Zulu North South ' +
  'East West'
).split(' ');

/** Every type a benchmark should exercise, visited once per module before random picks begin. */
const EVERY_TYPE = [
  'text',
  'textarea',
  'email',
  'phone',
  'website',
  'picklist',
  'multiselectpicklist',
  'lookup',
  'userlookup',
  'multiuserlookup',
  'multiselectlookup',
  'subform',
  'formula_number',
  'formula_text',
  'autonumber',
  'currency',
  'percent',
  'bigint',
  'double',
  'decimal',
  'integer',
  'boolean',
  'date',
  'datetime',
  'fileupload',
  'imageupload',
  'rollup_summary',
] as const;
type SynthType = (typeof EVERY_TYPE)[number];
/** Weights of the random part: mostly plain scalars and picklists, as in real orgs. */
const WEIGHTED: [SynthType, number][] = [
  ['text', 20],
  ['picklist', 12],
  ['integer', 6],
  ['double', 5],
  ['currency', 6],
  ['date', 6],
  ['datetime', 4],
  ['boolean', 6],
  ['email', 3],
  ['phone', 3],
  ['website', 2],
  ['textarea', 4],
  ['multiselectpicklist', 4],
  ['lookup', 6],
  ['userlookup', 2],
  ['percent', 2],
  ['decimal', 2],
  ['bigint', 1],
  ['formula_number', 2],
  ['formula_text', 1],
  ['fileupload', 1],
  ['imageupload', 1],
  ['multiselectlookup', 1],
  ['subform', 1],
];
const WEIGHT_TOTAL = WEIGHTED.reduce((sum, [, w]) => sum + w, 0);

/** data_type → [json_type, length] as Zoho reports them for a field of that type. */
const WIRE: Record<string, readonly [jsonType: string | null, length: number]> = {
  text: ['string', 255],
  textarea: ['string', 32000],
  email: ['string', 100],
  phone: ['string', 30],
  website: ['string', 255],
  picklist: ['string', 120],
  autonumber: ['string', 255],
  date: ['string', 20],
  datetime: ['string', 120],
  bigint: ['string', 18],
  profileimage: ['string', 255],
  integer: ['integer', 9],
  double: ['double', 16],
  currency: ['double', 16],
  percent: ['double', 5],
  decimal: ['double', 16],
  rollup_summary: ['double', 16],
  boolean: ['boolean', 5],
  lookup: ['jsonobject', 120],
  ownerlookup: ['jsonobject', 120],
  userlookup: ['jsonobject', 120],
  multiselectpicklist: ['jsonarray', 2000],
  multiuserlookup: ['jsonarray', 2000],
  multiselectlookup: ['jsonarray', 2000],
  subform: ['jsonarray', 2000],
  fileupload: ['jsonarray', 2000],
  imageupload: ['jsonarray', 2000],
  formula: [null, 16],
};

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function syntheticSnapshot(options: SyntheticOptions): Snapshot {
  const { modules: moduleCount, fieldsPerModule } = options;
  if (!Number.isInteger(moduleCount) || moduleCount < 1)
    throw new RangeError(`modules must be a positive integer, got ${moduleCount}`);
  if (!Number.isInteger(fieldsPerModule) || fieldsPerModule < 1)
    throw new RangeError(`fieldsPerModule must be a positive integer, got ${fieldsPerModule}`);
  const random = seededRandom(options.seed ?? 1);
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

  let seq = 1;
  const nextId = (): string => '4150868' + String(seq++).padStart(12, '0');

  // Record module names first: lookups may point at any of them.
  const names: string[] = [];
  for (let i = 0; i < moduleCount; i++) {
    const noun = MODULE_NOUNS[i % MODULE_NOUNS.length] as string;
    const round = Math.floor(i / MODULE_NOUNS.length);
    names.push(round === 0 ? noun : `${noun}_${round + 1}`);
  }
  const moduleIds = new Map(names.map((n) => [n, nextId()]));
  const ref = (api: string): { api_name: string; id: string } => ({
    api_name: api,
    id: moduleIds.get(api) as string,
  });

  const allModules: ZohoModule[] = [];
  const fieldsBodies: Record<string, { fields: ZohoField[] }> = {};
  const related: Record<string, ZohoRelatedList[]> = Object.fromEntries(names.map((n) => [n, []]));
  const addRelated = (
    parent: string,
    api: string,
    label: string,
    target: string,
    type: string,
    extra: Record<string, unknown> = {},
  ): void => {
    const list = related[parent];
    if (!list || list.some((r) => r.api_name === api)) return;
    list.push({
      api_name: api,
      display_label: label,
      href: `${parent}/{ENTITYID}/${api}`,
      id: nextId(),
      module: ref(target),
      name: label,
      sequence_number: '0',
      type,
      ...extra,
    });
  };
  const addModule = (api: string, singular: string, generatedType: string): void => {
    const real = generatedType === 'custom';
    allModules.push({
      api_name: api,
      api_supported: true,
      creatable: real,
      deletable: real,
      editable: real,
      generated_type: generatedType,
      global_search_supported: real,
      id: moduleIds.get(api) as string,
      module_name: api,
      plural_label: api.replace(/_/g, ' '),
      singular_label: singular,
      sequence_number: allModules.length + 1,
      show_as_tab: real,
      viewable: true,
      visibility: real ? 1 : 0,
    });
  };

  const field = (
    api: string,
    label: string,
    dataType: string,
    extra: Partial<ZohoField> = {},
  ): ZohoField => {
    const readOnly = ['formula', 'autonumber', 'rollup_summary'].includes(dataType);
    return {
      api_name: api,
      associated_module: null,
      auto_number: {},
      created_source: 'crm',
      currency: {},
      custom_field: true,
      data_type: dataType,
      decimal_place: ['currency', 'double', 'decimal'].includes(dataType) ? 2 : null,
      display_label: label,
      field_label: label,
      field_read_only: readOnly,
      formula: {},
      id: nextId(),
      json_type: WIRE[dataType]?.[0] ?? null,
      length: WIRE[dataType]?.[1] ?? 255,
      lookup: {},
      multiselectlookup: {},
      multiuserlookup: {},
      operation_type: {
        api_create: !readOnly,
        api_update: !readOnly,
        web_create: !readOnly,
        web_update: !readOnly,
      },
      pick_list_values: [],
      read_only: false,
      rollup_summary: {},
      system_mandatory: false,
      type: 'used',
      unique: {},
      visible: true,
      ...extra,
    };
  };
  const systemFields = (): ZohoField[] => {
    const ro = {
      read_only: true,
      field_read_only: true,
      custom_field: false,
      operation_type: {
        api_create: false,
        api_update: false,
        web_create: false,
        web_update: false,
      },
    };
    return [
      field('Owner', 'Owner', 'ownerlookup', { custom_field: false }),
      field('Name', 'Name', 'text', {
        custom_field: false,
        system_mandatory: true,
        display_field: true,
        length: 120,
      }),
      field('Created_By', 'Created By', 'ownerlookup', ro),
      field('Modified_By', 'Modified By', 'ownerlookup', ro),
      field('Created_Time', 'Created Time', 'datetime', ro),
      field('Modified_Time', 'Modified Time', 'datetime', ro),
      field('Tag', 'Tag', 'text', { custom_field: false, json_type: 'jsonarray', length: 2000 }),
    ];
  };
  const picklist = (withNone: boolean): ZohoPicklistValue[] => {
    const count = int(5, 30);
    const start = int(0, PICK_WORDS.length - 1);
    const values: string[] = withNone ? ['-None-'] : [];
    for (let i = 0; values.length < count; i++) {
      const word = PICK_WORDS[(start + i) % PICK_WORDS.length] as string;
      values.push(
        i < PICK_WORDS.length ? word : `${word} ${Math.floor(i / PICK_WORDS.length) + 1}`,
      );
    }
    return values.map((v, i) => ({
      actual_value: v,
      display_value: v,
      id: nextId(),
      sequence_number: i + 1,
      type: 'used',
    }));
  };

  for (const [index, module] of names.entries()) {
    const used = new Set<string>();
    /** "Annual Margin" → Annual_Margin; a repeat becomes Annual_Margin_2, as Zoho names a second field. */
    const fieldName = (): [api: string, label: string] => {
      const base = `${pick(FIELD_WORDS)}_${pick(FIELD_NOUNS)}`;
      let api = base;
      for (let n = 2; used.has(api); n++) api = `${base}_${n}`;
      used.add(api);
      return [api, api.replace(/_/g, ' ')];
    };
    const fields = systemFields().slice(0, fieldsPerModule);
    fields.forEach((f) => used.add(f.api_name));
    let autonumberDone = false;
    // Real orgs have few subforms and multi-lookups (each brings a module of its own): at most one
    // each, in every 4th, 3rd and 5th module; module 0 has all, so every type is present.
    const caps: Partial<Record<SynthType, number>> = {
      subform: index % 4 === 0 ? 1 : 0,
      multiselectlookup: index % 3 === 0 ? 1 : 0,
      multiuserlookup: index % 5 === 0 ? 1 : 0,
    };
    for (let slot = 0; fields.length < fieldsPerModule; slot++) {
      let type: SynthType;
      if (slot < EVERY_TYPE.length) type = EVERY_TYPE[slot] as SynthType;
      else {
        let r = random() * WEIGHT_TOTAL;
        type = WEIGHTED.find(([, w]) => (r -= w) < 0)?.[0] ?? 'text';
      }
      if (type === 'autonumber' && autonumberDone) type = 'text';
      const cap = caps[type];
      if (cap !== undefined) {
        if (cap === 0) type = 'lookup';
        else caps[type] = cap - 1;
      }
      if (
        (type === 'lookup' || type === 'multiselectlookup' || type === 'rollup_summary') &&
        names.length < 2
      )
        type = 'text';
      const [api, label] = fieldName();
      const other = (): string =>
        names[(index + int(1, names.length - 1)) % names.length] as string;
      switch (type) {
        case 'picklist':
          fields.push(field(api, label, 'picklist', { pick_list_values: picklist(true) }));
          break;
        case 'multiselectpicklist':
          fields.push(
            field(api, label, 'multiselectpicklist', { pick_list_values: picklist(false) }),
          );
          break;
        case 'lookup': {
          const target = other();
          fields.push(
            field(api, label, 'lookup', {
              lookup: {
                api_name: `${module}_${api}`,
                display_label: label,
                id: nextId(),
                module: ref(target),
              },
            }),
          );
          addRelated(
            target,
            `${module}_${api}`,
            `${module.replace(/_/g, ' ')} (${label})`,
            module,
            'custom',
          );
          break;
        }
        case 'multiselectlookup': {
          const target = other();
          const linking = `${module}_X_${api}`;
          moduleIds.set(linking, nextId());
          addModule(linking, `${module} X ${label}`, 'linking');
          fieldsBodies[linking] = {
            fields: [
              field(module, module, 'lookup', {
                system_mandatory: true,
                lookup: {
                  api_name: `${linking}_a`,
                  display_label: module,
                  id: nextId(),
                  module: ref(module),
                },
              }),
              field(target, target, 'lookup', {
                system_mandatory: true,
                lookup: {
                  api_name: `${linking}_b`,
                  display_label: target,
                  id: nextId(),
                  module: ref(target),
                },
              }),
              ...systemFields().slice(2, 6),
            ],
          };
          fields.push(
            field(api, label, 'multiselectlookup', {
              multiselectlookup: {
                api_name: api,
                connected_module: ref(target),
                connectedlookup_apiname: target,
                display_label: label,
                id: nextId(),
                linking_module: ref(linking),
                lookup_apiname: module,
                record_access: false,
                // v8's own description of the same link (see generated/demo/metadata.json).
                connected_details: {
                  field: { api_name: module, id: nextId() },
                  module: ref(target),
                },
                linking_details: {
                  connected_lookup_field: { api_name: target, id: nextId() },
                  lookup_field: { api_name: module, id: nextId() },
                  module: ref(linking),
                },
              },
            }),
          );
          addRelated(module, api, label, linking, 'multiselectlookup', {
            connectedmodule: target,
            linkingmodule: linking,
          });
          break;
        }
        case 'multiuserlookup': {
          const linking = `${module}_X_Users_${api}`;
          moduleIds.set(linking, nextId());
          addModule(linking, `${module} X ${label}`, 'linking');
          fieldsBodies[linking] = {
            fields: [
              field(module, module, 'lookup', {
                system_mandatory: true,
                lookup: {
                  api_name: `${linking}_a`,
                  display_label: module,
                  id: nextId(),
                  module: ref(module),
                },
              }),
              field(api, label, 'userlookup', { system_mandatory: true }),
              ...systemFields().slice(2, 6),
            ],
          };
          fields.push(
            field(api, label, 'multiuserlookup', {
              multiuserlookup: {
                api_name: api,
                connected_module: { api_name: 'users' },
                connectedlookup_apiname: api,
                display_label: label,
                id: nextId(),
                linking_module: ref(linking),
                lookup_apiname: module,
                record_access: false,
                linking_details: {
                  connected_lookup_field: { api_name: api, id: nextId() },
                  lookup_field: { api_name: module, id: nextId() },
                  module: ref(linking),
                },
              },
            }),
          );
          break;
        }
        case 'subform': {
          const sub = `${module}_${api}`;
          moduleIds.set(sub, nextId());
          addModule(sub, `${module} ${label}`, 'subform');
          const subFields: ZohoField[] = [
            field('Parent_Id', 'Parent Id', 'lookup', {
              read_only: true,
              lookup: {
                api_name: 'Parent_Id',
                display_label: 'Parent Id',
                id: nextId(),
                module: ref(module),
              },
            }),
            field('Item_Name', 'Item Name', 'text', { system_mandatory: true }),
            field('Quantity', 'Quantity', 'double'),
            field('Unit_Price', 'Unit Price', 'currency', {
              currency: { precision: 2, rounding_option: 'normal' },
            }),
            field('Delivered', 'Delivered', 'boolean'),
            field('Due_Date', 'Due Date', 'date'),
            field('Grade', 'Grade', 'picklist', { pick_list_values: picklist(true) }),
            ...systemFields().slice(2, 6),
          ];
          fieldsBodies[sub] = { fields: subFields };
          fields.push(
            field(api, label, 'subform', {
              associated_module: { id: moduleIds.get(sub) as string, module: sub },
            }),
          );
          break;
        }
        case 'formula_number':
          fields.push(
            field(api, label, 'formula', {
              json_type: 'double',
              decimal_place: 2,
              formula: { expression: `\${${module}.Created Time}`, return_type: 'double' },
            }),
          );
          break;
        case 'formula_text':
          fields.push(
            field(api, label, 'formula', {
              json_type: 'string',
              formula: { expression: `Concat(\${${module}.Name},'-')`, return_type: 'text' },
            }),
          );
          break;
        case 'autonumber':
          autonumberDone = true;
          fields.push(
            field(api, label, 'autonumber', {
              auto_number: {
                prefix: `${module.slice(0, 3).toUpperCase()}-`,
                start_number: 1,
                suffix: '',
              },
            }),
          );
          break;
        case 'rollup_summary': {
          // Sums a currency field of a module that looks this one up; the benchmark only needs the shape.
          fields.push(
            field(api, label, 'rollup_summary', {
              rollup_summary: {
                based_on_module: ref(other()),
                return_type: 'currency',
                rollup_based_on: 'SUM',
              },
            }),
          );
          break;
        }
        case 'currency':
          fields.push(
            field(api, label, 'currency', {
              currency: { precision: 2, rounding_option: 'normal' },
            }),
          );
          break;
        case 'email':
          fields.push(
            field(api, label, 'email', random() < 0.2 ? { unique: { casesensitive: '0' } } : {}),
          );
          break;
        case 'text': {
          const r = random();
          // A few fields the API may only create or only update, as integrations set up.
          const extra: Partial<ZohoField> =
            r < 0.03
              ? {
                  operation_type: {
                    api_create: true,
                    api_update: false,
                    web_create: true,
                    web_update: false,
                  },
                }
              : r < 0.05
                ? { read_only: true, field_read_only: true }
                : r < 0.08
                  ? { system_mandatory: true }
                  : {};
          fields.push(field(api, label, 'text', { length: pick([50, 100, 120, 255]), ...extra }));
          break;
        }
        default:
          fields.push(field(api, label, type));
      }
    }
    fieldsBodies[module] = { fields };
    addModule(module, module.replace(/_/g, ' ').replace(/s$/, ''), 'custom');
  }

  for (const body of Object.values(fieldsBodies))
    body.fields.sort((a, b) => cmp(a.api_name, b.api_name));
  allModules.sort((a, b) => cmp(a.api_name, b.api_name));
  const relatedLists: NonNullable<Snapshot['related_lists']> = {};
  for (const name of [...names].sort(cmp)) {
    const list = (related[name] ?? []).sort((a, b) => cmp(a.api_name, b.api_name));
    list.forEach((r, i) => (r.sequence_number = String(i + 1)));
    relatedLists[name] = { related_lists: list };
  }
  return {
    fields: Object.fromEntries(
      Object.keys(fieldsBodies)
        .sort(cmp)
        .map((k) => [k, fieldsBodies[k] as { fields: ZohoField[] }]),
    ),
    modules: { modules: allModules },
    related_lists: relatedLists,
  };
}
