/** The orgs a command works on, and paths shown relative to where the user ran it. */
import { relative, resolve } from 'node:path';
import { DEFAULT_CONFIG_FILE, findOrg, readConfig, type OrgConfig } from '../config.ts';
import type { OptionValues } from './args.ts';
import { UsageError, type Io } from './io.ts';

/** One org with --org, else every org of the config (a config without orgs is a usage error). */
export async function configuredOrgs(values: OptionValues, io: Io): Promise<readonly OrgConfig[]> {
  const config = await readConfig(
    resolve(io.cwd, stringOption(values, 'config') ?? DEFAULT_CONFIG_FILE),
  );
  const name = stringOption(values, 'org');
  if (name !== undefined) return [findOrg(config, name)];
  if (config.orgs.length === 0)
    throw new UsageError(`${config.file} lists no orgs (run \`zcrm-codegen init\`)`);
  return config.orgs;
}

export function stringOption(values: OptionValues, key: string): string | undefined {
  const v = values[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A path relative to the working directory when it lies under it, else absolute. */
export function display(io: Io, path: string): string {
  const rel = relative(io.cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}
