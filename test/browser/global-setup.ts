// Playwright global setup: build what the suite drives (the CLI with `cub-scout ui`, and the
// renderer it serves), then build (cached) and start the live test bed the way the vitest live
// suite does (test/setup/testbed-process.ts). Its description reaches the specs through
// CUB_SCOUT_BROWSER_TESTBED; when it cannot start, the live specs fail with the reason (never skip).
import { type ChildProcess, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, ROOT, startTestbed, stop } from '../setup/testbed-process.js';

export const TESTBED_ENV = 'CUB_SCOUT_BROWSER_TESTBED';

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (process.env.CUB_SCOUT_BROWSER_BUILD !== 'off') {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
  let child: ChildProcess | undefined;
  const stateDir = mkdtempSync(join(tmpdir(), 'cub-scout-browser-testbed-'));
  try {
    if (process.env.CUB_SCOUT_TESTBED === 'off') throw new Error('CUB_SCOUT_TESTBED=off');
    const binDir = await build();
    const started = startTestbed(binDir, stateDir);
    child = started.child;
    const info = await started.ready;
    process.env[TESTBED_ENV] = JSON.stringify({ ok: true, info: { ...info, binDir } });
    process.stderr.write(`test bed ready: ${info.server}\n`);
  } catch (e) {
    const error = `the live test bed is not available: ${(e as Error).message}`;
    process.stderr.write(`${error}\n`);
    process.env[TESTBED_ENV] = JSON.stringify({ ok: false, error });
    await stop(child);
  }
  return async () => {
    await stop(child);
    rmSync(stateDir, { recursive: true, force: true });
  };
}
