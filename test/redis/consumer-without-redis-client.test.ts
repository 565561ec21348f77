/**
 * A consumer that has not installed @redis/client (the peer is optional): the runtime, copied into a
 * project whose node_modules holds only undici and @types/node, type-checks under strict settings
 * (exactOptionalPropertyTypes included) and runs; asking for `redis.url` there fails with a clear
 * CoordinationError saying what to install — before anything is sent.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostics, typeCheck } from '../helpers/type-check.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

describe('a consumer without @redis/client', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zcrm-consumer-'));
    await cp(join(root, 'templates/runtime'), join(dir, 'runtime'), {
      recursive: true,
      filter: (src) => !src.endsWith('.md'),
    });
    await mkdir(join(dir, 'node_modules/@types'), { recursive: true });
    await symlink(join(root, 'node_modules/undici'), join(dir, 'node_modules/undici'));
    await symlink(join(root, 'node_modules/@types/node'), join(dir, 'node_modules/@types/node'));
    await writeFile(join(dir, 'package.json'), '{"type":"module"}\n');
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2023'],
          types: ['node'],
          strict: true,
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: true,
          verbatimModuleSyntax: true,
          skipLibCheck: false,
          noEmit: true,
        },
        include: ['runtime/**/*.ts', 'main.ts'],
      }),
    );
    await writeFile(
      join(dir, 'main.ts'),
      `import { ZohoCore, CoordinationError } from './runtime/index.js';
const plain = new ZohoCore({ auth: { accessToken: 'x' }, apiDomain: 'http://127.0.0.1:9' });
await plain.close();
const shared = new ZohoCore({
  auth: { clientId: 'id', clientSecret: 'secret', refreshToken: 'refresh' },
  apiDomain: 'http://127.0.0.1:9',
  accountsUrl: 'http://127.0.0.1:9',
  redis: { url: 'redis://127.0.0.1:9' },
});
try {
  await shared.request({ method: 'GET', path: '/crm/v8/Leads', operation: 'listRecords' });
  console.log('unexpected success');
} catch (err) {
  console.log(err instanceof CoordinationError ? 'CoordinationError: ' + err.message : 'other: ' + String(err));
}
await shared.close();
`,
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('type-checks the runtime and a program using it', () => {
    const { rootNames, diagnostics } = typeCheck({ tsconfig: join(dir, 'tsconfig.json') });
    expect(rootNames).toContain(join(dir, 'main.ts'));
    expect(formatDiagnostics(diagnostics)).toBe('');
  });

  it('runs; `redis.url` then fails with a CoordinationError naming the package to install', async () => {
    const tsx = join(root, 'node_modules/tsx/dist/esm/index.mjs');
    const { stdout } = await run(process.execPath, ['--import', tsx, join(dir, 'main.ts')], {
      cwd: dir,
    });
    expect(stdout).toContain('CoordinationError: ');
    expect(stdout).toContain('npm install @redis/client');
  });
});
