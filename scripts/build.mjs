// `npm run build`: dist/ with the repository's layout, so paths the generator computes from its own
// location (../../spec, ../../templates, ../../package.json) hold in the package as in the repository.
//   dist/bin, dist/generator, dist/templates/runtime   compiled by tsc (tsconfig.build.json)
//   dist/spec, dist/templates (runtime .ts sources and .hbs), dist/package.json   copied
//   dist/generator/emit/format-worker.mjs              copied (plain JavaScript, run as a worker)
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
const notTest = (src) => !/\.test\.ts$/.test(src);
cpSync(join(root, 'spec'), join(dist, 'spec'), { recursive: true });
cpSync(join(root, 'templates'), join(dist, 'templates'), { recursive: true, filter: notTest });
cpSync(join(root, 'package.json'), join(dist, 'package.json'));
cpSync(
  join(root, 'generator/emit/format-worker.mjs'),
  join(dist, 'generator/emit/format-worker.mjs'),
);
chmodSync(join(dist, 'bin/zcrm-codegen.js'), 0o755);
