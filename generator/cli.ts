/**
 * The zcrm-codegen command line (DESIGN.md, "CLI"):
 *
 *   zcrm-codegen generate [--org NAME] [--snapshot FILE --out DIR]   offline, from a snapshot
 *                         [--verify]                                 write nothing; exit 1 if stale
 *   zcrm-codegen pull     [--org NAME]                               live org → snapshot
 *   zcrm-codegen check    [--org NAME]                               live org vs committed snapshot
 *   zcrm-codegen diff OLD.json NEW.json                              what changed, breaking marked
 *
 * Errors print one line naming the file / module / field at fault (the stack only with
 * ZCRM_DEBUG=1). Exit codes: 0 ok, 1 failure or drift, 2 usage.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_CONFIG_FILE, findOrg, readConfig, type OrgConfig } from './config.ts';
import { generateClient, readGeneratorPackage } from './emit/generate-client.ts';
import { readSnapshot } from './metadata/snapshot.ts';
import { buildOrgModel } from './model/build-org-model.ts';
import { formatWarning, warningSummary } from './model/warnings.ts';
import { augmentSpec } from './openapi/augment.ts';
import { loadSpec } from './openapi/load-spec.ts';
import { processCommandIO, type CommandIO } from './commands/io.ts';
import type { PullProgress } from './metadata/pull.ts';
import type { ClientOptions } from '../templates/runtime/index.js';

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** stderr is a terminal: progress redraws one line instead of printing many. */
  readonly isTTY?: boolean;
  /** Present on a terminal: lets `init` ask its questions. */
  readonly prompt?: (question: string) => Promise<string>;
}

const USAGE = `Usage:
  zcrm-codegen generate [--org NAME] [--snapshot FILE --out DIR] [--config FILE] [--verify] [--strict]
  zcrm-codegen pull     [--org NAME] [--config FILE]
  zcrm-codegen check    [--org NAME] [--config FILE]
  zcrm-codegen diff OLD.json NEW.json
  zcrm-codegen init     [--org NAME --dc DC --out DIR --modules A,B] [--force]
  zcrm-codegen auth     --code GRANT_CODE [--org NAME] [--dc DC | --accounts-server URL]
  zcrm-codegen doctor   [--org NAME] [--json]
  zcrm-codegen status   --redis URL [--key-prefix PREFIX]

generate works offline from committed snapshots; with no options it regenerates every org in
${DEFAULT_CONFIG_FILE}. With --verify it writes nothing and exits 1 when a client is stale (for CI); with --strict a metadata
warning (a field or module the generator had to degrade) is an error and nothing is written. pull and check read credentials from ZCRM_<ORG>_CLIENT_ID,
ZCRM_<ORG>_CLIENT_SECRET and ZCRM_<ORG>_REFRESH_TOKEN (or ZCRM_<ORG>_ACCESS_TOKEN).`;

class UsageError extends Error {
  override name = 'UsageError';
}

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case 'generate':
        return await generate(rest, io);
      case 'pull':
        return await pull(rest, io);
      case 'check':
        return await check(rest, io);
      case 'diff':
        return await diff(rest, io);
      case 'init':
        return await (await import('./commands/init.ts')).runInit(rest, commandIo(io));
      case 'auth':
        return await (await import('./commands/auth.ts')).runAuth(rest, commandIo(io));
      case 'doctor':
        return await (await import('./commands/doctor.ts')).runDoctor(rest, commandIo(io));
      case 'status':
        return await (await import('./commands/status.ts')).runStatus(rest, commandIo(io));
      case undefined:
        io.err(USAGE);
        return 2;
      case '-h':
      case '--help':
      case 'help':
        io.out(USAGE);
        return 0;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`zcrm-codegen: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`zcrm-codegen: ${oneLine(error)}`);
    if (io.env['ZCRM_DEBUG'] === '1' && error instanceof Error && error.stack) io.err(error.stack);
    else if (!isExpected(error)) io.err('(set ZCRM_DEBUG=1 to see where this happened)');
    return 1;
  }
}

/** Errors whose message is the whole story: they already name the file / module / field. */
function isExpected(error: unknown): boolean {
  const known = [
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
  ];
  return error instanceof Error && known.includes(error.name);
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

function parse(args: readonly string[], options: NonNullable<ParseArgsConfig['options']>, positionals = 0) {
  try {
    const parsed = parseArgs({ args: [...args], options, allowPositionals: positionals > 0, strict: true });
    if (parsed.positionals.length > positionals) {
      throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[positionals])}`);
    }
    return parsed;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function str(values: Record<string, unknown>, key: string): string | undefined {
  const v = values[key];
  return typeof v === 'string' ? v : undefined;
}

/** The orgs a command works on: one with --org, else all in the config. */
async function configuredOrgs(values: Record<string, unknown>, io: CliIo): Promise<readonly OrgConfig[]> {
  const config = await readConfig(resolve(io.cwd, str(values, 'config') ?? DEFAULT_CONFIG_FILE));
  const name = str(values, 'org');
  if (name !== undefined) return [findOrg(config, name)];
  if (config.orgs.length === 0) throw new UsageError(`${config.file} lists no orgs`);
  return config.orgs;
}

function display(io: CliIo, path: string): string {
  const rel = relative(io.cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}

async function generate(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(args, {
    org: { type: 'string' },
    snapshot: { type: 'string' },
    out: { type: 'string' },
    config: { type: 'string' },
    verify: { type: 'boolean' },
    strict: { type: 'boolean' },
  });
  const verify = values['verify'] === true;
  const strict = values['strict'] === true;
  const snapshot = str(values, 'snapshot');
  const out = str(values, 'out');
  let targets: readonly { name: string; snapshot: string; out: string; modules?: readonly string[]; dataCenter?: string }[];
  if (snapshot !== undefined || out !== undefined) {
    if (snapshot === undefined || out === undefined) throw new UsageError('--snapshot and --out go together');
    const outDir = resolve(io.cwd, out);
    targets = [{ name: str(values, 'org') ?? basename(outDir), snapshot: resolve(io.cwd, snapshot), out: outDir }];
  } else {
    targets = await configuredOrgs(values, io);
  }

  const [spec, pkg] = await Promise.all([loadSpec(), readGeneratorPackage()]);
  let stale = false;
  for (const target of targets) {
    const model = buildOrgModel(await readSnapshot(target.snapshot), {
      org: target.name,
      ...(target.modules === undefined ? {} : { modules: target.modules }),
    });
    for (const w of model.warnings) io.err(`${strict ? 'error' : 'warning'}: ${target.name}: ${formatWarning(w)}`);
    if (model.warnings.length > 0) io.err(`${target.name}: ${warningSummary(model.warnings)}`);
    if (strict && model.warnings.length > 0) {
      io.err(`${target.name}: --strict: nothing written (the metadata above needs attention, or run without --strict)`);
      stale = true;
      continue;
    }
    const snapshotFile = relative(target.out, target.snapshot);
    const report = await generateClient({
      model,
      openapi: augmentSpec(spec, model),
      outDir: target.out,
      generatorVersion: pkg.version,
      dryRun: verify,
      ...(target.dataCenter === undefined ? {} : { dataCenter: target.dataCenter }),
      // Named in the README only when it sits in the client's folder (a configured org's metadata.json).
      ...(snapshotFile.startsWith('..') || isAbsolute(snapshotFile) ? {} : { snapshotFile: snapshotFile.split(sep).join('/') }),
    });
    const where = display(io, report.outDir);
    if (!verify) {
      io.out(`${where}: ${report.files.length} files (${report.written.length} written, ${report.removed.length} removed)`);
    } else if (report.written.length === 0 && report.removed.length === 0) {
      io.out(`${where}: up to date (${report.files.length} files)`);
    } else {
      stale = true;
      io.out(`${where}: stale — run \`zcrm-codegen generate\` and commit the result:`);
      for (const f of report.written) io.out(`  differs: ${f}`);
      for (const f of report.removed) io.out(`  no longer generated: ${f}`);
    }
  }
  return stale ? 1 : 0;
}

async function diff(args: readonly string[], io: CliIo): Promise<number> {
  const { positionals } = parse(args, {}, 2);
  const [oldFile, newFile] = positionals;
  if (oldFile === undefined || newFile === undefined) throw new UsageError('diff needs OLD.json and NEW.json');
  const { diffModels, formatDiff } = await import('./model/diff.ts');
  const [a, b] = await Promise.all([readSnapshot(resolve(io.cwd, oldFile)), readSnapshot(resolve(io.cwd, newFile))]);
  const org = basename(dirname(resolve(io.cwd, newFile)));
  io.out(formatDiff(diffModels(buildOrgModel(a, { org }), buildOrgModel(b, { org }))).trimEnd());
  return 0;
}

/**
 * The commands under commands/ write raw text and may ask questions; this adapts the CLI's line-based
 * io to them, so one io (and one set of tests' fakes) serves every command.
 */
function commandIo(io: CliIo): CommandIO {
  const lines = (write: (line: string) => void) => (s: string) => {
    if (s !== '') write(s.endsWith('\n') ? s.slice(0, -1) : s);
  };
  return {
    stdout: lines(io.out),
    stderr: lines(io.err),
    env: io.env,
    cwd: io.cwd,
    isTTY: io.isTTY === true && io.prompt !== undefined,
    ...(io.prompt === undefined ? {} : { prompt: io.prompt }),
  };
}

/**
 * Client options for an org from the environment (metadata/credentials.ts). The access token is kept in
 * the same `.zcrm-cache/` file `doctor` uses, so `pull`, `check` and `doctor` run from cron share one
 * token instead of each spending Zoho's mint budget (10 per refresh token per 10 minutes).
 */
async function clientFor(org: OrgConfig, io: CliIo): Promise<ClientOptions> {
  const { connectionFromEnv } = await import('./metadata/credentials.ts');
  const { openTokenCache } = await import('./commands/doctor-token.ts');
  const c = connectionFromEnv(org.name, org.dataCenter, io.env);
  return {
    auth: c.auth,
    dataCenter: c.dataCenter,
    ...(c.apiDomain === undefined ? {} : { apiDomain: c.apiDomain }),
    ...(c.accountsUrl === undefined ? {} : { accountsUrl: c.accountsUrl }),
    ...('refreshToken' in c.auth ? { tokenStore: await openTokenCache(io.cwd) } : {}),
  };
}

/** Pull progress: one redrawn line on a terminal, a plain line every tenth step otherwise (logs, CI). */
function progressReporter(org: string, io: CliIo): (p: PullProgress) => void {
  if (io.isTTY) {
    return (p) => {
      const width = 24;
      const filled = Math.round((p.done / p.total) * width);
      process.stderr.write(
        `\r${org} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total} ${p.step}`.padEnd(90).slice(0, 90) +
          (p.done === p.total ? '\n' : ''),
      );
    };
  }
  return (p) => {
    if (p.done === p.total || p.done % 10 === 0) io.err(`${org}: ${p.done}/${p.total} ${p.step}`);
  };
}

async function pull(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(args, { org: { type: 'string' }, config: { type: 'string' } });
  const orgs = await configuredOrgs(values, io);
  const { pullSnapshot } = await import('./metadata/pull.ts');
  const { serializeSnapshot } = await import('./metadata/snapshot.ts');
  for (const org of orgs) {
    const snapshot = await pullSnapshot({
      client: await clientFor(org, io),
      onProgress: progressReporter(org.name, io),
    });
    await mkdir(dirname(org.snapshot), { recursive: true });
    await writeFile(org.snapshot, serializeSnapshot(snapshot));
    io.out(`${org.name}: ${snapshot.modules.modules.length} modules → ${display(io, org.snapshot)}`);
  }
  return 0;
}

async function check(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(args, { org: { type: 'string' }, config: { type: 'string' } });
  const orgs = await configuredOrgs(values, io);
  const { checkOrg } = await import('./commands/check.ts');
  let drift = false;
  for (const org of orgs) {
    const result = await checkOrg({ client: await clientFor(org, io), org: org.name, snapshotFile: org.snapshot });
    if (result.inSync) io.out(`${org.name}: in sync with ${display(io, org.snapshot)}`);
    else {
      drift = true;
      io.out(result.report);
    }
  }
  return drift ? 1 : 0;
}

function processIo(): CliIo {
  const terminal = processCommandIO();
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    cwd: process.cwd(),
    env: process.env,
    isTTY: process.stderr.isTTY === true,
    ...(terminal.prompt === undefined ? {} : { prompt: terminal.prompt }),
  };
}

// Run when executed (tsx generator/cli.ts, or bin/zcrm-codegen.js which imports this file).
const entry = process.argv[1] === undefined ? '' : resolve(process.argv[1]);
if (entry === fileURLToPath(import.meta.url) || /zcrm-codegen(\.js)?$/.test(entry)) {
  process.exitCode = await main(process.argv.slice(2));
}
