import { homedir } from 'node:os';
import { join } from 'node:path';
import { invalidParameter } from '@glossa/core';

/** Where {@link defaultModelsDir} looks; every field defaults to the running process. */
export interface ModelsDirEnvironment {
  /** Environment variables (`GLOSSA_MODELS_DIR`, `XDG_CACHE_HOME`, `LOCALAPPDATA`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** `process.platform`. */
  platform?: NodeJS.Platform;
  /** The user's home directory. */
  home?: string;
}

/**
 * The folder models are cached in:
 * 1. `GLOSSA_MODELS_DIR` when set;
 * 2. Linux and other Unixes: `$XDG_CACHE_HOME/glossa/models`, else `~/.cache/glossa/models`;
 * 3. macOS: `~/Library/Caches/glossa/models`;
 * 4. Windows: `%LOCALAPPDATA%\glossa\Cache\models`.
 *
 * Each model lives in a subfolder named by its id.
 *
 * @param where - overrides for tests; defaults to the running process
 * @example
 * ```ts
 * console.log(defaultModelsDir()); // /home/me/.cache/glossa/models
 * ```
 */
export function defaultModelsDir(where: ModelsDirEnvironment = {}): string {
  const env = where.env ?? process.env;
  const platform = where.platform ?? process.platform;
  const explicit = env.GLOSSA_MODELS_DIR?.trim();
  if (explicit) return explicit;
  const home = where.home ?? homedir();
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA?.trim() || join(home, 'AppData', 'Local');
    return join(local, 'glossa', 'Cache', 'models');
  }
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'glossa', 'models');
  // XDG says a relative XDG_CACHE_HOME is invalid and must be ignored.
  const xdg = env.XDG_CACHE_HOME?.trim();
  return join(xdg && xdg.startsWith('/') ? xdg : join(home, '.cache'), 'glossa', 'models');
}

/**
 * Resolves the `modelsDir` option every model function takes: the given folder, or {@link defaultModelsDir}.
 * @internal
 */
export function resolveModelsDir(modelsDir: string | undefined): string {
  if (modelsDir === undefined) return defaultModelsDir();
  if (typeof modelsDir !== 'string' || modelsDir.trim() === '') {
    throw invalidParameter('modelsDir', 'a folder path', modelsDir);
  }
  return modelsDir;
}
