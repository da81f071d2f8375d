import { Command, CommanderError } from 'commander';
import { isGlossaError } from '@glossa/core';
import { EXIT } from './exit-codes.js';
import { printable } from './names.js';
import { ocrCommand } from './commands/ocr.js';
import { modelsCommand } from './commands/models.js';
import { renderCommand } from './commands/render.js';
import { translateCommand } from './commands/translate.js';
import { eraseCommand } from './commands/erase.js';
import { workerCommand } from './commands/worker.js';

// Each subcommand lives in its own file under ./commands and exports a
// function returning a commander Command. Add new ones to this list.
const COMMANDS: Array<() => Command> = [translateCommand, ocrCommand, modelsCommand, renderCommand, eraseCommand, workerCommand];

/**
 * Runs the `glossa` CLI with `argv` (without the node and script entries) and
 * resolves to the process exit code: 0 success, 1 some work failed, 2 usage error.
 * @internal
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = new Command('glossa')
    .description('Translate the text inside images: OCR, translation, text erasure and typesetting.')
    .version(VERSION, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const make of COMMANDS) program.addCommand(make().exitOverride());
  let code: number = EXIT.OK;
  program.hook('postAction', (_this, action) => {
    const result = (action as Command & { exitCodeResult?: number }).exitCodeResult;
    if (typeof result === 'number') code = result;
  });
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit through here with code 0.
      return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    if (isGlossaError(error)) {
      process.stderr.write(`glossa: ${error.code}: ${error.message}\n`);
      return error.code === 'INVALID_INPUT' ? EXIT.USAGE : EXIT.FAILED;
    }
    if (isFileSystemError(error)) {
      // ENOENT, EACCES, ENOSPC...: the user's to fix, so one line with the code, not a stack trace.
      process.stderr.write(`glossa: ${error.code}: ${printable(error.message)}\n`);
      return EXIT.USAGE;
    }
    process.stderr.write(`glossa: ${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT.FAILED;
  }
}

function isFileSystemError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  const e = error as NodeJS.ErrnoException | undefined;
  return typeof e?.code === 'string' && /^E[A-Z]+$/.test(e.code) && typeof e.syscall === 'string';
}

declare const __GLOSSA_VERSION__: string;
const VERSION = typeof __GLOSSA_VERSION__ === 'string' ? __GLOSSA_VERSION__ : '0.0.0';
