/**
 * What a command needs from the outside world, passed in so tests can script it: output streams, the
 * environment, the working directory, and — on a terminal — a way to ask the user a question.
 * Every command is `run<Name>(args, io): Promise<number>` returning its exit code:
 * 0 ok, 1 a problem found (or the operation failed), 2 it could not run (bad arguments, no config).
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface CommandIO {
  /** Raw writes: commands include their own newlines. */
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  isTTY: boolean;
  prompt?: (question: string) => Promise<string>;
}

/** Bad arguments or a missing config: the command could not run (exit 2). */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT_OK = 0;
export const EXIT_PROBLEM = 1;
export const EXIT_USAGE = 2;

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, strict, no positionals; its errors become UsageErrors. */
export function parseFlags(
  args: readonly string[],
  options: Options,
): Record<string, string | boolean | undefined> {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options,
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > 0)
      throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
    return values as Record<string, string | boolean | undefined>;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export function flag(values: Record<string, unknown>, key: string): string | undefined {
  const v = values[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The real process: stdout/stderr, the environment, and questions on stdin when both ends are a terminal. */
export function processCommandIO(): CommandIO {
  const isTTY = process.stdin.isTTY === true && process.stdout.isTTY === true;
  const io: CommandIO = {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    env: process.env,
    cwd: process.cwd(),
    isTTY,
  };
  if (isTTY) {
    io.prompt = async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    };
  }
  return io;
}
