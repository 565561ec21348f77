/**
 * `zcrm-codegen generate`: each org's client from its committed snapshot, offline. `--verify` writes
 * nothing and reports a stale client (exit 1, for CI); `--strict` makes a metadata warning an error.
 */
import { basename, isAbsolute, relative, resolve, sep } from 'node:path';
import { readSnapshot } from '../metadata/snapshot.ts';
import { buildOrgModel } from '../model/build-org-model.ts';
import { formatWarning, warningSummary } from '../model/warnings.ts';
import { augmentSpec } from '../openapi/augment.ts';
import { loadBundledSpec } from '../openapi/bundled-spec.ts';
import type { ParsedArgs } from './args.ts';
import { EXIT_FINDING, EXIT_OK, println, UsageError, type Io } from './io.ts';
import { configuredOrgs, display, stringOption } from './orgs.ts';
import { commandSpec } from './command-specs.ts';
import { runCommand } from './run.ts';

export const runGenerate = (argv: readonly string[], io: Io): Promise<number> =>
  runCommand(commandSpec('generate'), argv, io, generate);

interface Target {
  readonly name: string;
  readonly snapshot: string;
  readonly out: string;
  readonly modules?: readonly string[];
  /** The configured data center (absent with --snapshot), shown in the client's README. */
  readonly dataCenter?: string;
}

async function targetsOf({ values }: ParsedArgs, io: Io): Promise<readonly Target[]> {
  const snapshot = stringOption(values, 'snapshot');
  const out = stringOption(values, 'out');
  if (snapshot === undefined && out === undefined) return configuredOrgs(values, io);
  if (snapshot === undefined || out === undefined)
    throw new UsageError('--snapshot and --out go together');
  const outDir = resolve(io.cwd, out);
  return [
    {
      name: stringOption(values, 'org') ?? basename(outDir),
      snapshot: resolve(io.cwd, snapshot),
      out: outDir,
    },
  ];
}

async function generate(args: ParsedArgs, io: Io): Promise<number> {
  const verify = args.values['verify'] === true;
  const strict = args.values['strict'] === true;
  const targets = await targetsOf(args, io);
  const out = (line: string) => println(io.stdout, line);
  const err = (line: string) => println(io.stderr, line);

  const spec = await loadBundledSpec();
  let emit: Awaited<ReturnType<typeof loadEmitStage>> | undefined;
  let stale = false;
  for (const target of targets) {
    const model = buildOrgModel(await readSnapshot(target.snapshot), {
      org: target.name,
      ...(target.modules === undefined ? {} : { modules: target.modules }),
    });
    for (const w of model.warnings)
      err(`${strict ? 'error' : 'warning'}: ${target.name}: ${formatWarning(w)}`);
    if (model.warnings.length > 0) err(`${target.name}: ${warningSummary(model.warnings)}`);
    if (strict && model.warnings.length > 0) {
      err(
        `${target.name}: --strict: nothing written (the metadata above needs attention, or run without --strict)`,
      );
      stale = true;
      continue;
    }
    const snapshotFile = relative(target.out, target.snapshot);
    emit ??= await loadEmitStage();
    const { generateClient, pkg } = emit;
    const report = await generateClient({
      model,
      openapi: augmentSpec(spec, model),
      outDir: target.out,
      generatorVersion: pkg.version,
      packageVersions: pkg.versions,
      dryRun: verify,
      ...(target.dataCenter === undefined ? {} : { dataCenter: target.dataCenter }),
      // Named in the README only when it sits in the client's folder (a configured org's metadata.json).
      ...(snapshotFile.startsWith('..') || isAbsolute(snapshotFile) ? {} : { snapshotFile: snapshotFile.split(sep).join('/') }),
    });
    const where = display(io, report.outDir);
    if (!verify) {
      out(
        `${where}: ${report.files.length} files (${report.written.length} written, ${report.removed.length} removed)`,
      );
    } else if (report.written.length === 0 && report.removed.length === 0) {
      out(`${where}: up to date (${report.files.length} files)`);
    } else {
      stale = true;
      out(`${where}: stale — run \`zcrm-codegen generate\` and commit the result:`);
      for (const f of report.written) out(`  differs: ${f}`);
      for (const f of report.removed) out(`  no longer generated: ${f}`);
    }
  }
  return stale ? EXIT_FINDING : EXIT_OK;
}

/**
 * The emit stage (ts-morph, and TypeScript with it) and the generator's package, loaded once, after the first
 * snapshot has been read and let go: the stage's memory then reuses the snapshot's instead of adding to it (a
 * quarter less peak memory on a 100-module org).
 */
async function loadEmitStage() {
  const { generateClient, readGeneratorPackage } = await import('../emit/generate-client.ts');
  return { generateClient, pkg: await readGeneratorPackage() };
}
