// What `trace --via` tests need: the real flux CLI (test/cluster/flux-cli/build.sh, cached; its last
// stdout line is the bin dir; CUB_SCOUT_FLUX_CLI_BUILD names another build script) and a PATH that
// holds a given tool next to node, and nothing else of ours.
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT, runBuildScript } from '../setup/testbed-process.js';

const FLUX_CLI_BUILD = join(ROOT, 'test', 'cluster', 'flux-cli', 'build.sh');

/** The directory holding the `flux` binary. Fails (never skips) when the build script is missing. */
export function buildFluxCli(): Promise<string> {
  return runBuildScript(process.env.CUB_SCOUT_FLUX_CLI_BUILD ?? FLUX_CLI_BUILD, 'flux');
}

/** A PATH of node's directory, `dirs`, and the system directories (no user tools). */
export function pathWith(...dirs: string[]): string {
  return [...dirs, dirname(process.execPath), '/usr/bin', '/bin'].join(':');
}

/** A directory with a fake CLI `name` running `script` (bash), for a CLI that hangs or fails. */
export function fakeCli(name: string, script: string): string {
  const dir = mkdtempSync(join(tmpdir(), `cub-scout-fake-${name}-`));
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin', name), `#!/bin/bash\n${script}\n`);
  chmodSync(join(dir, 'bin', name), 0o755);
  return join(dir, 'bin');
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The processes of `pids` still alive after they had up to 5 s to be reaped (a killed process
 * stays a zombie until its parent or init collects it). */
export async function survivors(pids: number[]): Promise<number[]> {
  for (let i = 0; i < 50 && pids.some(isAlive); i++) await new Promise((r) => setTimeout(r, 100));
  return pids.filter(isAlive);
}
