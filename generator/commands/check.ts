/**
 * `zcrm-codegen check`: is each org's committed snapshot still what the live org says? Exit 1 on drift;
 * `--json` prints `{ inSync, orgs: [{ org, snapshot, inSync, report }] }`.
 */
import { checkOrg } from './drift.ts';
import type { ParsedArgs } from './args.ts';
import { clientOptionsFor } from './client-options.ts';
import { EXIT_FINDING, EXIT_OK, println, type Io } from './io.ts';
import { configuredOrgs, display } from './orgs.ts';
import { commandSpec } from './command-specs.ts';
import { runCommand } from './run.ts';

export const runCheck = (argv: readonly string[], io: Io): Promise<number> =>
  runCommand(commandSpec('check'), argv, io, check);

async function check({ values }: ParsedArgs, io: Io): Promise<number> {
  const results = [];
  for (const org of await configuredOrgs(values, io)) {
    const result = await checkOrg({
      client: await clientOptionsFor(org, io),
      org: org.name,
      snapshotFile: org.snapshot,
    });
    results.push({
      org: org.name,
      snapshot: display(io, org.snapshot),
      inSync: result.inSync,
      report: result.report,
    });
  }
  const inSync = results.every((r) => r.inSync);
  if (values['json'] === true) io.stdout(`${JSON.stringify({ inSync, orgs: results }, null, 2)}\n`);
  else
    for (const r of results)
      println(io.stdout, r.inSync ? `${r.org}: in sync with ${r.snapshot}` : r.report);
  return inSync ? EXIT_OK : EXIT_FINDING;
}
