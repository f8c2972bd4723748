// The CCVE scan: every rule fires on the object its scenario breaks, and never on the healthy
// scenario; rule files are validated at load; SARIF output has the structure SARIF 2.1.0 requires.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../shared/engine.js';
import type { ScanReport } from '../../shared/scan/model.js';
import { ScanReportSchema } from '../../shared/scan/model.js';
import { defaultRulesDir, loadRules, parseRule } from '../../shared/scan/rules.js';
import { renderSarif } from '../../shared/scan/sarif.js';
import { scenarioPath } from '../helpers/scenario.js';

const NOW = new Date('2026-11-28T01:00:00Z');

async function scan(
  scenario: string,
  options: { stuckThresholdSeconds?: number; namespace?: string } = {},
): Promise<ScanReport> {
  const engine = await Engine.open({ snapshot: scenarioPath(scenario) });
  try {
    return await engine.scan({ now: NOW, ...options });
  } finally {
    await engine.close();
  }
}

/** `Kind/namespace/name` of the objects a rule's findings are about. */
function firedOn(report: ScanReport, ruleId: string): string[] {
  return report.findings
    .filter((f) => f.ruleId === ruleId)
    .map((f) => `${f.object.kind}/${f.object.namespace ?? ''}/${f.object.name}`)
    .sort();
}

// Each rule, the scenario that breaks it, and the objects it must name there.
const FIRES: [rule: string, scenario: string, objects: string[]][] = [
  ['CCVE-FLUX-TRACE-001', 'ccve-flux', ['ConfigMap/team/debug']],
  ['CCVE-FLUX-TRACE-002', 'ccve-flux', ['HelmRelease/web/web', 'Kustomization/flux-system/stale']],
  [
    'CCVE-FLUX-TRACE-003',
    'ccve-flux',
    ['GitRepository/flux-system/team-repo', 'Kustomization/flux-system/frozen'],
  ],
  ['CCVE-FLUX-STUCK-001', 'ccve-flux', ['GitRepository/flux-system/team-repo']],
  ['CCVE-FLUX-SUSPEND-001', 'ccve-flux', ['Kustomization/flux-system/frozen']],
  ['CCVE-FLUX-DEPEND-001', 'ccve-flux', ['Kustomization/flux-system/waiting']],
  ['CCVE-FLUX-SOURCE-001', 'ccve-flux', ['GitRepository/flux-system/team-repo']],
  ['CCVE-FLUX-HELM-001', 'ccve-flux', ['HelmRelease/web/web']],
  ['CCVE-GITOPS-ORPHAN-001', 'ccve-flux', ['ConfigMap/stale/leftover']],
  ['CCVE-ARGO-TRACE-001', 'ccve-argo', ['ConfigMap/blog/manual-override']],
  ['CCVE-ARGO-TRACE-002', 'ccve-argo', ['Application/argocd/blog', 'Application/argocd/shop']],
  [
    'CCVE-ARGO-TRACE-003',
    'ccve-argo',
    [
      'Application/argocd/blog',
      'Application/argocd/catalog',
      'Application/argocd/metrics',
      'Application/argocd/shop',
    ],
  ],
  ['CCVE-ARGO-SYNC-001', 'ccve-argo', ['Application/argocd/blog', 'Application/argocd/shop']],
  ['CCVE-ARGO-HEALTH-001', 'ccve-argo', ['Application/argocd/metrics']],
  ['CCVE-ARGO-SYNC-002', 'ccve-argo', ['Application/argocd/catalog', 'Application/argocd/shop']],
  ['CCVE-HELM-TRACE-001', 'ccve-helm', ['Secret/shop/db-credentials']],
  ['CCVE-HELM-TRACE-002', 'ccve-helm', ['Release/shop/shop']],
  ['CCVE-HELM-TRACE-003', 'ccve-helm', ['Release/shop/shop']],
];

describe('CCVE rules', () => {
  it('every shipped rule has a scenario that fires it', () => {
    expect(
      loadRules()
        .map((r) => r.id)
        .sort(),
    ).toEqual(FIRES.map(([id]) => id).sort());
  });

  it.each(FIRES)('%s fires in %s on exactly the broken objects', async (rule, scenario, objects) => {
    expect(firedOn(await scan(scenario), rule)).toEqual(objects);
  });

  it('no rule fires on the healthy scenario (Flux, HelmRelease, Argo CD and Helm, all ready)', async () => {
    const report = await scan('ccve-healthy');
    expect(report.findings).toEqual([]);
    expect(report.rulesChecked).toBe(FIRES.length);
  });

  it('an instance label naming an Application that does not list the object is no orphan finding', async () => {
    const report = await scan('argo-tracking');
    const about = report.findings.filter(
      (f) => f.object.kind === 'ConfigMap' && f.object.name === 'guestbook-cache',
    );
    expect(about.map((f) => f.ruleId)).not.toContain('CCVE-GITOPS-ORPHAN-001');
    // It is what it is: an object no delivery chain reaches, in a namespace Argo CD manages.
    expect(about.map((f) => f.ruleId)).toEqual(['CCVE-ARGO-TRACE-001']);
  });

  it('a reconciler is stuck only past the threshold', async () => {
    // HelmRelease web has been not ready since 00:55 and Kustomization waiting since 00:58.
    expect(firedOn(await scan('ccve-flux'), 'CCVE-FLUX-STUCK-001')).not.toContain('HelmRelease/web/web');
    expect(firedOn(await scan('ccve-flux', { stuckThresholdSeconds: 60 }), 'CCVE-FLUX-STUCK-001')).toEqual([
      'GitRepository/flux-system/team-repo',
      'HelmRelease/web/web',
      'Kustomization/flux-system/waiting',
    ]);
  });

  it('findings carry the link, the evidence and commands with the names filled in', async () => {
    const report = await scan('ccve-flux');
    ScanReportSchema.parse(report);
    const broken = report.findings.find(
      (f) => f.ruleId === 'CCVE-FLUX-TRACE-003' && f.object.name === 'team-repo',
    );
    expect(broken?.link).toMatchObject({ kind: 'GitRepository', name: 'team-repo', role: 'source' });
    expect(broken?.affected.map((a) => a.name)).toContain('team-app');
    expect(broken?.evidence.join('\n')).toContain('authentication required');
    expect(broken?.remediation.commands).toEqual([
      'flux reconcile source git team-repo -n flux-system --with-source',
    ]);
    const dep = report.findings.find((f) => f.ruleId === 'CCVE-FLUX-DEPEND-001');
    expect(dep?.remediation.commands[0]).toBe('flux reconcile kustomization databases -n flux-system');
    expect(report.counts.critical + report.counts.warning + report.counts.info).toBe(report.findings.length);
  });

  it('--namespace keeps findings about that namespace only', async () => {
    const report = await scan('ccve-flux', { namespace: 'stale' });
    expect(report.findings.map((f) => f.ruleId).sort()).toEqual([
      'CCVE-FLUX-TRACE-002',
      'CCVE-GITOPS-ORPHAN-001',
    ]);
  });
});

describe('rule files', () => {
  const good = readFileSync(join(defaultRulesDir(), 'CCVE-FLUX-SOURCE-001.yaml'), 'utf8');

  it('a broken rule file is a one-line error naming the file and the field', () => {
    expect(() => parseRule(good.replace('severity: critical', 'severity: urgent'), 'x.yaml')).toThrow(
      /^rule x\.yaml: severity: /,
    );
    expect(() => parseRule(good.replace('check: source-fetch-failed', 'check: nope'), 'x.yaml')).toThrow(
      'rule x.yaml: check "nope" is not a known check',
    );
    expect(() => parseRule(good.replace('{flux_kind}', '{flux_knd}'), 'x.yaml')).toThrow(
      'unknown placeholder {flux_knd}',
    );
    expect(() => parseRule('id: [', 'x.yaml')).toThrow(/^rule x\.yaml: malformed YAML/);
  });

  it('duplicate ids in a rules directory are refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    writeFileSync(join(dir, 'a.yaml'), good);
    writeFileSync(join(dir, 'b.yaml'), good);
    expect(() => loadRules(dir)).toThrow('id CCVE-FLUX-SOURCE-001 is used twice');
  });
});

describe('SARIF', () => {
  it('is SARIF 2.1.0 with the required structure', async () => {
    const report = await scan('ccve-flux');
    const rules = loadRules();
    // biome-ignore lint/suspicious/noExplicitAny: checking the untyped JSON a SARIF consumer reads
    const sarif = JSON.parse(JSON.stringify(renderSarif(report, rules, '0.1.0'))) as any;
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs).toHaveLength(1);
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('cub-scout');
    const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(ids).toEqual(rules.map((r) => r.id));
    expect(run.results).toHaveLength(report.findings.length);
    for (const result of run.results) {
      expect(ids).toContain(result.ruleId);
      expect(ids[result.ruleIndex]).toBe(result.ruleId);
      expect(['error', 'warning', 'note']).toContain(result.level);
      expect(typeof result.message.text).toBe('string');
      expect(result.locations[0].logicalLocations[0].fullyQualifiedName).toMatch(/^[^/]+\/[A-Za-z]+\/.+$/);
    }
    const source = run.results.find((r: { ruleId: string }) => r.ruleId === 'CCVE-FLUX-SOURCE-001');
    expect(source.level).toBe('error');
    expect(source.locations[0].logicalLocations[0].fullyQualifiedName).toBe(
      'flux-system/GitRepository/team-repo',
    );
  });
});
