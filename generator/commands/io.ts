/**
 * What a command needs from the outside world, passed in so tests can script it: output streams, the
 * environment, the working directory, whether stderr is a terminal (progress redraws, colour), and — when
 * stdin and stdout are a terminal — a way to ask the user a question. The one IO type of every command.
 *
 * Exit codes, the same for every command (README, "Exit codes"):
 * 0 done / in sync / healthy; 1 a finding (drift, a breaking change, a stale client, unhealthy);
 * 2 the command could not run (usage, unreadable config or snapshot, missing credentials, a failure).
 */
import { createInterface } from 'node:readline/promises';

export interface Io {
  /** Raw writes: callers include their own newlines. */
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** stderr is a terminal: progress redraws one line instead of printing many. */
  readonly isTTY: boolean;
  /** stdout is a terminal: colour is allowed in reports. */
  readonly stdoutIsTTY?: boolean;
  /** Present when stdin and stdout are a terminal: lets `init` ask its questions. */
  readonly prompt?: (question: string) => Promise<string>;
}

/** Bad arguments, or nothing to work on: the command could not run (exit 2), and its usage is shown. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT_OK = 0;
export const EXIT_FINDING = 1;
export const EXIT_CANNOT_RUN = 2;

/** Writes one line (a newline added) to stdout or stderr. */
export function println(write: (text: string) => void, line: string): void {
  write(`${line}\n`);
}

/**
 * Colour only on a terminal, never when NO_COLOR is set (https://no-color.org: any non-empty value) or
 * `--no-color` was passed.
 */
export function colorEnabled(io: Io, noColorFlag: boolean): boolean {
  const noColor = io.env['NO_COLOR'];
  return io.stdoutIsTTY === true && !noColorFlag && (noColor === undefined || noColor === '');
}

const SGR = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;
export type Colour = keyof typeof SGR;

/** A painter: wraps text in an ANSI colour when colour is on, returns it unchanged otherwise. */
export function painter(on: boolean): (colour: Colour, text: string) => string {
  return on ? (colour, text) => `\u001b[${SGR[colour]}m${text}\u001b[0m` : (_c, text) => text;
}

/** The real process: stdout/stderr, the environment, and questions on stdin when both ends are a terminal. */
export function processIo(): Io {
  const canAsk = process.stdin.isTTY === true && process.stdout.isTTY === true;
  return {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    env: process.env,
    cwd: process.cwd(),
    isTTY: process.stderr.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
    ...(canAsk ? { prompt: ask } : {}),
  };
}

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}
