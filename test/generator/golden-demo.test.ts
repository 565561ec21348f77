/**
 * The committed demo client is exactly what the generator makes of the committed demo snapshot
 * (kysely-codegen's `--verify`): regenerate generated/demo from generated/demo/metadata.json into a temp
 * folder and compare every file byte for byte; and the committed client type-checks with its own tsconfig
 * (in the run's shared type-check, test/helpers/shared-type-check.ts).
 * When this fails after a deliberate change: run `npm run generate` and commit generated/demo.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles, treeDifferences } from '../helpers/compare-trees.ts';
import { sharedTypeCheck } from '../helpers/shared-type-check.ts';
import { diagnosticsIn, formatDiagnostics } from '../helpers/type-check.ts';
import { DEMO_DIR, DEMO_SNAPSHOT, demoOptions, generateFromSnapshot } from '../helpers/demo-client.ts';

/** Files in generated/demo that the generator does not write. */
const NOT_GENERATED = new Set(['metadata.json']);

let fresh: string;

beforeAll(async () => {
  fresh = await mkdtemp(join(tmpdir(), 'zcrm-golden-'));
  // As `npm run generate` does it: the demo org of zcrm.config.yaml, its snapshot in its own folder.
  await generateFromSnapshot({ snapshot: DEMO_SNAPSHOT, org: 'demo', outDir: fresh, ...(await demoOptions()) });
});

afterAll(async () => {
  if (fresh !== undefined) await rm(fresh, { recursive: true, force: true });
});

describe('generated/demo', () => {
  it('is what `zcrm-codegen generate` makes of generated/demo/metadata.json, byte for byte', async () => {
    expect(
      await listFiles(DEMO_DIR),
      'generated/demo holds no client: run `npm run generate` and commit it',
    ).toContain('index.d.ts');
    const problems = await treeDifferences(DEMO_DIR, fresh, NOT_GENERATED);
    expect(
      problems,
      `generated/demo is stale — run \`npm run generate\` and commit:\n${problems.join('\n')}`,
    ).toEqual([]);
  });

  it('type-checks with its own strict tsconfig', async () => {
    const check = await sharedTypeCheck();
    const own = (await listFiles(DEMO_DIR)).filter((f) => f.endsWith('.ts'));
    expect(own.sort()).toEqual(['client.d.ts', 'index.d.ts', 'modules.d.ts', 'runtime/index.d.ts', 'runtime/spec-types.d.ts']);
    for (const f of own) expect(check.rootNames).toContain(join(DEMO_DIR, f));
    const errors = [
      ...diagnosticsIn(check.diagnostics, `${DEMO_DIR}/`),
      ...check.diagnostics.filter((d) => d.file === ''),
    ];
    expect(formatDiagnostics(errors)).toBe('');
  });
});
