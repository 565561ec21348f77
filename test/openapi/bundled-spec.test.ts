/**
 * The spec as generate reads it: bundled once per content of spec/ and kept (bundled-spec.ts) — the same
 * document loadSpec bundles, read from the cache while spec/ is unchanged, bundled again when it changes.
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBundledSpec } from '../../generator/openapi/bundled-spec.ts';
import { DEFAULT_SPEC_ROOT, loadSpec } from '../../generator/openapi/load-spec.ts';

const work = await mkdtemp(join(tmpdir(), 'zcrm-bundled-spec-'));
afterAll(() => rm(work, { recursive: true, force: true }));

describe('loadBundledSpec', () => {
  it('is the document loadSpec bundles, and a fresh object each call', async () => {
    const cacheDir = join(work, 'cache-a');
    const first = await loadBundledSpec({ cacheDir });
    expect(first).toEqual(await loadSpec(DEFAULT_SPEC_ROOT));
    const second = await loadBundledSpec({ cacheDir });
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
  });

  it('reads the kept entry while spec/ is unchanged, and bundles again when a spec file changes', async () => {
    const specDir = join(work, 'spec');
    await cp(join(DEFAULT_SPEC_ROOT, '..'), specDir, { recursive: true });
    const cacheDir = join(work, 'cache-b');
    await loadBundledSpec({ specDir, cacheDir });
    const [entry] = await readdir(cacheDir);
    const cachedFile = join(cacheDir, entry!, 'files', 'openapi.json');
    // Mark the kept document: a second load that returns the mark read the entry instead of bundling.
    const marked = { ...(JSON.parse(await readFile(cachedFile, 'utf8')) as object), 'x-kept': true };
    await writeFile(cachedFile, JSON.stringify(marked));
    expect(await loadBundledSpec({ specDir, cacheDir })).toMatchObject({ 'x-kept': true });

    const root = join(specDir, 'openapi.yaml');
    await writeFile(root, (await readFile(root, 'utf8')).replace(/^(\s+title: )(.*)$/m, '$1$2 (changed)'));
    const changed = await loadBundledSpec({ specDir, cacheDir });
    expect(changed).not.toHaveProperty('x-kept');
    expect(changed.info.title).toMatch(/\(changed\)$/);
    expect(await readdir(cacheDir)).toHaveLength(2);
  });
});
