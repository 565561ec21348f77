/** Helpers to walk a bundled spec in tests: every operation with its path, method and resolved parts. */
import { HTTP_METHODS, isReference } from '../../generator/openapi/openapi-types.ts';
import type {
  HttpMethod,
  OpenApiDocument,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  ResponseObject,
} from '../../generator/openapi/openapi-types.ts';

export interface WalkedOperation {
  path: string;
  method: HttpMethod;
  operation: OperationObject;
  /** Path-level and operation-level parameters, as written (refs unresolved). */
  parameters: (ParameterObject | ReferenceObject)[];
}

export function operationsOf(doc: OpenApiDocument): WalkedOperation[] {
  const out: WalkedOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation === undefined) continue;
      out.push({ path, method, operation, parameters: [...(item.parameters ?? []), ...(operation.parameters ?? [])] });
    }
  }
  return out;
}

/** Follows one internal `#/components/...` $ref (JSON pointer) to its target. */
export function resolvePointer(doc: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`not an internal $ref: ${ref}`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !(key in node)) throw new Error(`dangling $ref: ${ref}`);
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

export function resolveResponse(doc: OpenApiDocument, r: ResponseObject | ReferenceObject): ResponseObject {
  return (isReference(r) ? resolvePointer(doc, r.$ref) : r) as ResponseObject;
}

export function resolveParameter(doc: OpenApiDocument, p: ParameterObject | ReferenceObject): ParameterObject {
  return (isReference(p) ? resolvePointer(doc, p.$ref) : p) as ParameterObject;
}

/** Every `$ref` string reachable inside a value (not following refs). */
export function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const v of value) refsIn(v, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') found.push(v);
      else refsIn(v, found);
    }
  }
  return found;
}
