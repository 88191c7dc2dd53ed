import { defineConfig } from 'vitest/config';

// Tests that start containers are slow and share one Docker engine on a 2-core machine, so files run
// one at a time; pure tests are fast enough that this costs little.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
