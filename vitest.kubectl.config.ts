import { defineConfig } from 'vitest/config';

// The kubectl cross-checks: `.ci/run` runs them when kubectl is on PATH; `npm test` never does.
export default defineConfig({
  test: {
    include: ['test/**/*.check.ts'],
    testTimeout: 60_000,
  },
});
