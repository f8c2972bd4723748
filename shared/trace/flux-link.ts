// The chain link of a Flux object: readiness from its conditions, suspension from its spec, and
// the revision, path, URL and details a person checks first.
import type { ChainLink, LinkRole } from '../model/trace-result.js';
import type { KubeObject } from '../reader/types.js';
import { revisionOfRelease } from './flux-revisions.js';
import { baseLink, condition, conditionTruth, reconciled } from './status.js';

/** A chain link for any Flux object: readiness from conditions, suspension from spec. */
export function fluxLink(obj: KubeObject, role: LinkRole): ChainLink {
  const link = baseLink(obj, role, 'flux');
  const ready = condition(obj, 'Ready');
  link.ready = conditionTruth(ready);
  link.reason = ready?.reason ?? null;
  link.message = ready?.message ?? null;
  link.lastTransitionTime = ready?.lastTransitionTime ?? null;
  link.reconciled = reconciled(obj);
  link.suspended = obj.spec?.suspend === true;
  link.revision = revisionOf(obj);
  link.path =
    obj.spec?.path ??
    obj.spec?.chart?.spec?.chart ??
    (obj.kind === 'HelmChart' ? (obj.spec?.chart ?? null) : null);
  link.url = obj.spec?.url ?? obj.spec?.sync?.url ?? null;
  link.status = statusText(obj, link.ready);
  const details = detailsOf(obj);
  if (Object.keys(details).length > 0) link.details = details;
  // An OCI HelmRepository has no artifact and no conditions by design: not broken, just silent.
  if (obj.kind === 'HelmRepository' && obj.spec?.type === 'oci' && !ready)
    link.status = 'OCI repository (no status by design)';
  return link;
}

function revisionOf(obj: KubeObject): string | null {
  switch (obj.kind) {
    case 'Kustomization':
      return obj.status?.lastAppliedRevision ?? null;
    case 'HelmRelease':
      return revisionOfRelease(obj);
    case 'FluxInstance':
      return obj.status?.lastAppliedRevision ?? null;
    default:
      return obj.status?.artifact?.revision ?? null;
  }
}

function statusText(obj: KubeObject, ready: boolean | null): string {
  if (obj.spec?.suspend === true) return 'Suspended';
  if (condition(obj, 'Stalled')?.status === 'True') return 'Stalled';
  if (ready === true) return 'Ready';
  if (ready === false) {
    if (conditionTruth(condition(obj, 'FetchFailed'))) return 'Fetch failed';
    if (condition(obj, 'Reconciling')?.status === 'True') return 'Reconciling (failing)';
    return 'Reconciliation failed';
  }
  if (condition(obj, 'Reconciling')?.status === 'True') return 'Reconciling';
  return 'Unknown';
}

function detailsOf(obj: KubeObject): Record<string, string> {
  const details: Record<string, string> = {};
  const put = (key: string, value: unknown) => {
    if (value !== undefined && value !== null && value !== '') details[key] = String(value);
  };
  const r = obj.spec?.ref;
  if (r) {
    put('branch', r.branch);
    put('tag', r.tag);
    put('semver', r.semver);
    put('commit', r.commit);
    put('ref', r.name);
  }
  if (obj.kind === 'Kustomization') {
    put('lastAttemptedRevision', obj.status?.lastAttemptedRevision);
    put('targetNamespace', obj.spec?.targetNamespace);
    if (obj.spec?.kubeConfig) put('remoteCluster', 'spec.kubeConfig (inventory lives in another cluster)');
  }
  if (obj.kind === 'HelmRelease') {
    put('chart', obj.spec?.chart?.spec?.chart);
    put('chartVersion', obj.spec?.chart?.spec?.version);
    put('lastAttemptedRevision', obj.status?.lastAttemptedRevision);
    put('targetNamespace', obj.spec?.targetNamespace);
  }
  const meta = obj.status?.artifact?.metadata;
  if (meta) {
    put('originSource', meta['org.opencontainers.image.source']);
    put('originRevision', meta['org.opencontainers.image.revision']);
  }
  return details;
}
