/**
 * The commands: each declaration (command-specs.ts) with how to load its code, imported only when that
 * command runs — so `zcrm-codegen --help` loads none of the generator.
 */
import type { CommandSpec } from './args.ts';
import { COMMAND_SPECS } from './command-specs.ts';
import type { Io } from './io.ts';

export { CONFIG_FILE } from './command-specs.ts';

/** A command's entry point: raw arguments in, exit code out (commands/run.ts does the parsing). */
export type CommandRun = (argv: readonly string[], io: Io) => Promise<number>;

export interface Command extends CommandSpec {
  readonly load: () => Promise<CommandRun>;
}

const LOADERS: Readonly<Record<string, () => Promise<CommandRun>>> = {
  generate: async () => (await import('./generate.ts')).runGenerate,
  pull: async () => (await import('./pull.ts')).runPull,
  check: async () => (await import('./check.ts')).runCheck,
  diff: async () => (await import('./diff.ts')).runDiff,
  init: async () => (await import('./init.ts')).runInit,
  auth: async () => (await import('./auth.ts')).runAuth,
  doctor: async () => (await import('./doctor.ts')).runDoctor,
  status: async () => (await import('./status.ts')).runStatus,
  emulator: async () => (await import('../../emulator/command.ts')).runEmulator,
};

export const COMMANDS: readonly Command[] = COMMAND_SPECS.map((spec) => {
  const load = LOADERS[spec.name];
  if (load === undefined) throw new Error(`command ${spec.name} has no loader in commands/registry.ts`);
  return { ...spec, load };
});

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}
