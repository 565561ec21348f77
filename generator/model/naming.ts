/**
 * Every identifier the generated output uses is decided here, once: type names, client accessors
 * and related-list method names. Emitters never invent names.
 *
 * Metadata is outside input (DESIGN.md): an api_name may hold non-Latin text, emoji, leading digits,
 * reserved words or `__proto__`, and two api_names may sanitize to the same identifier. Every
 * function here is deterministic: collisions are resolved in a stable order chosen by the caller
 * (build-org-model sorts by api_name), so the same snapshot always yields the same names.
 */
import { createHash } from 'node:crypto';

/**
 * An identifier as ECMAScript (and TypeScript) defines it: ID_Start then ID_Continue code points, so
 * `取引先`, `Сделки` and `Código` are identifiers as much as `Leads` is.
 */
const IDENTIFIER = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200C\u200D]*$/u;

/**
 * True when `name` can be written as a bare property name or identifier. Reserved words are
 * syntactically fine as property names (`{ delete: 1 }`), so they count as identifiers here.
 */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/** ECMAScript reserved words, strict-mode reserved words and TypeScript's contextual type keywords. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do',
  'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in',
  'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try',
  'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static', 'implements', 'interface',
  'package', 'private', 'protected', 'public', 'await', 'async', 'arguments', 'eval', 'undefined',
  'NaN', 'Infinity', 'any', 'unknown', 'never', 'object', 'string', 'number', 'boolean', 'bigint',
  'symbol', 'type', 'keyof', 'readonly', 'declare', 'namespace', 'module', 'abstract', 'as',
  'asserts', 'infer', 'is', 'of', 'satisfies', 'global', 'require', 'accessor', 'out',
]);

/**
 * Members of the runtime's ModuleResource (templates/runtime/module-resource.ts, private ones
 * included: a subclass method of the same name does not compile) and of every JavaScript object:
 * a related-list method with one of these names would shadow or break the base class.
 * test/model/naming.test.ts checks this list against the runtime's class.
 */
export const MODULE_RESOURCE_MEMBERS: ReadonlySet<string> = new Set([
  'list', 'iterate', 'get', 'create', 'update', 'upsert', 'delete', 'search', 'searchAll', 'count',
  'deleted', 'related', 'iterateRelated', 'apiName', 'core', 'base', 'relatedPath', 'listPage',
  'searchPage', 'module',
  // files on records (runtime/record-files.ts)
  'notesOf', 'attachmentsOf', 'photoOf', 'uploadToField', 'uploadToImageField', 'request', 'coql', 'bulk',
  'composite', 'notifications', 'users', 'org', 'metadata', 'close', 'constructor', 'prototype',
  // record actions (runtime/convert.ts, record-actions.ts, sharing.ts, blueprint.ts, timeline.ts, send-mail.ts)
  'convert', 'conversionOptions', 'massConvert', 'massConvertStatus', 'massUpdate', 'massUpdateView',
  'massUpdateStatus', 'clone', 'changeOwner', 'massChangeOwner', 'massChangeOwnerView', 'massChangeOwnerStatus', 'sharing', 'share', 'updateSharing',
  'unshare', 'blueprint', 'transition', 'timeline', 'sendMail', 'tag', 'untag', 'tagMany', 'untagMany',
  'target',
  '__proto__', 'toString', 'toLocaleString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf',
  'propertyIsEnumerable', 'then', 'catch', 'finally', 'toJSON',
]);

/**
 * The client members the spec's org-independent operations hang under (`crm.users`, `crm.settings.layouts`, …;
 * the rest of each name is derived from the spec by generator/emit/spec-resources.ts). Listed here so module
 * accessors never take them; building the runtime refuses an operation whose root is missing from this list.
 * `__features` → features, `__apis` → apis, `/crm/bulk/v8/backup` → backup, `__zia_*_enrichment` → zia…,
 * `/crm/v8/workflow_configurations` → workflowConfigurations.
 */
const SPEC_RESOURCE_ROOTS_LIST = [
  'users', 'org', 'settings', 'features', 'apis', 'backup', 'ziaOrgEnrichment', 'ziaPeopleEnrichment', 'functions',
  'workflowConfigurations',
] as const;
export const SPEC_RESOURCE_ROOTS: ReadonlySet<string> = new Set(SPEC_RESOURCE_ROOTS_LIST);

/**
 * Members of the generated client root (runtime/org-client.ts: client-level resources, `module(name)`, the
 * `request` escape hatch) plus object built-ins: a module accessor must not take these names.
 */
export const CLIENT_MEMBERS: ReadonlySet<string> = new Set([
  ...MODULE_RESOURCE_MEMBERS,
  'core', 'options', 'auth', 'hooks', 'modules',
  ...SPEC_RESOURCE_ROOTS_LIST,
  'files',
]);

/** Runtime values a user needs: the error classes to catch, the token stores to pass. */
/**
 * What a client's index.d.ts re-exports from its runtime (emit/index-file.ts): decided here because a
 * module's own type names (`<Name>Record`, …) must never take one of these names.
 */
export const PUBLIC_RUNTIME_VALUES: readonly string[] = [
  'AuthError',
  'CoordinationError',
  'CreditBudgetError',
  'FileTokenStore',
  'InvalidClientError',
  'InvalidGrantError',
  'MemoryTokenStore',
  'NetworkError',
  'NotFoundError',
  'PermissionError',
  'RateLimitError',
  'RequestAbortedError',
  'ScopeError',
  'ServerError',
  'TimeoutError',
  'TokenEndpointError',
  'TokenRateLimitError',
  'ValidationError',
  'ZohoApiError',
];

/** Runtime types a user names: options, hooks, pages, results, the shared record shapes. */
export const PUBLIC_RUNTIME_TYPES: readonly string[] = [
  'AttachmentInfo',
  'AuthOptions',
  'ClientOptions',
  'DataCenter',
  'DeletedPage',
  'DeletedRecord',
  'FileAttachment',
  'FileDownload',
  'FileSource',
  'FileSourceOptions',
  'FileUploadInput',
  'GenericRecord',
  'Hooks',
  'ImageUploadInput',
  'JsonObject',
  'ListParams',
  'Lookup',
  'LookupInput',
  'PageInfo',
  'RecordPage',
  'RedisOptions',
  'RelatedRecords',
  'SearchParams',
  'StoredToken',
  'TokenStore',
  'UploadedFile',
  'WriteOptions',
  'WriteResult',
  // record actions' inputs and results (runtime/convert.ts, blueprint.ts, sharing.ts, timeline.ts, send-mail.ts)
  'ConvertLeadInput',
  'ConvertLeadResult',
  'MailInput',
  'RecordBlueprint',
  'ShareInput',
  'TimelinePage',
];

/**
 * The runtime's record shapes modules.d.ts imports by name (emit/module-types-file.ts): reserved below, so no
 * module's types can take one of them.
 */
export const RUNTIME_RECORD_SHAPES = ['AsRead', 'CreateInput', 'FileAttachment', 'GenericRecord', 'ImageUploadInput', 'JsonObject', 'Lookup', 'Picklist', 'QueryFields', 'RecordId', 'UpdateInput'] as const;

/**
 * Global and runtime type names a module's PascalCase name must not shadow in generated files
 * (the emitter may declare `class <typeName>` or `<typeName>Record` beside them).
 */
export const RESERVED_TYPE_NAMES: ReadonlySet<string> = new Set([
  'Array', 'ArrayBuffer', 'BigInt', 'Boolean', 'DataView', 'Date', 'Error', 'EvalError', 'Exclude',
  'Extract', 'Function', 'Infinity', 'Intl', 'Iterable', 'JSON', 'Map', 'Math', 'NaN', 'NonNullable',
  'Number', 'Object', 'Omit', 'Partial', 'Pick', 'Promise', 'Proxy', 'RangeError', 'Readonly',
  'Record', 'ReferenceError', 'Reflect', 'RegExp', 'Required', 'ReturnType', 'Set', 'String',
  'Symbol', 'SyntaxError', 'TypeError', 'URIError', 'URL', 'Uint8Array', 'WeakMap', 'WeakSet',
  'AsyncIterable', 'AbortSignal', 'FormData', 'Blob', 'Buffer', 'Awaited', 'Uppercase', 'Lowercase',
  'Capitalize', 'Uncapitalize', 'PropertyKey', 'Parameters', 'InstanceType',
  // Runtime and client names generated files use beside the module types.
  'ZohoCore', 'ModuleResource', 'ListParams', 'SearchParams', 'RecordPage', 'WriteResult',
  'WriteOptions', 'DeletedPage', 'PageInfo', 'ClientOptions', 'AuthOptions', 'DataCenter',
  'TokenStore', 'Hooks', 'CoreRequest', 'ZohoApiError', 'Client', 'ZohoClient', 'Module',
  'Paths', 'Components', 'Operations', 'ModuleMap', 'ModuleApiName', 'ModuleClient',
  ...RUNTIME_RECORD_SHAPES,
  ...PUBLIC_RUNTIME_VALUES,
  ...PUBLIC_RUNTIME_TYPES,
  ...RESERVED_WORDS,
]);

/** A short stable hash: the first 8 hex digits of the sha256 of `text` (for names with no ASCII left). */
export function shortHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 8);
}

/**
 * Splits an api_name into words of letters, digits and combining marks in any script. Accents on Latin
 * letters are folded (`Módulo` → `Modulo`: what an English keyboard types), other scripts are kept as
 * written (`取引先`, `Сделки`: Unicode identifiers, readable to the org's own people); every other
 * character (`_`, `-`, spaces, emoji, punctuation) separates words, and camel humps stay as written.
 */
export function words(apiName: string): string[] {
  const folded = apiName
    .normalize('NFKD') // full-width forms to ASCII, accents apart from their letters
    .replace(/([A-Za-z])[\u0300-\u036f]+/g, '$1') // only Latin letters lose their accents
    .normalize('NFC'); // every other script's marks back on their letters (й, が)
  return folded.split(/[^\p{L}\p{N}\p{M}]+/u).filter((w) => w.length > 0);
}

/**
 * Zoho marks system-created API names with a `__s` suffix (`Appointments__s`) and some custom items
 * with `__c`; they carry no meaning for a type name, so `Appointments__s` → `Appointments`.
 */
function stripZohoSuffix(apiName: string): string {
  const m = /^(.*[^_])__[sc]$/.exec(apiName);
  return m?.[1] ?? apiName;
}

function capitalize(word: string): string {
  const first = String.fromCodePoint(word.codePointAt(0) ?? 0x20);
  return first.toUpperCase() + word.slice(first.length);
}

/**
 * PascalCase from an api_name, before reservation and collision handling:
 * `Sales_Orders` → `SalesOrders`, `Leads` → `Leads`, `Site_Visits__s` → `SiteVisits`,
 * `2024_Targets` → `M2024Targets`, `Сделки` → `Сделки`, `取引先_Info` → `取引先Info`.
 * Only a name with no letter or digit at all (`🚀`, `__`) falls back to a stable hash of the api_name
 * (`Module1a2b3c4d`): a name that depends on nothing but the api_name itself, never on the other modules.
 */
export function pascalCase(apiName: string, fallbackPrefix = 'Module'): string {
  const parts = words(stripZohoSuffix(apiName));
  const joined = parts.map(capitalize).join('');
  const name = /^[\p{N}\p{M}]/u.test(joined) ? `M${joined}` : joined;
  return name !== '' && isIdentifier(name) ? name : `${fallbackPrefix}${shortHash(apiName)}`;
}

/**
 * camelCase from a PascalCase name: the leading capital run is lowered, keeping the last capital
 * when it starts the next word (`SalesOrders` → `salesOrders`, `CRMLeads` → `crmLeads`,
 * `M2024Targets` → `m2024Targets`).
 */
export function camelFromPascal(pascal: string): string {
  const m = /^\p{Lu}+/u.exec(pascal);
  if (!m) return pascal;
  const run = m[0];
  if (run.length === pascal.length) return pascal.toLowerCase();
  if (run.length === 1) return run.toLowerCase() + pascal.slice(1);
  const next = pascal.charAt(run.length);
  // `CRMLeads`: the run's last capital begins `Leads`. `M2024Targets`: a digit follows, lower all.
  return /\p{Ll}/u.test(next)
    ? run.slice(0, -1).toLowerCase() + pascal.slice(run.length - 1)
    : run.toLowerCase() + pascal.slice(run.length);
}

/**
 * Hands out names unique within one scope. `taken` compares by a key (case-insensitive for file
 * names and type names, so two generated files never differ only by case); a clash gets the
 * first free numeric suffix `2`, `3`, … in the order names are requested.
 */
export class NameScope {
  readonly #taken = new Set<string>();
  readonly #key: (name: string) => string;

  constructor(options: { caseInsensitive?: boolean; reserved?: Iterable<string> } = {}) {
    this.#key = options.caseInsensitive ? (n) => n.toLowerCase() : (n) => n;
    for (const r of options.reserved ?? []) this.#taken.add(this.#key(r));
  }

  has(name: string): boolean {
    return this.#taken.has(this.#key(name));
  }

  /**
   * Claims `base`, or `base2`, `base3`, … — whichever is free first. With `derived`, the names an
   * emitter builds from the claimed one (`LeadsRecord` from `Leads`) must be free too, and are
   * claimed with it.
   */
  claim(base: string, derived: (name: string) => readonly string[] = () => []): string {
    const free = (name: string): boolean => !this.has(name) && derived(name).every((d) => !this.has(d));
    let name = base;
    for (let n = 2; !free(name); n++) name = `${base}${n}`;
    for (const taken of [name, ...derived(name)]) this.#taken.add(this.#key(taken));
    return name;
  }
}

export interface ModuleNames {
  readonly typeName: string;
  /** The module's three exported types: `<typeName>Record`, `<typeName>CreateInput`, `<typeName>UpdateInput`. */
  readonly types: ModuleTypeNames;
  readonly accessorName: string;
}

export interface ModuleTypeNames {
  readonly record: string;
  readonly create: string;
  readonly update: string;
  /** `<typeName>Fields`: field API name → how queries see it (model/query-kind.ts). */
  readonly fields: string;
}

/**
 * DESIGN.md's `<Name>Record`, `<Name>CreateInput`, `<Name>UpdateInput`, and the query builders'
 * `<Name>Fields`: the one place the suffixes are decided.
 */
export function moduleTypeNames(typeName: string): ModuleTypeNames {
  return {
    record: `${typeName}Record`,
    create: `${typeName}CreateInput`,
    update: `${typeName}UpdateInput`,
    fields: `${typeName}Fields`,
  };
}

/**
 * The operationId of a spec operation's copy for one module in the org's OpenAPI document
 * (`listRecords` → `listRecords_Leads`): type names are unique, so these never collide.
 */
export function moduleOperationId(operationId: string, typeName: string): string {
  return `${operationId}_${typeName}`;
}

/**
 * Names for every module of an org. `apiNames` must already be in the order collisions are decided
 * in (sorted by api_name). Reserved names get a `Module` suffix (`Object` → `ObjectModule`,
 * accessor `users` → `usersModule`); remaining clashes get numeric suffixes.
 * Type names are unique case-insensitively, and so are the names built from them (`<typeName>Record`, …): a module `Leads_Record` never makes a type
 * that clashes with `LeadsRecord` of module `Leads`.
 */
export function nameModules(apiNames: readonly string[]): Map<string, ModuleNames> {
  const types = new NameScope({ caseInsensitive: true, reserved: RESERVED_TYPE_NAMES });
  const accessors = new NameScope({ reserved: ACCESSOR_RESERVED });
  const result = new Map<string, ModuleNames>();
  for (const apiName of apiNames) {
    const base = pascalCase(apiName);
    const typeName = types.claim(RESERVED_TYPE_NAMES_CI.has(base.toLowerCase()) ? `${base}Module` : base, derivedTypeNames);
    const camel = camelFromPascal(typeName);
    const accessorName = accessors.claim(ACCESSOR_RESERVED.has(camel) ? `${camel}Module` : camel);
    result.set(apiName, { typeName, types: moduleTypeNames(typeName), accessorName });
  }
  return result;
}

function derivedTypeNames(typeName: string): string[] {
  return Object.values(moduleTypeNames(typeName));
}

const RESERVED_TYPE_NAMES_CI: ReadonlySet<string> = new Set([...RESERVED_TYPE_NAMES].map((n) => n.toLowerCase()));
const ACCESSOR_RESERVED: ReadonlySet<string> = new Set([...CLIENT_MEMBERS, ...RESERVED_WORDS]);
const METHOD_RESERVED: ReadonlySet<string> = new Set([...MODULE_RESOURCE_MEMBERS, ...RESERVED_WORDS]);

/**
 * Method names for one module's related lists, unique within the module and never a
 * ModuleResource member (`Notes` → `notes`, `Deleted` → `deletedRelated`, non-Latin →
 * `related1a2b3c4d`). `apiNames` must be in a stable order (sorted by api_name).
 */
export function nameRelatedLists(apiNames: readonly string[]): Map<string, string> {
  const scope = new NameScope({ reserved: METHOD_RESERVED });
  const result = new Map<string, string>();
  for (const apiName of apiNames) {
    const camel = camelFromPascal(pascalCase(apiName, 'Related'));
    result.set(apiName, scope.claim(METHOD_RESERVED.has(camel) ? `${camel}Related` : camel));
  }
  return result;
}
