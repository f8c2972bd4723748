// Flux delivery chains, one scenario per source kind and reference (gitops-facts.md §Flux).
import { describe, expect, it } from 'vitest';
import { Engine } from '../../shared/engine.js';
import { TraceResultSchema } from '../../shared/model/trace-result.js';
import { SnapshotReader } from '../../shared/reader/snapshot.js';
import { chainNames, DEMO_DIR, traceScenario } from '../helpers/scenario.js';

const NOW = new Date('2026-11-28T01:00:00Z');

async function traceDemo(kind: string, name: string, namespace: string) {
  const engine = await Engine.open({ snapshot: DEMO_DIR });
  return engine.trace(kind, name, namespace, { now: NOW });
}

describe('demo: the broken chain from the issue', () => {
  it('names the failing Kustomization, its error, and the running vs expected revision', async () => {
    const result = await traceDemo('deployment', 'nginx', 'demo');
    expect(() => TraceResultSchema.parse(result)).not.toThrow();
    expect(chainNames(result)).toEqual([
      'GitRepository/flux-system',
      'Kustomization/flux-system',
      'GitRepository/infra-repo',
      'Kustomization/apps',
      'Deployment/nginx',
    ]);
    expect(result.chain.map((l) => l.role)).toEqual(['source', 'applier', 'source', 'deployer', 'object']);
    expect(result.tool).toBe('flux');
    expect(result.managed).toBe('managed');
    const d = result.diagnosis;
    expect(d.healthy).toBe(false);
    expect(d.brokenAt).toBe(3);
    expect(result.chain[3]).toMatchObject({
      ready: false,
      reason: 'BuildFailed',
      path: './clusters/prod/apps',
    });
    expect(d.running).toBe('main@sha1:abc1230f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b');
    expect(d.expected).toBe('main@sha1:def4560a1b2c3d4e5f60718293a4b5c6d7e8f901');
    expect(d.stale).toBe(true);
    expect(d.summary).toMatch(
      /^Kustomization flux-system\/apps failed \(BuildFailed: .*clusters\/prod\/apps: no such file/,
    );
    expect(d.summary).toContain('Deployment demo/nginx still runs main@sha1:abc123');
    expect(d.summary).toContain('while the source is at main@sha1:def456');
  });

  it('walks Pod -> ReplicaSet -> Deployment to the healthy chain', async () => {
    const result = await traceDemo('po', 'web-5d8f9c7b6-4kq7m', 'demo');
    expect(chainNames(result).slice(-3)).toEqual([
      'Deployment/web',
      'ReplicaSet/web-5d8f9c7b6',
      'Pod/web-5d8f9c7b6-4kq7m',
    ]);
    expect(result.chain.slice(-3).map((l) => l.role)).toEqual(['owner', 'owner', 'object']);
    expect(result.diagnosis).toMatchObject({ healthy: true, brokenAt: null, stale: false });
    expect(result.fullyManaged).toBe(true);
  });

  it('follows a HelmRelease from a HelmRepository applied by a Kustomization', async () => {
    const result = await traceDemo('deploy', 'podinfo', 'podinfo');
    expect(chainNames(result)).toEqual([
      'GitRepository/flux-system',
      'Kustomization/flux-system',
      'Kustomization/releases',
      'HelmRepository/podinfo',
      'HelmChart/flux-system-podinfo',
      'HelmRelease/podinfo',
      'Deployment/podinfo',
    ]);
    expect(result.chain.map((l) => l.role)).toEqual([
      'source',
      'applier',
      'applier',
      'chart-source',
      'chart',
      'deployer',
      'object',
    ]);
    expect(result.diagnosis).toMatchObject({ healthy: true, running: '6.7.1', expected: '6.7.1' });
  });

  it('a Pod of a HelmRelease is traced through its ReplicaSet, whose copied Helm annotations are not its own', async () => {
    const result = await traceDemo('pod', 'podinfo-6b7c9d8f5-w7kxd', 'podinfo');
    expect(result).toMatchObject({ tool: 'flux', managed: 'managed' });
    expect(chainNames(result).slice(-4)).toEqual([
      'HelmRelease/podinfo',
      'Deployment/podinfo',
      'ReplicaSet/podinfo-6b7c9d8f5',
      'Pod/podinfo-6b7c9d8f5-w7kxd',
    ]);
    expect(result.diagnosis.healthy).toBe(true);
  });

  it('reports a suspended Kustomization as the break, with the stale revision', async () => {
    const result = await traceDemo('deployment', 'grafana', 'monitoring');
    const broken = result.chain[result.diagnosis.brokenAt ?? -1];
    expect(broken).toMatchObject({
      kind: 'Kustomization',
      name: 'monitoring',
      suspended: true,
      status: 'Suspended',
    });
    expect(result.diagnosis.summary).toContain('Kustomization flux-system/monitoring is suspended');
  });

  it('traces an OCIRepository source', async () => {
    const result = await traceDemo('deployment', 'redis', 'cache');
    expect(result.chain[2]).toMatchObject({
      kind: 'OCIRepository',
      role: 'source',
      url: 'oci://ghcr.io/acme/manifests/redis',
    });
    expect(result.chain[2]?.details?.originRevision).toBe(
      'main@sha1:4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c',
    );
    expect(result.diagnosis.healthy).toBe(true);
  });

  it('says "not managed by GitOps" for a kubectl-applied object, with the evidence', async () => {
    const result = await traceDemo('deployment', 'debug-tools', 'demo');
    expect(result).toMatchObject({ tool: 'kubectl', managed: 'never-managed', fullyManaged: false });
    expect(chainNames(result)).toEqual(['Deployment/debug-tools']);
    const keys = (result.evidence ?? []).map((e) => e.key);
    expect(keys).toContain('kubectl.kubernetes.io/last-applied-configuration');
    expect(keys).toContain('kubectl-edit');
    expect(result.diagnosis.summary).toContain(
      'is not managed by GitOps (applied by hand with kubectl apply',
    );
  });
});

describe('Flux sources and references', () => {
  it('Bucket source that cannot fetch breaks the chain at the origin', async () => {
    const result = await traceScenario('flux-bucket', 'cm', 'settings', 'team-a');
    expect(chainNames(result)).toEqual([
      'Bucket/configs',
      'Kustomization/team-a-config',
      'ConfigMap/settings',
    ]);
    expect(result.chain[0]).toMatchObject({
      ready: false,
      status: 'Fetch failed',
      reason: 'BucketOperationFailed',
    });
    expect(result.diagnosis.brokenAt).toBe(0);
    expect(result.diagnosis.stale).toBe(false);
  });

  it('ExternalArtifact leads to its producer', async () => {
    const result = await traceScenario('flux-external-artifact', 'deployment', 'cart', 'shop');
    expect(chainNames(result)).toEqual([
      'ArtifactGenerator/shop-bundle',
      'ExternalArtifact/shop-manifests',
      'Kustomization/shop',
      'Deployment/cart',
    ]);
    expect(result.chain[0]?.role).toBe('producer');
    expect(result.diagnosis.healthy).toBe(true);
  });

  it('HelmRelease chartRef to an OCIRepository compares chart version with digest suffix', async () => {
    const result = await traceScenario('flux-helm-chartref', 'deployment', 'podinfo', 'platform');
    expect(chainNames(result)).toEqual([
      'OCIRepository/podinfo-chart',
      'HelmRelease/podinfo',
      'Deployment/podinfo',
    ]);
    expect(result.diagnosis).toMatchObject({ healthy: true, stale: false });
  });

  it('HelmRelease chartRef to a HelmChart shows the chart and its GitRepository', async () => {
    const result = await traceScenario('flux-helm-chartref', 'svc', 'ingress', 'platform');
    expect(chainNames(result)).toEqual([
      'GitRepository/charts',
      'HelmChart/ingress-chart',
      'HelmRelease/ingress',
      'Service/ingress',
    ]);
    expect(result.chain.map((l) => l.role)).toEqual(['chart-source', 'chart', 'deployer', 'object']);
  });

  it('HelmRelease spec.chart from a GitRepository: failed upgrade, old chart still runs', async () => {
    const result = await traceScenario('flux-helm-git-chart', 'deployment', 'billing-api', 'billing');
    expect(chainNames(result)).toEqual([
      'GitRepository/billing-charts',
      'HelmChart/billing-billing-api',
      'HelmRelease/billing-api',
      'Deployment/billing-api',
    ]);
    expect(result.chain[2]).toMatchObject({ ready: false, reason: 'UpgradeFailed' });
    expect(result.diagnosis).toMatchObject({
      brokenAt: 2,
      running: '1.4.2+555555555555',
      expected: '1.5.0+666666666666',
      stale: true,
    });
  });

  it('nested Kustomizations are walked up to the root; an unobserved generation is a break', async () => {
    const result = await traceScenario('flux-nested', 'deployment', 'cert-manager', 'cert-manager');
    expect(chainNames(result)).toEqual([
      'GitRepository/flux-system',
      'Kustomization/flux-system',
      'Kustomization/infra',
      'Kustomization/infra-controllers',
      'HelmRepository/jetstack',
      'HelmChart/cert-manager-cert-manager',
      'HelmRelease/cert-manager',
      'Deployment/cert-manager',
    ]);
    expect(result.chain[3]).toMatchObject({ reconciled: false, ready: true });
    expect(result.diagnosis.brokenAt).toBe(3);
    // An OCI HelmRepository has no status by design: not a break.
    expect(result.chain[4]).toMatchObject({ ready: null, status: 'OCI repository (no status by design)' });
  });

  it('the self-labelled bootstrap Kustomization is the root, not an orphan', async () => {
    const result = await traceScenario('flux-nested', 'ks', 'flux-system', 'flux-system');
    expect(result.managed).toBe('managed');
    expect(chainNames(result)).toEqual(['GitRepository/flux-system', 'Kustomization/flux-system']);
    expect(result.diagnosis.healthy).toBe(true);
  });

  it('flux-operator: ResourceSet objects and FluxInstance-managed Kustomizations', async () => {
    const sa = await traceScenario('flux-operator', 'sa', 'team-b-deployer', 'flux-system');
    expect(chainNames(sa)).toEqual([
      'FluxInstance/flux',
      'GitRepository/flux-system',
      'Kustomization/flux-system',
      'ResourceSet/tenants',
      'ServiceAccount/team-b-deployer',
    ]);
    expect(sa.chain[3]).toMatchObject({ ready: false, reason: 'ReconciliationFailed' });
    expect(sa.diagnosis.brokenAt).toBe(3);
    const ks = await traceScenario('flux-operator', 'kustomization', 'flux-system', 'flux-system');
    expect(ks.chain[0]).toMatchObject({ kind: 'FluxInstance', role: 'deployer' });
    expect(ks.diagnosis.healthy).toBe(true);
  });

  it.each([
    ['pod/postgres-0', ['StatefulSet/postgres', 'Pod/postgres-0']],
    ['pod/node-exporter-7xk2p', ['DaemonSet/node-exporter', 'Pod/node-exporter-7xk2p']],
    ['pod/backup-29400180-m4n5x', ['CronJob/backup', 'Job/backup-29400180', 'Pod/backup-29400180-m4n5x']],
  ])('walks ownerReferences of %s up to the Flux-labelled workload', async (resource, tail) => {
    const [kind = '', name = ''] = resource.split('/');
    const result = await traceScenario('flux-workload-owners', kind, name, 'data');
    expect(chainNames(result).slice(0, 2)).toEqual(['GitRepository/data-repo', 'Kustomization/workloads']);
    expect(chainNames(result).slice(2)).toEqual(tail);
  });

  it('a failed Pod (Degraded) breaks at the object, below healthy delivery links', async () => {
    const result = await traceScenario('flux-workload-owners', 'pod', 'backup-29400180-m4n5x', 'data');
    expect(result.diagnosis.brokenAt).toBe(result.chain.length - 1);
    expect(result.chain.at(-1)).toMatchObject({ status: 'Degraded', ready: false });
  });
});

describe('references that lead nowhere', () => {
  it('a sourceRef to a missing GitRepository is a missing link at the origin', async () => {
    const result = await traceScenario('flux-broken-refs', 'cm', 'payments-config', 'legacy');
    expect(result.chain[0]).toMatchObject({
      kind: 'GitRepository',
      name: 'payments-repo',
      missing: true,
      ready: false,
    });
    expect(result.diagnosis.brokenAt).toBe(0);
    expect(result.diagnosis.summary).toContain('GitRepository flux-system/payments-repo does not exist');
    expect(result.fullyManaged).toBe(false);
  });

  it('an unknown source kind gives a warning and an unknown link, not a crash', async () => {
    const result = await traceScenario('flux-broken-refs', 'ks', 'experimental', 'flux-system');
    expect(result.chain[0]).toMatchObject({
      kind: 'GitLabRepository',
      status: 'Unknown source kind',
      ready: null,
    });
    expect(result.warnings.join('\n')).toContain(
      'sourceRef kind GitLabRepository, which cub-scout does not know',
    );
    expect(result.diagnosis.brokenAt).toBe(1);
  });

  it('a mark pointing at a deleted Kustomization means orphaned, with the evidence', async () => {
    const result = await traceScenario('flux-broken-refs', 'cm', 'old-feature-flags', 'legacy');
    expect(result).toMatchObject({ managed: 'orphaned', tool: 'flux', fullyManaged: false });
    expect(result.diagnosis.healthy).toBe(false);
    expect(result.diagnosis.summary).toContain('Kustomization flux-system/legacy-apps no longer exists');
    expect(result.evidence?.map((e) => e.key)).toContain('kustomize.toolkit.fluxcd.io/name');
  });

  it('a reference to a kind the cluster does not serve warns that its CRD is not installed', async () => {
    // The demo cluster as a cluster without Flux's Kustomization CRD would answer.
    const demo = await SnapshotReader.load(DEMO_DIR);
    const kindFor = demo.kindFor.bind(demo);
    demo.kindFor = async (group, kind) => (kind === 'Kustomization' ? undefined : kindFor(group, kind));
    const result = await new Engine(demo).trace('deployment', 'nginx', 'demo', { now: NOW });
    expect(result.chain.find((l) => l.kind === 'Kustomization')).toMatchObject({
      name: 'apps',
      missing: true,
    });
    expect(result.warnings).toContain(
      'the cluster does not serve Kustomization (kustomize.toolkit.fluxcd.io): its CRD is not installed, so Kustomization flux-system/apps cannot exist',
    );
  });
});
