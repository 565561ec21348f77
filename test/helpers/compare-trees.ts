/** Byte-for-byte comparison of two folders of generated files, for golden tests. */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** Every file under `root` (node_modules aside), as sorted `/`-separated relative paths. */
export async function listFiles(root: string, dir = root): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...(await listFiles(root, full)));
    } else if (entry.isFile()) {
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

/**
 * What differs between a committed tree and a freshly generated one, one line per file (empty when
 * identical). `notGenerated` names committed files the generator does not write.
 */
export async function treeDifferences(
  committedDir: string,
  generatedDir: string,
  notGenerated: ReadonlySet<string> = new Set(),
): Promise<string[]> {
  const committed = (await listFiles(committedDir)).filter((f) => !notGenerated.has(f));
  const generated = await listFiles(generatedDir);
  const differing: string[] = [];
  for (const file of generated.filter((f) => committed.includes(f))) {
    const [a, b] = await Promise.all([
      readFile(join(committedDir, file)),
      readFile(join(generatedDir, file)),
    ]);
    if (!a.equals(b))
      differing.push(`${file} (${firstDifference(a.toString('utf8'), b.toString('utf8'))})`);
  }
  return [
    ...generated.filter((f) => !committed.includes(f)).map((f) => `not committed: ${f}`),
    ...committed.filter((f) => !generated.includes(f)).map((f) => `committed but no longer generated: ${f}`),
    ...differing.map((f) => `differs: ${f}`),
  ];
}
