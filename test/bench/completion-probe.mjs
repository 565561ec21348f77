/**
 * The editor's cost, measured as the editor pays it: a TypeScript language service over a consumer
 * project asked for completions at a marker — cold (the first request builds the program) and after an
 * edit (the file's text changes; the service updates). Run in its own process by lean-types.ts, as plain
 * JavaScript (no loader), so `openMs` — from the process's start to the first answer, TypeScript's own
 * loading included — is what opening the project in an editor costs.
 * Prints one JSON line: { openMs, coldMs, editMs (the median of 51 edits after 30 first ones),
 * firstEditsMs (the median of the first ten), entries }.
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
/** @type {Map<string, import('typescript').IScriptSnapshot>} */
const snapshots = new Map();
let version = 1;
/** @type {import('typescript').LanguageServiceHost} */
const host = {
  getScriptFileNames: () => config.fileNames,
  getScriptVersion: (/** @type {string} */ f) => (f === file ? String(version) : '1'),
  // Files other than the one being edited are read once and kept, as an editor's server keeps what it
  // opened (tsserver watches files instead of reading every one again on each keystroke).
  getScriptSnapshot: (f) => {
    if (f === file) return ts.ScriptSnapshot.fromString(text);
    let snapshot = snapshots.get(f);
    if (snapshot === undefined) {
      const content = ts.sys.readFile(f);
      if (content === undefined) return undefined;
      snapshot = ts.ScriptSnapshot.fromString(content);
      snapshots.set(f, snapshot);
    }
    return snapshot;
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
// tsserver keeps module resolutions and package.json lookups across keystrokes (its Project hands the
// service one ModuleResolutionCache for the project's life); without it the service would look up every
// file's package.json scope again on each edit, a cost an editor does not pay.
const resolutionCache = ts.createModuleResolutionCache(projectDir, (f) => f, config.options);
host.getModuleResolutionCache = () => resolutionCache;
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
// Edits elsewhere in the file (what typing does), each followed by the same request. The first thirty are
// typing's first seconds, while the JIT is still compiling the checker's paths (the median of the first ten
// is printed apart, `firstEditsMs`); the figure is the median of the fifty-one after them, what a keystroke
// costs once an editor's server has been running a while. Medians of fewer, JIT-cold edits moved by half
// between runs on this machine.
const WARMUP = 30;
const MEASURED = 51;
const edits = [];
const firstEdits = [];
let again;
for (let i = 0; i < WARMUP + MEASURED; i++) {
  text = `${text}\n// edit ${i}\n`;
  version++;
  t0 = performance.now();
  again = service.getCompletionsAtPosition(file, position(), {});
  if (i < 10) firstEdits.push(performance.now() - t0);
  else if (i >= WARMUP) edits.push(performance.now() - t0);
}
firstEdits.sort((a, b) => a - b);
edits.sort((a, b) => a - b);
const editMs = edits[Math.floor(edits.length / 2)];
const firstEditsMs = firstEdits[Math.floor(firstEdits.length / 2)];
process.stdout.write(`${JSON.stringify({ openMs, coldMs, editMs, firstEditsMs, entries: cold?.entries.length ?? 0, entriesAfterEdit: again?.entries.length ?? 0 })}\n`);
