/**
 * vitest globalSetup: tests write under os.tmpdir(), never into the repository. Lists the repository's
 * files (node_modules and .git aside) before the run, and fails the run when a file appeared in it.
 */
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { REPO_ROOT } from './type-check.ts';

// dist/ is the package build's output (gitignored), which the pack-and-install test builds on purpose.
const SKIPPED = new Set(['node_modules', '.git', 'dist']);

async function repoFiles(dir = REPO_ROOT): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await repoFiles(full)));
    else out.push(relative(REPO_ROOT, full));
  }
  return out;
}

export default async function setup(): Promise<() => Promise<void>> {
  const before = new Set(await repoFiles());
  return async () => {
    const added = (await repoFiles()).filter((f) => !before.has(f)).sort();
    if (added.length === 0) return;
    console.error(
      `\nthe tests wrote into the repository (write under os.tmpdir() instead, see test/helpers/scratch-dir.ts):\n${added.join('\n')}\n`,
    );
    // vitest reports an error thrown here but still exits 0: fail the run ourselves.
    process.exitCode = 1;
  };
}
