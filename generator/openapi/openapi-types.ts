/**
 * A minimal, open type for a parsed OpenAPI 3.1 document (plain JSON: what `loadSpec` returns and what the
 * augment step edits and writes). Only the parts the generator reads are named; every object stays open
 * (`[key: string]: unknown`) so extensions and keys we do not model survive a round trip.
 * Spec: https://spec.openapis.org/oas/v3.1.0
 */

/** Any JSON value. */

/** `{ $ref: '#/components/…' }` — after bundling every $ref is internal. */
export interface ReferenceObject {
  $ref: string;
  summary?: string;
  description?: string;
}

/** A JSON Schema (2020-12 dialect, as OpenAPI 3.1 uses it). Open: keywords not named here are allowed. */
export interface SchemaObject {
  $ref?: string;
  type?: string | string[];
  format?: string;
  title?: string;
  description?: string;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  additionalProperties?: boolean | SchemaObject;
  items?: SchemaObject;
  enum?: unknown[];
  const?: unknown;
  allOf?: SchemaObject[];
  anyOf?: SchemaObject[];
  oneOf?: SchemaObject[];
  readOnly?: boolean;
  writeOnly?: boolean;
  deprecated?: boolean;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  pattern?: string;
  default?: unknown;
  examples?: unknown[];
  [key: string]: unknown;
}

export interface ServerObject {
  url: string;
  description?: string;
  variables?: Record<string, { default: string; enum?: string[]; description?: string }>;
  [key: string]: unknown;
}

export interface ParameterObject {
  name: string;
  in: 'query' | 'header' | 'path' | 'cookie';
  required?: boolean;
  description?: string;
  deprecated?: boolean;
  style?: string;
  explode?: boolean;
  schema?: SchemaObject;
  example?: unknown;
  [key: string]: unknown;
}

export interface MediaTypeObject {
  schema?: SchemaObject;
  example?: unknown;
  examples?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface RequestBodyObject {
  description?: string;
  required?: boolean;
  content: Record<string, MediaTypeObject>;
  [key: string]: unknown;
}

export interface ResponseObject {
  description: string;
  headers?: Record<string, unknown>;
  content?: Record<string, MediaTypeObject>;
  [key: string]: unknown;
}

/** `{ schemeName: [scopes…] }`; an operation's `security` is a list of alternatives. */
export type SecurityRequirementObject = Record<string, string[]>;

export interface OperationObject {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: (ParameterObject | ReferenceObject)[];
  requestBody?: RequestBodyObject | ReferenceObject;
  responses?: Record<string, ResponseObject | ReferenceObject>;
  security?: SecurityRequirementObject[];
  servers?: ServerObject[];
  deprecated?: boolean;
  [key: string]: unknown;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface PathItemObject {
  summary?: string;
  description?: string;
  parameters?: (ParameterObject | ReferenceObject)[];
  servers?: ServerObject[];
  get?: OperationObject;
  put?: OperationObject;
  post?: OperationObject;
  delete?: OperationObject;
  options?: OperationObject;
  head?: OperationObject;
  patch?: OperationObject;
  trace?: OperationObject;
  [key: string]: unknown;
}

export interface ComponentsObject {
  schemas?: Record<string, SchemaObject>;
  responses?: Record<string, ResponseObject | ReferenceObject>;
  parameters?: Record<string, ParameterObject | ReferenceObject>;
  requestBodies?: Record<string, RequestBodyObject | ReferenceObject>;
  headers?: Record<string, unknown>;
  securitySchemes?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

export interface TagObject {
  name: string;
  description?: string;
  [key: string]: unknown;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string; summary?: string; [key: string]: unknown };
  servers?: ServerObject[];
  paths: Record<string, PathItemObject>;
  components?: ComponentsObject;
  security?: SecurityRequirementObject[];
  tags?: TagObject[];
  [key: string]: unknown;
}

/** True for a `{ $ref }` object. */
export function isReference(value: unknown): value is ReferenceObject {
  return typeof value === 'object' && value !== null && typeof (value as { $ref?: unknown }).$ref === 'string';
}
