import type { Redis } from 'ioredis';
import { openRedis, type RedisConnection } from '../connection.js';
import type { BlobStore } from './blob-store.js';

/** A {@link BlobStore} on Redis, with the store's own connection; free it with `close()`. */
export interface RedisBlobStore extends BlobStore {
  /** Closes the store's Redis connection, when the store opened it. Idempotent. */
  close(): Promise<void>;
}

/**
 * Keeps blobs in Redis string keys that expire after their time-to-live: the
 * default store, which needs nothing but the Redis every machine already
 * shares. Mind Redis's memory: a page's input and outputs are held until the
 * page is done and for the result retention after it.
 *
 * @param connection - a Redis URL or ioredis options, or an ioredis client to share (not closed by `close()`)
 * @example
 * ```ts
 * const blobStore = createRedisBlobStore('redis://localhost:6379');
 * ```
 */
export function createRedisBlobStore(connection: RedisConnection | Redis): RedisBlobStore {
  const owned = typeof connection === 'string' || !('duplicate' in connection);
  const redis = owned ? openRedis(connection as RedisConnection) : (connection as Redis);
  let closed = false;
  return {
    async put(key, data, ttlSeconds) {
      await redis.set(key, Buffer.from(data.buffer, data.byteOffset, data.byteLength), 'EX', Math.max(1, Math.ceil(ttlSeconds)));
    },
    async get(key) {
      return (await redis.getBuffer(key)) ?? undefined;
    },
    async delete(keys) {
      if (keys.length > 0) await redis.del(...keys);
    },
    async close() {
      if (closed || !owned) return;
      closed = true;
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
