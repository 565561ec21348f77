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
