// `glossa worker --redis` and `glossa translate --redis`, with the built CLI
// (`npm test` builds first): the queue path writes what the in-process
// command writes.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productPage, productScript, productTitle } from '../../../scripts/lib/product-pages.mjs';
import { CLI, runGlossa } from '../../node/test/helpers/run-cli.js';
import { redisSkipReason, startRedis, type RedisServer } from './helpers/redis-server.js';

describe.skipIf(redisSkipReason())('glossa worker / translate --redis', () => {
  let redis: RedisServer;
  let dir: string;

  beforeAll(async () => {
    redis = await startRedis();
    dir = await mkdtemp(join(tmpdir(), 'glossa-queue-cli-'));
    for (const n of [0, 1, 2]) await writeFile(join(dir, `page-${n}.png`), productPage(n));
    await writeFile(join(dir, 'script.en.json'), JSON.stringify(productScript));
  });

  afterAll(async () => {
    await redis?.stop();
  });

  it('translates through a worker process exactly as in-process, and the worker stops on SIGTERM', async () => {
    const worker = spawn(process.execPath, [CLI, 'worker', '--redis', redis.url, '--device', 'cpu', '--inpainter', 'classical'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    worker.stderr.on('data', (d: Buffer) => (log += d.toString()));
    const exited = new Promise<number | null>((resolve) => worker.once('exit', (code) => resolve(code)));
    try {
      const inputs = [0, 1, 2].map((n) => join(dir, `page-${n}.png`));
      const common = ['translate', ...inputs, '--to', 'en', '--translations', join(dir, 'script.en.json'), '--format', 'png,json', '--no-progress'];
      const queued = await runGlossa([...common, '--redis', redis.url, '-o', join(dir, 'queued')]);
      expect(queued.stderr).toContain('3 pages done, 0 failed');
      expect(queued.code).toBe(0);
      const local = await runGlossa([...common, '--device', 'cpu', '--inpainter', 'classical', '-o', join(dir, 'local')]);
      expect(local.code).toBe(0);

      expect((await readdir(join(dir, 'queued'))).sort()).toEqual((await readdir(join(dir, 'local'))).sort());
      const okLines = (out: string) => out.split('\n').filter((l) => l.startsWith('ok ')).map((l) => l.replace(/ \(\d+ ms\)$/, '').replaceAll(/queued|local/g, 'OUT')).sort();
      expect(okLines(queued.stdout)).toEqual(okLines(local.stdout));
      for (const n of [0, 1, 2]) {
        const page = JSON.parse(await readFile(join(dir, 'queued', `page-${n}.json`), 'utf8')) as { blocks: { translation?: string }[] };
        expect(page.blocks.map((b) => b.translation)).toContain(productTitle(n));
      }
      expect(log).toMatch(/done \S+ #2 /);
    } finally {
      worker.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(log).toContain('SIGTERM: finishing the pages held');
  }, 120_000);

  it('fails with TIMEOUT, naming the address, when no Redis answers', async () => {
    const run = await runGlossa(['translate', join(dir, 'page-0.png'), '--to', 'en', '--redis', 'redis://127.0.0.1:1', '-o', join(dir, 'nowhere')], { timeoutMs: 60_000 });
    expect(run.stderr).toContain('TIMEOUT: Redis at redis://127.0.0.1:1 did not answer');
    expect(run.code).toBe(1);
  }, 60_000);
});
