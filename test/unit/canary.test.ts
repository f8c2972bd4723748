// No output ever holds Secret data or Helm values: a canary planted in Helm values (`config`), a
// chart's default values, a plain Secret's data/stringData/last-applied copy and a corrupt release
// payload must not appear when every object of every scenario is traced through the CLI.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { DEMO_DIR, scenarioNames, scenarioPath, traceList } from '../helpers/scenario.js';

const CANARY = 'CANARY-5f3a';
// Traces may be saved to a history: keep it out of the user's.
const HISTORY = mkdtempSync(join(tmpdir(), 'cub-scout-canary-'));

const scenarios = [
  ...scenarioNames().map((name) => ({ dir: scenarioPath(name), name })),
  { dir: DEMO_DIR, name: 'demo' },
];

describe('canary: Secret data and Helm values never reach any output', () => {
  it('plants the canary in scenarios that are traced (the test can fail)', () => {
    expect(traceList(scenarioPath('helm-revisions')).some((t) => t.kind === 'secret')).toBe(true);
  });

  // Wide output holds everything text output does, plus details and evidence; JSON is the contract.
  it.each(scenarios.map((s) => [s.name, s] as const))('%s', { timeout: 240_000 }, async (_name, scenario) => {
    const runs = traceList(scenario.dir).flatMap((t) =>
      ['wide', 'json'].map((output) => {
        const args = ['trace', `${t.kind}/${t.name}`, '--snapshot', scenario.dir, '-o', output];
        if (t.namespace) args.push('-n', t.namespace);
        return { line: `${t.line} -o ${output}`, args };
      }),
    );
    const results = await Promise.all(
      runs.map(async (run) => ({ run, r: await cli(run.args, { CUB_SCOUT_HISTORY_DIR: HISTORY }) })),
    );
    for (const { run, r } of results) {
      expect(r.exitCode, `${run.line}: ${r.stderr}`).toBe(0);
      expect(r.stdout + r.stderr, run.line).not.toContain(CANARY);
      expect(r.stdout + r.stderr, run.line).not.toContain('Q0FOQVJZLTVmM2E'); // the canary in base64
    }
  });
});
