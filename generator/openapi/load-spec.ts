/**
 * Loads the hand-maintained, split Zoho CRM v8 spec (spec/openapi.yaml + spec/paths + spec/schemas +
 * spec/components) and bundles it into ONE document whose every $ref is internal (`#/components/...`),
 * using @redocly/openapi-core's bundler — the same library `redocly lint` uses, so what lints is what loads.
 */
import { fileURLToPath } from 'node:url';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { bundle, createConfig } from '@redocly/openapi-core';
import type { NormalizedProblem } from '@redocly/openapi-core';
import type { OpenApiDocument } from './openapi-types.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The root of the hand-maintained spec in this repository. */
export const DEFAULT_SPEC_ROOT = path.join(REPO_ROOT, 'spec', 'openapi.yaml');

/** Thrown when the spec cannot be loaded; the message names the file (and JSON pointer) at fault. */
export class SpecLoadError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
    this.name = 'SpecLoadError';
  }
}

/**
 * Bundles the spec at `root` into one OpenAPI 3.1 document with internal $refs only.
 * Errors (missing file, YAML syntax, unresolvable $ref) name the file at fault.
 */
export async function loadSpec(root: string = DEFAULT_SPEC_ROOT): Promise<OpenApiDocument> {
  const absolute = path.resolve(root);
  try {
    await access(absolute);
  } catch {
    throw new SpecLoadError(`Spec not found: ${absolute}`, absolute);
  }
  // No lint rules while bundling: linting is the job of redocly.yaml and test/spec; bundling only resolves.
  const config = await createConfig({});
  const result = await bundle({ ref: absolute, config, dereference: false });
  const errors = result.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    const first = errors[0];
    const file = problemFile(first, absolute);
    const lines = errors.map((p) => `  ${problemFile(p, absolute)}${problemPointer(p)}: ${p.message}`);
    throw new SpecLoadError(`Cannot bundle the spec ${absolute}:\n${lines.join('\n')}`, file);
  }
  const parsed: unknown = result.bundle.parsed;
  if (!isOpenApiDocument(parsed)) {
    throw new SpecLoadError(`${absolute} is not an OpenAPI 3.1 document (missing openapi/info/paths)`, absolute);
  }
  const external = findExternalRef(parsed);
  if (external !== undefined) {
    throw new SpecLoadError(`${absolute}: bundling left an external $ref "${external}"`, absolute);
  }
  return parsed;
}

function problemFile(problem: NormalizedProblem | undefined, fallback: string): string {
  return problem?.location[0]?.source.absoluteRef ?? fallback;
}

function problemPointer(problem: NormalizedProblem): string {
  const pointer = problem.location[0]?.pointer;
  return pointer ? ` ${pointer}` : '';
}

function isOpenApiDocument(value: unknown): value is OpenApiDocument {
  if (typeof value !== 'object' || value === null) return false;
  const doc = value as Record<string, unknown>;
  return (
    typeof doc.openapi === 'string' &&
    doc.openapi.startsWith('3.1') &&
    typeof doc.info === 'object' &&
    doc.info !== null &&
    typeof doc.paths === 'object' &&
    doc.paths !== null
  );
}

/** The first $ref that does not point inside the document, if any. */
function findExternalRef(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findExternalRef(item);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' && typeof child === 'string' && !child.startsWith('#')) return child;
    const found = findExternalRef(child);
    if (found !== undefined) return found;
  }
  return undefined;
}
