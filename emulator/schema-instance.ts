/**
 * The smallest value a JSON Schema (2020-12, as spec/ writes it) accepts: required properties only, `minItems`
 * items, the first enum value, the first choice of a oneOf/anyOf. The schema's own `example`/`examples` win,
 * since a documented example is a better answer than a synthesized one (and a `pattern` cannot be synthesized).
 */
type Schema = Record<string, unknown>;

const isSchema = (v: unknown): v is Schema =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Follows `#/…` JSON pointers into `root`. */
export type Resolve = (ref: string) => unknown;

/** A value for each `format` spec/ uses, valid for ajv-formats. */
const FORMATTED: Record<string, string> = {
  'date-time': '2024-01-01T00:00:00+00:00',
  date: '2024-01-01',
  email: 'user@example.com',
  uri: 'https://www.zoho.com',
  binary: '',
};

export function schemaInstance(schema: unknown, resolve: Resolve, depth = 0): unknown {
  if (depth > 40)
    throw new Error('schemaInstance: schema nests deeper than 40 levels (a $ref cycle?)');
  if (!isSchema(schema)) return {};
  if (typeof schema['$ref'] === 'string')
    return schemaInstance(resolve(schema['$ref']), resolve, depth + 1);
  if ('const' in schema) return schema['const'];
  if (schema['example'] !== undefined) return schema['example'];
  if (Array.isArray(schema['examples']) && schema['examples'].length > 0)
    return schema['examples'][0];
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) return schema['enum'][0];
  if (Array.isArray(schema['allOf'])) {
    const parts = schema['allOf'].map((s) => schemaInstance(s, resolve, depth + 1));
    const own =
      schema['properties'] || schema['required']
        ? schemaInstance({ ...schema, allOf: undefined }, resolve, depth + 1)
        : {};
    return Object.assign({}, ...[...parts, own].filter(isSchema));
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const choices = schema[key];
    if (Array.isArray(choices) && choices.length > 0)
      return schemaInstance(choices[0], resolve, depth + 1);
  }
  const types = Array.isArray(schema['type']) ? (schema['type'] as string[]) : [schema['type']];
  const type =
    types.find((t) => t !== 'null') ?? (types.includes('null') ? 'null' : inferType(schema));
  switch (type) {
    case 'null':
      return null;
    case 'boolean':
      return false;
    case 'integer':
    case 'number':
      return typeof schema['minimum'] === 'number' ? schema['minimum'] : 0;
    case 'string': {
      const format = typeof schema['format'] === 'string' ? FORMATTED[schema['format']] : undefined;
      if (format !== undefined) return format;
      const min = typeof schema['minLength'] === 'number' ? schema['minLength'] : 0;
      return 'x'.repeat(min);
    }
    case 'array': {
      const min = typeof schema['minItems'] === 'number' ? schema['minItems'] : 0;
      return Array.from({ length: min }, () => schemaInstance(schema['items'], resolve, depth + 1));
    }
    default: {
      const props = isSchema(schema['properties']) ? schema['properties'] : {};
      const required = Array.isArray(schema['required']) ? (schema['required'] as string[]) : [];
      const out: Record<string, unknown> = {};
      for (const name of required)
        out[name] = schemaInstance(props[name] ?? {}, resolve, depth + 1);
      return out;
    }
  }
}

function inferType(schema: Schema): string {
  if (schema['properties'] !== undefined || schema['required'] !== undefined) return 'object';
  if (schema['items'] !== undefined) return 'array';
  return 'object';
}
