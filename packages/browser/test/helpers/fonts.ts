import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BUNDLED_FONT_FILES } from '../../src/canvas.js';
import { REPO } from './chromium.js';

/** A folder with links to the bundled Noto files, flat, as an app would serve them. */
export function linkFonts(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const require = createRequire(join(REPO, 'package.json'));
  for (const { pkg, file } of Object.values(BUNDLED_FONT_FILES)) {
    symlinkSync(join(dirname(require.resolve(pkg)), '..', 'fonts', file), join(dir, file));
  }
}
