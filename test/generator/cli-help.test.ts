/**
 * Every command answers --help with its own usage, options and an example (exit 0) without running;
 * --version prints the package's version; exit codes are uniform (2 for usage, whatever the command).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../generator/cli.ts';
import { nearest } from '../../generator/commands/args.ts';
import { COMMANDS, CONFIG_FILE } from '../../generator/commands/registry.ts';
import { DEFAULT_CONFIG_FILE } from '../../generator/config.ts';
import { scriptedIO } from '../commands/helpers.ts';

async function run(args: string[]) {
  const io = scriptedIO({ cwd: '/nonexistent-cwd' });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('zcrm-codegen --help', () => {
  it('lists every command, exit 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS)
      expect(r.out).toMatch(
        new RegExp(`^  ${c.name} +${c.summary.slice(0, 20).replace(/[()]/g, '.')}`, 'm'),
      );
  });

  it('no command: the usage on stderr, exit 2', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Usage: zcrm-codegen <command>');
  });

  it.each(COMMANDS.map((c) => c.name))(
    '%s --help: its usage, every option and an example, exit 0',
    async (name) => {
      for (const flag of ['--help', '-h']) {
        const r = await run([name, flag]);
        expect(r.code).toBe(0);
        expect(r.err).toBe('');
        expect(r.out).toMatch(new RegExp(`^Usage: zcrm-codegen ${name}`));
        const command = COMMANDS.find((c) => c.name === name)!;
        for (const option of [...Object.keys(command.options), 'help', 'no-color'])
          expect(r.out).toContain(`--${option}`);
        expect(r.out).toMatch(/^Examples?:\n {2}zcrm-codegen /m);
      }
    },
  );

  it.each(COMMANDS.map((c) => c.name))(
    '%s with an unknown option: exit 2, the usage line, nothing run',
    async (name) => {
      const r = await run([name, '--definitely-not-an-option']);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`zcrm-codegen ${name}: Unknown option '--definitely-not-an-option'`);
      expect(r.err).toContain(`Usage: zcrm-codegen ${name} `);
      expect(r.out).toBe('');
    },
  );

  it('--version prints the version of package.json', async () => {
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    const r = await run(['--version']);
    expect(r).toEqual({ code: 0, out: `${pkg.version}\n`, err: '' });
  });

  it('an option with a typo gets the nearest one suggested', async () => {
    const r = await run(['doctor', '--jsno']);
    expect(r.err.split('\n')[0]).toBe(
      "zcrm-codegen doctor: Unknown option '--jsno' (did you mean --json?)",
    );
  });
});

it('the help names the config file config.ts reads', () => {
  expect(CONFIG_FILE).toBe(DEFAULT_CONFIG_FILE);
});

describe('nearest', () => {
  it.each([
    { word: 'strcit', want: 'strict' },
    { word: 'snap', want: 'snapshot' },
    { word: 'verfy', want: 'verify' },
    { word: 'zzzzzz', want: undefined },
  ])('$word → $want', ({ word, want }) => {
    expect(nearest(word, ['org', 'snapshot', 'out', 'config', 'verify', 'strict'])).toBe(want);
  });
});
