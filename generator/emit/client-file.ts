/**
 * client.d.ts and client.js: `createClient(options)` → a `Client` with one accessor per module, typed
 * through the module map. The JavaScript only lists the accessors (names decided by the model, naming.ts);
 * the runtime's createOrgClient builds the object for every org alike.
 */
import { StructureKind, VariableDeclarationKind, type StatementStructures } from 'ts-morph';
import type { OrgModel } from '../model/types.ts';
import { RUNTIME_SPECIFIER } from './field-ts-type.ts';
import { jsdocText } from './jsdoc.ts';
import { propertyKey, stringLiteral } from './literals.ts';
import { moduleTitle } from './module-map-file.ts';
import { MODULES_SPECIFIER } from './module-types-file.ts';
import { printFile } from './project.ts';

function createClientDoc(model: OrgModel, dataCenter: string | undefined): string {
  return jsdocText(
    `Creates a client for org ${stringLiteral(model.org)}.\n` +
      '@example\n' +
      `const crm = createClient({ auth: { clientId, clientSecret, refreshToken }, dataCenter: '${(dataCenter ?? 'us').replace(/[^a-z]/g, '')}' });`,
  );
}

export function renderClientDeclarations(model: OrgModel, header: string, dataCenter?: string): string {
  const clients = model.modules.filter((m) => m.hasAccessor);
  const statements: StatementStructures[] = [
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      namedImports: ['ClientOptions', 'ClientServices', 'CoqlResource', 'ModuleResource', 'SpecClientMembers', 'TypedRequest'],
      moduleSpecifier: RUNTIME_SPECIFIER,
    },
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, namedImports: ['paths'], moduleSpecifier: './runtime/spec-types.js' },
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      namedImports: ['ModuleMap', ...clients.flatMap((m) => [m.types.record, m.types.create, m.types.update, m.types.fields])],
      moduleSpecifier: MODULES_SPECIFIER,
    },
    { kind: StructureKind.TypeAlias, isExported: true, name: 'ModuleApiName', type: 'keyof ModuleMap', docs: ['The API name of a module of the client.'] },
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: 'ModuleClient',
      typeParameters: [{ name: 'N', constraint: 'ModuleApiName' }],
      docs: [
        "One module's records: list, iterate, get, create, update, upsert, delete, search, count, deleted, related; " +
          'notes, attachments, photo and upload fields (notesOf, attachmentsOf, photoOf, uploadToField); record actions ' +
          '(convert, massUpdate, clone, changeOwner, share, blueprint, transition, timeline, sendMail, tag, untag).',
      ],
      type: `ModuleResource<ModuleMap[N]['record'], ModuleMap[N]['create'], ModuleMap[N]['update'], ModuleMap[N]['related'], ModuleMap, ModuleMap[N]['fields'], N>`,
    },
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: 'Client',
      // Plain interfaces only (no generic or aliased base), so the Client has no `this` type: see the runtime's
      // ClientServices. `coql` and `request` are declared here, typed by this org's module map and the spec.
      extends: ['ClientServices', 'SpecClientMembers'],
      docs: [jsdocText(`A Zoho CRM v8 client for org ${stringLiteral(model.org)}.`)],
      properties: [
        { name: 'coql', isReadonly: true, type: 'CoqlResource<ModuleMap>', docs: ['COQL select queries (POST /crm/v8/coql), one page or every page, typed by the org\'s modules.'] },
        { name: 'request', isReadonly: true, type: 'TypedRequest<paths>', docs: ['Any path of the spec, typed from `paths` (like openapi-fetch).'] },
        ...clients.map((m) => ({
          name: propertyKey(m.accessorName),
          isReadonly: true,
          // The types named, not looked up through ModuleClient<N> (ModuleMap[N]['record'], …): an editor checks
          // the accessor again on every keystroke, and six lookups in the map were a sixth of what a completion
          // after an edit cost beyond the same request without the client.
          type: `ModuleResource<${m.types.record}, ${m.types.create}, ${m.types.update}, ModuleMap[${stringLiteral(m.apiName)}]["related"], ModuleMap, ${m.types.fields}, ${stringLiteral(m.apiName)}>`,
          docs: [moduleTitle(m)],
        })),
      ],
      methods: [
        {
          name: 'module',
          typeParameters: [{ name: 'N', constraint: 'ModuleApiName' }],
          parameters: [{ name: 'apiName', type: 'N' }],
          returnType: 'ModuleClient<N>',
          docs: ['The module with this exact API name (the same object as its accessor).'],
        },
      ],
    },
    {
      kind: StructureKind.Function,
      hasDeclareKeyword: true,
      isExported: true,
      name: 'createClient',
      docs: [createClientDoc(model, dataCenter)],
      parameters: [{ name: 'options', type: 'ClientOptions' }],
      returnType: 'Client',
    },
  ];
  return printFile(header, { statements });
}

export function renderClientScript(model: OrgModel, header: string, dataCenter?: string): string {
  const clients = model.modules.filter((m) => m.hasAccessor);
  const statements: StatementStructures[] = [
    { kind: StructureKind.ImportDeclaration, namedImports: ['createOrgClient'], moduleSpecifier: RUNTIME_SPECIFIER },
    { kind: StructureKind.ImportDeclaration, namedImports: ['SPEC_OPERATIONS'], moduleSpecifier: './runtime/spec-resources.js' },
    {
      kind: StructureKind.VariableStatement,
      docs: ['Module accessor → API name (pairs, so no name can reach an object prototype).'],
      declarations: [
        {
          name: 'MODULES',
          initializer: `[\n${clients.map((m) => `  [${stringLiteral(m.accessorName)}, ${stringLiteral(m.apiName)}],`).join('\n')}\n]`,
        },
      ],
      declarationKind: VariableDeclarationKind.Const,
    },
    {
      kind: StructureKind.Function,
      isExported: true,
      name: 'createClient',
      docs: [createClientDoc(model, dataCenter)],
      parameters: [{ name: 'options' }],
      statements: ['return createOrgClient(options, MODULES, SPEC_OPERATIONS);'],
    },
  ];
  return printFile(header, { statements });
}
