// Never managed vs orphaned vs system: the verdicts and the evidence behind them.
import { describe, expect, it } from 'vitest';
import { traceScenario } from '../helpers/scenario.js';

const orphan = (name: string) => traceScenario('provenance-orphans', 'deployment', name, 'orphans');

describe('orphaned objects', () => {
  it.each([
    ['flux-gone', 'Kustomization', /no longer exists/],
    ['flux-unlisted', 'Kustomization', /no longer lists it/],
    ['argo-gone', 'Application', /no longer exists/],
    ['argo-unlisted', 'Application', /no longer lists it/],
    ['helm-gone', 'Release', /no longer exists/],
  ])('%s is orphaned from its %s', async (name, kind, why) => {
    const r = await orphan(name);
    expect(r.managed).toBe('orphaned');
    expect(r.fullyManaged).toBe(false);
    expect(r.diagnosis.healthy).toBe(false);
    expect(r.chain[r.chain.length - 2]?.kind).toBe(kind);
    expect(r.diagnosis.summary).toMatch(why);
    expect(r.evidence?.length).toBeGreaterThan(0);
  });

  it('a listed object of the same Kustomization is managed, not orphaned', async () => {
    const r = await orphan('kept');
    expect(r.managed).toBe('managed');
    expect(r.diagnosis.healthy).toBe(true);
  });

  // Real Argo CD keeps listing an object removed from Git (pruning off) with requiresPruning:
  // orphaned, not managed (test/live/argo-real-claims.ts, test/scenarios/argo-real-pruning-off).
  it('requiresPruning: no longer in Git, kept only because pruning is off: orphaned', async () => {
    const r = await orphan('store-old');
    expect(r.managed).toBe('orphaned');
    expect(r.fullyManaged).toBe(false);
    expect(r.diagnosis.summary).toMatch(/no longer in Git.*requiresPruning/);
  });
});

describe('never-managed objects', () => {
  it('hand-applied with kubectl and edited: evidence names the managers', async () => {
    const r = await orphan('hotfix');
    expect(r.managed).toBe('never-managed');
    expect(r.tool).toBe('kubectl');
    expect(r.evidence?.map((e) => e.key)).toEqual(
      expect.arrayContaining([
        'GitOps marks',
        'kubectl.kubernetes.io/last-applied-configuration',
        'kubectl-edit',
      ]),
    );
    expect(r.diagnosis.summary).toMatch(/applied by hand with kubectl apply/);
  });

  it('no marks at all: the evidence says so', async () => {
    const r = await traceScenario('provenance-orphans', 'configmap', 'bare', 'orphans');
    expect(r.managed).toBe('never-managed');
    expect(r.tool).toBe('none');
    expect(r.evidence?.[0]).toMatchObject({ kind: 'absence', value: 'none' });
  });

  it.each([
    ['tf-settings', /Terraform workspace prod-network/],
    ['bucket-connection', /Crossplane claim orphans\/uploads/],
  ])('%s names its owner outside GitOps', async (name, owner) => {
    const r = await traceScenario('provenance-orphans', 'configmap', name, 'orphans');
    expect(r.managed).toBe('never-managed');
    expect(r.diagnosis.summary).toMatch(owner);
  });
});

describe('system objects', () => {
  it.each([
    ['configmap', 'kube-root-ca.crt', 'default'],
    ['serviceaccount', 'default', 'default'],
    ['service', 'kubernetes', 'default'],
    ['endpoints', 'kubernetes', 'default'],
    ['endpointslice', 'kubernetes', 'default'],
    ['lease', 'node-1', 'kube-node-lease'],
    ['deployment', 'coredns', 'kube-system'],
    ['clusterrole', 'system:aggregate-to-view', undefined],
  ])('%s/%s is a system object', async (kind, name, ns) => {
    const r = await traceScenario('system-objects', kind, name, ns);
    expect(r.system).toBe(true);
    expect(r.managed).not.toBe('orphaned');
    expect(r.diagnosis.summary).toMatch(/created by the cluster itself/);
  });

  it('an ordinary ConfigMap next to them is not', async () => {
    const r = await traceScenario('system-objects', 'configmap', 'app-settings', 'default');
    expect(r.system).toBeUndefined();
    expect(r.managed).toBe('never-managed');
  });
});
