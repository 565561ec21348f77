import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../generator/cli.ts';
import { scriptedIO } from '../commands/helpers.ts';
import { scratchDir } from '../helpers/scratch-dir.ts';
import { serializeSnapshot } from '../../generator/metadata/snapshot.ts';
import { tinySnapshot } from './fixtures/tiny-snapshot.ts';

let dir: string;
let remove: () => Promise<void>;

beforeAll(async () => {
  ({ dir, remove } = await scratchDir('cli'));
  await writeFile(join(dir, 'base.json'), serializeSnapshot(tinySnapshot('base')));
  await writeFile(join(dir, 'changed.json'), serializeSnapshot(tinySnapshot('changed')));
  await writeFile(
    join(dir, 'zcrm.config.yaml'),
    'orgs:\n  - name: tiny\n    dataCenter: eu\n    snapshot: base.json\n    out: clients/tiny\n',
  );
});
afterAll(async () => {
  await remove();
});

async function run(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; out: string; err: string }> {
  const io = scriptedIO({ cwd: dir, env });
  const code = await main(args, io);
  return { code, out: io.out().trimEnd(), err: io.err().trimEnd() };
}

describe('zcrm-codegen CLI', () => {
  it('generate --snapshot --out writes a client and says what it wrote; a second run writes nothing', async () => {
    const first = await run(['generate', '--snapshot', 'base.json', '--out', 'direct']);
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toMatch(/^direct: \d+ files \(\d+ written, 0 removed\)$/);
    const second = await run(['generate', '--snapshot', 'base.json', '--out', 'direct']);
    expect(second.out).toMatch(/^direct: \d+ files \(0 written, 0 removed\)$/);
    expect(await readFile(join(dir, 'direct/client.d.ts'), 'utf8')).toContain('readonly deals: ModuleResource<DealsRecord, DealsCreateInput, DealsUpdateInput, ModuleMap["Deals"]["related"], ModuleMap, DealsFields, "Deals">;');
  });

  it('generate --verify writes nothing and exits 1 only when the client is stale', async () => {
    expect(
      await run(['generate', '--snapshot', 'base.json', '--out', 'direct', '--verify']),
    ).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^direct: up to date \(\d+ files\)$/),
    });
    const stale = await run([
      'generate',
      '--snapshot',
      'changed.json',
      '--out',
      'direct',
      '--verify',
    ]);
    expect(stale.code).toBe(1);
    expect(stale.out).toContain('direct: stale');
    expect(stale.out).toContain('  differs: modules.d.ts');
    expect(stale.out).toContain('  differs: README.md');
    // nothing was written: the committed client is still the base one
    expect(await readFile(join(dir, 'direct/modules.d.ts'), 'utf8')).toContain('Website');
  });

  it('generate with no options regenerates every org in the config', async () => {
    const r = await run(['generate']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^clients\/tiny: \d+ files/);
    const pkg = JSON.parse(await readFile(join(dir, 'clients/tiny/package.json'), 'utf8'));
    expect(pkg.dependencies).toEqual({ undici: expect.any(String) });
    expect(pkg.zcrmCodegen.org).toBe('tiny');
  });

  it('diff prints the schema changes and exits 1 on a breaking change, 0 without one', async () => {
    const r = await run(['diff', 'base.json', 'changed.json']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Website');
    expect(r.out).toContain('Lost');
    expect(r.out).toMatch(/! BREAKING/);
    const same = await run(['diff', 'base.json', 'base.json']);
    expect(same).toMatchObject({ code: 0, out: 'No schema changes.' });
  });

  it('colour only on a terminal, and never with NO_COLOR or --no-color', async () => {
    const red = '\u001b[31m';
    const diffOn = async (env: NodeJS.ProcessEnv, isTTY: boolean, extra: string[] = []) => {
      const io = scriptedIO({ cwd: dir, env, isTTY });
      await main(['diff', 'base.json', 'changed.json', ...extra], io);
      return io.out();
    };
    expect(await diffOn({}, true)).toContain(red);
    expect(await diffOn({}, false)).not.toContain('\u001b[');
    expect(await diffOn({ NO_COLOR: '1' }, true)).not.toContain('\u001b[');
    expect(await diffOn({}, true, ['--no-color'])).not.toContain('\u001b[');
  });

  it('diff --json prints the diff as one object', async () => {
    const r = await run(['diff', 'base.json', 'changed.json', '--json']);
    expect(r.code).toBe(1);
    const parsed = JSON.parse(r.out) as {
      breakingCount: number;
      entries: { module: string; breaking: boolean }[];
    };
    expect(parsed.breakingCount).toBeGreaterThan(0);
    expect(parsed.entries.some((e) => e.breaking)).toBe(true);
  });

  it.each([
    {
      args: ['generate', '--snapshot', 'missing.json', '--out', 'x'],
      code: 2,
      err: /^zcrm-codegen generate: .*missing\.json: cannot read snapshot: no such file$/,
    },
    {
      args: ['generate', '--snapshot', 'base.json'],
      code: 2,
      err: /^zcrm-codegen generate: --snapshot and --out go together$/,
    },
    {
      args: ['generate', '--org', 'nope'],
      code: 2,
      err: /zcrm\.config\.yaml: no org named "nope" \(configured: tiny\)/,
    },
    { args: ['frobnicate'], code: 2, err: /^zcrm-codegen: unknown command "frobnicate"$/ },
    {
      args: ['genrate'],
      code: 2,
      err: /^zcrm-codegen: unknown command "genrate" \(did you mean generate\?\)$/,
    },
    {
      args: ['generate', '--bogus'],
      code: 2,
      err: /^zcrm-codegen generate: Unknown option '--bogus'$/,
    },
    {
      args: ['generate', '--strcit'],
      code: 2,
      err: /^zcrm-codegen generate: Unknown option '--strcit' \(did you mean --strict\?\)$/,
    },
    {
      args: ['generate', '--snapshot'],
      code: 2,
      err: /^zcrm-codegen generate: --snapshot needs a value$/,
    },
    {
      args: ['diff', 'base.json'],
      code: 2,
      err: /^zcrm-codegen diff: diff needs OLD\.json and NEW\.json$/,
    },
    { args: ['diff', 'a', 'b', 'c'], code: 2, err: /^zcrm-codegen diff: unexpected argument "c"$/ },
    {
      args: ['pull'],
      code: 2,
      err: /^zcrm-codegen pull: org "tiny": missing environment variables ZCRM_TINY_CLIENT_ID, ZCRM_TINY_CLIENT_SECRET, ZCRM_TINY_REFRESH_TOKEN/,
    },
    { args: ['check', '--org', 'tiny'], code: 2, err: /missing environment variables/ },
  ])('$args → exit $code with one clear line', async ({ args, code, err }) => {
    const r = await run(args);
    expect(r.code).toBe(code);
    expect(r.err.split('\n')[0]).toMatch(err);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('ZCRM_DEBUG=1 adds the stack', async () => {
    const r = await run(['generate', '--snapshot', 'missing.json', '--out', 'x'], {
      ZCRM_DEBUG: '1',
    });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\n\s+at /);
  });
});
