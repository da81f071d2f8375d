import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BUNDLED_FONT_FACES } from '@glossa/core';
import { bundleForBrowser, launchChromium, MODELS_DIR, ORT_DIST, REPO, serveStatic, type Chromium, type StaticServer } from './chromium.js';

/** A folder with links to the bundled Noto files, flat, as an app would serve them. */
export function linkFonts(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const require = createRequire(join(REPO, 'package.json'));
  for (const { pkg, file, path } of BUNDLED_FONT_FACES) {
    // Most packages keep their files in fonts/ beside dist/; others export the file's own subpath.
    symlinkSync(path ? require.resolve(`${pkg}/${path}`) : join(dirname(require.resolve(pkg)), '..', 'fonts', file), join(dir, file));
  }
}

/**
 * What an engine test page needs: the fonts linked into `dir`, `pages/<page>-page.ts`
 * and the worker entry bundled there, a static server (ORT files, models,
 * pages, `mounts`, `dir`) and Chromium.
 */
export async function startEngineHarness(dir: string, page: string, mounts: Record<string, string> = {}): Promise<{ server: StaticServer; browser: Chromium }> {
  linkFonts(join(dir, 'fonts'));
  const tests = join(import.meta.dirname, '..');
  await bundleForBrowser({ [`${page}-page`]: join(tests, 'pages', `${page}-page.ts`), worker: join(tests, '..', 'src', 'worker.ts') }, dir);
  const server = await serveStatic({ '/ort/': ORT_DIST, '/models/': MODELS_DIR, '/pages/': join(tests, 'pages'), ...mounts, '/': dir });
  return { server, browser: await launchChromium() };
}
