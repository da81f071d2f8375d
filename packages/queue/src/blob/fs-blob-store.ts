import { mkdir, readFile, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { invalidParameter } from '@glossa/core';
import type { BlobStore } from './blob-store.js';

/** A {@link BlobStore} in a folder, with a sweep for expired files. */
export interface FileBlobStore extends BlobStore {
  /** The folder. */
  readonly dir: string;
  /** Deletes the files whose time-to-live has passed; returns how many. Run it now and then (e.g. hourly). */
  sweep(): Promise<number>;
}

/**
 * Keeps blobs as files in a folder that every machine mounts (NFS, EFS, a
 * Kubernetes ReadWriteMany volume): image bytes then stay out of Redis. Each
 * file's modification time is set to its expiry; `get` ignores expired files
 * and `sweep()` deletes them. Writes go to a temporary file first and are
 * renamed into place, so a reader never sees half a file.
 *
 * @param dir - the shared folder; created when missing
 * @example
 * ```ts
 * const blobStore = createFileBlobStore('/mnt/glossa-blobs');
 * const queue = createTranslationQueue({ connection: 'redis://redis:6379', blobStore });
 * const worker = await startWorker({ connection: 'redis://redis:6379', blobStore });
 * ```
 */
export function createFileBlobStore(dir: string): FileBlobStore {
  if (typeof dir !== 'string' || !dir) {
    throw invalidParameter('dir', 'a folder path', dir);
  }
  let made: Promise<unknown> | undefined;
  const ensureDir = () => (made ??= mkdir(dir, { recursive: true }));
  // Keys hold ':' and '/'; file names get a reversible, portable spelling.
  const fileOf = (key: string) => join(dir, encodeURIComponent(key));
  let counter = 0;
  return {
    dir,
    async put(key, data, ttlSeconds) {
      await ensureDir();
      const file = fileOf(key);
      const temp = `${file}.${process.pid}.${counter++}.tmp`;
      await writeFile(temp, data);
      const expires = new Date(Date.now() + ttlSeconds * 1000);
      await utimes(temp, expires, expires);
      await rename(temp, file);
    },
    async get(key) {
      const file = fileOf(key);
      try {
        const info = await stat(file);
        if (info.mtimeMs < Date.now()) return undefined;
        return await readFile(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async delete(keys) {
      await Promise.all(keys.map((key) => rm(fileOf(key), { force: true })));
    },
    async sweep() {
      await ensureDir();
      let removed = 0;
      const now = Date.now();
      for (const name of await readdir(dir)) {
        const file = join(dir, name);
        const info = await stat(file).catch(() => undefined);
        // A temporary file is being written (its time is the write's); only stale ones go.
        const expired = name.endsWith('.tmp') ? (info?.mtimeMs ?? now) < now - 3_600_000 : (info?.mtimeMs ?? now) < now;
        if (info?.isFile() && expired) {
          await rm(file, { force: true });
          removed++;
        }
      }
      return removed;
    },
  };
}
