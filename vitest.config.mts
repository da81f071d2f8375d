import { defineConfig } from 'vitest/config';

// One vitest run over every package and example. Tests import the built
// packages (`npm test` builds first), exactly as users do.
export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: ONNX sessions already use both, so test files run two at a time at most.
    maxWorkers: 2,
    pool: 'forks',
  },
});
