/**
 * The runtime is copied into every client verbatim (not re-formatted, to keep generation fast), so the
 * templates themselves must already be in the project's prettier style.
 */
import { readFile } from 'node:fs/promises';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RUNTIME_DIR, readRuntimeFiles } from '../../generator/emit/runtime-files.ts';

describe('templates/runtime', () => {
  it('is prettier-clean, file by file', async () => {
    const options = { ...JSON.parse(await readFile(new URL('../../.prettierrc.json', import.meta.url), 'utf8')), parser: 'typescript' };
    const unformatted: string[] = [];
    for (const [path, text] of await readRuntimeFiles(DEFAULT_RUNTIME_DIR)) {
      if (!(await prettier.check(text, options))) unformatted.push(path);
    }
    expect(unformatted, 'run `npx prettier --write templates/runtime`').toEqual([]);
  });
});

describe('the runtime as a client ships it (generated/demo/runtime)', () => {
  it("declares nothing through undici's types: a consumer's program never loads undici's declaration files", async () => {
    const { readdir } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { DEMO_DIR } = await import('../helpers/demo-client.ts');
    const runtime = join(DEMO_DIR, 'runtime');
    const declarations = (await readdir(runtime, { recursive: true })).filter((f) => f.endsWith('.d.ts'));
    // The runtime's declarations in one file, the spec's types in another (declaration-bundle.ts).
    expect(declarations.sort()).toEqual(['index.d.ts', 'spec-types.d.ts']);
    const importing: string[] = [];
    for (const file of declarations) {
      const text = await readFile(join(runtime, file), 'utf8');
      if (/from ['"]undici['"]|import\(['"]undici['"]\)/.test(text)) importing.push(file);
    }
    expect(importing).toEqual([]);
  });
});
