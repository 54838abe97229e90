import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // e2e suites start real PostgreSQL servers and child processes.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
