// Secret and ConfigMap data against the real kube-apiserver: the canary scenarios (Helm releases in
// Secrets and in ConfigMaps of Helm's ConfigMap driver, an ordinary Secret and ConfigMap holding the
// canary) are loaded into the test bed, and every output cub-scout makes of it as the read-only user
// (trace, trace -o wide with its Events, logs, pipelines, scan, a snapshot export, a --cache file,
// history records, diff and history --deployer) is free of the canary.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoCanary, filesUnder, PLANTED, snapshotTexts } from '../helpers/canary.js';
import { cli } from '../helpers/cli.js';
import { type LoadedScenario, loadScenario } from '../helpers/fixtures.js';
import { scenarioPath } from '../helpers/scenario.js';
import { testbed } from './testbed.js';

export function canarySuite(): void {
  describe('live: the canary never leaves the cluster', () => {
    const loaded: LoadedScenario[] = [];

    beforeAll(async () => {
      const tb = testbed();
      for (const name of PLANTED)
        loaded.push(await loadScenario(scenarioPath(name), tb.kubeconfig, tb.adminContext));
    }, 180_000);

    afterAll(async () => {
      for (const scenario of loaded.reverse()) await scenario.unload();
    }, 180_000);

    it('trace, logs, pipelines, scan, snapshot, --cache and history as the read-only user', async () => {
      const tb = testbed();
      const work = mkdtempSync(join(tmpdir(), 'cub-scout-live-canary-'));
      const env = {
        KUBECONFIG: tb.kubeconfig,
        CUB_SCOUT_HISTORY_DIR: join(work, 'history'),
        CUB_SCOUT_CACHE_DIR: join(work, 'cache'),
      };
      const as = ['--context', tb.readonlyContext];
      const snapshot = join(work, 'cluster.yaml');
      const runs = await Promise.all([
        cli(['pipelines', '--trace', '-o', 'json', '--cache', ...as], env),
        cli(['scan', '-o', 'sarif', ...as], env),
        cli(['trace', 'deploy/billing-api', '-n', 'legacy', '-o', 'wide', ...as], env),
        cli(['trace', 'cm/billing-settings', '-n', 'legacy', '-o', 'json', ...as], env),
        cli(['trace', 'secret/db-credentials', '-n', 'shop', '-o', 'json', ...as], env),
        cli(['snapshot', '-o', snapshot, ...as], env),
        cli(['logs', 'deploy/billing-api', '-n', 'legacy', ...as], env),
        cli(['logs', 'deploy/billing-api', '-n', 'legacy', '-o', 'json', '--previous', ...as], env),
      ]);
      for (const r of runs) {
        expect(r.exitCode, r.stderr).toBe(0);
        expectNoCanary(r.stdout + r.stderr, 'cli');
      }
      // The ConfigMap-driver release traced from the live cluster like a Secret-stored one.
      expect(JSON.parse(runs[3]?.stdout ?? '{}')).toMatchObject({ tool: 'helm', managed: 'managed' });
      expect(runs[2]?.stdout).toMatch(/Release\/billing/);
      expect(statSync(snapshot).mode & 0o777).toBe(0o600);
      for (const text of await snapshotTexts(snapshot)) expectNoCanary(text, 'snapshot export');
      // The drill-downs: diff reads a release manifest and a Secret whole, history the storage labels.
      const drills = await Promise.all([
        cli(['diff', 'deploy/web', '-n', 'drift', '-o', 'json', ...as], env),
        cli(['diff', 'secret/web-creds', '-n', 'drift', ...as], env),
        cli(['diff', 'cm/web-config', '-n', 'drift', '-o', 'json', ...as], env),
        cli(['diff', 'secret/db-credentials', '-n', 'shop', ...as], env),
        cli(['history', 'deploy/shop-web', '-n', 'shop', '--deployer', ...as], env),
        cli(['history', 'deploy/billing-api', '-n', 'legacy', '--deployer', '-o', 'json', ...as], env),
      ]);
      for (const r of drills) {
        expect(r.exitCode, r.stderr).toBeLessThan(2);
        expectNoCanary(r.stdout + r.stderr, 'drill-down');
      }
      expect(JSON.parse(drills[0]?.stdout ?? '{}')).toMatchObject({ desiredSource: 'helm-release' });
      expect(drills[4]?.stdout).toContain('revision 3 applied');
      const stored = [...filesUnder(env.CUB_SCOUT_CACHE_DIR), ...filesUnder(env.CUB_SCOUT_HISTORY_DIR)];
      expect(stored.length).toBeGreaterThan(1);
      for (const file of stored) expectNoCanary(file.text, file.path);
    }, 240_000);
  });
}
