/**
 * `zcrm-codegen diff OLD.json NEW.json`: what changed between two snapshots as the generator sees them.
 * Exits 1 when a change is breaking (like `git diff --exit-code`, but only breaking changes count: adding
 * a field is no reason to fail a pipeline), 0 otherwise; `--json` prints the diff as one object.
 */
import { basename, dirname, resolve } from 'node:path';
import { diffModels, formatDiff } from '../model/diff.ts';
import { readSnapshot } from '../metadata/snapshot.ts';
import { buildOrgModel } from '../model/build-org-model.ts';
import type { ParsedArgs } from './args.ts';
import { colorEnabled, EXIT_FINDING, EXIT_OK, type Io } from './io.ts';
import { commandSpec } from './command-specs.ts';
import { runCommand } from './run.ts';

export const runDiff = (argv: readonly string[], io: Io): Promise<number> =>
  runCommand(commandSpec('diff'), argv, io, diff);

async function diff(args: ParsedArgs, io: Io): Promise<number> {
  const [oldFile = '', newFile = ''] = args.positionals;
  const [a, b] = await Promise.all([
    readSnapshot(resolve(io.cwd, oldFile)),
    readSnapshot(resolve(io.cwd, newFile)),
  ]);
  const org = basename(dirname(resolve(io.cwd, newFile)));
  const result = diffModels(buildOrgModel(a, { org }), buildOrgModel(b, { org }));
  if (args.values['json'] === true) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else io.stdout(`${formatDiff(result, { color: colorEnabled(io, args.noColor) }).trimEnd()}\n`);
  return result.breakingCount > 0 ? EXIT_FINDING : EXIT_OK;
}
