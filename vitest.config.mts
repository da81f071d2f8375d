import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

// One vitest run over every package and example. Package imports resolve to
// the sources, so a test sees the code as it is now, without a rebuild; tests
// of the CLI run the built binary (`npm test` builds first).
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@glossa\/core$/, replacement: src('core') },
      { find: /^@glossa\/node$/, replacement: src('node') },
      { find: /^@glossa\/browser$/, replacement: src('browser') },
      { find: /^@glossa\/gemini-translator$/, replacement: src('gemini-translator') },
      { find: /^@glossa\/queue$/, replacement: src('queue') },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'scripts/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: ONNX sessions already use both, so at most two test files run at once.
    maxWorkers: 2,
    pool: 'forks',
  },
});
