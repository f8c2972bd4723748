// Running another tool's CLI (flux, argocd) for the cross-check: an argument array, never a shell;
// no stdin (argocd prompts for a username when it has none); bounded output; a deadline after
// which the whole process group is killed (argocd --core starts servers of its own, a wrapper
// script may fork). Every failure comes back as one line for a warning, never as a throw.
import { execa } from 'execa';
import { clip } from '../errors/clip.js';

/** Seconds before a CLI is given up on; CUB_SCOUT_VIA_TIMEOUT overrides it (tests use 1-2 s). */
export const DEFAULT_TIMEOUT_SECONDS = 30;
const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;

export interface CliRun {
  /** The command as run (program and arguments; never the environment). */
  argv: string[];
  stdout: string;
  stderr: string;
  exitCode: number;
}

export type CliOutcome = { ok: true; run: CliRun } | { ok: false; warning: string; run?: CliRun };

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  timeoutSeconds?: number;
}

export function viaTimeoutSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.CUB_SCOUT_VIA_TIMEOUT);
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_TIMEOUT_SECONDS;
}

/** Run `program args...`; a non-zero exit is still ok: the caller reads its stderr. */
export async function runCli(program: string, args: string[], options: RunOptions = {}): Promise<CliOutcome> {
  const argv = [program, ...args];
  const seconds = options.timeoutSeconds ?? viaTimeoutSeconds(options.env);
  const subprocess = execa(program, args, {
    shell: false,
    stdin: 'ignore',
    reject: false,
    // Its own process group, so that a timeout (or our own end) kills all it started.
    detached: true,
    maxBuffer: MAX_OUTPUT_BYTES,
    stripFinalNewline: false,
    ...(options.env ? { env: options.env, extendEnv: false } : {}),
  });
  const group = subprocess.pid;
  const killGroup = () => {
    if (group === undefined) return;
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  // A detached group does not get our terminal's Ctrl-C: pass our end on to it.
  const onSignal = (signal: NodeJS.Signals) => {
    killGroup();
    removeSignalHandlers();
    process.kill(process.pid, signal);
  };
  const removeSignalHandlers = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', killGroup);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', killGroup);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, seconds * 1000);
  try {
    const result = await subprocess;
    // What it left running in its group (a server it started) goes with it.
    killGroup();
    const run: CliRun = {
      argv,
      stdout: String(result.stdout ?? ''),
      stderr: String(result.stderr ?? ''),
      exitCode: result.exitCode ?? -1,
    };
    if (timedOut) return { ok: false, warning: `${program} did not answer within ${seconds} s (stopped it)` };
    const code = (result as { code?: string }).code;
    if (code === 'ENOENT' || (result.failed && /ENOENT/.test(result.message ?? '')))
      return { ok: false, warning: `${program} not found in PATH` };
    if (result.isMaxBuffer)
      return { ok: false, warning: `${program} printed more than 8 MiB (ignored)`, run };
    if (result.exitCode === undefined)
      return { ok: false, warning: `${program} could not run: ${clip(firstLine(result.message), 200)}` };
    return { ok: true, run };
  } finally {
    clearTimeout(timer);
    removeSignalHandlers();
  }
}

/** The line of a CLI's stderr that says what went wrong (Go CLIs print `✗ ...`, logrus JSON
 * `{"level":"fatal","msg":...}` or `Error: ...`). */
export function errorLine(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  for (const line of lines) {
    if (line.startsWith('{')) {
      try {
        const parsed = JSON.parse(line) as { level?: string; msg?: string };
        if ((parsed.level === 'fatal' || parsed.level === 'error') && parsed.msg)
          return clip(parsed.msg, 400);
      } catch {
        // not JSON: read as text below
      }
    }
  }
  const marked = lines.find((l) => /^(✗|Error:|error:|FATA|fatal)/.test(l));
  return clip((marked ?? lines.at(-1) ?? '').replace(/^(✗\s*|Error:\s*|error:\s*)/, ''), 400);
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0]?.trim() ?? '';
}
