/**
 * README.md and package.json of a generated client, rendered from templates/*.hbs. Every string
 * from metadata is escaped in the view model (mdText / JSON), and templates use triple-stash only
 * for values prepared here, so a template never sees raw metadata.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { envPrefix } from '../metadata/credentials.ts';
import { lookupTarget } from '../model/field-types.ts';
import type { FieldModel, FieldType, ModuleModel, OrgModel } from '../model/types.ts';
import { erDiagram } from './er-diagram.ts';
import { markdownHeader, type Provenance } from './header.ts';
import { stringLiteral } from './literals.ts';
import { mdName, mdText } from './markdown.ts';

export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

/** Versions the generated package.json pins, taken from the generator's own package.json. */
export interface PackageVersions {
  readonly undici: string;
  readonly typescript: string;
  readonly typesNode: string;
  readonly node: string;
  /**
   * Optional peers of the runtime (package name → range), e.g. `@redis/client` for the opt-in shared
   * limits: the runtime imports them only when that feature is configured.
   */
  readonly optionalPeers?: Readonly<Record<string, string>>;
}

const MAX_VALUES_IN_README = 30;

function typeLabel(t: FieldType): string {
  switch (t.kind) {
    case 'string':
      return t.format === undefined ? 'string' : `string (${t.format})`;
    case 'number':
      return t.integer ? 'integer' : 'number';
    case 'computed':
      return `${typeLabel(t.returns)}, computed (${t.dataType})`;
    case 'lookup':
      return `lookup → ${lookupTarget(t)}`;
    case 'multilookup':
      return `multi-select lookup → ${t.connectedModule ?? 'users'}`;
    case 'subform':
      return `subform → ${t.module}`;
    case 'unknown':
      return `unknown (${t.dataType})`;
    default:
      return t.kind === t.dataType ? t.kind : `${t.kind} (${t.dataType})`;
  }
}

function fieldNotes(f: FieldModel): string {
  const notes: string[] = [];
  if (f.readOnly) notes.push('read-only');
  else {
    if (!f.creatable) notes.push('not creatable');
    if (!f.updatable) notes.push('not updatable');
  }
  if (f.unique) notes.push('unique');
  notes.push(f.custom ? 'custom' : 'standard');
  // Zoho reports a length for every field; it only limits text.
  if (f.maxLength !== undefined && f.type.kind === 'string') notes.push(`max length ${f.maxLength}`);
  const t = f.type;
  if (t.kind === 'picklist' || t.kind === 'multiselectpicklist') notes.push(`${t.values.length} values, below`);
  return mdText(notes.join('; '));
}

/**
 * Picklist values go below the table, one line per field: in a cell they would make prettier pad
 * every row of the table to the longest list.
 */
function picklistLines(fields: readonly FieldModel[]): { apiName: string; values: string }[] {
  return fields.flatMap((f) => {
    const t = f.type;
    if (t.kind !== 'picklist' && t.kind !== 'multiselectpicklist') return [];
    const shown = t.values.slice(0, MAX_VALUES_IN_README).map((v) => stringLiteral(v.actualValue));
    const more = t.values.length - shown.length;
    const values = shown.length === 0 ? '(none listed)' : `${shown.join(', ')}${more > 0 ? `, and ${more} more` : ''}`;
    return [{ apiName: mdName(f.apiName), values: mdText(values) }];
  });
}

/** Only names that cannot break out of a code fence or a string go into examples. */
const SAFE_NAME = /^[A-Za-z0-9_]+$/;

/** Modules every org has, in the order an example prefers them; else the first module that can show one. */
const EXAMPLE_MODULES = ['Leads', 'Contacts', 'Accounts', 'Deals'];

/** The module and field the README's examples use: ones this org really has. */
type Example = { module: ModuleModel; field: FieldModel };

function exampleModule(model: OrgModel): Example | undefined {
  const candidates = model.modules.filter((m) => m.hasAccessor).flatMap((module) => {
    const usable = module.fields.filter((f) => SAFE_NAME.test(f.apiName) && f.apiName !== 'id');
    // The field a person names a record by (Last_Name, Deal_Name) reads best; else any text, else anything.
    const field =
      usable.find((f) => f.requiredOnCreate && f.type.kind === 'string') ?? usable.find((f) => f.type.kind === 'string') ?? usable[0];
    return SAFE_NAME.test(module.accessorName) && SAFE_NAME.test(module.apiName) && field !== undefined ? [{ module, field }] : [];
  });
  const rank = (c: { module: ModuleModel }): number => {
    const i = EXAMPLE_MODULES.indexOf(c.module.apiName);
    return i === -1 ? EXAMPLE_MODULES.length : i;
  };
  return [...candidates].sort((a, b) => rank(a) - rank(b))[0];
}

function usageExample(model: OrgModel, example: Example | undefined, dataCenter: string | undefined, dataCenters: readonly string[]): string {
  const env = envPrefix(model.org);
  const dc = dataCenter === undefined ? undefined : dataCenter.replace(/[^a-z]/g, '');
  const lines = [
    "import { createClient } from './index.js';",
    '',
    'const crm = createClient({',
    '  auth: {',
    `    clientId: process.env.${env}CLIENT_ID!,`,
    `    clientSecret: process.env.${env}CLIENT_SECRET!,`,
    `    refreshToken: process.env.${env}REFRESH_TOKEN!,`,
    '  },',
    dc === undefined
      ? `  dataCenter: 'us', // your org's data center: ${dataCenters.map((d) => d.replace(/[^a-z]/g, '')).join(', ')}`
      : `  dataCenter: '${dc}',`,
    '});',
  ];
  if (example !== undefined) {
    const { module, field } = example;
    lines.push(
      '',
      `const page = await crm.${module.accessorName}.list({ fields: ['${field.apiName}'] });`,
      `for await (const record of crm.${module.accessorName}.iterate({ fields: ['${field.apiName}'] })) {`,
      `  console.log(record.id, record${/^[A-Za-z_]/.test(field.apiName) ? `.${field.apiName}` : `['${field.apiName}']`});`,
      '}',
    );
  }
  lines.push('', 'await crm.close();');
  return lines.join('\n');
}

export interface ReadmeOptions {
  readonly dataCenters: readonly string[];
  readonly templatesDir?: string;
  /** The org's configured data center; the example shows `us` and the choices without it. */
  readonly dataCenter?: string;
  /** The snapshot's path relative to the client folder, when it lives there. */
  readonly snapshotFile?: string;
}

export async function renderReadme(model: OrgModel, provenance: Provenance, options: ReadmeOptions): Promise<string> {
  const { dataCenters } = options;
  const template = await compile(join(options.templatesDir ?? DEFAULT_TEMPLATES_DIR, 'README.md.hbs'));
  const example = exampleModule(model);
  const accessors = new Map(model.modules.filter((m) => m.hasAccessor).map((m) => [m.apiName, m.accessorName]));
  const diagram = erDiagram(model);
  return template({
    header: markdownHeader(provenance).trimEnd(),
    orgTitle: mdName(model.org),
    generatorVersion: provenance.generatorVersion.replace(/[^0-9A-Za-z.+-]/g, ''),
    snapshotHash: provenance.snapshotHash.replace(/[^0-9a-f]/g, ''),
    usageExample: usageExample(model, example, options.dataCenter, dataCenters),
    snapshotSource:
      options.snapshotFile === undefined
        ? 'a metadata snapshot'
        : `the metadata snapshot \`${options.snapshotFile.replace(/[`\\\n\r]/g, '')}\``,
    moduleByName: example === undefined ? '' : `crm.module('${example.module.apiName}')`,
    dataCenters: dataCenters.map((d) => `\`${d.replace(/[^a-z]/g, '')}\``).join(', '),
    moduleCount: model.modules.length,
    erDiagram: diagram ?? '',
    modules: model.modules.map((m) => {
      const accessor = accessors.get(m.apiName);
      return {
        label: mdText(m.pluralLabel),
        apiName: mdName(m.apiName),
        types: [m.types.record, m.types.create, m.types.update].map((t) => `\`${t.replace(/[`\\]/g, '')}\``).join(', '),
        accessor:
          accessor === undefined
            ? '(inside parent records)'
            : /^[A-Za-z0-9_$]+$/.test(accessor)
              ? `\`crm.${accessor}\``
              : mdText(`crm.${accessor}`),
        kind: mdText(m.kind),
        fieldCount: m.fields.length,
        relatedLists: m.relatedLists.map((r) => `${mdName(r.apiName)} (${mdText(r.label)})`).join(', '),
        fields: m.fields.map((f) => ({
          label: mdText(f.label),
          apiName: mdName(f.apiName),
          type: mdText(typeLabel(f.type)),
          required: f.requiredOnCreate ? 'yes' : '',
          notes: fieldNotes(f),
        })),
        picklists: picklistLines(m.fields),
      };
    }),
  });
}

export async function renderPackageJson(
  model: OrgModel,
  provenance: Provenance,
  versions: PackageVersions,
  templatesDir = DEFAULT_TEMPLATES_DIR,
): Promise<string> {
  const template = await compile(join(templatesDir, 'package.json.hbs'));
  const slug = model.org.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'org';
  const text = template({
    packageName: `zcrm-${slug}-client`,
    description: `Zoho CRM v8 client for org ${model.org}, generated by zcrm-codegen.`,
    undiciVersion: versions.undici,
    typesNodeVersion: versions.typesNode,
    typescriptVersion: versions.typescript,
    nodeEngine: versions.node,
    optionalPeers: versions.optionalPeers ?? {},
    optionalPeersMeta: Object.fromEntries(Object.keys(versions.optionalPeers ?? {}).map((name) => [name, { optional: true }])),
    hasOptionalPeers: Object.keys(versions.optionalPeers ?? {}).length > 0,
    generatorVersion: provenance.generatorVersion,
    org: model.org,
    snapshotHash: provenance.snapshotHash,
  });
  JSON.parse(text); // a template mistake fails here, not in the user's npm install
  return text;
}

async function compile(file: string): Promise<Handlebars.TemplateDelegate> {
  const hbs = Handlebars.create();
  hbs.registerHelper('json', (value: unknown) => JSON.stringify(value, null, 2));
  return hbs.compile(await readFile(file, 'utf8'), { noEscape: true, strict: true });
}
