// A model file is hashed once: its size, modification time and SHA-256 are
// then recorded beside it (`<file>.verified.json`), and later checks trust the
// file while its size and mtime still match the record. Any change to either
// (a replaced, truncated or edited file) means hashing it again. Hashing the
// 200 MB LaMa file on every start would cost about a second; trusting its
// size alone let a damaged file through (same size, wrong bytes).
import { readFile, stat, unlink, writeFile } from 'node:fs/promises';

/** What is recorded about a verified file. @internal */
export interface VerifiedRecord {
  size: number;
  mtimeMs: number;
  sha256: string;
}

/** The record's path for a model file. @internal */
export function recordPath(path: string): string {
  return `${path}.verified.json`;
}

/** True when `path` still has the size and mtime recorded when it was hashed to `sha256`. @internal */
export async function matchesRecord(path: string, info: { size: number; mtimeMs: number }, sha256: string): Promise<boolean> {
  try {
    const record = JSON.parse(await readFile(recordPath(path), 'utf8')) as Partial<VerifiedRecord>;
    return record.size === info.size && record.mtimeMs === info.mtimeMs && record.sha256 === sha256;
  } catch {
    return false;
  }
}

/**
 * Records that `path` hashed to `sha256`, with its current size and mtime. Best
 * effort: a read-only cache only means hashing again next time.
 * @internal
 */
export async function writeRecord(path: string, sha256: string): Promise<void> {
  try {
    const { size, mtimeMs } = await stat(path);
    const record: VerifiedRecord = { size, mtimeMs, sha256 };
    await writeFile(recordPath(path), `${JSON.stringify(record)}\n`);
  } catch {
    // not writable: verified again next time
  }
}

/** Forgets a file's record (the file is bad or gone). @internal */
export async function removeRecord(path: string): Promise<void> {
  await unlink(recordPath(path)).catch(() => undefined);
}
