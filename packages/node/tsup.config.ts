import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    // import.meta.url (used to find bundled fonts and models) needs a shim in the CJS build.
    shims: true,
    target: 'node20',
    define: { __GLOSSA_VERSION__: JSON.stringify(version) },
  },
  {
    // The CLI ships as ESM only; it is an executable, not an import target.
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    define: { __GLOSSA_VERSION__: JSON.stringify(version) },
  },
]);
