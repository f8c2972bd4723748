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

const targets = [
  ...scenarioNames().map((name) => ({ dir: scenarioPath(name), name })),
  { dir: DEMO_DIR, name: 'demo' },
].flatMap(({ dir, name }) => traceList(dir).map((t) => ({ dir, scenario: name, ...t })));

describe('canary: Secret data and Helm values never reach any output', () => {
  it('plants the canary in at least one scenario (the test can fail)', () => {
    expect(targets.some((t) => t.scenario === 'helm-revisions')).toBe(true);
  });

  it.each(targets.map((t) => [`${t.scenario}: ${t.line}`, t] as const))('%s', async (_label, t) => {
    for (const output of ['text', 'wide', 'json']) {
      const args = ['trace', `${t.kind}/${t.name}`, '--snapshot', t.dir, '-o', output];
      if (t.namespace) args.push('-n', t.namespace);
      const r = await cli(args, { CUB_SCOUT_HISTORY_DIR: HISTORY });
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout + r.stderr).not.toContain(CANARY);
      expect(r.stdout + r.stderr).not.toContain('Q0FOQVJZLTVmM2E'); // the canary in base64
    }
  });
});
