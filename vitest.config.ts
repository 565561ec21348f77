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
  },
});
