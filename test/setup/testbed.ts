// Vitest global setup for the live suite: build the test bed (test/cluster/build.sh, cached
// outside the repo), start it, and hand its kubeconfig to the tests through `provide`. When it
// cannot be built or started, the tests get the error instead and fail with it: live tests never
// skip silently. Runs after test/setup/build.ts (the CLI bin).
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { TestProject } from 'vitest/node';
import { build, startTestbed, stop, type TestbedInfo } from './testbed-process.js';

export type { TestbedInfo };

const ROOT = join(import.meta.dirname, '..', '..');
const LIVE_DIR = join(ROOT, 'test', 'live');

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
    const testbed = startTestbed(binDir, stateDir);
    child = testbed.child;
    const info = await testbed.ready;
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
