// Whole processes timed with hyperfine (Debian's package), for the bench's CLI figures.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** hyperfine `rounds` times over all `commands` (argv arrays, no shell; one warm-up each, then
 * `runs` runs), the order reversed every other round: the commands take turns, so that a busy
 * moment of the shared machine does not fall on one of them only. Wall times in ms, per command. */
export async function timeAlternately(
  commands: string[][],
  env: NodeJS.ProcessEnv,
  rounds: number,
  runs: number,
): Promise<number[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'cub-scout-hyperfine-'));
  const out = join(dir, 'times.json');
  const lines = commands.map((c) => c.join(' '));
  const times: number[][] = commands.map(() => []);
  try {
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? lines : [...lines].reverse();
      await run(
        'hyperfine',
        [
          '-N',
          '-i',
          '--style',
          'none',
          '--warmup',
          '1',
          '--runs',
          String(runs),
          '--export-json',
          out,
          ...order,
        ],
        { env, maxBuffer: 16 * 1024 * 1024 },
      );
      const { results } = JSON.parse(readFileSync(out, 'utf8')) as {
        results: { command: string; times: number[] }[];
      };
      for (const r of results) times[lines.indexOf(r.command)]?.push(...r.times.map((s) => s * 1000));
    }
    return times;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
