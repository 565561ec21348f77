/**
 * Puts a generated tree on disk: a file is written only when its bytes changed (unchanged files keep
 * their mtime, so watchers and build caches stay quiet), files under outDir that are no longer
 * generated are removed, and nothing outside outDir is touched — never `metadata.json` (the
 * snapshot lives there), never node_modules, dist or dot-entries, never through a symlink.
 */
import { lstat, mkdir, open, readdir, readFile, rm, rmdir, unlink, writeFile } from 'node:fs/promises';
import { compareStrings } from '../canonical-json.ts';
import { dirname, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import { GENERATED_MARKER } from './header.ts';

export interface WriteReport {
  readonly outDir: string;
  /** Every generated file, relative to outDir, sorted. */
  readonly files: readonly string[];
  readonly written: readonly string[];
  readonly removed: readonly string[];
}

/** Files in outDir the writer never removes. */
export const PRESERVED_FILES: ReadonlySet<string> = new Set(['metadata.json']);

/**
 * Top-level entries of outDir that are not generator output and are never entered or removed: the
 * generated package.json invites `npm install` (node_modules) and `npm run build` (dist), and
 * dot-entries (.git, .gitignore, .gitattributes) belong to the user's tools.
 */
function isPreservedTopLevel(name: string): boolean {
  return name === 'node_modules' || name === 'dist' || name.startsWith('.');
}

export class WriteTreeError extends Error {
  override name = 'WriteTreeError';
}

function checkRelative(path: string): string {
  const norm = normalize(path).split(sep).join('/');
  if (isAbsolute(path) || norm.startsWith('../') || norm === '..' || norm === '.' || norm.includes('\0')) {
    throw new WriteTreeError(`refusing to write ${JSON.stringify(path)}: not a path inside the output folder`);
  }
  if (PRESERVED_FILES.has(norm)) throw new WriteTreeError(`refusing to overwrite ${norm}: it holds the snapshot`);
  const top = norm.split('/')[0] ?? '';
  if (isPreservedTopLevel(top)) throw new WriteTreeError(`refusing to write ${norm}: ${top} is not generator output`);
  return norm;
}

async function lstatOrUndefined(path: string): Promise<Awaited<ReturnType<typeof lstat>> | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Every regular file and symlink under dir (relative, `/`-separated); symlinked dirs are not entered. */
async function listTree(root: string, dir = root): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return out;
    throw error;
  }
  for (const e of entries) {
    if (dir === root && isPreservedTopLevel(e.name)) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listTree(root, full)));
    else out.push(relative(root, full).split(sep).join('/'));
  }
  return out;
}

/** Top-level files that carry the generator's header; any one of them marks a folder as ours. */
const MARKED_FILES = ['client.ts', 'index.ts', 'types.ts', 'README.md', 'tsconfig.json'];

/**
 * A folder is ours to clean when it is missing, empty, holds only preserved files, or has a
 * top-level file carrying our header (any of several, so a run interrupted half-way still counts).
 * Anything else (a mistyped --out pointing at a project) is refused.
 */
async function assertOwned(outDir: string, existing: readonly string[]): Promise<void> {
  const foreign = existing.filter((f) => !PRESERVED_FILES.has(f));
  if (foreign.length === 0) return;
  for (const name of MARKED_FILES.filter((f) => existing.includes(f))) {
    const st = await lstatOrUndefined(join(outDir, name));
    if (!st?.isFile()) continue;
    const head = (await readFile(join(outDir, name), 'utf8')).slice(0, 400);
    if (head.includes(GENERATED_MARKER)) return;
  }
  throw new WriteTreeError(
    `refusing to write into ${outDir}: it is not empty and holds no zcrm-codegen output (no generated client.ts, index.ts or README.md)`,
  );
}

/** Makes every directory from outDir down to `dir`, replacing symlinks so writes stay inside. */
async function ensureDir(outDir: string, relDir: string): Promise<void> {
  let current = outDir;
  for (const part of relDir.split('/').filter((p) => p.length > 0)) {
    current = join(current, part);
    const st = await lstatOrUndefined(current);
    if (st?.isDirectory()) continue;
    if (st !== undefined) await unlink(current);
    await mkdir(current);
  }
}

export interface WriteTreeOptions {
  /**
   * Touch nothing: report what would be written and removed (`generate --verify`, kysely-codegen's
   * `--verify`: a committed client that differs from what its snapshot generates is stale).
   */
  readonly dryRun?: boolean;
}

/**
 * A file's content, or a function making it: a large org's files are then made one at a time as they are
 * written, and each one's text is garbage as soon as it is on disk.
 */
export type FileContent = string | Uint8Array | (() => string) | ChunkedContent;

/** A file made piece by piece (a large openapi.json): compared and written without ever being one string. */
export interface ChunkedContent {
  chunks(): Iterable<string>;
}

export async function writeTree(
  outDir: string,
  files: ReadonlyMap<string, FileContent>,
  options: WriteTreeOptions = {},
): Promise<WriteReport> {
  const dryRun = options.dryRun === true;
  const root = resolve(outDir);
  // Paths are checked up front; bytes are made one file at a time as it is written, so a large org's
  // tens of megabytes of text are never held twice (as strings and as buffers) at once.
  const wanted = new Map<string, FileContent>();
  for (const [path, content] of files) wanted.set(checkRelative(path), content);
  const existing = await listTree(root);
  await assertOwned(root, existing);
  if (!dryRun) await mkdir(root, { recursive: true });

  const written: string[] = [];
  for (const [path, content] of [...wanted].sort(([a], [b]) => compareStrings(a, b))) {
    const made = typeof content === 'function' ? content() : content;
    const full = join(root, path);
    if (!dryRun) await ensureDir(root, dirname(path) === '.' ? '' : dirname(path));
    const st = await lstatOrUndefined(full);
    if (st?.isFile() && (await holds(full, Number(st.size), made))) continue;
    written.push(path);
    if (dryRun) continue;
    if (st !== undefined && !st.isFile()) await rm(full, { recursive: true, force: true });
    if (typeof made === 'object' && 'chunks' in made) await writeChunks(full, made);
    else await writeFile(full, made);
  }

  const removed: string[] = [];
  for (const path of existing.sort()) {
    if (wanted.has(path) || PRESERVED_FILES.has(path)) continue;
    const st = await lstatOrUndefined(join(root, path));
    if (st === undefined || st.isDirectory()) continue; // replaced by a generated directory above
    removed.push(path);
    if (!dryRun) await unlink(join(root, path));
  }
  if (!dryRun) await removeEmptyDirs(root, root);
  return { outDir: root, files: [...wanted.keys()].sort(), written, removed };
}

/** Whether the file at `full` (of `size` bytes) holds exactly these bytes; reads it piece by piece. */
async function holds(full: string, size: number, content: string | Uint8Array | ChunkedContent): Promise<boolean> {
  const pieces = typeof content === 'object' && 'chunks' in content ? content.chunks() : [content];
  const handle = await open(full, 'r');
  try {
    let offset = 0;
    for (const chunk of pieces) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      if (offset + bytes.length > size) return false;
      const existing = Buffer.alloc(bytes.length);
      const { bytesRead } = await handle.read(existing, 0, bytes.length, offset);
      if (bytesRead !== bytes.length || !existing.equals(bytes)) return false;
      offset += bytes.length;
    }
    return offset === size;
  } finally {
    await handle.close();
  }
}

/** Writes the chunks to `full`, gathering small ones so the file is written in blocks of about 1 MB. */
async function writeChunks(full: string, content: ChunkedContent): Promise<void> {
  const handle = await open(full, 'w');
  try {
    let pending: string[] = [];
    let pendingLength = 0;
    for (const chunk of content.chunks()) {
      pending.push(chunk);
      pendingLength += chunk.length;
      if (pendingLength >= 1 << 20) {
        await handle.write(pending.join(''));
        pending = [];
        pendingLength = 0;
      }
    }
    if (pending.length > 0) await handle.write(pending.join(''));
  } finally {
    await handle.close();
  }
}

async function removeEmptyDirs(root: string, dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries) {
    if (dir === root && isPreservedTopLevel(e.name)) continue;
    if (e.isDirectory()) await removeEmptyDirs(root, join(dir, e.name));
  }
  if (dir !== root && (await readdir(dir)).length === 0) await rmdir(dir);
}
