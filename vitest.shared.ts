import { defineConfig } from 'vitest/config';

/** One vitest setup for every package: a JSON report per package lets `.ci/run` total the results. */
export const sharedConfig = defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    benchmark: { include: ['bench/**/*.bench.ts'] },
  },
});
