// A deterministic (seeded) synthetic cluster for the bench: Flux sources, nested Kustomizations,
// HelmReleases with charts, Argo CD Applications, standalone Helm releases, Deployments with
// ReplicaSets and Pods, Services, ConfigMaps, orphans and some broken chains. Same seed, same
// cluster, byte for byte.
import type { KubeObject } from '../shared/reader/types.js';

/** mulberry32: tiny, fast, good enough to pick which chains break. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const T = '2026-11-27T20:00:00Z';
const ok = (reason: string, message: string) => [
  { type: 'Ready', status: 'True', reason, message, lastTransitionTime: T },
];
const fail = (reason: string, message: string) => [
  { type: 'Ready', status: 'False', reason, message, lastTransitionTime: T },
];

function sha(random: () => number, length = 40): string {
  let s = '';
  for (let i = 0; i < length; i++) s += Math.floor(random() * 16).toString(16);
  return s;
}

export interface GeneratedCluster {
  objects: KubeObject[];
  /** A few objects per category, for timing single traces. */
  counts: Record<string, number>;
}

/** About `target` objects (never fewer), the same every time for the same target and seed. */
export function generateCluster(target: number, seed = 42): GeneratedCluster {
  const random = seededRandom(seed);
  const objects: KubeObject[] = [];
  let uid = 0;
  const meta = (name: string, namespace: string | undefined, extra: Record<string, unknown> = {}) => ({
    name,
    ...(namespace ? { namespace } : {}),
    uid: `00000000-0000-4000-8000-${(++uid).toString(16).padStart(12, '0')}`,
    generation: 1,
    ...extra,
  });
  const ksLabels = (name: string) => ({
    'kustomize.toolkit.fluxcd.io/name': name,
    'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
  });
  const rootRev = `main@sha1:${sha(random)}`;
  objects.push(
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: meta('flux-system', 'flux-system', { labels: ksLabels('flux-system') }),
      spec: { url: 'https://github.com/example/fleet', ref: { branch: 'main' } },
      status: {
        artifact: { revision: rootRev },
        conditions: ok('Succeeded', `stored artifact for ${rootRev}`),
      },
    },
    {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: meta('flux-system', 'flux-system', { labels: ksLabels('flux-system') }),
      spec: { path: './clusters/prod', sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
      status: {
        lastAppliedRevision: rootRev,
        conditions: ok('ReconciliationSucceeded', `Applied revision: ${rootRev}`),
      },
    },
  );
  // Argo CD is installed: its settings say where Applications live and how they track objects.
  objects.push({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta('argocd-cm', 'argocd', { labels: { 'app.kubernetes.io/name': 'argocd-cm' } }),
    data: { 'application.resourceTrackingMethod': 'annotation' },
  });
  const counts: Record<string, number> = { flux: 0, helm: 0, argo: 0, orphan: 0, broken: 0, stale: 0 };
  let team = 0;
  while (objects.length < target) {
    team++;
    const teamName = `team-${team}`;
    const repoRev = `main@sha1:${sha(random)}`;
    const repoFails = random() < 0.05;
    objects.push(
      {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'GitRepository',
        metadata: meta(teamName, 'flux-system', { labels: ksLabels('flux-system') }),
        spec: { url: `https://github.com/example/${teamName}`, ref: { branch: 'main' } },
        status: {
          artifact: { revision: repoRev },
          conditions: repoFails
            ? [
                ...fail('GitOperationFailed', 'authentication required'),
                { type: 'FetchFailed', status: 'True', reason: 'GitOperationFailed', lastTransitionTime: T },
              ]
            : ok('Succeeded', `stored artifact for ${repoRev}`),
        },
      },
      {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: meta(teamName, 'flux-system', { labels: ksLabels('flux-system') }),
        spec: { path: `./teams/${team}`, sourceRef: { kind: 'GitRepository', name: teamName } },
        status: {
          lastAppliedRevision: repoRev,
          conditions: ok('ReconciliationSucceeded', `Applied revision: ${repoRev}`),
        },
      },
    );
    // Each team: 8 app Kustomizations of 10 apps each, one HelmRelease, one Argo Application.
    for (let k = 0; k < 8 && objects.length < target; k++) {
      const ksName = `${teamName}-apps-${k}`;
      const ns = `${teamName}-${k}`;
      const broken = random() < 0.05;
      const stale = !broken && random() < 0.05;
      const applied = stale ? `main@sha1:${sha(random)}` : repoRev;
      const ks: KubeObject = {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: meta(ksName, 'flux-system', { labels: ksLabels(teamName) }),
        spec: {
          path: `./teams/${team}/apps/${k}`,
          sourceRef: { kind: 'GitRepository', name: teamName },
          targetNamespace: ns,
        },
        status: {
          lastAppliedRevision: applied,
          lastAttemptedRevision: repoRev,
          conditions: broken
            ? fail('BuildFailed', `kustomization path not found: ./teams/${team}/apps/${k}`)
            : ok('ReconciliationSucceeded', `Applied revision: ${applied}`),
          inventory: { entries: [] as { id: string; v: string }[] },
        },
      };
      if (broken) counts.broken = (counts.broken ?? 0) + 1;
      if (stale) counts.stale = (counts.stale ?? 0) + 1;
      objects.push(ks, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: meta(ns, undefined, { labels: ksLabels(ksName) }),
      });
      for (let a = 0; a < 10 && objects.length < target; a++) {
        const app = `app-${a}`;
        const delivered = workload(app, ns, ksLabels(ksName), meta, random);
        objects.push(...delivered);
        for (const o of delivered) {
          if (o.metadata.ownerReferences) continue;
          const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
          ks.status.inventory.entries.push({ id: `${ns}_${o.metadata.name}_${group}_${o.kind}`, v: 'v1' });
        }
        counts.flux = (counts.flux ?? 0) + 1;
      }
      // An orphan now and then: labelled by this Kustomization, no longer in its inventory.
      if (random() < 0.3) {
        objects.push({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: meta(`leftover-${k}`, ns, { labels: ksLabels(ksName) }),
          data: { key: 'value' },
        });
        counts.orphan = (counts.orphan ?? 0) + 1;
      }
      // A hand-applied object in a GitOps namespace.
      if (random() < 0.2) {
        objects.push({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: meta(`debug-${k}`, ns, {
            annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
          }),
          data: { key: 'value' },
        });
      }
    }
    if (objects.length >= target) break;
    // A HelmRelease with its HelmRepository and HelmChart.
    const hrNs = `${teamName}-helm`;
    const version = `1.${team % 10}.0`;
    objects.push(
      {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'HelmRepository',
        metadata: meta(`${teamName}-charts`, 'flux-system', { labels: ksLabels(teamName) }),
        spec: { url: `https://charts.example.com/${teamName}` },
        status: {
          artifact: { revision: `sha256:${sha(random, 64)}` },
          conditions: ok('Succeeded', 'stored index'),
        },
      },
      {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'HelmChart',
        metadata: meta(`${hrNs}-web`, 'flux-system'),
        spec: {
          chart: 'web',
          version: '1.x',
          sourceRef: { kind: 'HelmRepository', name: `${teamName}-charts` },
        },
        status: {
          artifact: { revision: version },
          conditions: ok('ChartPullSucceeded', `pulled web@${version}`),
        },
      },
      {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: meta('web', hrNs, { labels: ksLabels(teamName) }),
        spec: {
          chart: {
            spec: {
              chart: 'web',
              version: '1.x',
              sourceRef: { kind: 'HelmRepository', name: `${teamName}-charts`, namespace: 'flux-system' },
            },
          },
        },
        status: {
          helmChart: `flux-system/${hrNs}-web`,
          history: [{ chartName: 'web', chartVersion: version, status: 'deployed', version: 1 }],
          conditions: ok('UpgradeSucceeded', 'Helm upgrade succeeded'),
        },
      },
    );
    const hrLabels = {
      'helm.toolkit.fluxcd.io/name': 'web',
      'helm.toolkit.fluxcd.io/namespace': hrNs,
      'app.kubernetes.io/managed-by': 'Helm',
    };
    objects.push(...workload('web', hrNs, hrLabels, meta, random));
    counts.helm = (counts.helm ?? 0) + 1;
    // An Argo CD Application and what it tracks (annotation tracking).
    const argoNs = `${teamName}-argo`;
    const appName = `${teamName}-guestbook`;
    objects.push({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: meta(appName, 'argocd'),
      spec: {
        source: {
          repoURL: `https://github.com/example/${teamName}-argo`,
          path: 'guestbook',
          targetRevision: 'HEAD',
        },
        destination: { namespace: argoNs },
      },
      status: {
        sync: { status: random() < 0.1 ? 'OutOfSync' : 'Synced', revision: sha(random) },
        health: { status: 'Healthy' },
      },
    });
    const argoObjects = workload('guestbook', argoNs, {}, meta, random);
    for (const o of argoObjects) {
      if (o.metadata.ownerReferences) continue;
      const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
      o.metadata.annotations = {
        'argocd.argoproj.io/tracking-id': `${appName}:${group}/${o.kind}:${argoNs}/${o.metadata.name}`,
      };
    }
    objects.push(...argoObjects);
    counts.argo = (counts.argo ?? 0) + 1;
    // A standalone Helm release Secret (metadata only: the bench never needs release data).
    objects.push({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'helm.sh/release.v1',
      metadata: meta(`sh.helm.release.v1.tools.v1`, `${teamName}-tools`, {
        labels: { owner: 'helm', name: 'tools', status: 'deployed', version: '1' },
      }),
    });
    const toolObjects = workload(
      'tools',
      `${teamName}-tools`,
      { 'app.kubernetes.io/managed-by': 'Helm' },
      meta,
      random,
    );
    for (const o of toolObjects)
      if (!o.metadata.ownerReferences)
        o.metadata.annotations = {
          'meta.helm.sh/release-name': 'tools',
          'meta.helm.sh/release-namespace': `${teamName}-tools`,
        };
    objects.push(...toolObjects);
  }
  return { objects, counts };
}

type Meta = (
  name: string,
  namespace: string | undefined,
  extra?: Record<string, unknown>,
) => KubeObject['metadata'];

/** Deployment -> ReplicaSet -> 2 Pods, a Service and a ConfigMap. */
function workload(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  meta: Meta,
  random: () => number,
): KubeObject[] {
  const hash = Math.floor(random() * 0xffffffff)
    .toString(16)
    .padStart(8, '0');
  const failing = random() < 0.02;
  const deployment: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(name, namespace, { labels: { app: name, ...labels } }),
    spec: { replicas: 2, selector: { matchLabels: { app: name } } },
    status: {
      observedGeneration: 1,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: failing ? 1 : 2,
      availableReplicas: failing ? 1 : 2,
    },
  };
  const owner = (o: KubeObject) => [
    {
      apiVersion: o.apiVersion,
      kind: o.kind,
      name: o.metadata.name,
      uid: o.metadata.uid as string,
      controller: true,
    },
  ];
  const rs: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: meta(`${name}-${hash}`, namespace, {
      labels: { app: name, 'pod-template-hash': hash },
      ownerReferences: owner(deployment),
    }),
    spec: { replicas: 2 },
    status: { observedGeneration: 1, replicas: 2, readyReplicas: 2, availableReplicas: failing ? 1 : 2 },
  };
  const pods = [0, 1].map((i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(`${name}-${hash}-${i}`, namespace, {
      labels: { app: name, 'pod-template-hash': hash },
      ownerReferences: owner(rs),
    }),
    spec: { containers: [{ name, image: `${name}:1.0` }] },
    status:
      failing && i === 1
        ? {
            phase: 'Running',
            containerStatuses: [
              { name, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off restarting' } } },
            ],
          }
        : { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  }));
  return [
    deployment,
    rs,
    ...pods,
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(name, namespace, { labels: { app: name, ...labels } }),
      spec: { selector: { app: name }, ports: [{ port: 80 }] },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(`${name}-config`, namespace, { labels: { app: name, ...labels } }),
      data: { 'app.properties': 'x=1' },
    },
  ];
}
