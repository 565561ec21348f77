/**
 * `zcrm-codegen init`: sets up an org — its entry in zcrm.config.yaml (name, data center, snapshot, output
 * folder, optional module allow-list) and a `.env.example` naming every variable the org reads.
 *
 *   zcrm-codegen init [--org NAME] [--dc DC] [--out DIR] [--modules A,B] [--force] [--config FILE]
 *
 * On a terminal it asks for what the flags did not give; otherwise the flags decide (--org is required).
 * An existing config keeps everything else — other orgs, comments, ordering — because the edit goes
 * through the `yaml` package's Document API rather than a re-serialization of plain data.
 * Secrets are never written: `.env.example` holds empty values, and `.env` / `.zcrm-cache/` are gitignored.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { isMap, isSeq, parseDocument, type Document, YAMLSeq } from 'yaml';
import { DEFAULT_CONFIG_FILE } from '../config.ts';
import { credentialVariables } from '../metadata/credentials.ts';
import {
  DATA_CENTER_IDS,
  DATA_CENTERS,
  isDataCenter,
  type DataCenter,
} from '../../templates/runtime/data-centers.ts';
import type { OptionValues, ParsedArgs } from './args.ts';
import { EXIT_CANNOT_RUN, EXIT_OK, UsageError, type Io } from './io.ts';
import { stringOption as flag } from './orgs.ts';
import { commandSpec } from './command-specs.ts';
import { runCommand } from './run.ts';

/** Same rule as generator/config.ts: org names become env var and folder names. */
const ORG_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
/** Zoho module API names: letters, digits and underscores, starting with a letter. */
const MODULE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export interface InitAnswers {
  readonly org: string;
  readonly dataCenter: DataCenter;
  readonly out: string;
  readonly modules: readonly string[];
}

export const runInit = (argv: readonly string[], io: Io): Promise<number> =>
  runCommand(commandSpec('init'), argv, io, init);

async function init({ values }: ParsedArgs, io: Io): Promise<number> {
  const answers = await collectAnswers(values, io);
  const configFile = resolve(io.cwd, flag(values, 'config') ?? DEFAULT_CONFIG_FILE);
  const existing = await readOptional(configFile);
  const result = addOrgToConfig(existing, answers, {
    force: values['force'] === true,
    file: configFile,
  });
  if (result.kind === 'exists') {
    io.stderr(
      `zcrm-codegen init: ${shown(io, configFile)} already has an org named "${answers.org}"; ` +
        'nothing was changed. Pass --force to replace its entry (other orgs and comments are kept).\n',
    );
    return EXIT_CANNOT_RUN;
  }
  await writeFile(configFile, result.text);
  io.stdout(
    `${shown(io, configFile)}: ${result.kind === 'created' ? 'created with' : result.kind === 'replaced' ? 'replaced' : 'added'} org "${answers.org}" (data center ${answers.dataCenter}, output ${answers.out}${answers.modules.length > 0 ? `, modules ${answers.modules.join(', ')}` : ''})\n`,
  );

  const envFile = resolve(io.cwd, '.env.example');
  const envText = await readOptional(envFile);
  const envResult = addOrgToEnvExample(envText, answers);
  if (envResult !== envText) {
    await writeFile(envFile, envResult);
    io.stdout(`${shown(io, envFile)}: lists the variables of org "${answers.org}"\n`);
  }
  const ignoreFile = resolve(io.cwd, '.gitignore');
  const ignoreText = await readOptional(ignoreFile);
  const ignoreResult = ensureIgnored(ignoreText);
  if (ignoreResult !== ignoreText) {
    await writeFile(ignoreFile, ignoreResult);
    io.stdout(
      `${shown(io, ignoreFile)}: ignores .env and .zcrm-cache/ (secrets and cached tokens)\n`,
    );
  }
  const v = credentialVariables(answers.org);
  io.stdout(
    [
      '',
      'Next:',
      `  1. ${apiConsole(answers.dataCenter)} → Self Client: copy the client id and secret into ${v.clientId} and ${v.clientSecret} (in .env or your secret store, never in the repo).`,
      `  2. Generate Code there with the scopes the client needs (${RECOMMENDED_SCOPE_HINT}), then within its lifetime run`,
      `     zcrm-codegen auth --org ${answers.org} --code <grant code>`,
      `  3. zcrm-codegen pull --org ${answers.org} && zcrm-codegen generate --org ${answers.org}; zcrm-codegen doctor checks it all.`,
      '',
    ].join('\n'),
  );
  return EXIT_OK;
}

const RECOMMENDED_SCOPE_HINT =
  'ZohoCRM.modules.ALL,ZohoCRM.settings.ALL,ZohoCRM.users.READ,ZohoCRM.org.READ,ZohoCRM.bulk.ALL,ZohoCRM.coql.READ,ZohoCRM.notifications.ALL';

/** The API console lives beside the accounts host of the same DC (accounts.zoho.eu → api-console.zoho.eu). */
export function apiConsole(dc: DataCenter): string {
  return DATA_CENTERS[dc].accountsUrl.replace('://accounts.', '://api-console.');
}

async function collectAnswers(values: OptionValues, io: Io): Promise<InitAnswers> {
  const ask = io.prompt;
  let org = flag(values, 'org');
  if (org === undefined && ask)
    org = (await ask('Org name (letters, digits, "-" or "_"): ')).trim();
  if (org === undefined || org === '') throw new UsageError('--org NAME is required');
  if (!ORG_NAME.test(org))
    throw new UsageError(`org name ${JSON.stringify(org)} must be letters, digits, "-" or "_"`);

  let dc = flag(values, 'dc');
  if (dc === undefined && ask) {
    const hosts = DATA_CENTER_IDS.map(
      (id) => `${id} (${new URL(DATA_CENTERS[id].accountsUrl).host})`,
    ).join(', ');
    dc =
      (await ask(`Data center — the one your Zoho login lives in: ${hosts} [us]: `)).trim() ||
      undefined;
  }
  dc ??= 'us';
  dc = dc.toLowerCase();
  if (!isDataCenter(dc))
    throw new UsageError(
      `--dc ${JSON.stringify(dc)} is not a data center (one of ${DATA_CENTER_IDS.join(', ')})`,
    );

  const defaultOut = `generated/${org}`;
  let out = flag(values, 'out');
  if (out === undefined && ask)
    out =
      (await ask(`Output folder for the generated client [${defaultOut}]: `)).trim() || undefined;
  out ??= defaultOut;

  let modulesText = flag(values, 'modules');
  if (modulesText === undefined && ask) {
    modulesText = (
      await ask(
        'Modules to generate (comma-separated API names, e.g. Leads,Contacts; empty = all): ',
      )
    ).trim();
  }
  const modules = parseModules(modulesText ?? '');
  return { org, dataCenter: dc, out: out.replace(/\\/g, '/').replace(/\/+$/, ''), modules };
}

export function parseModules(text: string): string[] {
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const name of names) {
    if (!MODULE_NAME.test(name))
      throw new UsageError(
        `--modules: ${JSON.stringify(name)} is not a module API name (letters, digits, "_")`,
      );
  }
  return [...new Set(names)];
}

export type ConfigEdit =
  | { readonly kind: 'created' | 'added' | 'replaced'; readonly text: string }
  | { readonly kind: 'exists' };

const NEW_CONFIG_HEADER = `# Orgs this repository generates clients for (zcrm-codegen). Credentials never live here:
# each org reads ZCRM_<ORG>_CLIENT_ID, ZCRM_<ORG>_CLIENT_SECRET and ZCRM_<ORG>_REFRESH_TOKEN
# (upper-cased org name) from the environment — see .env.example.
`;

/**
 * Adds (or, with force, replaces) one org in the config text; `undefined` text means no file yet.
 * Pure, so it is tested without a disk.
 */
export function addOrgToConfig(
  text: string | undefined,
  answers: InitAnswers,
  options: { force: boolean; file: string },
): ConfigEdit {
  const doc = parseDocument(text ?? `${NEW_CONFIG_HEADER}orgs:\n`);
  if (doc.errors.length > 0) {
    throw new UsageError(
      `${options.file}: not valid YAML: ${(doc.errors[0]?.message ?? '').split('\n')[0]}; fix it or pass --config`,
    );
  }
  if (text !== undefined && doc.contents !== null && !isMap(doc.contents)) {
    throw new UsageError(`${options.file}: expected a mapping with an \`orgs\` list`);
  }
  const entry = orgNode(doc, answers);
  const orgs = doc.get('orgs');
  if (orgs === null || orgs === undefined) {
    const seq = new YAMLSeq();
    seq.items.push(entry);
    doc.set('orgs', seq);
    return {
      kind: text === undefined ? 'created' : 'added',
      text: doc.toString({ flowCollectionPadding: false }),
    };
  }
  if (!isSeq(orgs)) throw new UsageError(`${options.file}: orgs: expected a list of orgs`);
  const index = orgs.items.findIndex(
    (item) => isMap(item) && String(item.get('name')).toLowerCase() === answers.org.toLowerCase(),
  );
  if (index >= 0) {
    if (!options.force) return { kind: 'exists' };
    const old = orgs.items[index];
    if (isMap(old)) {
      entry.commentBefore = old.commentBefore;
      entry.comment = old.comment;
    }
    orgs.items[index] = entry;
    return { kind: 'replaced', text: doc.toString({ flowCollectionPadding: false }) };
  }
  orgs.items.push(entry);
  orgs.flow = false;
  return {
    kind: text === undefined ? 'created' : 'added',
    text: doc.toString({ flowCollectionPadding: false }),
  };
}

function orgNode(doc: Document, answers: InitAnswers) {
  const node = doc.createNode({
    name: answers.org,
    dataCenter: answers.dataCenter,
    snapshot: `${answers.out}/metadata.json`,
    out: answers.out,
    ...(answers.modules.length > 0 ? { modules: [...answers.modules] } : {}),
  });
  // The allow-list reads best on one line: modules: [Leads, Contacts].
  const modules = node.get('modules', true);
  if (isSeq(modules)) modules.flow = true;
  return node;
}

/** Appends the org's block to .env.example unless the file already names its variables. */
export function addOrgToEnvExample(text: string | undefined, answers: InitAnswers): string {
  const v = credentialVariables(answers.org);
  if (text !== undefined && new RegExp(`^#?\\s*${v.clientId}=`, 'm').test(text)) return text;
  const block = [
    `# zcrm-codegen — org "${answers.org}" (data center ${answers.dataCenter}). Copy to .env (never commit it) and fill in.`,
    `# Client id and secret: ${apiConsole(answers.dataCenter)} → Self Client → Client Secret.`,
    `# Refresh token: \`zcrm-codegen auth --org ${answers.org} --code <grant code>\` prints the line to paste.`,
    `${v.clientId}=`,
    `${v.clientSecret}=`,
    `${v.refreshToken}=`,
    '# Optional:',
    `# ${v.accessToken}=      a fixed access token for a one-off run, instead of the three above`,
    `# ${v.dataCenter}=${answers.dataCenter}     overrides dataCenter from ${DEFAULT_CONFIG_FILE} (${DATA_CENTER_IDS.join(', ')})`,
    `# ${v.apiDomain}=        overrides the API host (https, or http to loopback such as the emulator)`,
    `# ${v.accountsUrl}=      overrides the accounts (OAuth) host`,
    '',
  ].join('\n');
  if (text === undefined || text.trim() === '') return block;
  return `${text.endsWith('\n') ? text : `${text}\n`}\n${block}`;
}

/** `.env` holds secrets and `.zcrm-cache/` holds access tokens: neither belongs in git. */
export function ensureIgnored(text: string | undefined): string {
  const lines = (text ?? '').split('\n').map((l) => l.trim());
  const missing = ['.env', '.zcrm-cache/'].filter(
    (p) => !lines.includes(p) && !lines.includes(p.replace(/\/$/, '')),
  );
  if (missing.length === 0) return text ?? '';
  const base = text === undefined || text === '' ? '' : text.endsWith('\n') ? text : `${text}\n`;
  return `${base}# zcrm-codegen: secrets and cached access tokens\n${missing.join('\n')}\n`;
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(
      `${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
}

function shown(io: Io, file: string): string {
  const rel = relative(io.cwd, file);
  return rel === '' || rel.startsWith('..') ? file : rel;
}
