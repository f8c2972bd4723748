// The user's login-shell environment, for an app started from a dock, Finder or a .desktop entry:
// those launches get a minimal PATH (/usr/bin:/bin:/usr/sbin:/sbin on macOS), so the exec credential
// plugins kubeconfigs name (aws, gke-gcloud-auth-plugin, kubelogin, doctl) are "not found" while
// kubectl in a terminal works. We run the login shell interactively (zsh reads .zshrc only then),
// print the environment between unique markers (banners, prompts and MOTDs print junk around it),
// give up after a few seconds, and merge PATH with the folders such tools are usually installed in.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';

export interface ShellEnvOptions {
  /** Default: $SHELL, then the account's shell, then /bin/zsh on macOS and /bin/sh elsewhere. */
  shell?: string;
  /** The environment the app started with. */
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Default 5 s. */
  timeoutMs?: number;
  home?: string;
}

export interface ShellEnv {
  env: NodeJS.ProcessEnv;
  /** `shell` when the login shell answered, `unchanged` otherwise (Windows, a failing or hung shell:
   * the app's own environment, PATH only extended by the usual tool folders that exist). */
  from: 'shell' | 'unchanged';
  /** Why the shell's environment is not used, one line. */
  problem?: string;
}

const DEFAULT_TIMEOUT_MS = 5_000;
/** More output than any environment: a shell that prints this much is not answering the question. */
const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;
/** Variables that describe the throwaway shell, not the user's session. */
const SHELL_OWN = new Set(['_', 'SHLVL', 'PWD', 'OLDPWD', 'PS1', 'PS2', 'PROMPT']);

export async function resolveShellEnv(options: ShellEnvOptions = {}): Promise<ShellEnv> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  if (platform === 'win32') return { env, from: 'unchanged' }; // GUI apps get the user's PATH there
  const shell =
    options.shell ?? env.SHELL ?? accountShell() ?? (platform === 'darwin' ? '/bin/zsh' : '/bin/sh');
  const answer = await runLoginShell(shell, env, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const home = options.home ?? homedir();
  if (typeof answer === 'string') {
    return {
      env: { ...env, PATH: mergePath([env.PATH], platform, home) },
      from: 'unchanged',
      problem: answer,
    };
  }
  const merged: NodeJS.ProcessEnv = { ...env };
  for (const [key, value] of Object.entries(answer)) if (!SHELL_OWN.has(key)) merged[key] = value;
  merged.PATH = mergePath([answer.PATH, env.PATH], platform, home);
  return { env: merged, from: 'shell' };
}

/** The shell's environment, or one line saying why there is none. */
function runLoginShell(
  shell: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<Record<string, string> | string> {
  const marker = `__CUB_SCOUT_ENV_${randomBytes(8).toString('hex')}__`;
  // `command env` skips aliases and functions named env; -0 keeps values with newlines whole.
  const script = `printf '%s' ${marker}; command env -0; printf '%s' ${marker}`;
  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(shell, ['-l', '-i', '-c', script], {
        env: { ...env, DISABLE_AUTO_UPDATE: 'true' }, // oh-my-zsh: no update prompt
        stdio: ['ignore', 'pipe', 'ignore'],
        detached: true, // its own process group: a timeout kills whatever it started too
      });
    } catch (e) {
      resolve(`login shell ${shell} could not start: ${(e as Error).message}`);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (value: Record<string, string> | string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(value);
    };
    const kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => {
      kill();
      finish(`login shell ${shell} did not answer within ${timeoutMs / 1000} s`);
    }, timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT_BYTES) {
        kill();
        finish(`login shell ${shell} printed more than an environment`);
        return;
      }
      chunks.push(chunk);
    });
    child.on('error', (e) => finish(`login shell ${shell} could not start: ${e.message}`));
    child.on('close', (code, signal) => {
      if (code !== 0) {
        finish(`login shell ${shell} exited with ${code ?? signal}`);
        return;
      }
      const parsed = parseMarked(Buffer.concat(chunks).toString('utf8'), marker);
      finish(parsed ?? `login shell ${shell} did not print its environment`);
    });
  });
}

/** The NUL-separated `KEY=value` list between the two markers; junk around it is ignored. */
export function parseMarked(output: string, marker: string): Record<string, string> | undefined {
  const start = output.indexOf(marker);
  const end = output.lastIndexOf(marker);
  if (start < 0 || end <= start) return undefined;
  const env: Record<string, string> = {};
  for (const entry of output.slice(start + marker.length, end).split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

/** PATH from the shell first, then the app's own, then the usual tool folders that exist; no repeats. */
export function mergePath(paths: (string | undefined)[], platform: NodeJS.Platform, home: string): string {
  const known =
    platform === 'darwin'
      ? ['/opt/homebrew/bin', '/opt/homebrew/sbin', '/usr/local/bin']
      : ['/usr/local/bin', '/home/linuxbrew/.linuxbrew/bin', '/snap/bin'];
  const userDirs = [
    join(home, 'google-cloud-sdk', 'bin'),
    join(home, '.krew', 'bin'),
    join(home, '.local', 'bin'),
    join(home, 'bin'),
  ];
  const dirs = [
    ...paths.flatMap((p) => (p ?? '').split(delimiter)),
    ...[...known, '/usr/local/google-cloud-sdk/bin', ...userDirs].filter((d) => existsSync(d)),
  ].filter(Boolean);
  return [...new Set(dirs)].join(delimiter);
}

function accountShell(): string | undefined {
  try {
    return userInfo().shell ?? undefined;
  } catch {
    return undefined;
  }
}
