// Flux references: the API groups and kinds, the labels a Flux deployer stamps on what it applies,
// and how a reference (sourceRef, chartRef, status.helmChart) names the object it points at.
import type { ClusterIndex, KindRequest } from '../index/cluster-index.js';
import { groupOf, type KubeObject } from '../reader/types.js';

export const SOURCE_GROUP = 'source.toolkit.fluxcd.io';

export const KUSTOMIZE_GROUP = 'kustomize.toolkit.fluxcd.io';

export const HELM_GROUP = 'helm.toolkit.fluxcd.io';

export const GENERATOR_GROUP = 'source.extensions.fluxcd.io';

export const OPERATOR_GROUP = 'fluxcd.controlplane.io';

export const FLUX_SOURCE_KINDS = [
  'GitRepository',
  'OCIRepository',
  'Bucket',
  'HelmRepository',
  'HelmChart',
  'ExternalArtifact',
];

export const FLUX_KINDS: KindRequest[] = [
  ...FLUX_SOURCE_KINDS.map((kind) => ({ group: SOURCE_GROUP, kind })),
  { group: KUSTOMIZE_GROUP, kind: 'Kustomization' },
  { group: HELM_GROUP, kind: 'HelmRelease' },
  { group: GENERATOR_GROUP, kind: 'ArtifactGenerator' },
  { group: OPERATOR_GROUP, kind: 'ResourceSet' },
  { group: OPERATOR_GROUP, kind: 'FluxInstance' },
];

/** The label pairs each Flux deployer stamps on what it applies, in the order we trust them. */
export const DEPLOYER_MARKS = [
  { group: KUSTOMIZE_GROUP, kind: 'Kustomization', prefix: 'kustomize.toolkit.fluxcd.io' },
  { group: HELM_GROUP, kind: 'HelmRelease', prefix: 'helm.toolkit.fluxcd.io' },
  { group: OPERATOR_GROUP, kind: 'ResourceSet', prefix: 'resourceset.fluxcd.controlplane.io' },
  { group: OPERATOR_GROUP, kind: 'FluxInstance', prefix: 'fluxcd.controlplane.io' },
] as const;

export interface Ref {
  group: string;
  kind: string;
  name: string;
  namespace: string | undefined;
  apiVersion: string;
}

export const DEFAULT_VERSIONS: Record<string, string> = {
  [SOURCE_GROUP]: 'v1',
  [KUSTOMIZE_GROUP]: 'v1',
  [HELM_GROUP]: 'v2',
  [GENERATOR_GROUP]: 'v1beta1',
  [OPERATOR_GROUP]: 'v1',
};

export function ref(group: string, kind: string, name: string, namespace: string | undefined): Ref {
  return { group, kind, name, namespace, apiVersion: `${group}/${DEFAULT_VERSIONS[group] ?? 'v1'}` };
}

/** The Flux deployer named by an object's labels, if any. */
export function fluxDeployerRef(
  obj: KubeObject,
): (Ref & { labelKey: string; namespaceLabelKey: string }) | undefined {
  const labels = obj.metadata.labels;
  if (!labels) return undefined; // most objects of a cluster: no label, nothing to look up
  for (const mark of MARK_KEYS) {
    const name = labels[mark.nameKey];
    if (!name) continue;
    const namespace = labels[mark.namespaceKey];
    return {
      ...ref(mark.group, mark.kind, name, namespace),
      labelKey: mark.nameKey,
      namespaceLabelKey: mark.namespaceKey,
    };
  }
  return undefined;
}

/** The label keys of DEPLOYER_MARKS, built once (this runs for every object of a batch). */
export const MARK_KEYS = DEPLOYER_MARKS.map((mark) => ({
  ...mark,
  nameKey: `${mark.prefix}/name`,
  namespaceKey: `${mark.prefix}/namespace`,
}));

export function isFluxObject(obj: KubeObject): boolean {
  const group = groupOf(obj.apiVersion);
  return [SOURCE_GROUP, KUSTOMIZE_GROUP, HELM_GROUP, GENERATOR_GROUP, OPERATOR_GROUP].includes(group);
}

/** Inventory ids are `<namespace>_<name>_<group>_<kind>` (core group and cluster scope empty). */
export function inventoryId(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}_${obj.metadata.name}_${groupOf(obj.apiVersion)}_${obj.kind}`;
}

export function resolveSourceRef(ks: KubeObject, index: ClusterIndex): KubeObject | undefined {
  const sr = ks.spec?.sourceRef;
  if (!sr?.kind || !sr.name) return undefined;
  return index.get(groupForSourceKind(sr.kind), sr.kind, sr.namespace ?? ks.metadata.namespace, sr.name);
}

export function chartObjectOf(hr: KubeObject, index: ClusterIndex): KubeObject | undefined {
  const chartRef = hr.spec?.chartRef;
  if (chartRef?.kind && chartRef.name) {
    return index.get(
      groupForSourceKind(chartRef.kind),
      chartRef.kind,
      chartRef.namespace ?? hr.metadata.namespace,
      chartRef.name,
    );
  }
  const [ns, name] = helmChartName(hr);
  return index.get(SOURCE_GROUP, 'HelmChart', ns, name);
}

/** helm-controller names the HelmChart `<hr-namespace>-<hr-name>` in the source's namespace and
 * reports it as `status.helmChart: ns/name`. */
export function helmChartName(hr: KubeObject): [string | undefined, string] {
  const reported = typeof hr.status?.helmChart === 'string' ? (hr.status.helmChart as string) : undefined;
  if (reported?.includes('/')) {
    const [ns, name] = reported.split('/', 2) as [string, string];
    return [ns, name];
  }
  const sourceNs = hr.spec?.chart?.spec?.sourceRef?.namespace ?? hr.metadata.namespace;
  return [sourceNs, `${hr.metadata.namespace}-${hr.metadata.name}`];
}

export function groupForSourceKind(kind: string): string {
  return kind === 'ArtifactGenerator' ? GENERATOR_GROUP : SOURCE_GROUP;
}

export function refersTo(r: Ref, obj: KubeObject): boolean {
  return (
    r.kind === obj.kind &&
    r.name === obj.metadata.name &&
    (r.namespace ?? '') === (obj.metadata.namespace ?? '') &&
    r.group === groupOf(obj.apiVersion)
  );
}

export function keyOf(obj: KubeObject): string {
  return `${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}
