/**
 * Validates emulator responses against spec/ (the bundled OpenAPI 3.1 document): finds the operation
 * by method + path template, the response by status, and checks the JSON body with ajv (2020-12).
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { loadSpec } from '../../generator/openapi/load-spec.ts';
import type { Reply } from './helpers.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Operation {
  operationId: string;
  method: string;
  segments: string[];
  literals: number;
  responses: Obj;
}

function rewriteRefs(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(rewriteRefs);
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v))
    out[k] =
      k === '$ref' && typeof x === 'string' && x.startsWith('#') ? `spec${x}` : rewriteRefs(x);
  return out;
}

export class SpecValidator {
  private readonly ops: Operation[] = [];
  private readonly cache = new Map<unknown, ValidateFunction>();
  private readonly ajv: Ajv2020;

  private constructor(private readonly doc: Obj) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    // ajv-formats is CommonJS: under NodeNext its default import is the module object.
    const addFormats =
      (formats as unknown as { default: (a: Ajv2020) => void }).default ??
      (formats as unknown as (a: Ajv2020) => void);
    addFormats(this.ajv);
    this.ajv.addSchema(doc, 'spec');
    const paths = isObj(doc['paths']) ? doc['paths'] : {};
    for (const [template, item] of Object.entries(paths)) {
      if (!isObj(item)) continue;
      for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
        const op = item[method];
        if (!isObj(op) || !isObj(op['responses'])) continue;
        const segments = template.split('/').filter((s) => s !== '');
        this.ops.push({
          operationId: String(op['operationId']),
          method: method.toUpperCase(),
          segments,
          literals: segments.filter((s) => !s.startsWith('{')).length,
          responses: op['responses'],
        });
      }
    }
    this.ops.sort((a, b) => b.literals - a.literals);
  }

  static async load(): Promise<SpecValidator> {
    return new SpecValidator((await loadSpec()) as unknown as Obj);
  }

  operation(method: string, path: string): Operation | undefined {
    const parts =
      path
        .split('?')[0]
        ?.split('/')
        .filter((s) => s !== '') ?? [];
    return this.ops.find(
      (o) =>
        o.method === method &&
        o.segments.length === parts.length &&
        o.segments.every((s, i) => s.startsWith('{') || s === parts[i]),
    );
  }

  private deref(v: unknown): unknown {
    let cur = v;
    for (let i = 0; i < 10 && isObj(cur) && typeof cur['$ref'] === 'string'; i++) {
      const pointer = (cur['$ref'] as string)
        .replace(/^#\//, '')
        .split('/')
        .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
      let x: unknown = this.doc;
      for (const p of pointer) x = isObj(x) ? x[p] : undefined;
      cur = x;
    }
    return cur;
  }

  /** Problems with this reply, or [] when it matches the spec. */
  check(method: string, path: string, r: Reply): string[] {
    const op = this.operation(method, path);
    if (!op) return [`${method} ${path}: no operation in spec`];
    const where = `${op.operationId} ${r.status}`;
    const resp = this.deref(
      op.responses[String(r.status)] ??
        op.responses[`${String(r.status)[0]}XX`] ??
        op.responses['default'],
    );
    if (!isObj(resp)) return [`${where}: status not documented`];
    const content = isObj(resp['content']) ? resp['content'] : null;
    if (r.status === 204 || r.status === 304)
      return content ? [`${where}: spec expects a body`] : [];
    if (!content) return r.bytes.length === 0 ? [] : [`${where}: spec documents no body`];
    const ct =
      String(r.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim() ?? '';
    const wildcard = Object.keys(content).find(
      (k) => k.endsWith('/*') && ct.startsWith(k.slice(0, -1)),
    );
    const media =
      content[ct] ??
      (ct.includes('json') ? content['application/json'] : undefined) ??
      (wildcard ? content[wildcard] : undefined) ??
      content['*/*'];
    if (!isObj(media))
      return [`${where}: content type ${ct} not in spec (${Object.keys(content).join(', ')})`];
    if (!ct.includes('json')) return [];
    const schema = media['schema'];
    if (!isObj(schema)) return [];
    const validate = this.cache.get(schema) ?? this.ajv.compile(rewriteRefs(schema) as Obj);
    this.cache.set(schema, validate);
    if (validate(r.json)) return [];
    return [
      `${where}: ${this.ajv.errorsText(validate.errors, { separator: '; ' })} — body ${r.text.slice(0, 300)}`,
    ];
  }
}
