// Objects a Flux controller creates for itself, beside what it applies from a source: helm-controller
// makes a HelmChart from a HelmRelease's `spec.chart` (labelled with the HelmRelease's marks) and
// keeps the release in Helm's storage Secrets. No inventory ever lists them, and that is normal:
// the HelmRelease manages them (keeps them in sync, deletes them with the release).
import type { ClusterIndex } from '../index/cluster-index.js';
import { isHelmReleaseSecret } from '../index/secrets.js';
import type { KubeObject } from '../reader/types.js';
import { HELM_GROUP, helmChartName, ref, refersTo, SOURCE_GROUP } from './flux-refs.js';

/** Why `obj` belongs to `deployer` although its inventory does not list it, or undefined when it
 * is an ordinary applied object (whose absence from the inventory means it was orphaned). */
export function createdByController(deployer: KubeObject, obj: KubeObject): string | undefined {
  if (deployer.kind !== 'HelmRelease') return undefined;
  if (obj.kind === 'HelmChart' && !deployer.spec?.chartRef) {
    const [namespace, name] = helmChartName(deployer);
    if (refersTo(ref(SOURCE_GROUP, 'HelmChart', name, namespace), obj))
      return `helm-controller creates this HelmChart from the HelmRelease's spec.chart and deletes it with the release; an inventory never lists it`;
  }
  if (isHelmReleaseSecret(obj) && ownsRelease(deployer, obj))
    return 'Helm release storage that helm-controller writes for this HelmRelease';
  return undefined;
}

/** The HelmRelease whose Helm release a storage Secret holds: Helm's storage carries no Flux label,
 * so the release name and storage namespace recorded by helm-controller decide. */
export function helmReleaseOfStorage(secret: KubeObject, index: ClusterIndex): KubeObject | undefined {
  if (!isHelmReleaseSecret(secret)) return undefined;
  return index.list(HELM_GROUP, 'HelmRelease').find((hr) => ownsRelease(hr, secret));
}

function ownsRelease(hr: KubeObject, secret: KubeObject): boolean {
  const release = secret.metadata.labels?.name;
  if (!release || secret.metadata.namespace !== storageNamespace(hr)) return false;
  return releaseNames(hr).includes(release);
}

/** Where helm-controller keeps the release: status first (what it used), then spec.storageNamespace,
 * which defaults to the HelmRelease's own namespace (not its targetNamespace). */
function storageNamespace(hr: KubeObject): string | undefined {
  return hr.status?.storageNamespace ?? hr.spec?.storageNamespace ?? hr.metadata.namespace;
}

/** The release names the HelmRelease has used (its history) or would use (spec.releaseName, else
 * `<targetNamespace>-<name>` with a target namespace, else its own name). */
function releaseNames(hr: KubeObject): string[] {
  const history = Array.isArray(hr.status?.history) ? (hr.status.history as { name?: string }[]) : [];
  const names = history.map((h) => h.name).filter((n): n is string => typeof n === 'string');
  const target = hr.spec?.targetNamespace;
  names.push(hr.spec?.releaseName ?? (target ? `${target}-${hr.metadata.name}` : hr.metadata.name));
  return names;
}
