/**
 * The package as a user gets it: `npm pack` (which builds dist/ through `prepack`), the tarball installed
 * into an empty project from the local npm cache, then the installed bin run the way the README says —
 * `init`, `generate --snapshot … --out …` — and `tsc` over the generated client. Proves the compiled bin
 * runs without tsx, that the tarball holds what the generator reads at run time (spec/, templates/), and
 * nothing of the repository's tests.
 */
import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const REPO = resolve(import.meta.dirname, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';
let work: string;
let project: string;
let tarball: string;
let packed: string[];

/** npm, without the npm_* variables of an enclosing `npm test` (they would point npm at this repository). */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
}

async function sh(
  cmd: string,
  args: string[],
  cwd: string,
): Promise<{ stdout: string; stderr: string }> {
  return run(cmd, args, { cwd, env: cleanEnv(), maxBuffer: 64 * 1024 * 1024, timeout: 240_000 });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'zcrm-pack-'));
  const { stdout } = await sh(NPM, ['pack', '--json', '--pack-destination', work], REPO);
  const info = JSON.parse(stdout.slice(stdout.indexOf('['))) as {
    filename: string;
    files: { path: string }[];
  }[];
  tarball = join(work, info[0]!.filename);
  packed = info[0]!.files.map((f) => f.path);
  project = join(work, 'consumer');
  await run('mkdir', ['-p', project]);
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  const typesNode = (
    JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    }
  ).devDependencies['@types/node'];
  await sh(
    NPM,
    ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, `@types/node@${typesNode}`],
    project,
  );
}, 400_000);

afterAll(async () => {
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds the compiled generator, templates, spec and README — no tests, no TypeScript to run', () => {
    expect(packed).toContain('dist/bin/zcrm-codegen.js');
    expect(packed).toContain('dist/spec/openapi.yaml');
    expect(packed).toContain('dist/templates/runtime/index.ts'); // copied into clients verbatim
    expect(packed).toContain('dist/emulator/dev-server.js');
    // The org-independent runtime ships compiled, so an installed generator never compiles it.
    expect(packed.some((p) => /^dist\/runtime-bundle\/[0-9a-f]{32}\/manifest\.json$/.test(p))).toBe(true);
    expect(packed).toContain('README.md');
    for (const path of packed) {
      expect(path).toMatch(/^(dist\/|README\.md$|package\.json$)/);
      expect(path).not.toMatch(/\.test\.|(^|\/)test\/|fixtures\//);
    }
    // The generator itself is JavaScript: the only .ts files are the runtime sources clients receive.
    expect(
      packed
        .filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'))
        .every((p) => p.startsWith('dist/templates/runtime/')),
    ).toBe(true);
  });

  it('installs without tsx or vitest', async () => {
    for (const dev of ['tsx', 'vitest']) {
      await expect(stat(join(project, 'node_modules', dev))).rejects.toThrow(/ENOENT/);
    }
  });

  it('npx zcrm-codegen --version and init work in an empty project', async () => {
    const version = await sh(NPX, ['--no-install', 'zcrm-codegen', '--version'], project);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const init = await sh(
      NPX,
      ['--no-install', 'zcrm-codegen', 'init', '--org', 'acme', '--dc', 'eu', '--out', 'src/crm'],
      project,
    );
    expect(init.stdout).toContain(
      'zcrm.config.yaml: created with org "acme" (data center eu, output src/crm)',
    );
    expect(await readFile(join(project, '.env.example'), 'utf8')).toContain('ZCRM_ACME_CLIENT_ID=');
  });

  it('generate --snapshot --out writes a client that tsc accepts', async () => {
    await copyFile(join(REPO, 'generated/demo/metadata.json'), join(project, 'metadata.json'));
    const gen = await sh(
      NPX,
      [
        '--no-install',
        'zcrm-codegen',
        'generate',
        '--org',
        'acme',
        '--snapshot',
        'metadata.json',
        '--out',
        'src/crm',
      ],
      project,
    );
    expect(gen.stdout).toMatch(/^src\/crm: \d+ files \(\d+ written, 0 removed\)/);
    const client = await readFile(join(project, 'src/crm/client.d.ts'), 'utf8');
    expect(client).toContain('createClient');
    const tsc = await sh(
      process.execPath,
      [join(project, 'node_modules/typescript/bin/tsc'), '-p', 'src/crm/tsconfig.json', '--noEmit', '--skipLibCheck', 'false'],
      project,
    ).catch((e: { stdout?: string; stderr?: string }) => ({
      stdout: `${e.stdout ?? ''}${e.stderr ?? ''}`,
      stderr: 'failed',
    }));
    expect(tsc.stdout, tsc.stdout).toBe('');
    expect(tsc.stderr).toBe('');
  });

  it('zcrm-codegen emulator serves from the installed package and stops on SIGTERM with exit 0', async () => {
    const bin = join(project, 'node_modules/.bin/zcrm-codegen');
    const child = spawn(
      bin,
      ['emulator', '--snapshot', join(REPO, 'generated/demo/metadata.json'), '--records', '1'],
      {
        cwd: project,
        env: cleanEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (c: Buffer) => {
          text += c.toString();
          if (text.includes('admin: ')) resolve(text);
        });
        child.on('exit', (code) => reject(new Error(`emulator exited ${String(code)}: ${text}`)));
      });
      const url = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out)?.[1];
      expect(url).toBeDefined();
      const status = (await (await fetch(`${url}/__admin/status`)).json()) as {
        recordsPerModule: number;
      };
      expect(status.recordsPerModule).toBe(1);
    } finally {
      const exited = new Promise<number | null>((r) => child.on('exit', r));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
