/**
 * Formats every emitted text file with prettier, with fixed options (not the user's config) so the
 * output depends on the snapshot and spec alone. Prettier is the slow part on big orgs: past a size
 * where threads pay for themselves, files are formatted in a small worker pool.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import * as prettier from 'prettier';

const OPTIONS = { singleQuote: true, printWidth: 100, trailingComma: 'all' } as const;
/**
 * Below this many characters in all, starting a worker (it loads prettier, ~0.2 s) costs more than it saves.
 * Above it, formatting leaves the main thread, which meanwhile builds types.ts (generate-client.ts).
 */
const PARALLEL_THRESHOLD = 300_000;

function parserFor(path: string): string | undefined {
  if (path.endsWith('.ts')) return 'typescript';
  if (path.endsWith('.json')) return 'json';
  if (path.endsWith('.md')) return 'markdown';
  return undefined;
}

export class FormatError extends Error {
  override name = 'FormatError';
}

/** Path → formatted text; files prettier has no parser for pass through unchanged. */
export async function formatFiles(files: ReadonlyMap<string, string>): Promise<Map<string, string>> {
  const jobs = [...files].flatMap(([path, text]) => {
    const parser = parserFor(path);
    return parser === undefined ? [] : [{ path, text, options: { ...OPTIONS, parser, filepath: path } }];
  });
  const total = jobs.reduce((n, j) => n + j.text.length, 0);
  // The main thread builds types.ts meanwhile: leave it one core.
  const threads = Math.min(4, availableParallelism() - 1);
  const formatted =
    total >= PARALLEL_THRESHOLD && threads >= 1 && jobs.length > 1
      ? await formatInWorkers(jobs, threads)
      : await Promise.all(jobs.map((j) => formatOne(j.path, j.text, j.options)));
  const out = new Map(files);
  jobs.forEach((j, i) => out.set(j.path, formatted[i] ?? j.text));
  return out;
}

async function formatOne(path: string, text: string, options: prettier.Options): Promise<string> {
  try {
    return await prettier.format(text, options);
  } catch (error) {
    throw new FormatError(`${path}: prettier could not format the generated text: ${(error as Error).message}`);
  }
}

interface Job {
  path: string;
  text: string;
  options: prettier.Options;
}

async function formatInWorkers(jobs: readonly Job[], threads: number): Promise<string[]> {
  const results: string[] = new Array<string>(jobs.length);
  // Largest first, so one huge types.ts does not start last.
  const queue = jobs.map((_, i) => i).sort((a, b) => (jobs[b]?.text.length ?? 0) - (jobs[a]?.text.length ?? 0));
  const workers = Array.from({ length: Math.min(threads, jobs.length) }, () =>
    new Worker(new URL('./format-worker.mjs', import.meta.url)),
  );
  try {
    await Promise.all(
      workers.map(async (worker) => {
        for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
          const job = jobs[index]!;
          results[index] = await new Promise<string>((resolve, reject) => {
            const onMessage = (msg: { id: number; text?: string; error?: string }): void => {
              if (msg.id !== index) return;
              worker.off('message', onMessage);
              worker.off('error', reject);
              if (msg.text !== undefined) resolve(msg.text);
              else reject(new FormatError(`${job.path}: prettier could not format the generated text: ${msg.error}`));
            };
            worker.on('message', onMessage);
            worker.once('error', reject);
            worker.postMessage({ id: index, text: job.text, options: job.options });
          });
        }
      }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
