// Kinds a snapshot can resolve without discovery: the core kinds cub-scout meets and every GitOps
// CRD named in gitops-facts.md, with the short names their CRDs/kubectl declare. A snapshot that
// holds CustomResourceDefinitions adds their kinds on top (see snapshot.ts).
import type { KindInfo } from './types.js';

type Row = [
  group: string,
  version: string,
  kind: string,
  plural: string,
  shortNames: string[],
  namespaced?: boolean,
];

const ROWS: Row[] = [
  // core
  ['', 'v1', 'Pod', 'pods', ['po']],
  ['', 'v1', 'Service', 'services', ['svc']],
  ['', 'v1', 'ConfigMap', 'configmaps', ['cm']],
  ['', 'v1', 'Secret', 'secrets', []],
  ['', 'v1', 'ServiceAccount', 'serviceaccounts', ['sa']],
  ['', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', ['pvc']],
  ['', 'v1', 'PersistentVolume', 'persistentvolumes', ['pv'], false],
  ['', 'v1', 'Namespace', 'namespaces', ['ns'], false],
  ['', 'v1', 'Node', 'nodes', ['no'], false],
  ['', 'v1', 'Endpoints', 'endpoints', ['ep']],
  ['', 'v1', 'Event', 'events', ['ev']],
  ['', 'v1', 'ReplicationController', 'replicationcontrollers', ['rc']],
  ['', 'v1', 'LimitRange', 'limitranges', ['limits']],
  ['', 'v1', 'ResourceQuota', 'resourcequotas', ['quota']],
  // apps, batch, networking, rbac, policy, autoscaling, discovery, coordination
  ['apps', 'v1', 'Deployment', 'deployments', ['deploy']],
  ['apps', 'v1', 'ReplicaSet', 'replicasets', ['rs']],
  ['apps', 'v1', 'StatefulSet', 'statefulsets', ['sts']],
  ['apps', 'v1', 'DaemonSet', 'daemonsets', ['ds']],
  ['apps', 'v1', 'ControllerRevision', 'controllerrevisions', []],
  ['batch', 'v1', 'Job', 'jobs', []],
  ['batch', 'v1', 'CronJob', 'cronjobs', ['cj']],
  ['networking.k8s.io', 'v1', 'Ingress', 'ingresses', ['ing']],
  ['networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', ['netpol']],
  ['networking.k8s.io', 'v1', 'IngressClass', 'ingressclasses', [], false],
  ['discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', []],
  ['coordination.k8s.io', 'v1', 'Lease', 'leases', []],
  ['rbac.authorization.k8s.io', 'v1', 'Role', 'roles', []],
  ['rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', []],
  ['rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', [], false],
  ['rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', [], false],
  ['policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', ['pdb']],
  ['autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', ['hpa']],
  [
    'apiextensions.k8s.io',
    'v1',
    'CustomResourceDefinition',
    'customresourcedefinitions',
    ['crd', 'crds'],
    false,
  ],
  // Flux
  ['source.toolkit.fluxcd.io', 'v1', 'GitRepository', 'gitrepositories', ['gitrepo']],
  ['source.toolkit.fluxcd.io', 'v1', 'OCIRepository', 'ocirepositories', ['ocirepo']],
  ['source.toolkit.fluxcd.io', 'v1', 'Bucket', 'buckets', []],
  ['source.toolkit.fluxcd.io', 'v1', 'HelmRepository', 'helmrepositories', ['helmrepo']],
  ['source.toolkit.fluxcd.io', 'v1', 'HelmChart', 'helmcharts', ['hc']],
  ['source.toolkit.fluxcd.io', 'v1', 'ExternalArtifact', 'externalartifacts', []],
  ['source.extensions.fluxcd.io', 'v1beta1', 'ArtifactGenerator', 'artifactgenerators', []],
  ['kustomize.toolkit.fluxcd.io', 'v1', 'Kustomization', 'kustomizations', ['ks']],
  ['helm.toolkit.fluxcd.io', 'v2', 'HelmRelease', 'helmreleases', ['hr']],
  ['notification.toolkit.fluxcd.io', 'v1beta3', 'Alert', 'alerts', []],
  ['notification.toolkit.fluxcd.io', 'v1beta3', 'Provider', 'providers', []],
  // flux-operator
  ['fluxcd.controlplane.io', 'v1', 'FluxInstance', 'fluxinstances', []],
  ['fluxcd.controlplane.io', 'v1', 'FluxReport', 'fluxreports', []],
  ['fluxcd.controlplane.io', 'v1', 'ResourceSet', 'resourcesets', []],
  // Argo CD
  ['argoproj.io', 'v1alpha1', 'Application', 'applications', ['app', 'apps']],
  ['argoproj.io', 'v1alpha1', 'ApplicationSet', 'applicationsets', ['appset', 'appsets']],
  ['argoproj.io', 'v1alpha1', 'AppProject', 'appprojects', ['appproj', 'appprojs']],
];

export const BUILTIN_KINDS: readonly KindInfo[] = ROWS.map(
  ([group, version, kind, plural, shortNames, namespaced]) => ({
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    shortNames,
    namespaced: namespaced ?? true,
  }),
);

/** Match what a user typed against a list of kinds the way kubectl does: kind, singular, plural or
 * short name, case-insensitive, optionally qualified by group (`deployments.apps`) or by
 * version and group (`deployments.v1.apps`). Returns every match; callers decide on ambiguity. */
export function matchKinds(input: string, kinds: readonly KindInfo[]): KindInfo[] {
  const text = input.trim().toLowerCase();
  if (!text) return [];
  const matches = kinds.filter((k) => nameMatches(text, k));
  if (matches.length > 0) return preferCore(matches);
  // Qualified: resource.group or resource.version.group
  const dot = text.indexOf('.');
  if (dot < 0) return [];
  const resource = text.slice(0, dot);
  const rest = text.slice(dot + 1);
  return kinds.filter((k) => {
    if (!nameMatches(resource, k)) return false;
    const group = k.group.toLowerCase();
    return (
      rest === group ||
      rest === `${k.version}.${group}`.toLowerCase() ||
      (group !== '' && group.startsWith(`${rest}.`))
    );
  });
}

function nameMatches(text: string, k: KindInfo): boolean {
  return (
    text === k.kind.toLowerCase() || text === k.singular || text === k.plural || k.shortNames.includes(text)
  );
}

/** kubectl prefers the core and well-known groups when a short name is ambiguous. */
function preferCore(matches: KindInfo[]): KindInfo[] {
  if (matches.length <= 1) return matches;
  const core = matches.filter((k) => k.group === '' || !k.group.includes('.'));
  return core.length > 0 ? core : matches;
}
