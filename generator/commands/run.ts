/**
 * How every command runs: its arguments parsed against its declaration (args.ts), `--help` answered from
 * that declaration, and whatever it throws turned into one line on stderr and exit 2 — the same for all
 * commands. Every line a command prints to stderr here passes the runtime's redaction with the secret
 * values of the environment, so no client secret, refresh or access token is ever shown.
 */
import { redactText } from '../../templates/runtime/redact.ts';
import { formatHelp, parseCommandArgs, type CommandSpec, type ParsedArgs } from './args.ts';
import { EXIT_CANNOT_RUN, EXIT_OK, UsageError, type Io } from './io.ts';

/** The body of a command, given its parsed arguments; returns the exit code. */
export type CommandBody = (args: ParsedArgs, io: Io) => Promise<number>;

/** Errors whose message is the whole story (they name the file / module / field / variable at fault). */
const SELF_EXPLANATORY = new Set([
  'SnapshotError',
  'SpecLoadError',
  'ConfigError',
  'AugmentError',
  'WriteTreeError',
  'FormatError',
  'CredentialsError',
  'PullError',
  'ModuleSelectionError',
  'DuplicateOperationIdError',
  'TokenEndpointError',
  'InvalidClientError',
  'InvalidGrantError',
  'TokenRateLimitError',
]);

export async function runCommand(
  spec: CommandSpec,
  argv: readonly string[],
  io: Io,
  body: CommandBody,
): Promise<number> {
  const secrets = secretsOf(io.env);
  const err = (text: string) => io.stderr(redactText(text, secrets));
  let args: ParsedArgs;
  try {
    args = parseCommandArgs(spec, argv);
  } catch (error) {
    return usageFailure(spec, error, err);
  }
  if (args.help) {
    io.stdout(formatHelp(spec));
    return EXIT_OK;
  }
  try {
    return await body(args, { ...io, stderr: err });
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(spec, error, err);
    err(`zcrm-codegen ${spec.name}: ${oneLine(error)}\n`);
    if (io.env['ZCRM_DEBUG'] === '1' && error instanceof Error && error.stack)
      err(`${error.stack}\n`);
    else if (!(error instanceof Error && SELF_EXPLANATORY.has(error.name))) {
      err('(set ZCRM_DEBUG=1 to see where this happened)\n');
    }
    return EXIT_CANNOT_RUN;
  }
}

function usageFailure(spec: CommandSpec, error: unknown, err: (text: string) => void): number {
  err(
    `zcrm-codegen ${spec.name}: ${oneLine(error)}\n` +
      `Usage: zcrm-codegen ${spec.name} ${spec.synopsis}\n` +
      `Run \`zcrm-codegen ${spec.name} --help\` for every option.\n`,
  );
  return EXIT_CANNOT_RUN;
}

export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

/** Every secret value the environment holds for any org: never printed, whatever produced the text. */
export function secretsOf(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter(
      ([name, value]) =>
        /^ZCRM_.*_(CLIENT_SECRET|REFRESH_TOKEN|ACCESS_TOKEN)$/.test(name) &&
        value !== undefined &&
        value !== '',
    )
    .map(([, value]) => value as string);
}
