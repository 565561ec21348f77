/**
 * The zcrm-codegen command line (DESIGN.md, "CLI"; README, "Command line"). This file only dispatches:
 * each command's declaration lives in commands/registry.ts and its code in commands/<name>.ts, imported
 * when that command runs — so `zcrm-codegen --help` loads none of the generator.
 *
 * Exit codes, the same for every command: 0 done / in sync / healthy; 1 a finding (drift, a breaking
 * change, a stale client, unhealthy); 2 the command could not run.
 */
import { readFileSync } from 'node:fs';
import { nearest } from './commands/args.ts';
import { EXIT_CANNOT_RUN, EXIT_OK, processIo, type Io } from './commands/io.ts';
import { COMMANDS, findCommand } from './commands/registry.ts';
import { runCommand } from './commands/run.ts';

export type { Io } from './commands/io.ts';

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: zcrm-codegen <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options: --help (also after a command: `zcrm-codegen generate --help`), --version, --no-color.',
    'Exit codes: 0 done or in sync, 1 a finding (drift, breaking change, stale client, unhealthy), 2 could not run.',
    '',
    'Example: zcrm-codegen init --org acme && zcrm-codegen pull && zcrm-codegen generate',
    '',
  ].join('\n');
}

/** This package's version, from its package.json (two folders up from the source and from dist/generator). */
export function version(): string {
  for (const candidate of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(candidate, import.meta.url), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === 'zcrm-codegen' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not this one
    }
  }
  return 'unknown';
}

export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(usage());
    return EXIT_CANNOT_RUN;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${version()}\n`);
    return EXIT_OK;
  }
  const command = findCommand(name);
  if (command === undefined) {
    const near = nearest(
      name.replace(/^-+/, ''),
      COMMANDS.map((c) => c.name),
    );
    const what = name.startsWith('-')
      ? `unknown option ${name}`
      : `unknown command ${JSON.stringify(name)}`;
    io.stderr(
      `zcrm-codegen: ${what}${near === undefined ? '' : ` (did you mean ${near}?)`}\n\n${usage()}`,
    );
    return EXIT_CANNOT_RUN;
  }
  // --help is answered from the declaration, without loading the command's code (cold start).
  if (rest.includes('--help') || rest.includes('-h'))
    return runCommand(command, rest, io, async () => EXIT_OK);
  return (await command.load())(rest, io);
}
