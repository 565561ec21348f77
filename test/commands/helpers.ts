/** A scripted CommandIO and a scratch folder under test/commands/out (gitignored: test/**\/out/). */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CommandIO } from '../../generator/commands/io.ts';

const OUT_ROOT = resolve(import.meta.dirname, 'out');

export async function scratchDir(
  prefix: string,
): Promise<{ dir: string; remove: () => Promise<void> }> {
  await mkdir(OUT_ROOT, { recursive: true });
  const dir = await mkdtemp(join(OUT_ROOT, `${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface ScriptedIO extends CommandIO {
  readonly out: () => string;
  readonly err: () => string;
  /** Questions asked through prompt, in order. */
  readonly asked: string[];
}

export function scriptedIO(options: {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  answers?: string[];
}): ScriptedIO {
  const out: string[] = [];
  const err: string[] = [];
  const asked: string[] = [];
  const answers = [...(options.answers ?? [])];
  const io: ScriptedIO = {
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
    env: options.env ?? {},
    cwd: options.cwd,
    isTTY: options.answers !== undefined,
    out: () => out.join(''),
    err: () => err.join(''),
    asked,
  };
  if (options.answers !== undefined) {
    io.prompt = async (question) => {
      asked.push(question);
      const a = answers.shift();
      if (a === undefined) throw new Error(`unexpected question: ${question}`);
      return a;
    };
  }
  return io;
}
