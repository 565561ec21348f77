/** A fresh folder under os.tmpdir() for a test to write in — never inside the repository — and its removal. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function scratchDir(
  prefix: string,
): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `zcrm-${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
