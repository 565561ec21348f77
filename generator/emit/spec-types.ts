/**
 * runtime/spec-types.d.ts of every client: openapi-typescript over the hand-maintained v8 spec, the
 * `paths` the client's typed `request` accepts. Org-independent: built once with the runtime
 * (runtime-bundle.ts) and cached, never per generate. The org's own types come from the OrgModel
 * (module-types-file.ts), not from openapi-typescript.
 */
import { createConfig, type Config } from '@redocly/openapi-core';
import {
  astToString,
  resolveRef,
  scanDiscriminators,
  transformSchema,
  tsPropertyIndex,
  type GlobalContext,
  type OpenAPI3,
  type OpenAPITSOptions,
} from 'openapi-typescript';
import ts from 'typescript';
import { defineOwn } from '../canonical-json.ts';
import type { OpenApiDocument } from '../openapi/openapi-types.ts';
import { jsdocText } from './jsdoc.ts';
import { leanSpecAst } from './spec-types-lean.ts';

/**
 * Property names openapi-typescript's bundler (@redocly/openapi-core) looks up on plain objects, so
 * they resolve to Object.prototype members and crash it (`hasOwnProperty`) or are skipped. They go
 * through openapi-typescript under placeholder names and are put back in its transformProperty hook.
 */
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

interface Prepared {
  doc: unknown;
  /** placeholder → real property name */
  renamed: Map<string, string>;
}

/**
 * Readies `doc` for openapi-typescript, in place: `description`/`title`/`summary` strings through jsdocText
 * (openapi-typescript turns them into JSDoc, and metadata text reaches comments only through the one
 * escaping function; openapi.json, serialized before this, keeps the original), prototype-named properties
 * renamed. In place because the document is tens of megabytes on a large org and a copy was a fifth of
 * the peak memory; renderTypesFile's caller hands it over (augmentSpec builds a fresh tree, no node shared).
 */
function prepareInPlace(doc: unknown): Prepared {
  const renamed = new Map<string, string>();
  const placeholderFor = new Map<string, string>();
  const placeholder = (name: string): string => {
    let p = placeholderFor.get(name);
    if (p === undefined) {
      p = `zcrm_codegen_property_${placeholderFor.size}_${name.replace(/[^A-Za-z0-9]/g, '')}`;
      placeholderFor.set(name, p);
      renamed.set(p, name);
    }
    return p;
  };
  const rename = (name: string): string => (PROTOTYPE_NAMES.has(name) ? placeholder(name) : name);

  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const obj = node as { [key: string]: unknown };
    for (const k of Object.keys(obj)) {
      const v = obj[k];
      if (typeof v === 'string' && (k === 'description' || k === 'title' || k === 'summary')) {
        obj[k] = jsdocText(v);
      } else if (k === 'properties' && typeof v === 'object' && v !== null && !Array.isArray(v)) {
        const props = v as { [key: string]: unknown };
        const names = Object.keys(props);
        for (const name of names) walk(props[name]);
        // Rebuilt only in the rare case a name needs a placeholder, keeping the properties' order.
        if (names.some((n) => PROTOTYPE_NAMES.has(n))) {
          const out: { [key: string]: unknown } = {};
          for (const name of names) defineOwn(out, rename(name), props[name]);
          obj[k] = out;
        }
      } else if (k === 'required' && Array.isArray(v)) {
        if (v.some((n) => typeof n === 'string' && PROTOTYPE_NAMES.has(n))) {
          obj[k] = v.map((n) => (typeof n === 'string' ? rename(n) : n));
        }
      } else {
        walk(v);
      }
    }
  };
  walk(doc);
  return { doc, renamed };
}

function propertyNameText(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

/**
 * openapi-typescript's transformer over the augmented document. `openapiTS()` would first re-parse, lint
 * and re-bundle the document with @redocly/openapi-core — work already done (loadSpec bundled the spec,
 * augment keeps every $ref internal, test/spec lints it) that is most of its time on a large org (57% of
 * 13 s at 100 modules × 200 fields). So we build the context `openapiTS()` would build, with its
 * defaults, typed by its own `GlobalContext` (a version that changes the context fails to compile), and
 * keep the one check its lint pass made that matters here: operationIds are unique.
 * Takes `doc` over: it is rewritten in place (see prepareInPlace) — pass a copy to keep the original.
 */
export async function renderSpecTypes(doc: OpenApiDocument, header: string): Promise<string> {
  const prepared = prepareInPlace(doc);
  const schema = prepared.doc as OpenAPI3;
  assertUniqueOperationIds(schema);
  keepAnswersTheClientReturns(schema);
  const options: OpenAPITSOptions = {
    silent: true,
    transformProperty(property) {
      const text = propertyNameText(property.name);
      const real = text === undefined ? undefined : prepared.renamed.get(text);
      if (real === undefined) return undefined;
      return ts.factory.updatePropertySignature(
        property,
        property.modifiers,
        tsPropertyIndex(real),
        property.questionToken,
        property.type,
      );
    },
  };
  const ctx: GlobalContext = {
    additionalProperties: false,
    alphabetize: false,
    arrayLength: false,
    defaultNonNullable: true,
    discriminators: scanDiscriminators(schema, options),
    emptyObjectsUnknown: false,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    redoc: await redocConfig(),
    silent: true,
    inject: undefined,
    transform: undefined,
    transformProperty: options.transformProperty,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    resolve<T>($ref: string): T | undefined {
      return resolveRef<T>(schema, $ref, { silent: true });
    },
  };
  const ast = leanSpecAst(transformSchema(schema, ctx));
  // The printer indents by four spaces; two say the same in a sixth fewer bytes of a file every editor reads.
  const text = astToString(ast).replace(/^(?: {4})+/gm, (indent) => ' '.repeat(indent.length / 2));
  return `${header}\n${text}`;
}

/**
 * Drops each operation's 4xx and 5xx responses, in place. The typed `request` and the spec resources return
 * an operation's success answer (typed-request.ts, SuccessResponseOf); Zoho's errors are thrown as
 * ZohoApiError, whose code, message and details the runtime types once. Typing every operation's six error
 * responses again was an eighth of this file, which every consumer's editor parses. The envelope itself
 * (components.schemas.ErrorResponse) stays, and openapi.json keeps every response.
 */
function keepAnswersTheClientReturns(doc: OpenAPI3): void {
  for (const item of Object.values(doc.paths ?? {})) {
    if (typeof item !== 'object' || item === null) continue;
    for (const op of Object.values(item)) {
      if (typeof op !== 'object' || op === null || !('responses' in op)) continue;
      const responses = op.responses as { [status: string]: unknown } | undefined;
      if (responses === undefined) continue;
      for (const status of Object.keys(responses))
        if (/^[45]/.test(status)) delete responses[status];
    }
  }
}

let redoc: Promise<Config> | undefined;
/** The same minimal config openapiTS() creates; the transformers carry it but do not lint with it. */
function redocConfig(): Promise<Config> {
  redoc ??= createConfig({}, { extends: ['minimal'] });
  return redoc;
}

export class DuplicateOperationIdError extends Error {
  override name = 'DuplicateOperationIdError';
}

function assertUniqueOperationIds(doc: OpenAPI3): void {
  const seen = new Map<string, string>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    if (typeof item !== 'object' || item === null) continue;
    for (const [method, op] of Object.entries(item)) {
      const id =
        typeof op === 'object' && op !== null && 'operationId' in op ? op.operationId : undefined;
      if (typeof id !== 'string') continue;
      const where = `${method.toUpperCase()} ${path}`;
      const first = seen.get(id);
      if (first !== undefined) {
        throw new DuplicateOperationIdError(
          `operationId ${JSON.stringify(id)} is used by both ${first} and ${where}`,
        );
      }
      seen.set(id, where);
    }
  }
}
