/** A scripted CommandIO for the command tests. */
import type { CommandIO } from '../../generator/commands/io.ts';

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
