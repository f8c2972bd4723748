// `cub-scout scan` through the built bin: text, json, sarif, filters and --exit-code thresholds.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScanReportSchema } from '../../shared/scan/model.js';
import { cli } from '../helpers/cli.js';
import { scenarioPath } from '../helpers/scenario.js';

const FLUX = scenarioPath('ccve-flux');
const HEALTHY = scenarioPath('ccve-healthy');

describe('cub-scout scan', () => {
  it('text: counts, each finding with evidence and the command to run', async () => {
    const { stdout, stderr, exitCode } = await cli(['scan', '--snapshot', FLUX]);
    expect(exitCode).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.split('\n')[0]).toMatch(
      /^SCAN {2}\d+ findings: \d+ critical, \d+ warning, 0 info {2}\(18 rules\)$/,
    );
    expect(stdout).toContain('✗ CRITICAL  CCVE-FLUX-SOURCE-001  Flux source cannot fetch  [SOURCE]');
    expect(stdout).toContain('    $ flux reconcile source git team-repo -n flux-system');
    expect(stdout).toContain('    $ flux resume kustomization frozen -n flux-system');
    expect(stdout).toContain('evidence: Ready=False (GitOperationFailed)');
  });

  it('json: the report schema; --severity and --category filter', async () => {
    const all = ScanReportSchema.parse(
      JSON.parse((await cli(['scan', '--snapshot', FLUX, '-o', 'json'])).stdout),
    );
    expect(all.findings.length).toBeGreaterThan(5);
    const critical = ScanReportSchema.parse(
      JSON.parse((await cli(['scan', '--snapshot', FLUX, '-o', 'json', '--severity', 'critical'])).stdout),
    );
    expect(critical.findings.length).toBe(all.counts.critical);
    expect(critical.findings.every((f) => f.severity === 'critical')).toBe(true);
    const orphans = ScanReportSchema.parse(
      JSON.parse((await cli(['scan', '--snapshot', FLUX, '-o', 'json', '--category', 'ORPHAN'])).stdout),
    );
    expect(orphans.findings.map((f) => f.object.name)).toEqual(['leftover']);
  });

  it('sarif: version 2.1.0, rules and results', async () => {
    const { stdout, exitCode } = await cli(['scan', '--snapshot', FLUX, '-o', 'sarif']);
    expect(exitCode).toBe(0);
    const sarif = JSON.parse(stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].tool.driver.name).toBe('cub-scout');
    expect(sarif.runs[0].tool.driver.rules).toHaveLength(18);
    expect(sarif.runs[0].results.length).toBeGreaterThan(5);
    for (const r of sarif.runs[0].results) {
      expect(r.ruleId).toMatch(/^CCVE-/);
      expect(['error', 'warning', 'note']).toContain(r.level);
      expect(r.message.text.length).toBeGreaterThan(0);
      expect(r.locations[0].logicalLocations[0].fullyQualifiedName).toBeTruthy();
    }
  });

  it('--exit-code: 1 for findings at or above the severity, else 0', async () => {
    expect((await cli(['scan', '--snapshot', FLUX, '--exit-code'])).exitCode).toBe(1);
    expect((await cli(['scan', '--snapshot', FLUX, '--exit-code', 'critical'])).exitCode).toBe(1);
    expect((await cli(['scan', '--snapshot', HEALTHY, '--exit-code'])).exitCode).toBe(0);
    // Only warnings in namespace stale: no critical finding there.
    expect((await cli(['scan', '--snapshot', FLUX, '-n', 'stale', '--exit-code', 'critical'])).exitCode).toBe(
      0,
    );
    expect((await cli(['scan', '--snapshot', FLUX, '-n', 'stale', '--exit-code', 'warning'])).exitCode).toBe(
      1,
    );
  });

  it('a broken rule file is one line and exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    writeFileSync(join(dir, 'bad.yaml'), 'id: CCVE-X-001\ncategory: NOPE\n');
    const { stderr, exitCode } = await cli(['scan', '--snapshot', FLUX, '--rules', dir]);
    expect(exitCode).toBe(2);
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^error: rule .*bad\.yaml: category: Invalid option/);
  });

  it('--stuck-after sets the stuck threshold', async () => {
    // The scenario's HelmRelease has been failing since 2026-11-28T00:55Z: stuck after one minute, not after a year.
    const ids = async (minutes: string) =>
      ScanReportSchema.parse(
        JSON.parse((await cli(['scan', '--snapshot', FLUX, '-o', 'json', '--stuck-after', minutes])).stdout),
      )
        .findings.filter((f) => f.ruleId === 'CCVE-FLUX-STUCK-001')
        .map((f) => f.object.name);
    expect(await ids('1')).toContain('web');
    expect(await ids('525600000')).toEqual([]);
  });
});
