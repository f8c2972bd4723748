// Start-up of the built CLI (dist/cli/bin.js, the bundle users get), whole processes timed with
// hyperfine: `--version` and a demo trace, next to a bare `node -e 0` (what Node itself costs on
// this machine right now, so a busy machine shows as such).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface StartupTiming {
  label: string;
  medianMs: number;
  meanMs: number;
  /** user + system CPU, mean */
  cpuMs: number;
  goalMs?: number;
}

export type StartupOutcome = { ran: true; timings: StartupTiming[] } | { ran: false; reason: string };

export async function measureStartup(root: string): Promise<StartupOutcome> {
  try {
    await run('hyperfine', ['--version']);
  } catch {
    return { ran: false, reason: 'hyperfine is not installed (apt-get install hyperfine)' };
  }
  const dir = mkdtempSync(join(tmpdir(), 'cub-scout-bench-startup-'));
  const bin = join(root, 'dist', 'cli', 'bin.js');
  const cases = [
    { label: 'node -e 0 (Node alone)', command: 'node -e 0' },
    { label: 'cub-scout --version', command: `node ${bin} --version`, goalMs: 80 },
    {
      label: 'trace deployment/nginx -n demo --demo',
      command: `node ${bin} trace deployment/nginx -n demo --demo`,
      goalMs: 200,
    },
  ];
  try {
    const out = join(dir, 'startup.json');
    await run(
      'hyperfine',
      [
        '-N',
        '--style',
        'none',
        '--warmup',
        '3',
        '--runs',
        '20',
        '--export-json',
        out,
        ...cases.map((c) => c.command),
      ],
      { env: { ...process.env, NO_COLOR: '1', CUB_SCOUT_HISTORY_DIR: join(dir, 'history') } },
    );
    const results = (
      JSON.parse(readFileSync(out, 'utf8')) as {
        results: { command: string; median: number; mean: number; user: number; system: number }[];
      }
    ).results;
    return {
      ran: true,
      timings: cases.map((c) => {
        const r = results.find((x) => x.command === c.command);
        return {
          label: c.label,
          medianMs: (r?.median ?? 0) * 1000,
          meanMs: (r?.mean ?? 0) * 1000,
          cpuMs: ((r?.user ?? 0) + (r?.system ?? 0)) * 1000,
          ...(c.goalMs ? { goalMs: c.goalMs } : {}),
        };
      }),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
