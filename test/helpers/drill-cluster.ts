// A small cluster for the drill-down tests (logs, Events, FluxReport): a Deployment whose newest pod
// runs (one container restarted twice) and whose older pod is Pending, unschedulable; a Deployment
// whose pod waits for its image; a failing Kustomization with the Events kustomize-controller
// writes; and a Secret holding the canary, which no drill-down may print.
import type { KubeObject } from '../../shared/reader/types.js';
import { CANARY } from './canary.js';

export const DRILL_NOW = new Date('2026-11-28T01:00:00Z');

const meta = (name: string, namespace: string, extra: Record<string, unknown> = {}) => ({
  name,
  namespace,
  uid: `uid-${namespace}-${name}`,
  ...extra,
});
const owner = (kind: string, name: string, namespace: string) => ({
  apiVersion: 'apps/v1',
  kind,
  name,
  uid: `uid-${namespace}-${name}`,
  controller: true,
});

/** A ReplicaSet of Deployment `app` in shop, labelled and selecting `app=<app>`. */
function replicaSet(name: string, app: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: meta(name, 'shop', { labels: { app }, ownerReferences: [owner('Deployment', app, 'shop')] }),
    spec: { selector: { matchLabels: { app } } },
  };
}

function event(
  name: string,
  involved: { kind: string; name: string; namespace: string; apiVersion: string },
  fields: Record<string, unknown>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: involved.namespace },
    involvedObject: involved,
    ...fields,
  };
}

const KS = {
  kind: 'Kustomization',
  name: 'apps',
  namespace: 'flux-system',
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
};
const PATH_ERROR = 'kustomization path not found: stat /tmp/kustomization-1/apps: no such file or directory';

export function drillObjects(): KubeObject[] {
  return [
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: meta('flux-system', 'flux-system'),
      spec: { url: 'https://example.com/repo.git' },
      status: {
        artifact: { revision: 'main@sha1:1111111111111111111111111111111111111111' },
        conditions: [{ type: 'Ready', status: 'True', reason: 'Succeeded', message: 'stored artifact' }],
      },
    },
    {
      apiVersion: KS.apiVersion,
      kind: 'Kustomization',
      metadata: meta('apps', 'flux-system', { generation: 1 }),
      spec: { path: './apps', sourceRef: { kind: 'GitRepository', name: 'flux-system' }, prune: true },
      status: {
        observedGeneration: 1,
        conditions: [{ type: 'Ready', status: 'False', reason: 'BuildFailed', message: PATH_ERROR }],
      },
    },
    event('apps.1', KS, {
      type: 'Warning',
      reason: 'BuildFailed',
      message: PATH_ERROR,
      count: 2,
      firstTimestamp: '2026-11-28T00:30:00Z',
      lastTimestamp: '2026-11-28T00:50:00Z',
      source: { component: 'kustomize-controller' },
    }),
    event('apps.2', KS, {
      type: 'Warning',
      reason: 'BuildFailed',
      message: PATH_ERROR,
      count: 3,
      firstTimestamp: '2026-11-28T00:20:00Z',
      lastTimestamp: '2026-11-28T00:58:00Z',
      source: { component: 'kustomize-controller' },
    }),
    event('apps.3', KS, {
      type: 'Normal',
      reason: 'ReconciliationSucceeded',
      message: 'Reconciliation finished in 1s, next run in 10m',
      count: 1,
      firstTimestamp: '2026-11-28T00:10:00Z',
      lastTimestamp: '2026-11-28T00:10:00Z',
      source: { component: 'kustomize-controller' },
    }),
    // Another kind of the same name: not the Kustomization's.
    event(
      'apps.4',
      { ...KS, kind: 'HelmRelease', apiVersion: 'helm.toolkit.fluxcd.io/v2' },
      {
        type: 'Warning',
        reason: 'InstallFailed',
        message: 'not about the Kustomization',
        count: 1,
        lastTimestamp: '2026-11-28T00:59:00Z',
      },
    ),
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('api', 'shop', {
        labels: {
          'kustomize.toolkit.fluxcd.io/name': 'apps',
          'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
        },
      }),
      spec: { selector: { matchLabels: { app: 'api' } }, replicas: 2 },
      status: { replicas: 2, readyReplicas: 1 },
    },
    replicaSet('api-new', 'api'),
    replicaSet('api-old', 'api'),
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta('api-new-a', 'shop', {
        labels: { app: 'api' },
        creationTimestamp: '2026-11-28T00:40:00Z',
        ownerReferences: [owner('ReplicaSet', 'api-new', 'shop')],
      }),
      spec: {
        nodeName: 'node-1',
        containers: [
          { name: 'app', env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'db', key: 'pw' } } }] },
          { name: 'sidecar' },
        ],
      },
      status: {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'app',
            restartCount: 2,
            state: { running: { startedAt: '2026-11-28T00:55:00Z' } },
            lastState: { terminated: { reason: 'Error', exitCode: 1, finishedAt: '2026-11-28T00:54:00Z' } },
          },
          { name: 'sidecar', restartCount: 0, state: { running: { startedAt: '2026-11-28T00:41:00Z' } } },
        ],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta('api-old-b', 'shop', {
        labels: { app: 'api' },
        creationTimestamp: '2026-11-28T00:30:00Z',
        ownerReferences: [owner('ReplicaSet', 'api-old', 'shop')],
      }),
      spec: { containers: [{ name: 'app' }, { name: 'sidecar' }] },
      status: {
        phase: 'Pending',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: '0/3 nodes are available: 3 Insufficient cpu.',
          },
        ],
      },
    },
    // Same labels, another owner: not the Deployment's.
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta('stray', 'shop', {
        labels: { app: 'api' },
        ownerReferences: [owner('ReplicaSet', 'someone-else', 'shop')],
      }),
      spec: { nodeName: 'node-1', containers: [{ name: 'app' }] },
      status: { phase: 'Running' },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('web', 'shop'),
      spec: { selector: { matchLabels: { app: 'web' } } },
    },
    replicaSet('web-1', 'web'),
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta('web-1-x', 'shop', {
        labels: { app: 'web' },
        ownerReferences: [owner('ReplicaSet', 'web-1', 'shop')],
      }),
      spec: { nodeName: 'node-1', containers: [{ name: 'web' }] },
      status: {
        phase: 'Pending',
        containerStatuses: [
          {
            name: 'web',
            restartCount: 0,
            state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "web:nope"' } },
          },
        ],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta('db', 'shop'),
      type: 'Opaque',
      stringData: { pw: CANARY },
      data: { pw: Buffer.from(CANARY).toString('base64') },
    },
  ];
}

/** flux-operator's report of a Flux 2.7 installation with one failing Kustomization. */
export function fluxReportObject(): KubeObject {
  return {
    apiVersion: 'fluxcd.controlplane.io/v1',
    kind: 'FluxReport',
    metadata: meta('flux', 'flux-system'),
    spec: {
      distribution: {
        version: 'v2.7.3',
        status: 'Installed',
        entitlement: 'Issued by controlplane',
        managedBy: 'flux-operator',
      },
      cluster: { serverVersion: 'v1.34.1', platform: 'linux/amd64', nodes: 3 },
      components: [
        {
          name: 'kustomize-controller',
          ready: true,
          status: 'Current Deployment is available.',
          image: 'ghcr.io/fluxcd/kustomize-controller:v1.7.2',
        },
        {
          name: 'source-controller',
          ready: false,
          status: 'InProgress Deployment is not ready.',
          image: 'ghcr.io/fluxcd/source-controller:v1.7.2',
        },
      ],
      reconcilers: [
        {
          apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
          kind: 'Kustomization',
          stats: { running: 4, failing: 1, suspended: 0 },
        },
        {
          apiVersion: 'source.toolkit.fluxcd.io/v1',
          kind: 'GitRepository',
          stats: { running: 1, failing: 0, suspended: 0, totalSize: '1.2 MiB' },
        },
        {
          apiVersion: 'helm.toolkit.fluxcd.io/v2',
          kind: 'HelmRelease',
          stats: { running: 0, failing: 0, suspended: 0 },
        },
      ],
      sync: {
        id: 'kustomization/flux-system',
        path: 'clusters/prod',
        ready: true,
        source: 'https://example.com/repo.git',
        status: 'Applied revision: refs/heads/main@sha1:1111111',
      },
    },
    status: { conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded' }] },
  };
}
