import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['app/**/*.test.ts', 'native-models/**/*.test.ts', 'main/**/*.test.ts', 'bench/**/*.test.ts', 'renderer/**/*.test.ts', 'e2e/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Native modules (sharp, ORT, better-sqlite3) are happier in forked processes than in threads.
    pool: 'forks',
    reporters: ['default', './app/testing/summary-reporter.ts'],
  },
});
