// No output ever holds Secret data or Helm values: a canary planted in Helm values (`config`), a
// chart's default values, a plain Secret's data/stringData/last-applied copy and a corrupt release
// payload must not appear in any output. Every object of every scenario is traced in-process and
// rendered as text, wide and JSON; the whole-cluster commands run as child processes, as users run them.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../shared/engine.js';
import { renderTraceText } from '../../shared/render/text.js';
import { cli } from '../helpers/cli.js';
import { DEMO_DIR, scenarioNames, scenarioPath, traceList } from '../helpers/scenario.js';

const CANARY = 'CANARY-5f3a';
const CANARY_BASE64 = 'Q0FOQVJZLTVmM2E';
// Traces may be saved to a history: keep it out of the user's.
const HISTORY = mkdtempSync(join(tmpdir(), 'cub-scout-canary-'));

const scenarios = [
  ...scenarioNames().map((name) => ({ dir: scenarioPath(name), name })),
  { dir: DEMO_DIR, name: 'demo' },
];

function expectNoCanary(output: string, what: string) {
  expect(output, what).not.toContain(CANARY);
  expect(output, what).not.toContain(CANARY_BASE64);
}

describe('canary: Secret data and Helm values never reach any output', () => {
  it('plants the canary in scenarios that are traced (the test can fail)', () => {
    expect(traceList(scenarioPath('helm-revisions')).some((t) => t.kind === 'secret')).toBe(true);
  });

  it.each(scenarios.map((s) => [s.name, s] as const))(
    '%s: every object, text, wide and JSON',
    async (_name, scenario) => {
      const engine = await Engine.open({ snapshot: scenario.dir });
      const batch = await engine.traceAll();
      const singles = await Promise.all(
        traceList(scenario.dir).map((t) => engine.trace(t.kind, t.name, t.namespace)),
      );
      await engine.close();
      for (const result of [...batch.results, ...singles]) {
        const what = `${result.object.kind}/${result.object.name}`;
        expectNoCanary(JSON.stringify(result), `${what} json`);
        expectNoCanary(renderTraceText(result), `${what} text`);
        expectNoCanary(renderTraceText(result, { wide: true }), `${what} wide`);
      }
    },
  );

  it.each(scenarios.map((s) => [s.name, s] as const))(
    '%s: pipelines and scan through the CLI',
    async (_name, scenario) => {
      const env = { CUB_SCOUT_HISTORY_DIR: HISTORY };
      const runs = await Promise.all([
        cli(['pipelines', '--snapshot', scenario.dir, '--trace', '-o', 'json'], env),
        cli(['pipelines', '--snapshot', scenario.dir, '--trace'], env),
        cli(['scan', '--snapshot', scenario.dir, '-o', 'sarif'], env),
      ]);
      for (const r of runs) {
        expect(r.exitCode, r.stderr).toBe(0);
        expectNoCanary(r.stdout + r.stderr, 'cli');
      }
    },
  );

  it('trace of the planted Secrets themselves through the CLI', async () => {
    const dir = scenarioPath('helm-revisions');
    const secrets = traceList(dir).filter((t) => t.kind === 'secret');
    for (const t of secrets) {
      for (const output of ['wide', 'json']) {
        const r = await cli(
          ['trace', `secret/${t.name}`, '-n', t.namespace ?? 'default', '--snapshot', dir, '-o', output],
          {
            CUB_SCOUT_HISTORY_DIR: HISTORY,
          },
        );
        expect(r.exitCode, r.stderr).toBe(0);
        expectNoCanary(r.stdout + r.stderr, `${t.line} -o ${output}`);
      }
    }
  });
});
