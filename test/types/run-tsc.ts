/**
 * Runs the repository's own tsc on a project and parses its diagnostics, for the tests that prove
 * generated code type-checks (golden, e2e) and that the generated types reject what they must (types).
 * Asynchronous on purpose: an in-process emulator must keep answering while tsc runs.
 */
import { execFile } from 'node:child_process';
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSC = resolve(REPO_ROOT, 'node_modules/.bin/tsc');

export interface TscDiagnostic {
  /** Absolute path of the file the error is in ('' for a global error such as a bad tsconfig). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** e.g. "TS2322" */
  readonly code: string;
  /** The whole message, continuation lines included. */
  readonly message: string;
}

export interface TscResult {
  readonly exitCode: number;
  readonly output: string;
  readonly diagnostics: readonly TscDiagnostic[];
}

/**
 * `tsc -p <tsconfig> --noEmit --pretty false`, never throwing on type errors. `checkDeclarations` adds
 * `--skipLibCheck false`: a generated client is declarations, and only then does tsc check them.
 */
export function runTsc(tsconfig: string, options: { checkDeclarations?: boolean } = {}): Promise<TscResult> {
  const project = resolve(tsconfig);
  return new Promise((resolvePromise, reject) => {
    execFile(
      TSC,
      ['-p', project, '--noEmit', '--pretty', 'false', ...(options.checkDeclarations === true ? ['--skipLibCheck', 'false'] : [])],
      { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024, timeout: 180_000 },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`;
        if (error && typeof error.code !== 'number') {
          reject(new Error(`could not run tsc on ${project}: ${error.message}\n${output}`));
          return;
        }
        const exitCode = typeof error?.code === 'number' ? error.code : 0;
        resolvePromise({ exitCode, output, diagnostics: parseDiagnostics(output, REPO_ROOT) });
      },
    );
  });
}

const LINE = /^(.+)\((\d+),(\d+)\): error (TS\d+): (.*)$/;
const GLOBAL = /^error (TS\d+): (.*)$/;

/** Parses `--pretty false` output: one diagnostic per `file(line,col): error TSn: …` line plus its indented continuation. */
export function parseDiagnostics(output: string, cwd: string): TscDiagnostic[] {
  const out: { file: string; line: number; column: number; code: string; message: string }[] = [];
  for (const raw of output.split(/\r?\n/)) {
    const m = LINE.exec(raw);
    if (m) {
      const file = m[1] ?? '';
      out.push({
        file: isAbsolute(file) ? file : resolve(cwd, file),
        line: Number(m[2]),
        column: Number(m[3]),
        code: m[4] ?? '',
        message: m[5] ?? '',
      });
      continue;
    }
    const g = GLOBAL.exec(raw);
    if (g) {
      out.push({ file: '', line: 0, column: 0, code: g[1] ?? '', message: g[2] ?? '' });
      continue;
    }
    const last = out[out.length - 1];
    if (last && raw.startsWith(' ')) last.message += `\n${raw.trim()}`;
  }
  return out;
}

/** One line per diagnostic, paths relative to the repository, for failure messages. */
export function formatDiagnostics(diagnostics: readonly TscDiagnostic[], limit = 30): string {
  const lines = diagnostics
    .slice(0, limit)
    .map(
      (d) =>
        `${d.file === '' ? '(global)' : relative(REPO_ROOT, d.file)}(${d.line},${d.column}) ${d.code}: ${d.message.split('\n')[0]}`,
    );
  if (diagnostics.length > limit) lines.push(`… and ${diagnostics.length - limit} more`);
  return lines.join('\n');
}
