/**
 * The demo client (generated/demo) and every consumer that compiles against it — test/types/fixtures
 * (consumer-demo.ts and must-fail/*.ts) and the calls of the migration guide — type-checked ONCE per
 * vitest run, in one program under the client's own tsconfig; the test files assert on its diagnostics.
 *
 * Once per run, whichever files ask: the config's globalSetup (shared-type-check.setup.ts) provides an
 * empty folder under os.tmpdir(); the first worker to ask claims it (an atomic mkdir), runs the check and
 * writes result.json there; the others wait for that file. A run whose files never ask pays nothing.
 */
import { readdirSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inject } from 'vitest';
import { GUIDE_CALLS_FILE, guideCallsSource } from '../docs/guide-table.ts';
import { QUERY_KINDS_FILE, queryKindsSource } from '../types/query-kinds-source.ts';
import { DEMO_DIR } from './demo-client.ts';
import { REPO_ROOT, typeCheck, type TypeCheckResult } from './type-check.ts';

export const TYPES_FIXTURES = join(REPO_ROOT, 'test/types/fixtures');
export const CONSUMER_DEMO = join(TYPES_FIXTURES, 'consumer-demo.ts');
/** Files on records (notes, attachments, photo, Files API, upload fields): must compile like consumer-demo. */
export const CONSUMER_FILES = join(TYPES_FIXTURES, 'consumer-files.ts');
export const MUST_FAIL_DIR = join(TYPES_FIXTURES, 'must-fail');

/** Further consumers that must compile: fixtures/consumer-*.ts besides consumer-demo.ts (one per feature area). */
export function consumerFiles(): string[] {
  return readdirSync(TYPES_FIXTURES)
    .filter((f) => /^consumer-.+\.ts$/.test(f) && f !== 'consumer-demo.ts')
    .sort()
    .map((f) => join(TYPES_FIXTURES, f));
}

export function mustFailFiles(): string[] {
  return readdirSync(MUST_FAIL_DIR)
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => join(MUST_FAIL_DIR, f));
}

/** The check itself, uncached (about 6 s of CPU): the client with its tsconfig, plus its consumers. */
export function runSharedTypeCheck(): TypeCheckResult {
  return typeCheck({
    tsconfig: join(DEMO_DIR, 'tsconfig.json'),
    extraRootNames: [CONSUMER_DEMO, ...consumerFiles(), ...mustFailFiles()],
    sources: new Map([
      [GUIDE_CALLS_FILE, guideCallsSource()],
      [QUERY_KINDS_FILE, queryKindsSource().source],
    ]),
    checkDeclarations: true,
  });
}

type Outcome = { ok: true; result: TypeCheckResult } | { ok: false; error: string };

let pending: Promise<TypeCheckResult> | undefined;

/** This run's shared check: computed by the first worker that asks, read by the others. */
export function sharedTypeCheck(): Promise<TypeCheckResult> {
  pending ??= load();
  return pending;
}

async function load(): Promise<TypeCheckResult> {
  const dir = inject('sharedTypeCheckDir');
  if (typeof dir !== 'string' || dir === '')
    throw new Error(
      'no shared type-check folder: run the tests with vitest.config.ts, whose globalSetup provides one',
    );
  const resultFile = join(dir, 'result.json');
  try {
    await mkdir(join(dir, 'claimed'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return unwrap(await waitFor(resultFile));
    throw error;
  }
  let outcome: Outcome;
  try {
    outcome = { ok: true, result: runSharedTypeCheck() };
  } catch (error) {
    outcome = { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  // Written whole, then renamed: a waiting worker never reads half a file.
  await writeFile(`${resultFile}.part`, JSON.stringify(outcome));
  await rename(`${resultFile}.part`, resultFile);
  return unwrap(outcome);
}

function unwrap(outcome: Outcome): TypeCheckResult {
  if (!outcome.ok) throw new Error(`the shared type-check failed to run:\n${outcome.error}`);
  return outcome.result;
}

async function waitFor(file: string, timeoutMs = 600_000): Promise<Outcome> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as Outcome;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (Date.now() > deadline)
      throw new Error(`no shared type-check result in ${file} after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
