/**
 * Where image bytes live while a batch runs, so that job data stays small:
 * inputs go in at `submit`, outputs come out of the worker, and both are
 * deleted once they are no longer needed or their time-to-live has passed.
 *
 * Glossa ships a Redis store (the default) and a filesystem store. Any other
 * store, such as S3 or another object store, is an object with these three
 * methods; see docs/scale-out.md.
 *
 * @example
 * ```ts
 * // An S3-compatible store, with the AWS SDK v3 (lifecycle rules expire old objects):
 * const s3Store: BlobStore = {
 *   async put(key, data) { await s3.send(new PutObjectCommand({ Bucket, Key: key, Body: data })); },
 *   async get(key) {
 *     try { const r = await s3.send(new GetObjectCommand({ Bucket, Key: key })); return Buffer.from(await r.Body!.transformToByteArray()); }
 *     catch (e) { if ((e as { name?: string }).name === 'NoSuchKey') return undefined; throw e; }
 *   },
 *   async delete(keys) { await Promise.all(keys.map((Key) => s3.send(new DeleteObjectCommand({ Bucket, Key })))); },
 * };
 * ```
 */
export interface BlobStore {
  /**
   * Stores `data` under `key`, replacing what was there.
   * @param ttlSeconds - how long to keep it at least; the store may delete it afterwards
   */
  put(key: string, data: Uint8Array, ttlSeconds: number): Promise<void>;
  /** The bytes under `key`, or `undefined` when there are none (never stored, deleted or expired). */
  get(key: string): Promise<Buffer | undefined>;
  /** Deletes the keys; keys that do not exist are ignored. */
  delete(keys: readonly string[]): Promise<void>;
}
