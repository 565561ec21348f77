/**
 * client.ts: `createClient(options)` → a `Client` with one accessor per module, `module(apiName)`,
 * the client-level runtime resources, the typed `request` escape hatch and `close()`.
 * Accessor names come from the model (naming.ts keeps them clear of the members below).
 */
import { StructureKind, type Project, type StatementStructures } from 'ts-morph';
import type { OrgModel } from '../model/types.ts';
import { jsdocText } from './jsdoc.ts';
import { propertyKey, stringLiteral } from './literals.ts';
import { clientModules, moduleClassName, moduleFilePath } from './module-file.ts';
import { printFile } from './project.ts';

/** Client-level resources of the runtime (contracts.md, Runtime), constructed with the ZohoCore. */
export const CLIENT_RESOURCES: readonly { accessor: string; className: string; doc: string }[] = [
  { accessor: 'coql', className: 'CoqlResource', doc: 'COQL select queries (POST /crm/v8/coql), one page or every page.' },
  { accessor: 'bulk', className: 'BulkResource', doc: 'Bulk read and bulk write jobs (/crm/bulk/v8/…).' },
  { accessor: 'composite', className: 'CompositeResource', doc: 'Composite requests (POST /crm/v8/__composite_requests), sent in chunks of at most 5.' },
  { accessor: 'notifications', className: 'NotificationsResource', doc: 'Instant notifications (/crm/v8/actions/watch).' },
  { accessor: 'users', className: 'UsersResource', doc: 'Users of the org (/crm/v8/users).' },
  { accessor: 'org', className: 'OrgResource', doc: 'The organization (/crm/v8/org).' },
  { accessor: 'metadata', className: 'MetadataResource', doc: 'Metadata: modules, fields, layouts, custom views, related lists (/crm/v8/settings/…).' },
];

export function renderClientFile(project: Project, model: OrgModel, header: string): string {
  const modules = clientModules(model);
  const reserved = new Set(['module', 'request', 'close', ...CLIENT_RESOURCES.map((r) => r.accessor)]);
  for (const m of modules) {
    if (reserved.has(m.accessorName)) {
      throw new Error(`module ${m.apiName}: accessor name "${m.accessorName}" collides with a client member`);
    }
  }
  const moduleDoc = (m: (typeof modules)[number]): string =>
    jsdocText(`${m.pluralLabel} (module ${JSON.stringify(m.apiName)}).`);

  const statements: StatementStructures[] = [
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: './types.js', namedImports: ['paths'] },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: './runtime/index.js', namespaceImport: 'runtime' },
    ...modules.map(
      (m): StatementStructures => ({
        kind: StructureKind.ImportDeclaration,
        moduleSpecifier: `./${moduleFilePath(m).replace(/\.ts$/, '.js')}`,
        namedImports: [moduleClassName(m)],
      }),
    ),
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: 'ModuleByApiName',
      docs: [jsdocText(`The modules of org ${JSON.stringify(model.org)}, by exact API name.`)],
      properties: modules.map((m) => ({
        name: stringLiteral(m.apiName),
        isReadonly: true,
        type: moduleClassName(m),
        docs: [moduleDoc(m)],
      })),
    },
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: 'ModuleApiName',
      type: 'keyof ModuleByApiName',
    },
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: 'Client',
      docs: [jsdocText(`A Zoho CRM v8 client for org ${JSON.stringify(model.org)}.`)],
      properties: [
        ...modules.map((m) => ({ name: propertyKey(m.accessorName), isReadonly: true, type: moduleClassName(m), docs: [moduleDoc(m)] })),
        ...CLIENT_RESOURCES.map((r) => ({ name: r.accessor, isReadonly: true, type: `runtime.${r.className}`, docs: [r.doc] })),
        { name: 'request', isReadonly: true, type: 'runtime.TypedRequest<paths>', docs: ['Any path of the spec, typed from `paths` (like openapi-fetch).'] },
      ],
      methods: [
        {
          name: 'module',
          typeParameters: [{ name: 'N', constraint: 'ModuleApiName' }],
          parameters: [{ name: 'apiName', type: 'N' }],
          returnType: 'ModuleByApiName[N]',
          docs: ['The module with this exact API name (the same object as its accessor).'],
        },
        { name: 'close', returnType: 'Promise<void>', docs: ['Releases connections; the client is unusable afterwards.'] },
      ],
    },
    {
      kind: StructureKind.Class,
      name: 'OrgClient',
      implements: ['Client'],
      properties: [
        ...modules.map((m) => ({ name: propertyKey(m.accessorName), isReadonly: true, type: moduleClassName(m) })),
        ...CLIENT_RESOURCES.map((r) => ({ name: r.accessor, isReadonly: true, type: `runtime.${r.className}` })),
        { name: 'request', isReadonly: true, type: 'runtime.TypedRequest<paths>' },
        { name: '#core', isReadonly: true, type: 'runtime.ZohoCore' },
        { name: '#modules', isReadonly: true, type: 'ModuleByApiName' },
      ],
      ctors: [
        {
          parameters: [{ name: 'options', type: 'runtime.ClientOptions' }],
          statements: [
            'const core = new runtime.ZohoCore(options);',
            'this.#core = core;',
            `this.#modules = {\n${modules
              .map((m) => `  ${objectKey(m.apiName)}: new ${moduleClassName(m)}(core, ${stringLiteral(m.apiName)}),`)
              .join('\n')}\n};`,
            ...modules.map((m) => `this${memberAccess(m.accessorName)} = this.#modules[${stringLiteral(m.apiName)}];`),
            ...CLIENT_RESOURCES.map((r) => `this.${r.accessor} = new runtime.${r.className}(core);`),
            'this.request = runtime.createTypedRequest<paths>(core);',
          ],
        },
      ],
      methods: [
        {
          name: 'module',
          typeParameters: [{ name: 'N', constraint: 'ModuleApiName' }],
          parameters: [{ name: 'apiName', type: 'N' }],
          returnType: 'ModuleByApiName[N]',
          statements: [
            'if (!Object.hasOwn(this.#modules, apiName)) {',
            '  throw new TypeError(`unknown module ${JSON.stringify(apiName)}`);',
            '}',
            'return this.#modules[apiName];',
          ],
        },
        { name: 'close', returnType: 'Promise<void>', statements: ['return this.#core.close();'] },
      ],
    },
    {
      kind: StructureKind.Function,
      isExported: true,
      name: 'createClient',
      docs: [
        jsdocText(
          `Creates a client for org ${JSON.stringify(model.org)}.\n` +
            '@example\n' +
            "const crm = createClient({ auth: { clientId, clientSecret, refreshToken }, dataCenter: 'eu' });",
        ),
      ],
      parameters: [{ name: 'options', type: 'runtime.ClientOptions' }],
      returnType: 'Client',
      statements: ['return new OrgClient(options);'],
    },
  ];
  return printFile(project, 'client.ts', header, { statements });
}

function memberAccess(name: string): string {
  const key = propertyKey(name);
  return key === name ? `.${name}` : `[${key}]`;
}

/**
 * A key for an object literal. `__proto__` — even quoted — would set the prototype instead of a
 * property, so it is written computed.
 */
function objectKey(name: string): string {
  return name === '__proto__' ? `[${stringLiteral(name)}]` : stringLiteral(name);
}
