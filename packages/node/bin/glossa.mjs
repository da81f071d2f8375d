#!/usr/bin/env node
// The `glossa` command: a launcher committed to the repository, because npm
// links a package's bins when it is installed, before `npm run build` makes
// dist/. A bin pointing into dist/ is then never linked, and `npx glossa`
// says "could not determine executable to run".
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write(
    `glossa: the CLI is not built yet (${fileURLToPath(cli)} is missing).\n` +
      'Run `npm run build` (or `npm run demo`) at the root of the Glossa repository, then try again.\n',
  );
  process.exit(1);
}
await import(cli.href);
