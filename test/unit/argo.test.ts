// Argo CD tracing on snapshot scenarios: which Application claims an object, the chain above it,
// and where an Application breaks the chain.
import { describe, expect, it } from 'vitest';
import { chainNames, traceScenario } from '../helpers/scenario.js';

describe('Argo CD tracking marks', () => {
  it('trusts the tracking-id annotation over a disagreeing instance label, with a warning', async () => {
    const r = await traceScenario('argo-tracking', 'deployment', 'ui', 'guestbook');
    expect(chainNames(r)).toEqual(['Application/guestbook', 'Deployment/ui']);
    expect(r.tool).toBe('argo');
    expect(r.managed).toBe('managed');
    expect(r.chain[0]?.role).toBe('deployer');
    expect(r.warnings.join('\n')).toMatch(/other-app disagrees .* annotation wins/);
    expect(
      r.evidence?.some((e) => e.key === 'app.kubernetes.io/instance' && e.note?.includes('disagrees')),
    ).toBe(true);
  });

  it('walks a Pod up through its ReplicaSet to the tracked Deployment', async () => {
    const r = await traceScenario('argo-tracking', 'pod', 'ui-7c9d8f6b5-x2x9k', 'guestbook');
    expect(chainNames(r)).toEqual([
      'Application/guestbook',
      'Deployment/ui',
      'ReplicaSet/ui-7c9d8f6b5',
      'Pod/ui-7c9d8f6b5-x2x9k',
    ]);
    expect(r.chain.map((l) => l.role)).toEqual(['deployer', 'owner', 'owner', 'object']);
  });

  it('trusts a bare instance label only when the Application lists the object', async () => {
    const listed = await traceScenario('argo-tracking', 'service', 'ui', 'guestbook');
    expect(listed.tool).toBe('argo');
    expect(chainNames(listed)).toEqual(['Application/guestbook', 'Service/ui']);

    const helmLabel = await traceScenario('argo-tracking', 'configmap', 'redis-config', 'guestbook');
    expect(helmLabel.tool).not.toBe('argo');
    expect(helmLabel.managed).toBe('never-managed');
    expect(helmLabel.evidence?.find((e) => e.key === 'app.kubernetes.io/instance')?.note).toMatch(
      /weak evidence/,
    );
  });

  it('an instance label naming an existing Application that does not list the object: never managed, not orphaned', async () => {
    const r = await traceScenario('argo-tracking', 'configmap', 'guestbook-cache', 'guestbook');
    expect(r.tool).not.toBe('argo');
    expect(r.managed).toBe('never-managed');
    expect(chainNames(r)).toEqual(['ConfigMap/guestbook-cache']);
    expect(r.evidence).toContainEqual(
      expect.objectContaining({
        kind: 'label',
        key: 'app.kubernetes.io/instance',
        value: 'guestbook',
        note: expect.stringMatching(/weak evidence/),
      }),
    );
    expect(r.diagnosis.summary).not.toMatch(/orphan/);
  });

  it('ignores a tracking-id copied from another manifest and says so', async () => {
    const r = await traceScenario('argo-tracking', 'configmap', 'copied', 'guestbook');
    expect(r.tool).toBe('kubectl');
    expect(r.managed).toBe('never-managed');
    expect(r.warnings.join('\n')).toMatch(/names ConfigMap guestbook\/original, not this object/);
  });

  it('does not call an object tracked by another Argo CD installation unmanaged', async () => {
    const r = await traceScenario('argo-tracking', 'deployment', 'canary', 'guestbook');
    expect(r.tool).toBe('argo');
    expect(r.managed).toBe('managed');
    expect(r.chain[0]?.reason).toBe('OtherInstallation');
    expect(r.fullyManaged).toBe(false);
    expect(r.warnings.join('\n')).toMatch(/another Argo CD installation .*staging-argo/);
  });

  it('resolves apps in any namespace from <namespace>_<app>', async () => {
    const r = await traceScenario('argo-tracking', 'deployment', 'web', 'team-a');
    expect(r.chain[0]).toMatchObject({ kind: 'Application', name: 'web', namespace: 'team-a', ready: true });
    expect(r.diagnosis.healthy).toBe(true);
    expect(r.diagnosis.running).toBe('2b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e');
  });
});

describe('ApplicationSet and app of apps', () => {
  it('chains root Application -> ApplicationSet -> generated Application -> object', async () => {
    const r = await traceScenario('argo-app-of-apps', 'deployment', 'api', 'payments');
    expect(chainNames(r)).toEqual([
      'Application/root',
      'ApplicationSet/team-apps',
      'Application/payments',
      'Deployment/api',
    ]);
    expect(r.chain.map((l) => l.role)).toEqual(['applier', 'generator', 'deployer', 'object']);
    expect(r.chain[2]).toMatchObject({ url: 'https://github.com/example/teams.git', path: 'payments' });
    expect(r.fullyManaged).toBe(true);
  });

  it('chains a child Application to its parent and reports Helm rendered by Argo CD as Argo-managed', async () => {
    const r = await traceScenario('argo-app-of-apps', 'deployment', 'ingress-nginx-controller', 'ingress');
    expect(chainNames(r)).toEqual([
      'Application/root',
      'Application/infra',
      'Deployment/ingress-nginx-controller',
    ]);
    expect(r.tool).toBe('argo');
    expect(r.chain[1]).toMatchObject({ path: 'ingress-nginx', revision: '4.11.3' });
    expect(r.evidence?.some((e) => e.note?.includes('no Helm release'))).toBe(true);
  });

  it('traces an Application directly: its generator above it, its own sync status on its link', async () => {
    const r = await traceScenario('argo-app-of-apps', 'application', 'payments', 'argocd');
    expect(chainNames(r)).toEqual(['Application/root', 'ApplicationSet/team-apps', 'Application/payments']);
    expect(r.chain[2]).toMatchObject({ role: 'object', status: 'Synced/Healthy', ready: true });
  });
});

describe('Application status breaks the chain', () => {
  it('a failed sync: broken at the Application with its message, and the object runs a stale commit', async () => {
    const r = await traceScenario('argo-failed-sync', 'deployment', 'cart', 'shop');
    expect(r.diagnosis.brokenAt).toBe(0);
    expect(r.chain[0]).toMatchObject({ ready: false, reason: 'SyncFailed' });
    expect(r.chain[0]?.message).toMatch(/one or more objects failed to apply/);
    expect(r.diagnosis.running).toBe('a1b2c3d4e5f60718293a4b5c6d7e8f9011223344');
    expect(r.diagnosis.expected).toBe('e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5');
    expect(r.diagnosis.stale).toBe(true);
    expect(r.diagnosis.summary).toMatch(/Application argocd\/shop failed .*still runs a1b2c3d4e5f6/);
  });

  it('a ComparisonError breaks the chain with the manifest generation error', async () => {
    const r = await traceScenario('argo-failed-sync', 'deployment', 'catalog', 'catalog');
    expect(r.chain[0]).toMatchObject({ ready: false, reason: 'ComparisonError' });
    expect(r.diagnosis.summary).toMatch(/app path does not exist/);
    expect(r.managed).toBe('managed');
  });

  it('OutOfSync while Healthy is a broken link for "why is my change not deployed"', async () => {
    const r = await traceScenario('argo-failed-sync', 'configmap', 'blog-settings', 'blog');
    expect(r.chain[0]).toMatchObject({ ready: false, reason: 'OutOfSync' });
    expect(r.chain[0]?.message).toMatch(/auto-sync is off/);
    expect(r.diagnosis.stale).toBe(true);
  });

  it('computes Degraded health for a Deployment when Argo CD stored none', async () => {
    const r = await traceScenario('argo-failed-sync', 'deployment', 'collector', 'metrics');
    const object = r.chain[r.chain.length - 1];
    expect(object).toMatchObject({ status: 'Degraded', ready: false });
    expect(object?.message).toMatch(/timed out progressing/);
    expect(r.diagnosis.healthy).toBe(false);
  });

  it('uses the health Argo CD stored when none can be computed (a Certificate)', async () => {
    const r = await traceScenario('argo-failed-sync', 'certificate', 'collector-tls', 'metrics');
    const object = r.chain[r.chain.length - 1];
    expect(object).toMatchObject({ status: 'Degraded', ready: false });
    expect(object?.details?.argoHealth).toBe('Degraded');
  });
});

describe('cub-scout trace --app', () => {
  it('traces an Application and lists its resources with sync status and health', async () => {
    const { cli } = await import('../helpers/cli.js');
    const dir = (await import('../helpers/scenario.js')).scenarioPath('argo-failed-sync');
    const text = await cli(['trace', '--app', 'metrics', '--snapshot', dir, '--no-history']);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/Application\/metrics\s+✗ Synced\/Degraded/);
    expect(text.stdout).toMatch(/apps\s+Deployment\s+metrics\s+collector\s+Synced\s+Degraded/);
    const json = await cli(['trace', '--app', 'shop', '-o', 'json', '--snapshot', dir, '--no-history']);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.object).toMatchObject({ kind: 'Application', name: 'shop', namespace: 'argocd' });
    expect(parsed.resources).toEqual([
      expect.objectContaining({
        kind: 'Deployment',
        name: 'cart',
        sync: 'OutOfSync',
        health: 'Healthy',
        live: true,
      }),
    ]);
    const missing = await cli(['trace', '--app', 'nope', '--snapshot', dir, '--no-history']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/Application\/nope not found/);
  });
});
