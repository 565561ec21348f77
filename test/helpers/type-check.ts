/**
 * The one way tests run the TypeScript compiler: the repository's own `typescript`, in-process, on a
 * tsconfig — what `tsc -p <tsconfig> --noEmit` reports, as structured diagnostics rather than text to
 * parse. Every test that proves generated code type-checks (or that it rejects what it must) goes
 * through `typeCheck`; the demo client and its consumers go through it once per run
 * (shared-type-check.ts).
 */
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface TscDiagnostic {
  /** Absolute path of the file the error is in ('' for a global error such as a bad tsconfig option). */
  readonly file: string;
  /** 1-based, as tsc prints it (0 for a global error). */
  readonly line: number;
  readonly column: number;
  /** e.g. "TS2322" */
  readonly code: string;
  /** The whole message, its chain of reasons joined by newlines. */
  readonly message: string;
}

export interface TypeCheckOptions {
  /** The project, as `tsc -p` takes it: its compiler options, and its files unless `rootNames` is given. */
  readonly tsconfig: string;
  /** Extra files checked with the project's options (the consumers of a client, say). */
  readonly extraRootNames?: readonly string[];
  /**
   * Files that exist only in memory, by absolute path (checked as if written there, never written):
   * a test's generated source needs no scratch file in the repository.
   */
  readonly sources?: ReadonlyMap<string, string>;
  /**
   * Check declaration files too (`--skipLibCheck false`): a generated client is `.js` + `.d.ts`, and only
   * then does the compiler check what it declares.
   */
  readonly checkDeclarations?: boolean;
}

export interface TypeCheckResult {
  /** Every file the project checked (its own and the extra ones), absolute. */
  readonly rootNames: readonly string[];
  readonly diagnostics: readonly TscDiagnostic[];
}

/**
 * Everything `tsc -p <tsconfig> --noEmit` would report: tsconfig errors, option errors, then syntax and
 * type errors of every file in the program (under the project's skipLibCheck, as tsc does).
 * Synchronous: do not call it while an in-process server of the same test must answer.
 */
export function typeCheck(options: TypeCheckOptions): TypeCheckResult {
  const tsconfig = resolve(options.tsconfig);
  const sources = options.sources ?? new Map<string, string>();
  const read = ts.readConfigFile(tsconfig, ts.sys.readFile);
  if (read.error !== undefined) return { rootNames: [], diagnostics: [toDiagnostic(read.error)] };
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(tsconfig), undefined, tsconfig);
  const rootNames = [...parsed.fileNames, ...(options.extraRootNames ?? []), ...sources.keys()];
  const compilerOptions = { ...parsed.options, noEmit: true, ...(options.checkDeclarations === true ? { skipLibCheck: false } : {}) };

  const host = ts.createCompilerHost(compilerOptions);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (file) => sources.has(file) || fileExists.call(host, file);
  host.readFile = (file) => sources.get(file) ?? readFile.call(host, file);
  host.getSourceFile = (file, language, onError, shouldCreate) => {
    const text = sources.get(file);
    return text === undefined
      ? getSourceFile.call(host, file, language, onError, shouldCreate)
      : ts.createSourceFile(file, text, language, true);
  };

  const program = ts.createProgram({
    rootNames,
    options: compilerOptions,
    host,
    configFileParsingDiagnostics: parsed.errors,
    projectReferences: parsed.projectReferences,
  });
  return {
    rootNames: rootNames.map((f) => resolve(f)),
    diagnostics: ts.getPreEmitDiagnostics(program).map(toDiagnostic),
  };
}

function toDiagnostic(d: ts.Diagnostic): TscDiagnostic {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  const code = `TS${d.code}`;
  if (d.file === undefined || d.start === undefined) return { file: '', line: 0, column: 0, code, message };
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return { file: resolve(d.file.fileName), line: line + 1, column: character + 1, code, message };
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

/** The diagnostics in `file` (absolute), or in any file under the folder `dir` (absolute) when it ends in '/'. */
export function diagnosticsIn(diagnostics: readonly TscDiagnostic[], fileOrDir: string): TscDiagnostic[] {
  return diagnostics.filter((d) =>
    fileOrDir.endsWith('/') ? d.file.startsWith(fileOrDir) : d.file === fileOrDir,
  );
}
