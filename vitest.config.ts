import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Servers, child processes and file watchers: separate processes keep one test file's
    // listeners and timers from leaking into another's.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
