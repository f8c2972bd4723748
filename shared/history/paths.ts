// Where the trace history lives: the user's data directory, like other desktop and CLI tools
// ($XDG_DATA_HOME on Linux, Application Support on macOS, %APPDATA% on Windows), unless moved with
// CUB_SCOUT_HISTORY_DIR or --history-dir.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const HISTORY_DIR_ENV = 'CUB_SCOUT_HISTORY_DIR';

export function defaultHistoryDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  const moved = env[HISTORY_DIR_ENV];
  if (moved) return moved;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'cub-scout', 'history');
  if (platform === 'win32')
    return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'cub-scout', 'history');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'cub-scout', 'history');
}
