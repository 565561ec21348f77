/**
 * zcrm.config.yaml: the orgs this repository generates clients for. Credentials never live here
 * (metadata/credentials.ts reads them from the environment). Paths are relative to the config file.
 *
 * ```yaml
 * orgs:
 *   - name: demo
 *     dataCenter: us
 *     snapshot: generated/demo/metadata.json
 *     out: generated/demo
 * ```
 */
import { readFile } from 'node:fs/promises';
import { isObject } from './json-reading.ts';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { DATA_CENTER_IDS, type DataCenter } from '../templates/runtime/data-centers.ts';

export const DEFAULT_CONFIG_FILE = 'zcrm.config.yaml';

export interface OrgConfig {
  readonly name: string;
  readonly dataCenter: DataCenter;
  /** Absolute path of the snapshot file. */
  readonly snapshot: string;
  /** Absolute path of the output folder. */
  readonly out: string;
  /** Only these modules (and the subform/linking modules they need); all API-supported ones when absent. */
  readonly modules?: readonly string[];
}

export interface Config {
  readonly file: string;
  readonly orgs: readonly OrgConfig[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Org names become env var names (ZCRM_<NAME>_…) and folder names: keep them plain. */
const ORG_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const ORG_KEYS = new Set(['name', 'dataCenter', 'snapshot', 'out', 'modules']);

export async function readConfig(file: string): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(`${file}: cannot read the config${code === 'ENOENT' ? ': no such file' : ` (${code})`}`);
  }
  return parseConfig(text, file);
}

export function parseConfig(text: string, file: string): Config {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const where = e.linePos?.[0] ? ` (line ${e.linePos[0].line}, column ${e.linePos[0].col})` : '';
    throw new ConfigError(
      `${file}: not valid YAML${where}: ${(e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`,
    );
  }
  const data: unknown = doc.toJS();
  const fail = (key: string, message: string): never => {
    throw new ConfigError(`${file}: ${key}: ${message}`);
  };
  if (!isObject(data)) return fail('(root)', 'expected a mapping with an `orgs` list');
  const orgs = data['orgs'];
  if (!Array.isArray(orgs)) return fail('orgs', 'expected a list of orgs');
  const base = dirname(resolve(file));
  const seen = new Set<string>();
  const result = orgs.map((entry: unknown, i): OrgConfig => {
    const at = `orgs[${i}]`;
    if (!isObject(entry)) return fail(at, 'expected a mapping with name, dataCenter, snapshot, out');
    for (const key of Object.keys(entry)) {
      if (!ORG_KEYS.has(key)) fail(`${at}.${key}`, `unknown key (expected ${[...ORG_KEYS].join(', ')})`);
    }
    const str = (key: string): string => {
      const v = entry[key];
      if (typeof v !== 'string' || v.trim() === '') return fail(`${at}.${key}`, 'expected a non-empty string');
      return v;
    };
    const name = str('name');
    if (!ORG_NAME.test(name)) fail(`${at}.name`, `${JSON.stringify(name)} must be letters, digits, "-" or "_"`);
    if (seen.has(name.toLowerCase())) fail(`${at}.name`, `org ${JSON.stringify(name)} is listed twice`);
    seen.add(name.toLowerCase());
    const dc = entry['dataCenter'] === undefined ? 'us' : str('dataCenter');
    if (!(DATA_CENTER_IDS as readonly string[]).includes(dc)) {
      fail(`${at}.dataCenter`, `${JSON.stringify(dc)} is not a data center (one of ${DATA_CENTER_IDS.join(', ')})`);
    }
    const modules = entry['modules'];
    if (
      modules !== undefined &&
      (!Array.isArray(modules) || modules.length === 0 || !modules.every((m) => typeof m === 'string' && m !== ''))
    ) {
      fail(`${at}.modules`, 'expected a non-empty list of module API names');
    }
    return {
      name,
      dataCenter: dc as DataCenter,
      snapshot: resolve(base, str('snapshot')),
      out: resolve(base, str('out')),
      ...(modules === undefined ? {} : { modules: modules as string[] }),
    };
  });
  return { file, orgs: result };
}

/** The org called `name`, or a ConfigError listing the configured ones. */
export function findOrg(config: Config, name: string): OrgConfig {
  const org = config.orgs.find((o) => o.name === name);
  if (org === undefined) {
    throw new ConfigError(
      `${config.file}: no org named ${JSON.stringify(name)} (configured: ${config.orgs.map((o) => o.name).join(', ') || 'none'})`,
    );
  }
  return org;
}
