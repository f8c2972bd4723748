// Where cub-scout keeps what it may forget: the user cache directory of the platform.
import { homedir } from 'node:os';
import { join } from 'node:path';

/** `$CUB_SCOUT_CACHE_DIR`, else the platform's user cache directory + `cub-scout`. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CUB_SCOUT_CACHE_DIR) return env.CUB_SCOUT_CACHE_DIR;
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'cub-scout');
  if (process.platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'cub-scout', 'cache');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'cub-scout');
}
