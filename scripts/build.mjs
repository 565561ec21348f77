// `npm run build`: dist/ with the repository's layout, so paths the generator computes from its own
// location (../../spec, ../../templates, ../../package.json) hold in the package as in the repository.
//   dist/bin, dist/generator, dist/templates/runtime   compiled by tsc (tsconfig.build.json)
//   dist/spec, dist/templates (runtime .ts sources and .hbs), dist/package.json   copied
//   dist/runtime-bundle                                the compiled runtime and spec types (runtime-bundle.ts), the bundled spec (bundled-spec.ts)
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
// The org-independent runtime bundle (compiled runtime + the spec's types), built once here so an installed
// generator never compiles it: generate finds it in dist/runtime-bundle by its content hash.
execFileSync(
  process.execPath,
  [
    '--input-type=module',
    '-e',
    `const { runtimeBundle, PREBUILT_DIR } = await import(${JSON.stringify(join(dist, 'generator/emit/runtime-bundle.js'))});
     const { version } = JSON.parse((await import('node:fs')).readFileSync(${JSON.stringify(join(root, 'package.json'))}, 'utf8'));
     await runtimeBundle({ generatorVersion: version, cacheDir: PREBUILT_DIR });
     const { loadBundledSpec } = await import(${JSON.stringify(join(dist, 'generator/openapi/bundled-spec.js'))});
     await loadBundledSpec({ cacheDir: PREBUILT_DIR });`,
  ],
  { stdio: 'inherit' },
);
chmodSync(join(dist, 'bin/zcrm-codegen.js'), 0o755);
