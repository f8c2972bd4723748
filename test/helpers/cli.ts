// Run the built `cub-scout` bin as a child process, the way a user does.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

/** The bundle `npm run build:cli` writes (build/cli.mjs); the suite's global setup builds it. */
export const BIN = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'bin.js');

/** Traces save to a history store: tests keep it in a temp dir, never the user's real one. */
export const TEST_HISTORY_DIR = mkdtempSync(join(tmpdir(), 'cub-scout-test-history-'));

export interface CliResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export async function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const result = await execa('node', [BIN, ...args], {
    reject: false,
    env: {
      NO_COLOR: '1',
      KUBECONFIG: '/nonexistent/kubeconfig',
      CUB_SCOUT_HISTORY_DIR: TEST_HISTORY_DIR,
      ...env,
    },
    timeout: 60_000,
  });
  return { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode ?? -1 };
}
