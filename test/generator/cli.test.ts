import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliIo } from '../../generator/cli.ts';
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

async function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), cwd: dir, env };
  const code = await main(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('zcrm-codegen CLI', () => {
  it('generate --snapshot --out writes a client and says what it wrote; a second run writes nothing', async () => {
    const first = await run(['generate', '--snapshot', 'base.json', '--out', 'direct']);
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toMatch(/^direct: \d+ files \(\d+ written, 0 removed\)$/);
    const second = await run(['generate', '--snapshot', 'base.json', '--out', 'direct']);
    expect(second.out).toMatch(/^direct: \d+ files \(0 written, 0 removed\)$/);
    expect(await readFile(join(dir, 'direct/client.ts'), 'utf8')).toContain('readonly deals: DealsModule');
  });

  it('generate --verify writes nothing and exits 1 only when the client is stale', async () => {
    expect(await run(['generate', '--snapshot', 'base.json', '--out', 'direct', '--verify'])).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^direct: up to date \(\d+ files\)$/),
    });
    const stale = await run(['generate', '--snapshot', 'changed.json', '--out', 'direct', '--verify']);
    expect(stale.code).toBe(1);
    expect(stale.out).toContain('direct: stale');
    expect(stale.out).toContain('  differs: types.ts');
    expect(stale.out).toContain('  differs: README.md');
    // nothing was written: the committed client is still the base one
    expect(await readFile(join(dir, 'direct/types.ts'), 'utf8')).toContain('Website');
  });

  it('generate with no options regenerates every org in the config', async () => {
    const r = await run(['generate']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^clients\/tiny: \d+ files/);
    const pkg = JSON.parse(await readFile(join(dir, 'clients/tiny/package.json'), 'utf8'));
    expect(pkg.dependencies).toEqual({ undici: expect.any(String) });
    expect(pkg.zcrmCodegen.org).toBe('tiny');
  });

  it('diff prints the schema changes and exits 0', async () => {
    const r = await run(['diff', 'base.json', 'changed.json']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Website');
    expect(r.out).toContain('Lost');
  });

  it.each([
    { args: ['generate', '--snapshot', 'missing.json', '--out', 'x'], code: 1, err: /^zcrm-codegen: .*missing\.json: cannot read snapshot: no such file$/ },
    { args: ['generate', '--snapshot', 'base.json'], code: 2, err: /--snapshot and --out go together/ },
    { args: ['generate', '--org', 'nope'], code: 1, err: /zcrm\.config\.yaml: no org named "nope" \(configured: tiny\)/ },
    { args: ['frobnicate'], code: 2, err: /unknown command "frobnicate"/ },
    { args: ['generate', '--bogus'], code: 2, err: /Unknown option '--bogus'/ },
    { args: ['diff', 'base.json'], code: 2, err: /diff needs OLD\.json and NEW\.json/ },
    { args: ['pull'], code: 1, err: /^zcrm-codegen: org "tiny": missing environment variables ZCRM_TINY_CLIENT_ID, ZCRM_TINY_CLIENT_SECRET, ZCRM_TINY_REFRESH_TOKEN/ },
    { args: ['check', '--org', 'tiny'], code: 1, err: /missing environment variables/ },
  ])('$args → exit $code with one clear line', async ({ args, code, err }) => {
    const r = await run(args);
    expect(r.code).toBe(code);
    expect(r.err.split('\n')[0]).toMatch(err);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('ZCRM_DEBUG=1 adds the stack', async () => {
    const r = await run(['generate', '--snapshot', 'missing.json', '--out', 'x'], { ZCRM_DEBUG: '1' });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/\n\s+at /);
  });
});
