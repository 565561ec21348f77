import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'generator/**/*.test.ts', 'templates/runtime/**/*.test.ts'],
    // Long chaos and soak tests run apart: `npm run test:soak` (vitest.soak.config.ts).
    exclude: ['**/node_modules/**', '**/*.soak.test.ts'],
    globalSetup: [
      // The demo client and its consumers are type-checked once per run (test/helpers/shared-type-check.ts).
      'test/helpers/shared-type-check.setup.ts',
      // Tests write under os.tmpdir(): a file left in the repository fails the run.
      'test/helpers/repo-untouched.setup.ts',
    ],
    // End-to-end tests start the emulator and run tsc; give them room on a 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One worker process runs file after file (vitest's default on 2 cores is a single worker) without a
    // fresh process per file: that fresh start re-imported ts-morph, typescript and prettier 71 times,
    // a third of the suite's CPU. Every file passes on its own too (`npx vitest run <file>`), so none
    // leans on another's leftovers; none sets globals, env or module mocks.
    isolate: false,
  },
});
