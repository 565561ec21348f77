/**
 * augment: the hand-written v8 spec (generic over modules) + one org's model → that org's complete
 * OpenAPI document (DESIGN.md, "Data flow", step 4). Pure: the input document is never mutated.
 *
 * Per module it adds `<Type>Record`, `<Type>CreateInput`, `<Type>UpdateInput` (field-schema.ts),
 * and clones the operations under `{module_api_name}` whose bodies are the module's records into
 * `/crm/v8/<ApiName>/…`: the ModuleApiName parameter dropped, `$ref`s to the generic swap points
 * (`Record`, `RecordCreateInput`, `RecordUpdateInput`) pointed at the module's own — components that
 * reach a swap point through other `$ref`s (`RecordList` → `Record`) are cloned as `<Name>_<Type>` —
 * and operationIds suffixed `<operationId>_<Type>` (Type names are unique, so these cannot collide).
 * An operation that never reaches a swap point (notes, attachments, tags, timeline, …) would be the
 * same text once per module: it stays once, generic, under `{module_api_name}`.
 */
import { compareStrings, defineOwn, sortKeysDeep } from '../canonical-json.ts';
import { moduleOperationId } from '../model/naming.ts';
import type { ModuleModel, OrgModel } from '../model/types.ts';
import { HTTP_METHODS, type OpenApiDocument } from './openapi-types.ts';
import { fieldSchema, schemaRef, SHARED_SCHEMAS, type SchemaObject, type SchemaRefs, type SchemaRole } from './field-schema.ts';

type Json = { [key: string]: unknown };

export class AugmentError extends Error {
  override name = 'AugmentError';
}

const MODULE_PARAM = '{module_api_name}';
const MODULE_PARAM_REF = '#/components/parameters/ModuleApiName';
const SWAP_POINTS: Readonly<Record<string, SchemaRole>> = {
  Record: 'record',
  RecordCreateInput: 'create',
  RecordUpdateInput: 'update',
};

// Which module permission each record operation needs (Modules Metadata: creatable, editable,
// deletable, viewable). Operations not listed need `viewable`.
const NEEDS_CREATE = new Set(['createRecords', 'upsertRecords', 'cloneRecord']);
const NEEDS_EDIT = new Set([
  'upsertRecords',
  'updateRecords',
  'updateRecord',
  'massUpdateRecords',
  'getMassUpdateStatus',
  'uploadRecordPhoto',
  'deleteRecordPhoto',
  'updateRelatedRecords',
  'delinkRelatedRecords',
]);
const NEEDS_DELETE = new Set(['deleteRecords', 'deleteRecord']);
/**
 * Linking modules (multi-select lookups) are reachable through the plain record APIs only;
 * subform modules have no top-level record API at all (their rows travel inside the parent record).
 */
const LINKING_MODULE_OPS = new Set([
  'listRecords',
  'getRecord',
  'createRecords',
  'updateRecords',
  'updateRecord',
  'deleteRecords',
  'deleteRecord',
]);
/** Operations Zoho documents for one module only. */
const SINGLE_MODULE_OPS: Readonly<Record<string, string>> = { convertLead: 'Leads' };

/** Whether `module` gets the module-specific copy of operation `operationId`. */
export function moduleSupports(module: ModuleModel, operationId: string | undefined): boolean {
  if (module.kind === 'subform') return false;
  if (operationId === undefined) return module.kind !== 'linking' && module.viewable;
  const only = SINGLE_MODULE_OPS[operationId];
  if (only !== undefined && module.apiName !== only) return false;
  if (module.kind === 'linking' && !LINKING_MODULE_OPS.has(operationId)) return false;
  if (NEEDS_CREATE.has(operationId) && !module.creatable) return false;
  if (NEEDS_EDIT.has(operationId) && !module.editable) return false;
  if (NEEDS_DELETE.has(operationId) && !module.deletable) return false;
  if (!NEEDS_CREATE.has(operationId) && !NEEDS_EDIT.has(operationId) && !NEEDS_DELETE.has(operationId)) {
    return module.viewable;
  }
  return true;
}

export function augmentSpec(spec: OpenApiDocument, model: OrgModel): OpenApiDocument {
  // Sorted once, here (the spec is small); everything added below is sorted as it is made, so the
  // large per-org document is never copied whole a second time just to order its keys.
  const original = sortKeysDeep(spec) as Json;
  const doc = sortKeysDeep(original) as Json;
  const components = obj(doc, 'components');
  const schemas = obj(components, 'schemas');
  const byApiName = new Map(model.modules.map((m) => [m.apiName, m]));
  const refs: SchemaRefs = {
    moduleSchema(apiName, role) {
      const m = byApiName.get(apiName);
      return m?.types[role];
    },
  };

  for (const [name, schema] of Object.entries(SHARED_SCHEMAS)) {
    if (Object.hasOwn(schemas, name))
      throw new AugmentError(`shared schema name "${name}" already exists in the spec (components.schemas)`);
    schemas[name] = sortKeysDeep(schema);
  }
  for (const module of model.modules) {
    for (const role of ['record', 'create', 'update'] as const) {
      const name = module.types[role];
      if (Object.hasOwn(schemas, name)) {
        throw new AugmentError(
          `module ${module.apiName}: schema name "${name}" already exists in the spec (components.schemas)`,
        );
      }
      schemas[name] = sortKeysDeep(moduleSchema(module, role, refs));
    }
  }

  const paths = obj(doc, 'paths');
  const originalPaths = (isJson(original['paths']) ? original['paths'] : {}) as Json;
  const tainted = componentsReachingSwapPoints(original);
  const tags = Array.isArray(doc['tags']) ? [...(doc['tags'] as unknown[])] : [];
  const tagNames = new Set(tags.flatMap((t) => (isJson(t) && typeof t['name'] === 'string' ? [t['name']] : [])));

  for (const module of model.modules) {
    const scope = new ModuleScope(doc, original, module, tainted);
    let added = false;
    for (const path of Object.keys(originalPaths).sort(compareStrings)) {
      if (!path.includes(MODULE_PARAM)) continue;
      const item = originalPaths[path];
      if (!isJson(item)) continue;
      const modulePath = path.split(MODULE_PARAM).join(encodeURIComponent(module.apiName));
      // A path the spec already describes (a module named like a fixed endpoint) keeps the spec's.
      if (Object.hasOwn(paths, modulePath)) continue;
      const cloned = clonePathItem(item, module, scope);
      if (cloned === undefined) continue;
      paths[modulePath] = cloned;
      added = true;
    }
    if (added && !tagNames.has(module.apiName)) {
      tagNames.add(module.apiName);
      tags.push({ description: `${module.pluralLabel} (module ${module.apiName})`, name: module.apiName });
    }
  }
  if (tags.length > 0) doc['tags'] = tags;
  sortKeysOf(paths);
  const sections = obj(doc, 'components');
  for (const section of Object.values(sections)) if (isJson(section)) sortKeysOf(section);
  sortKeysOf(sections);
  sortKeysOf(doc);
  return doc as unknown as OpenApiDocument;
}

/** Puts an object's own keys in code-unit order, in place (its values are sorted already). */
function sortKeysOf(node: Json): void {
  const entries = Object.keys(node)
    .sort(compareStrings)
    .map((k) => [k, node[k]] as const);
  for (const [k] of entries) delete node[k];
  for (const [k, v] of entries) defineOwn(node, k, v);
}

function moduleSchema(module: ModuleModel, role: SchemaRole, refs: SchemaRefs): SchemaObject {
  const fields = module.fields.filter((f) =>
    role === 'create' ? f.creatable : role === 'update' ? f.updatable : true,
  );
  const properties: SchemaObject = {};
  const required: string[] = [];
  if (role === 'record') {
    properties['id'] = { type: 'string', readOnly: true, description: 'Record id (a long integer serialized as a string).' };
    required.push('id');
  } else if (role === 'update' && module.kind === 'subform') {
    properties['id'] = { type: 'string', description: 'Id of the subform row to change; rows sent without one are added.' };
  }
  for (const field of fields) {
    if (field.apiName === 'id' && Object.hasOwn(properties, 'id')) continue;
    defineOwn(properties, field.apiName, fieldSchema(field, role, refs));
    if (role === 'create' && field.requiredOnCreate) required.push(field.apiName);
  }
  const what =
    role === 'record'
      ? 'as read (only the requested fields are present)'
      : role === 'create'
        ? 'to create'
        : 'to update (fields left out are unchanged)';
  const schema: SchemaObject = {
    type: 'object',
    description: `${module.singularLabel}: a record of module ${module.apiName} ${what}.`,
    properties,
  };
  if (required.length > 0) schema['required'] = [...new Set(required)].sort(compareStrings);
  return schema;
}

function clonePathItem(item: Json, module: ModuleModel, scope: ModuleScope): Json | undefined {
  const out: Json = {};
  let operations = 0;
  for (const [key, value] of Object.entries(item)) {
    if ((HTTP_METHODS as readonly string[]).includes(key)) {
      if (!isJson(value)) continue;
      const opId = typeof value['operationId'] === 'string' ? value['operationId'] : undefined;
      if (!moduleSupports(module, opId)) continue;
      const swapsBefore = scope.swapsUsed;
      const op = scope.rewrite(withoutModuleParam(value)) as Json;
      if (scope.swapsUsed === swapsBefore) continue;
      if (opId !== undefined) op['operationId'] = moduleOperationId(opId, module.typeName);
      op['tags'] = [module.apiName];
      sortKeysOf(op);
      out[key] = op;
      operations++;
    } else if (key === 'parameters') {
      const kept = withoutModuleParam({ parameters: value })['parameters'];
      if (kept !== undefined) out[key] = scope.rewrite(kept);
    } else {
      defineOwn(out, key, scope.rewrite(value));
    }
  }
  return operations > 0 ? out : undefined;
}

function withoutModuleParam(node: Json): Json {
  const params = node['parameters'];
  if (!Array.isArray(params)) return node;
  const kept = params.filter(
    (p) => !(isJson(p) && (p['$ref'] === MODULE_PARAM_REF || (p['in'] === 'path' && p['name'] === 'module_api_name'))),
  );
  const out = { ...node };
  if (kept.length > 0) out['parameters'] = kept;
  else delete out['parameters'];
  return out;
}

/** Rewrites `$ref`s inside one module's paths, cloning the components that need it. */
class ModuleScope {
  private readonly swap = new Map<string, string>();
  /** How many `$ref`s were pointed at this module's own components so far. */
  swapsUsed = 0;

  constructor(
    private readonly doc: Json,
    private readonly original: Json,
    private readonly module: ModuleModel,
    private readonly tainted: ReadonlySet<string>,
  ) {
    for (const [generic, role] of Object.entries(SWAP_POINTS)) {
      this.swap.set(`#/components/schemas/${generic}`, schemaRef(module.types[role])['$ref'] as string);
    }
  }

  /**
   * A copy of `node` with refs pointed at this module's components. The spec's examples are
   * dropped: they show one module's fields (usually Leads), wrong for every other module.
   * `propertyMap` marks a schema's `properties`, whose keys are field names, not keywords.
   */
  rewrite(node: unknown, propertyMap = false): unknown {
    if (Array.isArray(node)) return node.map((n) => this.rewrite(n));
    if (!isJson(node)) return node;
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) {
      if (propertyMap) {
        defineOwn(out, k, this.rewrite(v));
        continue;
      }
      if (k === 'example' || k === 'examples') continue;
      defineOwn(out, k, k === '$ref' && typeof v === 'string' ? this.refFor(v) : this.rewrite(v, k === 'properties'));
    }
    return out;
  }

  private refFor(ref: string): string {
    const swapped = this.swap.get(ref);
    if (swapped !== undefined) {
      this.swapsUsed++;
      return swapped;
    }
    if (!this.tainted.has(ref)) return ref;
    this.swapsUsed++;
    const parsed = parseComponentRef(ref);
    if (parsed === undefined) return ref;
    const cloneName = `${parsed.name}_${this.module.typeName}`;
    const cloneRef = `#/components/${parsed.kind}/${escapePointer(cloneName)}`;
    this.swap.set(ref, cloneRef);
    const section = obj(obj(this.doc, 'components'), parsed.kind);
    const source = (obj(this.original, 'components')[parsed.kind] as Json | undefined)?.[parsed.name];
    // Each ref is cloned once per module (registered in `swap` above), so an existing entry is a
    // genuine clash with a component the spec itself defines.
    if (Object.hasOwn(section, cloneName)) {
      throw new AugmentError(
        `module ${this.module.apiName}: component name "${parsed.kind}/${cloneName}" already exists in the spec`,
      );
    }
    section[cloneName] = {}; // placeholder: recursive components meet their own clone
    section[cloneName] = this.rewrite(source);
    return cloneRef;
  }
}

/** Component refs (`#/components/<kind>/<name>`) that reach a swap point through other refs. */
function componentsReachingSwapPoints(doc: Json): ReadonlySet<string> {
  const components = isJson(doc['components']) ? doc['components'] : {};
  const edges = new Map<string, Set<string>>();
  for (const [kind, section] of Object.entries(components)) {
    if (!isJson(section)) continue;
    for (const [name, node] of Object.entries(section)) {
      const found = new Set<string>();
      collectRefs(node, found);
      edges.set(`#/components/${kind}/${escapePointer(name)}`, found);
    }
  }
  const tainted = new Set(Object.keys(SWAP_POINTS).map((n) => `#/components/schemas/${n}`));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [ref, targets] of edges) {
      if (tainted.has(ref)) continue;
      if ([...targets].some((t) => tainted.has(t))) {
        tainted.add(ref);
        changed = true;
      }
    }
  }
  return tainted;
}

function collectRefs(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) node.forEach((n) => collectRefs(n, into));
  else if (isJson(node)) {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') into.add(v);
      else collectRefs(v, into);
    }
  }
}

function parseComponentRef(ref: string): { kind: string; name: string } | undefined {
  const m = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref);
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  return { kind: m[1], name: m[2].replace(/~1/g, '/').replace(/~0/g, '~') };
}

function escapePointer(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isJson(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The object at `parent[key]`, created when absent. */
function obj(parent: Json, key: string): Json {
  const v = parent[key];
  if (isJson(v)) return v;
  const created: Json = {};
  parent[key] = created;
  return created;
}

