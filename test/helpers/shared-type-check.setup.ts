/**
 * vitest globalSetup: an empty folder under os.tmpdir() for this run's shared type-check
 * (shared-type-check.ts), removed when the run ends. It runs nothing itself: the first test file that
 * needs the check runs it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** An empty folder for this run's shared type-check (shared-type-check.ts). */
    sharedTypeCheckDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'zcrm-shared-type-check-'));
  project.provide('sharedTypeCheckDir', dir);
  return () => rm(dir, { recursive: true, force: true });
}
