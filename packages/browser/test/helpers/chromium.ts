// Drives real headless Chromium (Debian's /usr/bin/chromium) from Node tests
// through playwright-core. Everything the page loads comes from a static server
// on 127.0.0.1 started here; the browser never touches the network.
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { describe } from 'vitest';

export const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
export const CHROMIUM = process.env.GLOSSA_CHROMIUM ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);

/**
 * `describe` for suites that need Chromium: without it they fail in CI
 * (`CI` set) and are skipped, with a message saying why, elsewhere.
 */
export function describeInChromium(name: string, body: () => void): void {
  if (HAS_CHROMIUM) {
    describe(name, body);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      // A describe with no test passes silently; this one fails loudly.
      throw new Error(`${CHROMIUM} is missing; install it with: apt-get install -y chromium fonts-noto-cjk`);
    });
    return;
  }
  console.warn(`[skip] ${name}: ${CHROMIUM} is missing (apt-get install -y chromium fonts-noto-cjk to run the browser tests)`);
  describe.skip(name, body);
}

export interface Chromium {
  context: BrowserContext;
  /** Opens a page and forwards its console errors and uncaught exceptions to `errors`. */
  open(url: string): Promise<Page>;
  errors: string[];
  close(): Promise<void>;
}

/**
 * Launches Chromium headless with a fresh profile. `--enable-unsafe-webgpu`
 * is all WebGPU needs here: without a GPU, Chromium offers SwiftShader as a
 * fallback adapter (found by probing: `--use-angle`/`--use-webgpu-adapter`
 * change nothing on this machine). WebGPU exists only in secure contexts, and
 * http://127.0.0.1 is one.
 */
export async function launchChromium(): Promise<Chromium> {
  const profile = mkdtempSync(join(tmpdir(), 'glossa-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--no-sandbox',
      '--enable-unsafe-webgpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-default-apps',
    ],
  });
  const errors: string[] = [];
  return {
    context,
    errors,
    async open(url) {
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console: ${m.text()}`);
      });
      await page.goto(url);
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.onnx': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

export interface StaticServer {
  url: string;
  /** Paths requested so far, in order (to check what came from the network and what from the cache); other methods than GET as `HEAD /path`. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Serves folders on 127.0.0.1: `mounts` maps a URL prefix (`/models/`) to a
 * folder. Paths are confined to their folder.
 */
export async function serveStatic(mounts: Record<string, string>): Promise<StaticServer> {
  const entries = Object.entries(mounts).sort((a, b) => b[0].length - a[0].length);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    // GETs as the bare path; other methods (HEAD) prefixed, so counts of downloads stay GETs.
    requests.push(req.method === 'GET' || req.method === undefined ? path : `${req.method} ${path}`);
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    const mount = entries.find(([prefix]) => path.startsWith(prefix));
    if (!mount) return void res.writeHead(404).end('not found');
    const root = resolve(mount[1]);
    let file = normalize(join(root, path.slice(mount[0].length)));
    if (file !== root && !file.startsWith(root + sep)) return void res.writeHead(403).end('forbidden');
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return void res.writeHead(404).end('not found');
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': statSync(file).size,
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/**
 * Bundles browser entry points (TypeScript) into `outdir` with esbuild, with
 * `@glossa/*` resolved to the package sources as in the vitest config.
 */
export async function bundleForBrowser(entryPoints: Record<string, string>, outdir: string): Promise<void> {
  const src = (pkg: string) => join(REPO, 'packages', pkg, 'src', 'index.ts');
  await build({
    entryPoints,
    outdir,
    bundle: true,
    format: 'esm',
    // Code splitting as real bundlers do: the translator imports its engine
    // on demand, and esbuild without splitting would inline that import as a
    // lazily initialised module, which onnxruntime-web's bundle does not survive.
    splitting: true,
    platform: 'browser',
    target: 'es2022',
    sourcemap: 'linked',
    logLevel: 'error',
    alias: {
      '@glossa/core': src('core'),
      '@glossa/browser': src('browser'),
      '@glossa/gemini-translator': src('gemini-translator'),
    },
  });
}

/** The folder holding onnxruntime-web's wasm files. */
export const ORT_DIST = join(REPO, 'node_modules', 'onnxruntime-web', 'dist');
/** The PP-OCR model files. */
export const MODELS_DIR = join(REPO, 'node_modules', '@gutenye', 'ocr-models', 'assets');
/** Where tests keep artefacts (git-ignored). */
export const TEST_OUTPUT = join(REPO, 'test-output', 'browser');
