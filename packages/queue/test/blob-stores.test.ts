import { mkdtemp, readdir, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileBlobStore, createRedisBlobStore, type BlobStore } from '@glossa/queue';
import { redisSkipReason, startRedis, type RedisServer } from './helpers/redis-server.js';

async function roundTrip(store: BlobStore) {
  const bytes = Buffer.from([0, 1, 2, 250, 255]);
  await store.put('glossa:test:blob:a:0:input', bytes, 60);
  expect(await store.get('glossa:test:blob:a:0:input')).toEqual(bytes);
  expect(await store.get('glossa:test:blob:missing')).toBeUndefined();
  await store.delete(['glossa:test:blob:a:0:input', 'glossa:test:blob:never']);
  expect(await store.get('glossa:test:blob:a:0:input')).toBeUndefined();
}

describe('file blob store', () => {
  it('stores, reads and deletes bytes under keys with colons', async () => {
    await roundTrip(createFileBlobStore(await mkdtemp(join(tmpdir(), 'glossa-blobs-'))));
  });

  it('hides expired blobs and sweeps them away', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'glossa-blobs-'));
    const store = createFileBlobStore(dir);
    await store.put('old', Buffer.from('old'), 60);
    await store.put('new', Buffer.from('new'), 60);
    // Age one blob past its time-to-live.
    const past = new Date(Date.now() - 1000);
    await utimes(join(dir, 'old'), past, past);
    expect(await store.get('old')).toBeUndefined();
    expect(await store.sweep()).toBe(1);
    expect(await readdir(dir)).toEqual(['new']);
    expect((await store.get('new'))?.toString()).toBe('new');
  });
});

describe.skipIf(redisSkipReason())('Redis blob store', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('stores, reads and deletes bytes, with a time-to-live', async () => {
    const store = createRedisBlobStore(redis.url);
    try {
      await roundTrip(store);
      await store.put('short', Buffer.from('x'), 1);
      expect(await store.get('short')).toBeDefined();
      await new Promise((r) => setTimeout(r, 2100));
      expect(await store.get('short')).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});
