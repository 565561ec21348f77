/**
 * `zcrm-codegen init`: flags off a terminal, questions on one, refusal to overwrite without --force,
 * and an existing config edited in place — other orgs and comments kept.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInit } from '../../generator/commands/init.ts';
import { parseConfig } from '../../generator/config.ts';
import { credentialVariables } from '../../generator/metadata/credentials.ts';
import { scratchDir } from '../helpers/scratch-dir.ts';
import { scriptedIO } from './helpers.ts';

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dir, remove } = await scratchDir('init'));
});
afterEach(async () => {
  await remove();
});

const read = (name: string): Promise<string> => readFile(join(dir, name), 'utf8');

/** The config without the `modules` key, which generator/config.ts does not read yet. */
function parsedWithoutModules(text: string) {
  return parseConfig(text.replace(/^\s+modules: .*$/gm, ''), join(dir, 'zcrm.config.yaml'));
}

describe('init, non-interactive', () => {
  it('writes a config and a .env.example naming every variable', async () => {
    const io = scriptedIO({ cwd: dir });
    const code = await runInit(
      [
        '--org',
        'acme',
        '--dc',
        'eu',
        '--out',
        'clients/acme',
        '--modules',
        'Leads, Contacts,Deals',
      ],
      io,
    );
    expect(code, io.err()).toBe(0);
    const config = await read('zcrm.config.yaml');
    expect(config).toContain('modules: [Leads, Contacts, Deals]');
    const parsed = parsedWithoutModules(config);
    expect(parsed.orgs).toEqual([
      {
        name: 'acme',
        dataCenter: 'eu',
        snapshot: join(dir, 'clients/acme/metadata.json'),
        out: join(dir, 'clients/acme'),
      },
    ]);
    const envExample = await read('.env.example');
    for (const name of Object.values(credentialVariables('acme')))
      expect(envExample).toContain(name);
    expect(envExample).toContain('https://api-console.zoho.eu');
    expect(envExample).toMatch(/^ZCRM_ACME_CLIENT_SECRET=$/m);
    const ignore = await read('.gitignore');
    expect(ignore.split('\n')).toEqual(expect.arrayContaining(['.env', '.zcrm-cache/']));
  });

  it('defaults: data center us, output generated/<org>, every module (no modules key)', async () => {
    const io = scriptedIO({ cwd: dir });
    expect(await runInit(['--org', 'beta'], io)).toBe(0);
    const config = await read('zcrm.config.yaml');
    expect(config).not.toContain('modules');
    expect(parseConfig(config, 'zcrm.config.yaml').orgs[0]).toMatchObject({
      name: 'beta',
      dataCenter: 'us',
    });
    expect(config).toContain('out: generated/beta');
  });

  it.each([
    { args: [], want: /--org NAME is required/ },
    { args: ['--org', 'a b'], want: /must be letters, digits/ },
    { args: ['--org', 'acme', '--dc', 'uk'], want: /not a data center/ },
    { args: ['--org', 'acme', '--modules', 'Leads,Sales Orders'], want: /not a module API name/ },
    { args: ['--org', 'acme', '--bogus'], want: /Unknown option/ },
  ])('bad arguments $args exit 2', async ({ args, want }) => {
    const io = scriptedIO({ cwd: dir });
    expect(await runInit(args, io)).toBe(2);
    expect(io.err()).toMatch(want);
  });
});

describe('init, interactive', () => {
  it('asks for what the flags did not give', async () => {
    const io = scriptedIO({ cwd: dir, answers: ['gamma', 'in', '', 'Leads,Accounts'] });
    const code = await runInit(['--force'], io);
    expect(code, io.err()).toBe(0);
    expect(io.asked).toHaveLength(4);
    expect(io.asked[1]).toContain('accounts.zoho.in');
    const config = await read('zcrm.config.yaml');
    expect(parsedWithoutModules(config).orgs[0]).toMatchObject({
      name: 'gamma',
      dataCenter: 'in',
      out: join(dir, 'generated/gamma'),
    });
    expect(config).toContain('modules: [Leads, Accounts]');
  });

  it('does not ask what a flag answered', async () => {
    const io = scriptedIO({ cwd: dir, answers: ['', ''] });
    expect(await runInit(['--org', 'delta', '--dc', 'jp'], io)).toBe(0);
    expect(io.asked).toHaveLength(2); // output folder, modules
    expect(await read('zcrm.config.yaml')).toContain('dataCenter: jp');
  });
});

const EXISTING = `# Orgs of this repo — hand-written notes stay.
orgs:
  # the demo org, regenerated offline in CI
  - name: demo
    dataCenter: us # the sandbox
    snapshot: generated/demo/metadata.json
    out: generated/demo
# end of orgs
`;

describe('init with an existing config', () => {
  it('adds a new org and keeps the other orgs and every comment', async () => {
    await writeFile(join(dir, 'zcrm.config.yaml'), EXISTING);
    const io = scriptedIO({ cwd: dir });
    expect(await runInit(['--org', 'acme', '--dc', 'ca'], io)).toBe(0);
    const config = await read('zcrm.config.yaml');
    for (const comment of [
      '# Orgs of this repo — hand-written notes stay.',
      '# the demo org, regenerated offline in CI',
      '# the sandbox',
      '# end of orgs',
    ]) {
      expect(config).toContain(comment);
    }
    expect(parseConfig(config, 'x').orgs.map((o) => [o.name, o.dataCenter])).toEqual([
      ['demo', 'us'],
      ['acme', 'ca'],
    ]);
    expect(config.startsWith(EXISTING.split('# end of orgs')[0]!)).toBe(true);
  });

  it('refuses to overwrite an org without --force and changes nothing', async () => {
    await writeFile(join(dir, 'zcrm.config.yaml'), EXISTING);
    const io = scriptedIO({ cwd: dir });
    expect(await runInit(['--org', 'demo', '--dc', 'eu'], io)).toBe(2);
    expect(io.err()).toMatch(/already has an org named "demo".*--force/);
    expect(await read('zcrm.config.yaml')).toBe(EXISTING);
  });

  it('replaces the org in place with --force, keeping its comments', async () => {
    await writeFile(join(dir, 'zcrm.config.yaml'), EXISTING);
    const io = scriptedIO({ cwd: dir });
    expect(await runInit(['--org', 'demo', '--dc', 'eu', '--force'], io)).toBe(0);
    const config = await read('zcrm.config.yaml');
    expect(config).toContain('# the demo org, regenerated offline in CI');
    expect(config).toContain('# end of orgs');
    expect(parseConfig(config, 'x').orgs).toHaveLength(1);
    expect(parseConfig(config, 'x').orgs[0]?.dataCenter).toBe('eu');
  });

  it('appends the new org to an existing .env.example and .gitignore without duplicating', async () => {
    await writeFile(join(dir, '.env.example'), 'OTHER_APP_KEY=\n');
    await writeFile(join(dir, '.gitignore'), 'node_modules/\n.env\n');
    expect(await runInit(['--org', 'one'], scriptedIO({ cwd: dir }))).toBe(0);
    expect(await runInit(['--org', 'two'], scriptedIO({ cwd: dir }))).toBe(0);
    expect(await runInit(['--org', 'two', '--force'], scriptedIO({ cwd: dir }))).toBe(0);
    const env = await read('.env.example');
    expect(env.startsWith('OTHER_APP_KEY=\n')).toBe(true);
    expect(env.match(/^ZCRM_TWO_CLIENT_ID=$/gm)).toHaveLength(1);
    expect(env).toContain('ZCRM_ONE_REFRESH_TOKEN=');
    const ignore = await read('.gitignore');
    expect(ignore.match(/^\.env$/gm)).toHaveLength(1);
    expect(ignore.match(/^\.zcrm-cache\/$/gm)).toHaveLength(1);
  });

  it('names the file when the existing config is not valid YAML (exit 2)', async () => {
    await writeFile(join(dir, 'zcrm.config.yaml'), 'orgs: [\n  - name: x\n');
    const io = scriptedIO({ cwd: dir });
    expect(await runInit(['--org', 'acme'], io)).toBe(2);
    expect(io.err()).toContain('zcrm.config.yaml: not valid YAML');
  });
});
