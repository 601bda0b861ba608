import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Native modules (sharp, ORT, better-sqlite3) are happier in forked processes than in threads.
    pool: 'forks',
    reporters: ['default', './app/testing/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'core', include: ['app/**/*.test.ts', 'native-models/**/*.test.ts', 'main/**/*.test.ts', 'bench/**/*.test.ts', 'e2e/**/*.e2e.test.ts'] },
      },
      {
        // The renderer's tests run as the renderer does: runes (*.svelte.ts, *.svelte.test.ts) compiled by Svelte for
        // the browser, in a DOM.
        extends: true,
        plugins: [svelte()],
        test: { name: 'renderer', include: ['renderer/**/*.test.ts'], environment: 'jsdom' },
      },
    ],
  },
});
