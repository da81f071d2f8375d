// `glossa models list | pull <id> | verify [id] | path [id]`: the model cache
// from the command line. Progress goes to stderr (a bar on a terminal, a line
// per 10% otherwise); results go to stdout so scripts can capture them.
import { Command } from 'commander';
import { isGlossaError } from '@glossa/core';
import { resolveModelsDir } from '../../models/cache-dir.js';
import { bundledModelManifest } from '../../models/manifest.js';
import { pullModel, type PullProgress } from '../../models/pull.js';
import { formatBytes, listModels, modelPath, resolveModel, verifyModel } from '../../models/store.js';
import { EXIT, setExitCode } from '../exit-codes.js';

interface DirOption {
  dir?: string;
}

/**
 * The `models` subcommand.
 * @internal
 */
export function modelsCommand(): Command {
  const models = new Command('models').description(
    'Manage downloaded models (cache: GLOSSA_MODELS_DIR, else the user cache dir)',
  );
  const dirOption = ['--dir <folder>', 'model cache folder (default: GLOSSA_MODELS_DIR or the user cache dir)'] as const;

  models
    .command('list')
    .description('List the models Glossa knows and whether each is downloaded')
    .option(...dirOption)
    .option('--json', 'print JSON')
    .action(async function (this: Command, options: DirOption & { json?: boolean }) {
      const rows = await listModels({ modelsDir: options.dir });
      if (options.json) {
        const out = rows.map((r) => ({ id: r.entry.id, task: r.entry.task, licence: r.entry.licence, bytes: r.bytes, status: r.status, dir: r.dir }));
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      } else {
        process.stdout.write(`Models in ${resolveModelsDir(options.dir)}\n`);
        for (const r of rows) {
          process.stdout.write(
            `  ${r.entry.id.padEnd(12)} ${r.entry.task.padEnd(8)} ${formatBytes(r.bytes).padStart(7)}  ${r.status.padEnd(10)} ${r.entry.licence}  ${r.entry.description}\n`,
          );
        }
      }
      setExitCode(this, EXIT.OK);
    })
    .exitOverride();

  models
    .command('pull')
    .description('Download a model, verify its SHA-256 and store it in the cache')
    .argument('<id>', `model id (${bundledModelManifest().models.map((m) => m.id).join(', ')})`)
    .option(...dirOption)
    .option('--force', 'download again even when a verified copy is cached')
    .option('--base-url <url>', 'download from a mirror laid out as <url>/<id>/<file> (default: GLOSSA_MODELS_BASE_URL or the manifest URLs)')
    .action(async function (this: Command, id: string, options: DirOption & { force?: boolean; baseUrl?: string }) {
      const controller = new AbortController();
      const onSigint = () => controller.abort();
      process.once('SIGINT', onSigint);
      const progress = progressReporter(process.stderr);
      try {
        const model = await pullModel(id, {
          modelsDir: options.dir,
          force: options.force,
          baseUrl: options.baseUrl,
          signal: controller.signal,
          onProgress: progress,
        });
        process.stdout.write(`${model.path}\n`);
        setExitCode(this, EXIT.OK);
      } catch (error) {
        if (isGlossaError(error) && error.code === 'DOWNLOAD_FAILED') {
          const file = modelPath(id, { modelsDir: options.dir });
          process.stderr.write(
            `glossa: offline? Copy the verified file to ${file}, or point --base-url / GLOSSA_MODELS_BASE_URL at a mirror (docs/models.md).\n`,
          );
        }
        throw error;
      } finally {
        progress.end();
        process.removeListener('SIGINT', onSigint);
      }
    })
    .exitOverride();

  models
    .command('verify')
    .description('Re-hash downloaded models against the manifest (all downloaded models when no id is given)')
    .argument('[id]', 'model id')
    .option(...dirOption)
    .action(async function (this: Command, id: string | undefined, options: DirOption) {
      const ids = id ? [id] : (await listModels({ modelsDir: options.dir })).filter((m) => m.status !== 'missing').map((m) => m.entry.id);
      if (ids.length === 0) process.stdout.write('No model is downloaded; run `glossa models pull lama`.\n');
      let failed = false;
      for (const model of ids) {
        const result = await verifyModel(model, { modelsDir: options.dir });
        for (const f of result.files) {
          process.stdout.write(`${f.status === 'ok' ? 'ok  ' : 'FAIL'} ${model} ${f.name} ${f.status}  ${f.path}\n`);
        }
        if (!result.ok) {
          failed = true;
          const missing = result.files.every((f) => f.status === 'missing');
          process.stderr.write(`glossa: run \`glossa models pull ${model}\` to download it${missing ? '' : ' again'}.\n`);
        }
      }
      setExitCode(this, failed ? EXIT.FAILED : EXIT.OK);
    })
    .exitOverride();

  models
    .command('path')
    .description("Print the cache folder, or a model's file path (exit 1 when it is not downloaded)")
    .argument('[id]', 'model id')
    .option(...dirOption)
    .action(async function (this: Command, id: string | undefined, options: DirOption) {
      if (!id) {
        process.stdout.write(`${resolveModelsDir(options.dir)}\n`);
        return setExitCode(this, EXIT.OK);
      }
      process.stdout.write(`${modelPath(id, { modelsDir: options.dir })}\n`);
      try {
        await resolveModel(id, { modelsDir: options.dir });
        setExitCode(this, EXIT.OK);
      } catch (error) {
        process.stderr.write(`glossa: ${(error as Error).message}\n`);
        setExitCode(this, EXIT.FAILED);
      }
    })
    .exitOverride();

  return models;
}

/** Draws download progress: a redrawn bar on a terminal, a plain line per 10% otherwise. */
function progressReporter(stream: NodeJS.WriteStream): ((p: PullProgress) => void) & { end(): void } {
  const tty = stream.isTTY === true;
  let lastDraw = 0;
  let lastDecile = -1;
  let started = 0;
  let drawn = false;
  const report = (p: PullProgress) => {
    const pct = p.total > 0 ? p.done / p.total : 1;
    if (p.stage === 'check') stream.write(`Checking ${p.id}/${p.file}...\n`);
    else if (p.stage === 'cached') stream.write(`${p.id}/${p.file} is already downloaded and verified.\n`);
    else if (p.stage === 'retry') {
      if (drawn) stream.write('\n');
      drawn = false;
      stream.write(`Connection failed; retrying (attempt ${p.attempt}).\n`);
      lastDecile = -1;
    } else if (p.stage === 'verify') {
      if (drawn) stream.write('\n');
      drawn = false;
      stream.write(`${p.id}/${p.file}: ${formatBytes(p.total)} downloaded, SHA-256 verified.\n`);
    } else if (p.stage === 'download') {
      const now = Date.now();
      if (started === 0 || p.done === 0) started = now;
      if (tty) {
        if (now - lastDraw < 100 && p.done < p.total) return;
        lastDraw = now;
        const width = 30;
        const full = Math.round(pct * width);
        const rate = p.done / Math.max(0.001, (now - started) / 1000);
        stream.write(
          `\r${p.id}/${p.file} [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${(pct * 100).toFixed(0).padStart(3)}% ` +
            `${formatBytes(p.done)} / ${formatBytes(p.total)}  ${formatBytes(rate)}/s   `,
        );
        drawn = true;
      } else {
        const decile = Math.floor(pct * 10);
        if (decile === lastDecile) return;
        lastDecile = decile;
        stream.write(`${p.id}/${p.file}: ${decile * 10}% (${formatBytes(p.done)} of ${formatBytes(p.total)})\n`);
      }
    }
  };
  return Object.assign(report, {
    end() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  });
}
