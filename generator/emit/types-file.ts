/**
 * types.ts of a generated client: openapi-typescript over the org's augmented document, plus a
 * short alias per module (`LeadsRecord`, `LeadsCreateInput`, `LeadsUpdateInput`) so users never
 * spell `components['schemas'][…]`.
 */
import openapiTS, { astToString, tsPropertyIndex } from 'openapi-typescript';
import ts from 'typescript';
import type { OrgModel } from '../model/types.ts';
import { defineOwn, schemaName } from '../spec/field-schema.ts';
import type { OpenApiDocument } from '../spec/openapi-types.ts';
import { jsdocText } from './jsdoc.ts';
import { stringLiteral } from './literals.ts';

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
 * A copy of `doc` for openapi-typescript: `description`/`title`/`summary` strings through jsdocText
 * (openapi-typescript turns them into JSDoc, and metadata text reaches comments only through the
 * one escaping function; openapi.json keeps the original), prototype-named properties renamed.
 */
function prepare(doc: unknown): Prepared {
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

  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== 'object' || node === null) return node;
    const source = node as { [key: string]: unknown };
    const out: { [key: string]: unknown } = {};
    for (const [k, v] of Object.entries(source)) {
      if (typeof v === 'string' && (k === 'description' || k === 'title' || k === 'summary')) {
        defineOwn(out, k, jsdocText(v));
      } else if (k === 'properties' && typeof v === 'object' && v !== null && !Array.isArray(v)) {
        const props: { [key: string]: unknown } = {};
        for (const [name, schema] of Object.entries(v)) defineOwn(props, rename(name), walk(schema));
        defineOwn(out, k, props);
      } else if (k === 'required' && Array.isArray(v)) {
        defineOwn(out, k, v.map((n) => (typeof n === 'string' ? rename(n) : n)));
      } else {
        defineOwn(out, k, walk(v));
      }
    }
    return out;
  };
  return { doc: walk(doc), renamed };
}

function propertyNameText(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

export async function renderTypesFile(doc: OpenApiDocument, model: OrgModel, header: string): Promise<string> {
  const prepared = prepare(doc);
  const ast = await openapiTS(prepared.doc as Parameters<typeof openapiTS>[0], {
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
  });
  const aliases = model.modules.flatMap((m) =>
    (['record', 'create', 'update'] as const).map((role) => {
      const name = schemaName(m.typeName, role);
      return `export type ${name} = components['schemas'][${stringLiteral(name)}];`;
    }),
  );
  return `${header}\n${astToString(ast)}\n// Per-module aliases.\n${aliases.join('\n')}\n`;
}
