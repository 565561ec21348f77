/**
 * Every command's declaration — name, synopsis, options, examples. Kept free of heavy imports:
 * `zcrm-codegen --help` and `zcrm-codegen <command> --help` read only this file (and registry.ts, which
 * adds how to load each command's code). A command's module imports its own declaration from here, so the
 * imports run one way: registry → command → command-specs.
 */
import { DATA_CENTER_IDS } from '../../templates/runtime/data-centers.ts';
import type { CommandSpec } from './args.ts';

/**
 * config.ts's DEFAULT_CONFIG_FILE, written out: importing config.ts would load the yaml parser into every
 * `--help` (cold start). test/generator/cli-help.test.ts holds the two equal.
 */
export const CONFIG_FILE = 'zcrm.config.yaml';
const CREDENTIALS =
  'Credentials come from ZCRM_<ORG>_CLIENT_ID, ZCRM_<ORG>_CLIENT_SECRET and ZCRM_<ORG>_REFRESH_TOKEN (or ZCRM_<ORG>_ACCESS_TOKEN), never from a file in the repository.';

const org = {
  type: 'string',
  value: 'NAME',
  description: `only this org of ${CONFIG_FILE} (default: every org)`,
} as const;
const config = {
  type: 'string',
  value: 'FILE',
  description: `the config file (default: ${CONFIG_FILE})`,
} as const;
const json = {
  type: 'boolean',
  description: 'print the report as one JSON object on stdout',
} as const;

export const COMMAND_SPECS: readonly CommandSpec[] = [
  {
    name: 'generate',
    summary: 'write the typed client from a committed snapshot (offline)',
    synopsis: '[--org NAME] [--snapshot FILE --out DIR] [--config FILE] [--verify] [--strict]',
    description: [
      `Builds each org's client from its snapshot; with no options every org in ${CONFIG_FILE}. Never needs the network.`,
      'Exit 0 written or up to date; 1 --verify found a stale client, or --strict found a metadata warning; 2 could not run.',
    ].join('\n'),
    options: {
      org,
      snapshot: {
        type: 'string',
        value: 'FILE',
        description: 'a snapshot file (with --out, instead of the config)',
      },
      out: {
        type: 'string',
        value: 'DIR',
        description: 'where to write the client (with --snapshot)',
      },
      config,
      verify: {
        type: 'boolean',
        description:
          'write nothing; exit 1 when a client differs from what would be generated (CI)',
      },
      strict: {
        type: 'boolean',
        description: 'a metadata warning (a field or module degraded) is an error; nothing written',
      },
    },
    examples: [
      'zcrm-codegen generate',
      'zcrm-codegen generate --snapshot metadata.json --out src/crm',
    ],
  },
  {
    name: 'pull',
    summary: "fetch the live org's metadata into its snapshot",
    synopsis: '[--org NAME] [--config FILE]',
    description: [
      `Reads modules, fields and related lists of each org and writes the snapshot ${CONFIG_FILE} names. ${CREDENTIALS}`,
      'Exit 0 written; 2 could not run (no credentials, Zoho refused, network).',
    ].join('\n'),
    options: { org, config },
    examples: ['zcrm-codegen pull --org acme'],
  },
  {
    name: 'check',
    summary: 'compare the live org with its committed snapshot',
    synopsis: '[--org NAME] [--config FILE] [--json]',
    description: [
      `Pulls each org's metadata and compares it with the committed snapshot, breaking changes marked. ${CREDENTIALS}`,
      'Exit 0 in sync; 1 drift; 2 could not run.',
    ].join('\n'),
    options: { org, config, json },
    examples: ['zcrm-codegen check', 'zcrm-codegen check --org acme --json'],
  },
  {
    name: 'diff',
    summary: 'what changed between two snapshots, breaking changes marked',
    synopsis: 'OLD.json NEW.json [--json]',
    description: [
      'Compares two snapshots as the generator sees them (modules, fields, types, picklist values).',
      'Exit 0 no breaking change (other changes may be listed); 1 a breaking change; 2 could not run.',
    ].join('\n'),
    options: { json },
    positionals: { min: 2, max: 2, missing: 'diff needs OLD.json and NEW.json' },
    examples: ['zcrm-codegen diff old/metadata.json generated/acme/metadata.json'],
  },
  {
    name: 'init',
    summary: `add an org to ${CONFIG_FILE} and list its variables in .env.example`,
    synopsis: `[--org NAME] [--dc ${DATA_CENTER_IDS.join('|')}] [--out DIR] [--modules A,B] [--force] [--config FILE]`,
    description: [
      `Adds an org to ${CONFIG_FILE} (creating it if needed), keeping other orgs and comments, and writes .env.example`,
      'with its variables. On a terminal it asks for what the options did not give.',
      'Exit 0 written; 2 could not run (the org exists without --force, bad options).',
    ].join('\n'),
    options: {
      org: {
        type: 'string',
        value: 'NAME',
        description: 'the org name (letters, digits, "-", "_")',
      },
      dc: {
        type: 'string',
        value: 'DC',
        description: `its data center (${DATA_CENTER_IDS.join(', ')}; default us)`,
      },
      out: {
        type: 'string',
        value: 'DIR',
        description: 'where its client goes (default generated/<org>)',
      },
      modules: {
        type: 'string',
        value: 'A,B',
        description: 'only these modules (default: all API-supported)',
      },
      force: { type: 'boolean', description: 'replace an existing entry of the same name' },
      config,
    },
    examples: ['zcrm-codegen init --org acme --dc eu --out src/crm'],
  },
  {
    name: 'auth',
    summary: 'exchange a Self Client grant code for a refresh token',
    synopsis: `--code GRANT_CODE [--org NAME] [--dc ${DATA_CENTER_IDS.join('|')} | --accounts-server URL] [--client-id ID] [--client-secret SECRET] [--redirect-uri URI] [--config FILE]`,
    description: [
      'Exchanges a grant code (API console → Self Client → Generate Code) for a refresh token and prints the',
      'ZCRM_<ORG>_… lines to add to your environment. Client id and secret default to ZCRM_<ORG>_CLIENT_ID and',
      'ZCRM_<ORG>_CLIENT_SECRET (prefer these to options, which end up in shell history).',
      'Exit 0 a refresh token with every scope the client uses; 1 Zoho refused, or scopes are missing; 2 could not run.',
    ].join('\n'),
    options: {
      code: {
        type: 'string',
        value: 'GRANT_CODE',
        description: 'the grant code (single-use, lives 3–10 minutes)',
      },
      org: { type: 'string', value: 'NAME', description: 'names the ZCRM_<ORG>_… variables' },
      dc: { type: 'string', value: 'DC', description: 'the data center of the Zoho account' },
      'accounts-server': {
        type: 'string',
        value: 'URL',
        description: 'the accounts-server Zoho showed you (decides the data center)',
      },
      'client-id': {
        type: 'string',
        value: 'ID',
        description: 'the Self Client id (default ZCRM_<ORG>_CLIENT_ID)',
      },
      'client-secret': {
        type: 'string',
        value: 'SECRET',
        description: 'its secret (default ZCRM_<ORG>_CLIENT_SECRET)',
      },
      'redirect-uri': {
        type: 'string',
        value: 'URI',
        description: 'only for a redirect-based client',
      },
      config,
    },
    examples: ['zcrm-codegen auth --org acme --code 1000.abc…'],
  },
  {
    name: 'doctor',
    summary: "is the org's integration healthy, and if not, what to do",
    synopsis: '[--org NAME] [--json] [--config FILE]',
    description: [
      'Checks credentials (verified against Zoho), the token endpoint, token refresh, scopes, the API, edition',
      `limits and snapshot drift for each org (or one). ${CREDENTIALS}`,
      'Exit 0 healthy; 1 a problem found (an unreachable API included); 2 could not run.',
    ].join('\n'),
    options: { org, json, config },
    examples: ['zcrm-codegen doctor', 'zcrm-codegen doctor --org acme --json'],
  },
  {
    name: 'status',
    summary: 'what clients sharing limits through Redis see right now',
    synopsis: '--redis URL [--key-prefix PREFIX] [--json]',
    description: [
      "Per org: the shared token's age and expiry (never the token), calls in flight and by whom, credits spent.",
      'Exit 0 shown; 1 Redis unreachable or unreadable (a finding, as for doctor); 2 could not run (bad options).',
    ].join('\n'),
    options: {
      redis: {
        type: 'string',
        value: 'URL',
        description: 'redis:// or rediss:// URL the clients use',
      },
      'key-prefix': {
        type: 'string',
        value: 'PREFIX',
        description: 'their key prefix (default zcrm:)',
      },
      json,
    },
    examples: ['zcrm-codegen status --redis redis://127.0.0.1:6379'],
  },
  {
    name: 'emulator',
    summary: 'a local Zoho CRM v8 to try a client without an org (a dev server)',
    synopsis:
      '--snapshot FILE [--port N] [--records N] [--inject-429 N [--retry-after S]] [--inject-5xx N] [--inject-reset N] [--latency MS] [--token-ttl S]',
    description: [
      "Serves OAuth and the API from a metadata snapshot's modules and fields, on 127.0.0.1, until Ctrl-C. Faults are armed",
      'by the --inject-* options (on API calls, never the token endpoint) and, while it runs, through its admin endpoint',
      '(loopback only): GET /__admin/status, POST|DELETE /__admin/faults, POST /__admin/reset, GET /__admin/log.',
      'Exit 0 stopped; 2 could not start (no snapshot, port taken).',
    ].join('\n'),
    options: {
      snapshot: {
        type: 'string',
        value: 'FILE',
        description: 'the metadata snapshot whose modules and fields it serves',
      },
      port: { type: 'string', value: 'N', description: 'the port (default: a free one)' },
      records: {
        type: 'string',
        value: 'N',
        description: 'seed N records per module (deterministic; default 0)',
      },
      seed: {
        type: 'string',
        value: 'N',
        description: 'the seed of the generated records (default 1)',
      },
      'inject-429': {
        type: 'string',
        value: 'N',
        description: 'every Nth API call answers 429 Too Many Requests',
      },
      'retry-after': {
        type: 'string',
        value: 'S',
        description: 'the Retry-After seconds of those 429s (default 1)',
      },
      'inject-5xx': {
        type: 'string',
        value: 'N',
        description: 'every Nth API call answers 503 (a gateway page, as a proxy would)',
      },
      'inject-reset': {
        type: 'string',
        value: 'N',
        description: "every Nth API call's connection is reset before it is applied",
      },
      latency: {
        type: 'string',
        value: 'MS',
        description: 'every API call answers MS milliseconds late',
      },
      'token-ttl': {
        type: 'string',
        value: 'S',
        description: 'access tokens expire after S seconds (default 3600)',
      },
      'client-id': {
        type: 'string',
        value: 'ID',
        description: 'accept this client id (default: a built-in one, printed)',
      },
      'client-secret': {
        type: 'string',
        value: 'SECRET',
        description: 'and this secret (never printed)',
      },
      'refresh-token': {
        type: 'string',
        value: 'TOKEN',
        description: 'and this refresh token (never printed)',
      },
    },
    examples: [
      'zcrm-codegen emulator --snapshot generated/demo/metadata.json --port 8787 --records 50 --inject-429 5 --retry-after 2',
    ],
  },
];

/** The declaration of a command that exists (for the command's own module). */
export function commandSpec(name: string): CommandSpec {
  const command = COMMAND_SPECS.find((c) => c.name === name);
  if (command === undefined) throw new Error(`no command named ${name} in commands/command-specs.ts`);
  return command;
}
