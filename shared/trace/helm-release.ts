// Helm release storage: the release Secrets `sh.helm.release.v1.<name>.v<N>` of a release, already
// reduced by the index to metadata and the manifest's object list (shared/index/secrets.ts). Used by
// the standalone Helm module and to add release facts to a Flux HelmRelease link.
import type { ClusterIndex, KindRequest } from '../index/cluster-index.js';
import {
  HELM_RELEASE_FIELD,
  type HelmReleaseSummary,
  type ManifestObject,
  type ReducedHelmRelease,
} from '../index/secrets.js';
import type { ChainLink } from '../model/trace-result.js';
import { groupOf, type KubeObject } from '../reader/types.js';

/** Release Secrets are listed by their labels: no other Secret is ever read. */
export const HELM_RELEASE_REQUEST: KindRequest = { group: '', kind: 'Secret', labelSelector: 'owner=helm' };
/** Releases stored by Helm's ConfigMap driver, listed by the same labels. */
export const HELM_CONFIGMAP_RELEASE_REQUEST: KindRequest = {
  group: '',
  kind: 'ConfigMap',
  labelSelector: 'owner=helm',
};

/** One stored revision of a release. `summary` is undefined when the payload could not be decoded:
 * the Secret's labels still give name, status and version. */
export interface ReleaseRevision {
  secret: KubeObject;
  name: string;
  namespace: string;
  version: number;
  status: string;
  summary: HelmReleaseSummary | undefined;
  error: string | undefined;
}

export function revisionOfSecret(secret: KubeObject): ReleaseRevision {
  const reduced = secret[HELM_RELEASE_FIELD] as ReducedHelmRelease | undefined;
  const summary = reduced?.ok ? reduced.release : undefined;
  const labels = secret.metadata.labels ?? {};
  const fromName = /^sh\.helm\.release\.v1\.(.+)\.v(\d+)$/.exec(secret.metadata.name);
  return {
    secret,
    name: summary?.name ?? labels.name ?? fromName?.[1] ?? secret.metadata.name,
    namespace: secret.metadata.namespace ?? summary?.namespace ?? '',
    version: summary?.version || Number(labels.version ?? fromName?.[2] ?? 0),
    status: labels.status ?? summary?.status ?? 'unknown',
    summary,
    error: reduced && !reduced.ok ? reduced.error : undefined,
  };
}

/** Every stored revision of release `name` in `namespace`, newest first. */
export function releaseRevisions(index: ClusterIndex, name: string, namespace: string): ReleaseRevision[] {
  // Only this namespace's release storage can hold it (a targeted trace reads just that).
  index.need(releaseRequest(HELM_RELEASE_REQUEST, namespace));
  index.need(releaseRequest(HELM_CONFIGMAP_RELEASE_REQUEST, namespace));
  // Helm's Secret driver, or its ConfigMap driver: the same labels, names and release JSON.
  return [...index.list('', 'Secret', namespace), ...index.list('', 'ConfigMap', namespace)]
    .filter((s) => s.metadata.labels?.owner === 'helm')
    .map(revisionOfSecret)
    .filter((r) => r.name === name)
    .sort((a, b) => b.version - a.version);
}

/** What runs: the newest deployed revision (an upgrade that failed leaves the previous one deployed);
 * the newest revision of any status when none is deployed. */
export function currentRevision(revisions: ReleaseRevision[]): ReleaseRevision | undefined {
  return revisions.find((r) => r.status === 'deployed') ?? revisions[0];
}

/** Whether the release storage of `namespace` could be listed (both owner=helm lists succeeded). */
export function releasesReadable(index: ClusterIndex, namespace: string): boolean {
  return (
    index.readableRequest(releaseRequest(HELM_RELEASE_REQUEST, namespace)) &&
    index.readableRequest(releaseRequest(HELM_CONFIGMAP_RELEASE_REQUEST, namespace))
  );
}

function releaseRequest(request: KindRequest, namespace: string): KindRequest {
  return { ...request, namespace };
}

/** true / false when the revision's manifest was decoded; null when it could not be. */
export function manifestLists(revision: ReleaseRevision, obj: KubeObject): boolean | null {
  if (!revision.summary) return null;
  const group = groupOf(obj.apiVersion);
  const ns = obj.metadata.namespace;
  return revision.summary.objects.some((m: ManifestObject) => {
    if (m.kind !== obj.kind || m.name !== obj.metadata.name || groupOf(m.apiVersion) !== group) return false;
    // Helm puts namespaced objects without a namespace into the release namespace.
    return (m.namespace ?? (ns === undefined ? undefined : revision.namespace)) === ns;
  });
}

/** Release facts for wide output. Never values: the index does not have them. */
export function releaseDetails(current: ReleaseRevision, newest: ReleaseRevision): Record<string, string> {
  const details: Record<string, string> = {};
  const put = (key: string, value: unknown) => {
    if (value !== undefined && value !== null && value !== '') details[key] = String(value);
  };
  put('releaseRevision', current.version);
  put('releaseStatus', current.status);
  put('chart', current.summary?.chart.name);
  put('chartVersion', current.summary?.chart.version);
  put('appVersion', current.summary?.chart.appVersion);
  put('firstDeployed', current.summary?.firstDeployed);
  put('lastDeployed', current.summary?.lastDeployed);
  put('description', current.summary?.description);
  put('storage', `${current.secret.kind} ${current.namespace}/${current.secret.metadata.name}`);
  if (newest !== current) {
    put('latestRevision', newest.version);
    put('latestStatus', newest.status);
    put('latestDescription', newest.summary?.description);
  }
  return details;
}

/** A Flux HelmRelease's release name and storage namespace, as helm-controller computes them. */
export function fluxReleaseName(hr: KubeObject): { name: string; namespace: string } {
  const target = hr.spec?.targetNamespace as string | undefined;
  const ns = hr.metadata.namespace ?? 'default';
  const name =
    (hr.spec?.releaseName as string | undefined) ??
    (target ? `${target}-${hr.metadata.name}` : hr.metadata.name);
  const namespace =
    (hr.status?.storageNamespace as string | undefined) ??
    (hr.spec?.storageNamespace as string | undefined) ??
    target ??
    ns;
  return { name, namespace };
}

/** Add the Helm release behind a Flux HelmRelease (revision, chart, app version, deploy time) to its
 * link's details; a corrupt payload adds a note instead. No release Secret: nothing to add. */
export function addHelmReleaseDetails(link: ChainLink, hr: KubeObject, index: ClusterIndex): void {
  const { name, namespace } = fluxReleaseName(hr);
  const revisions = releaseRevisions(index, name, namespace);
  const current = currentRevision(revisions);
  if (!current) return;
  const details = { ...(link.details ?? {}), ...releaseDetails(current, revisions[0] as ReleaseRevision) };
  if (current.error)
    details.releaseWarning = `release Secret ${current.secret.metadata.name}: ${current.error}`;
  link.details = details;
}
