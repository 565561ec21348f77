/** A scripted Io for the command tests (their scratch folders: test/helpers/scratch-dir.ts, under os.tmpdir()). */
import type { Io } from '../../generator/commands/io.ts';

export { scratchDir } from '../helpers/scratch-dir.ts';

export interface ScriptedIO extends Io {
  readonly out: () => string;
  readonly err: () => string;
  /** Questions asked through prompt, in order. */
  readonly asked: string[];
}

/** With `answers`, the Io can ask (as on a terminal) and each question takes the next answer. */
export function scriptedIO(options: {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  answers?: string[];
  isTTY?: boolean;
}): ScriptedIO {
  const out: string[] = [];
  const err: string[] = [];
  const asked: string[] = [];
  const answers = options.answers === undefined ? undefined : [...options.answers];
  return {
    stdout: (s) => void out.push(s),
    stderr: (s) => void err.push(s),
    env: options.env ?? {},
    cwd: options.cwd,
    isTTY: options.isTTY ?? false,
    stdoutIsTTY: options.isTTY ?? false,
    out: () => out.join(''),
    err: () => err.join(''),
    asked,
    ...(answers === undefined
      ? {}
      : {
          prompt: async (question: string) => {
            asked.push(question);
            const a = answers.shift();
            if (a === undefined) throw new Error(`unexpected question: ${question}`);
            return a;
          },
        }),
  };
}
