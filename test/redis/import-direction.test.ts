/**
 * The gate (runtime/coordination.ts) loads the Redis code (runtime/redis/) on demand; the Redis code must
 * not import the gate back. Data and imports flow one way: coordination → redis (issue #17).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const runtime = fileURLToPath(new URL('../../templates/runtime/', import.meta.url));
const redisDir = join(runtime, 'redis');

/** Relative specifiers of static imports, re-exports and dynamic imports in a file. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g))
    if (m[1] !== undefined) found.push(m[1]);
  return found;
}

describe('runtime/redis imports', () => {
  it('no file under runtime/redis imports runtime/coordination.ts', () => {
    const gate = join(runtime, 'coordination');
    const back = readdirSync(redisDir)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) =>
        importsOf(join(redisDir, f))
          .filter(
            (spec) => resolve(dirname(join(redisDir, f)), spec).replace(/\.[jt]s$/, '') === gate,
          )
          .map((spec) => `${f} → ${spec}`),
      );
    expect(back).toEqual([]);
  });

  it('the gate does reach the Redis code (the test looks at real imports)', () => {
    expect(importsOf(join(runtime, 'coordination.ts'))).toContain('./redis/index.js');
  });
});
