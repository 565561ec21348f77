/**
 * The editor's cost, measured as the editor pays it: a TypeScript language service over a consumer
 * project asked for completions at a marker — cold (the first request builds the program) and after an
 * edit (the file's text changes; the service updates). Run in its own process by lean-types.ts, as plain
 * JavaScript (no loader), so `openMs` — from the process's start to the first answer, TypeScript's own
 * loading included — is what opening the project in an editor costs.
 * Prints one JSON line: { openMs, coldMs, editMs, entries }.
 *
 *   node test/bench/completion-probe.mjs <projectDir> <file> <marker>
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const [projectDir, fileArg, marker] = process.argv.slice(2);
if (projectDir === undefined || fileArg === undefined || marker === undefined) throw new Error('usage: completion-probe.ts <projectDir> <file> <marker>');
const file = join(projectDir, fileArg);
const config = ts.getParsedCommandLineOfConfigFile(join(projectDir, 'tsconfig.json'), {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => {
    throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  },
});
if (config === undefined) throw new Error('no tsconfig');
let text = readFileSync(file, 'utf8');
let version = 1;
/** @type {import('typescript').LanguageServiceHost} */
const host = {
  getScriptFileNames: () => config.fileNames,
  getScriptVersion: (/** @type {string} */ f) => (f === file ? String(version) : '1'),
  getScriptSnapshot: (f) => {
    const content = f === file ? text : ts.sys.readFile(f);
    return content === undefined ? undefined : ts.ScriptSnapshot.fromString(content);
  },
  getCurrentDirectory: () => projectDir,
  getCompilationSettings: () => config.options,
  getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
  fileExists: ts.sys.fileExists,
  readFile: ts.sys.readFile,
  readDirectory: ts.sys.readDirectory,
  directoryExists: ts.sys.directoryExists,
  getDirectories: ts.sys.getDirectories,
};
const service = ts.createLanguageService(host, ts.createDocumentRegistry());
const position = () => {
  const at = text.indexOf(marker);
  if (at === -1) throw new Error(`marker ${JSON.stringify(marker)} not in ${file}`);
  return at + marker.length;
};
let t0 = performance.now();
const cold = service.getCompletionsAtPosition(file, position(), {});
const coldMs = performance.now() - t0;
// performance.now() counts from the process's start: node's own start, loading TypeScript, the first answer.
const openMs = performance.now();
// An edit elsewhere in the file (what typing does), then the same request.
text = `${text}\n// edited\n`;
version++;
t0 = performance.now();
const again = service.getCompletionsAtPosition(file, position(), {});
const editMs = performance.now() - t0;
process.stdout.write(`${JSON.stringify({ openMs, coldMs, editMs, entries: cold?.entries.length ?? 0, entriesAfterEdit: again?.entries.length ?? 0 })}\n`);
