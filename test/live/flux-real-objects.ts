// What the real-Flux suite puts in Git and in the cluster. Everything is reconciled by the real
// controllers; nothing here writes a status. There is no kubelet: Deployments never become
// available, so nothing waits for health (`wait: false`, no health checks, Helm `disableWait`).
import { stringify } from 'yaml';

export const NS = 'flux-system';
export const INTERVAL = '1m';
export const TIMEOUT = '30s';

type Obj = Record<string, unknown>;

export function yamlDocs(...objects: Obj[]): string {
  return objects.map((o) => stringify(o)).join('---\n');
}

export function gitRepository(name: string, url: string, branch: string): Obj {
  return {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name, namespace: NS },
    spec: { interval: INTERVAL, timeout: TIMEOUT, url, ref: { branch } },
  };
}

export function kustomization(name: string, path: string, extra: Obj = {}): Obj {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace: NS },
    spec: {
      interval: INTERVAL,
      retryInterval: '5s',
      timeout: TIMEOUT,
      path,
      prune: true,
      wait: false,
      sourceRef: { kind: 'GitRepository', name: 'repo' },
      ...extra,
    },
  };
}

export function helmRepository(url: string): Obj {
  return {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmRepository',
    metadata: { name: 'charts', namespace: NS },
    spec: { interval: INTERVAL, timeout: TIMEOUT, url },
  };
}

/** A HelmRelease of the `hello` chart into its own namespace, release named after it. */
export function helmRelease(name: string, chart: Obj): Obj {
  return {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name, namespace: NS },
    spec: {
      interval: INTERVAL,
      timeout: TIMEOUT,
      releaseName: name,
      targetNamespace: name,
      chart: { spec: { interval: INTERVAL, ...chart } },
      install: { createNamespace: true, disableWait: true, remediation: { retries: 0 } },
      upgrade: { disableWait: true },
    },
  };
}

function namespace(name: string): Obj {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

function configMap(name: string, ns: string, data: Record<string, string>): Obj {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data };
}

/** A Deployment; with `deadlineSeconds` the deployment controller soon marks it
 * ProgressDeadlineExceeded (there is no kubelet), which makes it unhealthy for certain. */
function deployment(name: string, ns: string, deadlineSeconds?: number): Obj {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      replicas: 1,
      ...(deadlineSeconds ? { progressDeadlineSeconds: deadlineSeconds } : {}),
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name, image: 'registry.invalid/hello:1.0.0' }] },
      },
    },
  };
}

/** The Git repository at each commit. `root` applies the nested Kustomization `web` and the
 * HelmReleases; the other directories are applied by Kustomizations the suite creates. */
export function repoFiles(
  version: 1 | 2,
  helmRepoUrl: string,
  chartDir: string,
): Record<string, string | { copy: string }> {
  const files: Record<string, string | { copy: string }> = {
    'root/web.yaml': yamlDocs(kustomization('web', './apps/web')),
    'root/helm.yaml': yamlDocs(
      helmRepository(helmRepoUrl),
      helmRelease('hello', {
        chart: 'hello',
        version: '0.1.0',
        sourceRef: { kind: 'HelmRepository', name: 'charts' },
      }),
      helmRelease('hello-git', {
        chart: './charts/hello',
        sourceRef: { kind: 'GitRepository', name: 'repo' },
      }),
    ),
    'charts/hello': { copy: chartDir },
    'apps/web/all.yaml': yamlDocs(
      namespace('web'),
      configMap('web-config', 'web', { release: `v${version}` }),
      deployment('web', 'web'),
    ),
    'apps/infra/all.yaml': yamlDocs(namespace('infra'), configMap('infra-config', 'infra', { ok: 'yes' })),
    'apps/dep/all.yaml': yamlDocs(configMap('after-infra', 'infra', { ok: 'yes' })),
    'apps/keep/all.yaml': yamlDocs(
      namespace('keep'),
      configMap('keep-a', 'keep', { v: '1' }),
      deployment('keeper', 'keep', 1),
      // Commit 2 removes keep-b from Git; with prune: false it stays in the cluster.
      ...(version === 1 ? [configMap('keep-b', 'keep', { v: '1' })] : []),
    ),
    'apps/stale/all.yaml': yamlDocs(namespace('stale'), configMap('stale-config', 'stale', { v: '1' })),
  };
  // Commit 2 breaks the build of apps/stale: its kustomization.yaml names a file that is not there.
  if (version === 2)
    files['apps/stale/kustomization.yaml'] = yamlDocs({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['all.yaml', 'missing.yaml'],
    });
  return files;
}
