import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('.', import.meta.url)),
      // `server-only` throws outside a React Server environment; lib code is plain Node in tests.
      'server-only': fileURLToPath(new URL('./lib/testing/server-only-stub.ts', import.meta.url)),
    },
  },
  test: {
    include: ['lib/**/*.test.ts', 'scripts/**/*.test.ts'],
    globalSetup: ['./lib/testing/global-setup.ts'],
    setupFiles: ['./lib/testing/worker-database.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two files at once, each worker on its own copy of the database (TEST_WORKERS in lib/testing/global-setup.ts).
    maxWorkers: 2,
    pool: 'forks',
  },
});
