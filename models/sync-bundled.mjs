#!/usr/bin/env node
// Copies models/manifest.json into packages/node/src/models/bundled-manifest.ts,
// so the published @glossa/node carries the manifest inside its bundle (the
// package ships only dist/). Run after editing the manifest:
//   node models/sync-bundled.mjs
// packages/node/test/models/manifest.test.ts fails when the two differ.
import { readFileSync, writeFileSync } from 'node:fs';

const json = JSON.parse(readFileSync(new URL('./manifest.json', import.meta.url), 'utf8'));
const target = new URL('../packages/node/src/models/bundled-manifest.ts', import.meta.url);
writeFileSync(
  target,
  `// Generated from models/manifest.json by \`node models/sync-bundled.mjs\`; do not edit by hand.\n` +
    `/** @internal */\n` +
    `export const BUNDLED_MANIFEST_JSON: unknown = ${JSON.stringify(json, null, 2)};\n`,
);
console.log(`wrote ${target.pathname}`);
