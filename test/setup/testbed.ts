// Vitest global setup for the live suite: build the test bed (test/cluster/build.sh, cached
// outside the repo), start it, and hand its kubeconfig to the tests through `provide`. When it
// cannot be built or started, the tests get the error instead and fail with it: live tests never
// skip silently. Runs after test/setup/build.ts (the CLI bin).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { TestProject } from 'vitest/node';

const ROOT = join(import.meta.dirname, '..', '..');
const BUILD_SCRIPT = join(ROOT, 'test', 'cluster', 'build.sh');
const LIVE_DIR = join(ROOT, 'test', 'live');
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

export type TestbedState = { ok: true; info: TestbedInfo } | { ok: false; error: string };

declare module 'vitest' {
  export interface ProvidedContext {
    testbed: TestbedState;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (!liveTestsSelected(project)) {
    project.provide('testbed', { ok: false, error: 'test bed not started: no live test selected' });
    return undefined;
  }
  let child: ChildProcess | undefined;
  const stateDir = mkdtempSync(join(tmpdir(), 'cub-scout-testbed-'));
  try {
    const started = Date.now();
    const binDir = await build();
    const buildMillis = Date.now() - started;
    const readyFile = join(stateDir, 'ready.json');
    child = spawn(
      join(binDir, 'testbed'),
      ['--state-dir', join(stateDir, 'state'), '--ready-file', readyFile, '--exit-with-parent'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const info = await waitReady(child, readyFile);
    process.stderr.write(
      `test bed ready: ${info.server} (build/cache ${(buildMillis / 1000).toFixed(1)} s, start ${((info.startupMillis ?? 0) / 1000).toFixed(1)} s)\n`,
    );
    project.provide('testbed', { ok: true, info: { ...info, binDir, buildMillis } });
  } catch (e) {
    const error = `the live test bed is not available: ${(e as Error).message}`;
    process.stderr.write(`${error}\n`);
    project.provide('testbed', { ok: false, error });
    await stop(child);
  }
  return async () => {
    await stop(child);
    rmSync(stateDir, { recursive: true, force: true });
  };
}

/** Whether this run includes a live test (a `vitest run test/unit/x.test.ts` needs no cluster). */
function liveTestsSelected(project: TestProject): boolean {
  if (process.env.CUB_SCOUT_TESTBED === 'off') return false;
  // biome-ignore lint/suspicious/noExplicitAny: vitest keeps the CLI file filters on an internal field
  const filters = (project.vitest as any).filenamePattern as string[] | undefined;
  if (!filters || filters.length === 0 || !existsSync(LIVE_DIR)) return true;
  const liveFiles = readdirSync(LIVE_DIR).map((f) => relative(ROOT, join(LIVE_DIR, f)));
  return filters.some((filter) =>
    liveFiles.some((file) => file.includes(filter) || join(ROOT, file).includes(filter)),
  );
}

/** Run build.sh (cached: fast when nothing changed); its last stdout line is the bin directory.
 * CUB_SCOUT_TESTBED_BIN names a directory that already holds `testbed` and `helm` instead. */
function build(): Promise<string> {
  // A directory that already holds the binaries (built elsewhere) skips the build.
  const prebuilt = process.env.CUB_SCOUT_TESTBED_BIN;
  if (prebuilt) return Promise.resolve(prebuilt);
  if (!existsSync(BUILD_SCRIPT)) return Promise.reject(new Error(`${BUILD_SCRIPT} is missing`));
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [BUILD_SCRIPT],
      { maxBuffer: 64 * 1024 * 1024, timeout: 45 * 60_000 },
      (error, stdout, stderr) => {
        if (error) {
          const tail = stderr.trim().split('\n').slice(-5).join(' | ');
          reject(new Error(`test/cluster/build.sh failed (${error.message.split('\n')[0]}): ${tail}`));
          return;
        }
        const binDir = stdout.trim().split('\n').at(-1)?.trim() ?? '';
        if (!binDir || !existsSync(join(binDir, 'testbed')))
          reject(new Error(`test/cluster/build.sh printed "${binDir}", which holds no testbed binary`));
        else resolve(binDir);
      },
    );
  });
}

function waitReady(
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

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, 15_000).unref());
  await Promise.race([exited, timeout]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
