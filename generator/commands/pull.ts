/** `zcrm-codegen pull`: each org's live metadata into its snapshot, with progress on a terminal. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pullSnapshot, type PullProgress } from '../metadata/pull.ts';
import { serializeSnapshot } from '../metadata/snapshot.ts';
import type { ParsedArgs } from './args.ts';
import { clientOptionsFor } from './client-options.ts';
import { EXIT_OK, println, type Io } from './io.ts';
import { configuredOrgs, display } from './orgs.ts';
import { commandSpec } from './command-specs.ts';
import { runCommand } from './run.ts';

export const runPull = (argv: readonly string[], io: Io): Promise<number> =>
  runCommand(commandSpec('pull'), argv, io, pull);

async function pull({ values }: ParsedArgs, io: Io): Promise<number> {
  for (const org of await configuredOrgs(values, io)) {
    const snapshot = await pullSnapshot({
      client: await clientOptionsFor(org, io),
      onProgress: progressReporter(org.name, io),
    });
    await mkdir(dirname(org.snapshot), { recursive: true });
    await writeFile(org.snapshot, serializeSnapshot(snapshot));
    println(
      io.stdout,
      `${org.name}: ${snapshot.modules.modules.length} modules → ${display(io, org.snapshot)}`,
    );
  }
  return EXIT_OK;
}

/** One redrawn line on a terminal; otherwise (logs, CI) a plain line every tenth step and at the end. */
export function progressReporter(org: string, io: Io): (p: PullProgress) => void {
  if (io.isTTY) {
    return (p) => {
      const width = 24;
      const filled = Math.round((p.done / p.total) * width);
      const line = `${org} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total} ${p.step}`;
      io.stderr(`\r${line.padEnd(90).slice(0, 90)}${p.done === p.total ? '\n' : ''}`);
    };
  }
  return (p) => {
    if (p.done === p.total || p.done % 10 === 0)
      println(io.stderr, `${org}: ${p.done}/${p.total} ${p.step}`);
  };
}
