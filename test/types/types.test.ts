/**
 * Type tests: the generated types bite. Against the committed demo client (generated/demo):
 * - fixtures/consumer-demo.ts must compile — its positive cases type-check and each `@ts-expect-error`
 *   is used (tsc reports an unused one), so every must-fail case in it is proven;
 * - every file of fixtures/must-fail/ must fail with exactly one error whose message holds the fragment
 *   written on the file's first line (`// must fail: <fragment>`), so it fails for the stated reason.
 *
 * When generated/demo holds no client yet (or ZCRM_TYPES_FRESH=1), the client is generated from
 * generated/demo/metadata.json into a temp folder laid out like the repository, and the fixtures are
 * type-checked there.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_DIR,
  DEMO_SNAPSHOT,
  exists,
  generateFromSnapshot,
  linkNodeModules,
} from './demo-client.ts';
import {
  formatDiagnostics,
  REPO_ROOT,
  runTsc,
  type TscDiagnostic,
  type TscResult,
} from './run-tsc.ts';

const FIXTURES = resolve(REPO_ROOT, 'test/types/fixtures');
const MUST_FAIL = join(FIXTURES, 'must-fail');

interface MustFailCase {
  readonly file: string;
  readonly fragment: string;
}

const MARKER = /^\/\/ must fail: (.+)$/;

const mustFailCases: readonly MustFailCase[] = readdirSync(MUST_FAIL)
  .filter((f) => f.endsWith('.ts'))
  .sort()
  .map((file) => {
    const firstLine = readFileSync(join(MUST_FAIL, file), 'utf8').split('\n', 1)[0] ?? '';
    const fragment = MARKER.exec(firstLine)?.[1]?.trim();
    if (fragment === undefined)
      throw new Error(
        `test/types/fixtures/must-fail/${file}: first line must be "// must fail: <message fragment>"`,
      );
    return { file, fragment };
  });

/** Where the fixtures are checked: the repository itself, or a temp copy beside a freshly generated demo client. */
let root = REPO_ROOT;
let tempRoot: string | undefined;
let consumer: TscResult;
let mustFail: TscResult;

beforeAll(async () => {
  // ZCRM_TYPES_FRESH=1 checks what the generator makes now instead of the committed client.
  const fresh =
    process.env['ZCRM_TYPES_FRESH'] === '1' || !(await exists(join(DEMO_DIR, 'index.d.ts')));
  if (fresh) {
    tempRoot = await mkdtemp(join(tmpdir(), 'zcrm-types-'));
    root = tempRoot;
    await generateFromSnapshot({
      snapshot: DEMO_SNAPSHOT,
      org: 'demo',
      outDir: join(root, 'generated/demo'),
    });
    await mkdir(join(root, 'test/types'), { recursive: true });
    await cp(FIXTURES, join(root, 'test/types/fixtures'), { recursive: true });
    // The repository is an ES module package; so is its stand-in.
    await writeFile(join(root, 'package.json'), '{ "type": "module", "private": true }\n');
    await linkNodeModules(root);
  }
  const fixtures = join(root, 'test/types/fixtures');
  [consumer, mustFail] = await Promise.all([
    runTsc(join(fixtures, 'tsconfig.json')),
    runTsc(join(fixtures, 'must-fail/tsconfig.json')),
  ]);
});

afterAll(async () => {
  if (tempRoot !== undefined) await rm(tempRoot, { recursive: true, force: true });
});

function inFile(diagnostics: readonly TscDiagnostic[], file: string): TscDiagnostic[] {
  return diagnostics.filter((d) => d.file === file);
}

describe('consumer-demo.ts against the demo client', () => {
  it('compiles: the positive cases type-check and every @ts-expect-error is needed', () => {
    expect(consumer.diagnostics, formatDiagnostics(consumer.diagnostics)).toEqual([]);
    expect(consumer.exitCode, consumer.output).toBe(0);
  });
});

describe('must-fail cases', () => {
  it('exist', () => {
    expect(mustFailCases.length).toBeGreaterThanOrEqual(10);
  });

  it.each(mustFailCases)('$file fails with "$fragment"', ({ file, fragment }) => {
    const errors = inFile(mustFail.diagnostics, join(root, 'test/types/fixtures/must-fail', file));
    expect(errors, `tsc output:\n${formatDiagnostics(mustFail.diagnostics)}`).toHaveLength(1);
    expect(errors[0]?.message).toContain(fragment);
  });

  it('fail only in the case files, never inside the generated client', () => {
    const caseDir = join(root, 'test/types/fixtures/must-fail');
    const elsewhere = mustFail.diagnostics.filter((d) => !d.file.startsWith(`${caseDir}/`));
    expect(elsewhere.map((d) => `${relative(root, d.file)}: ${d.message}`)).toEqual([]);
    expect(mustFail.exitCode).not.toBe(0);
  });
});
