/**
 * The committed demo client is exactly what the generator makes of the committed demo snapshot
 * (kysely-codegen's `--verify`): regenerate generated/demo from generated/demo/metadata.json into a temp
 * folder and compare every file byte for byte; and the committed client type-checks with its own tsconfig.
 * When this fails after a deliberate change: run `npm run generate` and commit generated/demo.
 */
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIR, DEMO_SNAPSHOT, exists, generateFromSnapshot } from '../types/demo-client.ts';
import { findOrg, readConfig } from '../../generator/config.ts';
import { formatDiagnostics, REPO_ROOT, runTsc } from '../types/run-tsc.ts';

/** Files in generated/demo that the generator does not write. */
const NOT_GENERATED = new Set(['metadata.json']);

async function listFiles(root: string, dir = root): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...(await listFiles(root, full)));
    } else {
      out.push(relative(root, full).split(sep).join('/'));
    }
  }
  return out.sort();
}

/** Where two texts first differ, short enough for a failure message. */
function firstDifference(committed: string, generated: string): string {
  const a = committed.split('\n');
  const b = generated.split('\n');
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  const clip = (text: string | undefined) =>
    JSON.stringify((text ?? '<end of file>').slice(0, 100));
  return `line ${at + 1}: committed ${clip(a[at])}, generated ${clip(b[at])}`;
}

let fresh: string;

beforeAll(async () => {
  fresh = await mkdtemp(join(tmpdir(), 'zcrm-golden-'));
  // As `npm run generate` does it: the demo org of zcrm.config.yaml, its snapshot in its own folder.
  const demo = findOrg(await readConfig(join(REPO_ROOT, 'zcrm.config.yaml')), 'demo');
  await generateFromSnapshot({ snapshot: DEMO_SNAPSHOT, org: 'demo', outDir: fresh, dataCenter: demo.dataCenter, snapshotFile: 'metadata.json' });
});

afterAll(async () => {
  if (fresh !== undefined) await rm(fresh, { recursive: true, force: true });
});

describe('generated/demo', () => {
  it('is what `zcrm-codegen generate` makes of generated/demo/metadata.json, byte for byte', async () => {
    expect(
      await exists(join(DEMO_DIR, 'index.d.ts')),
      'generated/demo holds no client: run `npm run generate` and commit it',
    ).toBe(true);
    const committed = (await listFiles(DEMO_DIR)).filter((f) => !NOT_GENERATED.has(f));
    const generated = await listFiles(fresh);

    const missing = generated.filter((f) => !committed.includes(f));
    const extra = committed.filter((f) => !generated.includes(f));
    const differing: string[] = [];
    for (const file of generated.filter((f) => committed.includes(f))) {
      const [a, b] = await Promise.all([
        readFile(join(DEMO_DIR, file)),
        readFile(join(fresh, file)),
      ]);
      if (!a.equals(b))
        differing.push(`${file} (${firstDifference(a.toString('utf8'), b.toString('utf8'))})`);
    }
    const problems = [
      ...missing.map((f) => `not committed: ${f}`),
      ...extra.map((f) => `committed but no longer generated: ${f}`),
      ...differing.map((f) => `differs: ${f}`),
    ];
    expect(
      problems,
      `generated/demo is stale — run \`npm run generate\` and commit:\n${problems.join('\n')}`,
    ).toEqual([]);
  });

  it('type-checks with its own strict tsconfig', async () => {
    expect(
      await exists(join(DEMO_DIR, 'tsconfig.json')),
      'generated/demo has no tsconfig.json',
    ).toBe(true);
    const tsc = await runTsc(join(DEMO_DIR, 'tsconfig.json'), { checkDeclarations: true });
    expect(tsc.diagnostics, formatDiagnostics(tsc.diagnostics)).toEqual([]);
    expect(tsc.exitCode, tsc.output).toBe(0);
  });
});
