/**
 * The emulator's answer for operations of spec/ it has no handler for: the operation's documented success
 * response — its media example when spec/ gives one, else the smallest instance of its schema — so a client
 * generated from spec/ can call every operation against the emulator and parse what comes back (issue #13:
 * "everything else at least answers with the documented shape"). It is stateless: nothing is stored.
 *
 * A request goes to the fallback when the spec operation its URL resolves to (concrete segments winning, as in
 * OpenAPI path matching) has no route of its own; otherwise the emulator's routes answer as before. Scopes are
 * not checked here (the handlers that check them are the ones that exist).
 */
import { loadSpec } from '../generator/openapi/load-spec.ts';
import type { OpenApiDocument } from '../generator/openapi/openapi-types.ts';
import { Router, type RouteDef, type RouteMatch } from './router.ts';
import { schemaInstance } from './schema-instance.ts';
import type { ApiResponse } from './types.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export interface SpecOperation {
  operationId: string;
  method: RouteDef['method'];
  /** Path template segments, `{name}` for parameters. */
  segments: readonly string[];
  literals: number;
  /** The documented success answer. */
  response: ApiResponse;
}

function pointer(doc: OpenApiDocument, ref: string): unknown {
  let node: unknown = doc;
  for (const raw of ref.replace(/^#\//, '').split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = isObj(node) ? node[key] : undefined;
  }
  if (node === undefined) throw new Error(`spec-fallback: dangling $ref ${ref}`);
  return node;
}

const deref = (doc: OpenApiDocument, v: unknown): unknown =>
  isObj(v) && typeof v['$ref'] === 'string' ? deref(doc, pointer(doc, v['$ref'])) : v;

/** A concrete content type for a documented media range (`image/*` → `image/png`). */
const concrete = (media: string) => (media.endsWith('/*') ? `${media.slice(0, -1)}png` : media);

/** The lowest documented 2xx status and its body (JSON example or schema instance; empty bytes otherwise). */
export function documentedSuccess(doc: OpenApiDocument, responses: Obj): ApiResponse {
  const status = Object.keys(responses)
    .filter((s) => /^2\d\d$/.test(s))
    .sort()[0];
  if (status === undefined) throw new Error('spec-fallback: operation documents no 2xx response');
  const response = deref(doc, responses[status]);
  const content = isObj(response) && isObj(response['content']) ? response['content'] : {};
  const json = content['application/json'];
  if (isObj(json)) {
    const examples = isObj(json['examples']) ? Object.values(json['examples']) : [];
    const example = json['example'] ?? (isObj(examples[0]) ? examples[0]['value'] : undefined);
    return {
      status: Number(status),
      json: example ?? schemaInstance(json['schema'], (ref) => pointer(doc, ref)),
    };
  }
  const media = Object.keys(content)[0];
  if (media === undefined) return { status: Number(status) };
  return { status: Number(status), bytes: new Uint8Array(0), contentType: concrete(media) };
}

/** Every operation of the spec with its documented success answer. */
export function specOperations(doc: OpenApiDocument): SpecOperation[] {
  const out: SpecOperation[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    if (template.startsWith('/oauth/')) continue; // the accounts server, served by emulator/oauth.ts
    for (const method of METHODS) {
      const op = (item as Obj)[method];
      if (!isObj(op) || !isObj(op['responses'])) continue;
      const segments = template.split('/').filter((s) => s !== '');
      out.push({
        operationId: String(op['operationId']),
        method: method.toUpperCase() as RouteDef['method'],
        segments,
        literals: segments.filter((s) => !s.startsWith('{')).length,
        response: documentedSuccess(doc, op['responses']),
      });
    }
  }
  // Concrete segments win: /crm/v8/users/{user_id}/territories before /crm/v8/{module_api_name}/{record_id}/{related}.
  return out.sort((a, b) => b.literals - a.literals);
}

/** The spec operation a request resolves to, with its path parameters. */
export function resolveOperation(
  ops: readonly SpecOperation[],
  method: string,
  path: string,
): { op: SpecOperation; params: Record<string, string> } | undefined {
  const parts = path.split('/').filter((s) => s !== '');
  for (const op of ops) {
    if (op.method !== method || op.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const matches = op.segments.every((seg, i) => {
      if (!seg.startsWith('{')) return seg === parts[i];
      params[seg.slice(1, -1)] = parts[i] ?? '';
      return true;
    });
    if (matches) return { op, params };
  }
  return undefined;
}

/**
 * A URL of the operation, each path parameter filled with a sample value. The module is one no operation names
 * literally (Leads, Contacts, Deals, Events have their own paths), so the URL resolves back to this operation.
 */
export function samplePath(op: SpecOperation): string {
  return `/${op.segments.map((s) => (s === '{module_api_name}' ? 'Accounts' : s.startsWith('{') ? '4150868000000225013' : s)).join('/')}`;
}

/** Routes the emulator's own routes first, and the operations they do not serve to their documented answer. */
export class SpecFallbackRouter extends Router {
  /** operationId → the fallback route, for operations no emulator route serves. */
  readonly fallbacks = new Map<string, RouteDef>();

  constructor(
    private readonly served: Router,
    private readonly ops: readonly SpecOperation[],
  ) {
    super();
    for (const op of ops) {
      const m = served.match(op.method, samplePath(op));
      if (m.kind === 'ok' && m.route.operationId === op.operationId) continue;
      this.fallbacks.set(op.operationId, {
        method: op.method,
        pattern: `/${op.segments.map((s) => (s.startsWith('{') ? `:${s.slice(1, -1)}` : s)).join('/')}`,
        operationId: op.operationId,
        scope: null,
        handler: () => ({ ...op.response }),
      });
    }
  }

  override match(method: string, path: string): RouteMatch {
    const resolved = resolveOperation(this.ops, method, path);
    const route = resolved === undefined ? undefined : this.fallbacks.get(resolved.op.operationId);
    if (resolved !== undefined && route !== undefined)
      return { kind: 'ok', route, params: resolved.params };
    return this.served.match(method, path);
  }
}

// The spec is read once per process: it is the same for every emulator, and bundling it takes ~0.3 s.
let operations: Promise<SpecOperation[]> | undefined;

/** Wraps the emulator's router so every operation of spec/ answers (emulator/index.ts). */
export async function withSpecFallback(router: Router): Promise<SpecFallbackRouter> {
  operations ??= loadSpec().then(specOperations);
  return new SpecFallbackRouter(router, await operations);
}
