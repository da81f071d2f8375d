#!/usr/bin/env node
import { runCli } from './cli/main.js';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`glossa: ${String((error as Error)?.stack ?? error)}\n`);
    process.exitCode = 1;
  },
);
