#!/usr/bin/env node
// Entry point for `npm run bench`: lists the benchmarks this checkout has.
// Each benchmark is its own script (`npm run bench:<name> -- <data-dir>`); this
// runner measures nothing itself.
import { readFile } from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const benches = Object.keys(pkg.scripts).filter((name) => name.startsWith('bench:'));
if (benches.length === 0) {
  console.log('No benchmarks are defined yet. Later work adds `bench:<name>` scripts; run them as `npm run bench:<name> -- <data-dir>`.');
} else {
  console.log('Benchmarks (run one with `npm run <name> -- <data-dir>`; bench:queue draws its own pages and needs redis-server):');
  for (const name of benches) console.log(`  ${name}: ${pkg.scripts[name]}`);
}
