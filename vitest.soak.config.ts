/**
 * Long chaos and soak tests (`test/**\/*.soak.test.ts`): `npm run test:soak`, apart from `npm test`
 * (vitest.config.ts excludes them) so the everyday suite stays fast; .ci/run runs both.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.soak.test.ts'],
    // Tests write under os.tmpdir(): a file left in the repository fails the run.
    globalSetup: ['test/helpers/repo-untouched.setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One at a time: each soak test loads the machine on its own terms (worker processes, a paused Redis).
    fileParallelism: false,
  },
});
