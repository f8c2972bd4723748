// Does a context's exec credential plugin (aws, gke-gcloud-auth-plugin, kubelogin, doctl...) resolve
// on PATH? Desktop apps started from a dock get a minimal PATH, and the Kubernetes client then fails
// with a spawn error nobody can read; we say which command is missing, in one line, before that.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { execConfigOf, loadKubeconfig } from '../reader/kubeconfig.js';

/** One line when the context's exec plugin command cannot be found, else undefined. */
export function execPluginProblem(
  context: string,
  options: { kubeconfig?: string } = {},
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  let command: unknown;
  try {
    const { config, user } = loadKubeconfig({ ...options, context });
    command = execConfigOf(config, user)?.command;
  } catch {
    return undefined; // the kubeconfig's own problem: the reachability probe reports it
  }
  if (typeof command !== 'string' || command === '') return undefined;
  // kubectl reads a relative path with a separator from the kubeconfig file's folder; which file
  // defined the user is lost in the merge, so such commands are left to the client to report.
  if (!isAbsolute(command) && /[\\/]/.test(command)) return undefined;
  return resolveCommand(command, env, platform) ? undefined : `exec plugin \`${command}\` not found on PATH`;
}

/** The file a command runs, searched like a shell does (PATHEXT on Windows), or undefined. */
export function resolveCommand(
  command: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const extensions =
    platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean)] : [''];
  const candidates =
    isAbsolute(command) || command.includes('/') || command.includes('\\')
      ? [command]
      : (env.PATH ?? '')
          .split(platform === 'win32' ? ';' : delimiter)
          .filter(Boolean)
          .map((dir) => join(dir, command));
  for (const candidate of candidates) {
    for (const ext of extensions) {
      if (isExecutable(`${candidate}${ext}`, platform)) return `${candidate}${ext}`;
    }
  }
  return undefined;
}

function isExecutable(path: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
