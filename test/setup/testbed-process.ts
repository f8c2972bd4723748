// Building, starting and stopping the test bed process (test/cluster): shared by the vitest global
// setup (test/setup/testbed.ts) and `npm run testbed` (test/setup/testbed-cli.ts).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** The repository root: the nearest directory up holding test/cluster/build.sh (this file also runs
 * compiled from node_modules/.cache for `npm run testbed`). */
export const ROOT = findRoot(import.meta.dirname);
const BUILD_SCRIPT = join(ROOT, 'test', 'cluster', 'build.sh');
const READY_TIMEOUT_MS = 60_000;

/** What the test bed prints when it is ready (plus where its binaries are). */
export interface TestbedInfo {
  ready: true;
  kubeconfig: string;
  server: string;
  auditLog: string;
  adminContext: string;
  readonlyContext: string;
  readonlyUser?: string;
  stateDir?: string;
  logFile?: string;
  controllerManager?: boolean;
  startupMillis?: number;
  /** Directory holding `testbed` and `helm`. */
  binDir: string;
  buildMillis: number;
}

/** Run build.sh (cached: fast when nothing changed); its last stdout line is the bin directory.
 * CUB_SCOUT_TESTBED_BIN names a directory that already holds `testbed` and `helm` instead. */
export function build(): Promise<string> {
  // A directory that already holds the binaries (built elsewhere) skips the build.
  const prebuilt = process.env.CUB_SCOUT_TESTBED_BIN;
  if (prebuilt) return Promise.resolve(prebuilt);
  return runBuildScript(BUILD_SCRIPT, 'testbed');
}

/** Run a cached build script whose last stdout line is a bin dir that must hold `binary`. */
export function runBuildScript(script: string, binary: string): Promise<string> {
  const name = relative(ROOT, script);
  if (!existsSync(script)) return Promise.reject(new Error(`${script} is missing`));
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [script],
      { maxBuffer: 64 * 1024 * 1024, timeout: 45 * 60_000 },
      (error, stdout, stderr) => {
        if (error) {
          const tail = stderr.trim().split('\n').slice(-5).join(' | ');
          reject(new Error(`${name} failed (${error.message.split('\n')[0]}): ${tail}`));
          return;
        }
        const binDir = stdout.trim().split('\n').at(-1)?.trim() ?? '';
        if (!binDir || !existsSync(join(binDir, binary)))
          reject(new Error(`${name} printed "${binDir}", which holds no ${binary} binary`));
        else resolve(binDir);
      },
    );
  });
}

/** Start a test bed whose state lives under `dir`. The child comes back at once, so that a caller
 * can stop it whatever happens next; `ready` resolves with its description once it serves. */
export function startTestbed(
  binDir: string,
  dir: string,
  extraArgs: string[] = [],
): { child: ChildProcess; ready: Promise<Omit<TestbedInfo, 'binDir' | 'buildMillis'>> } {
  const readyFile = join(dir, 'ready.json');
  const child = spawn(
    join(binDir, 'testbed'),
    ['--state-dir', join(dir, 'state'), '--ready-file', readyFile, '--exit-with-parent', ...extraArgs],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return { child, ready: waitReady(child, readyFile) };
}

export function waitReady(
  child: ChildProcess,
  readyFile: string,
): Promise<Omit<TestbedInfo, 'binDir' | 'buildMillis'>> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    const done = (error?: Error, info?: Omit<TestbedInfo, 'binDir' | 'buildMillis'>) => {
      clearInterval(poll);
      clearTimeout(timer);
      child.removeListener('exit', onExit);
      if (error) reject(error);
      else if (info) resolve(info);
    };
    const onExit = (code: number | null) =>
      done(new Error(`testbed exited with ${code} before it was ready: ${lastLines(stderr)}`));
    child.on('exit', onExit);
    child.on('error', (e) => done(new Error(`cannot start testbed: ${e.message}`)));
    const timer = setTimeout(
      () => done(new Error(`testbed not ready after ${READY_TIMEOUT_MS / 1000} s: ${lastLines(stderr)}`)),
      READY_TIMEOUT_MS,
    );
    const poll = setInterval(() => {
      if (!existsSync(readyFile)) return;
      try {
        const info = JSON.parse(readFileSync(readyFile, 'utf8'));
        if (info.ready) done(undefined, info);
      } catch {
        // written atomically, but be patient anyway
      }
    }, 100);
  });
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ') || '(no output)';
}

export async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, 15_000).unref());
  await Promise.race([exited, timeout]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'test', 'cluster', 'build.sh'))) return dir;
    if (dirname(dir) === dir) return join(import.meta.dirname, '..', '..');
  }
}
