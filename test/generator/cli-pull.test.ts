/**
 * `pull` and `check` end to end through the CLI against the local emulator: credentials from the
 * environment, the snapshot written where the config says, drift reported with exit 1.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../generator/cli.ts';
import { scriptedIO } from '../commands/helpers.ts';
import { scratchDir } from '../helpers/scratch-dir.ts';
import { startEmulator, type Emulator } from '../../emulator/index.ts';
import { tinySnapshot } from './fixtures/tiny-snapshot.ts';

let dir: string;
let remove: () => Promise<void>;
let emulator: Emulator;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  ({ dir, remove } = await scratchDir('cli-pull'));
  await writeFile(join(dir, 'zcrm.config.yaml'), 'orgs:\n  - name: tiny\n    snapshot: snap/metadata.json\n    out: snap\n');
  emulator = await startEmulator({ snapshot: tinySnapshot('base') });
  env = {
    ZCRM_TINY_CLIENT_ID: emulator.credentials.clientId,
    ZCRM_TINY_CLIENT_SECRET: emulator.credentials.clientSecret,
    ZCRM_TINY_REFRESH_TOKEN: emulator.credentials.refreshToken,
    ZCRM_TINY_API_DOMAIN: emulator.url,
    ZCRM_TINY_ACCOUNTS_URL: emulator.url,
  };
}, 60_000);
afterAll(async () => {
  await emulator?.close();
  await remove();
});

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = scriptedIO({ cwd: dir, env });
  const code = await main(args, io);
  return { code, out: io.out().trimEnd(), err: io.err().trimEnd() };
}

describe('zcrm-codegen pull / check', () => {
  it('pull writes the snapshot; check then reports in sync', async () => {
    const pulled = await run(['pull']);
    expect(pulled.code, pulled.err).toBe(0);
    expect(pulled.out).toBe('tiny: 2 modules → snap/metadata.json');
    const written = JSON.parse(await readFile(join(dir, 'snap/metadata.json'), 'utf8'));
    expect(written.modules.modules.map((m: { api_name: string }) => m.api_name)).toEqual([
      'Accounts',
      'Deals',
    ]);

    const checked = await run(['check']);
    expect(checked).toMatchObject({ code: 0, out: 'tiny: in sync with snap/metadata.json' });
  }, 60_000);

  it('check exits 1 with the schema diff when the org drifted; secrets never printed', async () => {
    emulator.setSnapshot(tinySnapshot('changed'));
    const checked = await run(['check', '--org', 'tiny']);
    expect(checked.code).toBe(1);
    expect(checked.out).toContain('has drifted');
    expect(checked.out).toContain('Website');
    for (const secret of [env['ZCRM_TINY_CLIENT_SECRET'], env['ZCRM_TINY_REFRESH_TOKEN']]) {
      expect(checked.out + checked.err).not.toContain(secret);
    }
    const json = await run(['check', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({
      inSync: false,
      orgs: [
        {
          org: 'tiny',
          snapshot: 'snap/metadata.json',
          inSync: false,
          report: expect.stringContaining('Website'),
        },
      ],
    });
  }, 60_000);
});
