// Standalone Helm releases: an object installed by `helm install/upgrade` names its release in the
// annotations meta.helm.sh/release-name|namespace; the release lives in Secrets
// `sh.helm.release.v1.<name>.v<N>`. Flux HelmReleases and Argo CD (which renders charts without a
// release) are claimed by their own modules first; this one only sees what they left.
//
// The release link is synthetic: kind `Release`, apiVersion `helm.sh/v3`, named after the release,
// in the release namespace. It is not a Kubernetes object (the storage Secret is one per revision,
// so it makes a poor link) and the `helm.sh/v3` group cannot collide with a real API group.
import type { KindRequest } from '../index/cluster-index.js';
import { isHelmReleaseSecret } from '../index/secrets.js';
import type { ChainLink, Evidence } from '../model/trace-result.js';
import {
  currentRevision,
  HELM_CONFIGMAP_RELEASE_REQUEST,
  HELM_RELEASE_REQUEST,
  manifestLists,
  type ReleaseRevision,
  releaseDetails,
  releaseRevisions,
  releasesReadable,
} from './helm-release.js';
import { annotation, label } from './status.js';
import type { Delivery, DeliveryTracer } from './types.js';

export const HELM_KINDS: KindRequest[] = [HELM_RELEASE_REQUEST, HELM_CONFIGMAP_RELEASE_REQUEST];

export const RELEASE_NAME = 'meta.helm.sh/release-name';
export const RELEASE_NAMESPACE = 'meta.helm.sh/release-namespace';
export const RELEASE_API_VERSION = 'helm.sh/v3';

export const traceHelm: DeliveryTracer = (carrier, index) => {
  // A release Secret is Helm's own storage: it belongs to its release.
  const storageOf = isHelmReleaseSecret(carrier) ? label(carrier, 'name') : undefined;
  const name = annotation(carrier, RELEASE_NAME) ?? storageOf;
  if (!name) return undefined;
  const namespace = storageOf
    ? (carrier.metadata.namespace ?? 'default')
    : (annotation(carrier, RELEASE_NAMESPACE) ?? carrier.metadata.namespace ?? 'default');
  const evidence: Evidence[] = storageOf
    ? [{ kind: 'label', key: 'name', value: name, note: 'Helm release storage (owner=helm)' }]
    : [
        { kind: 'annotation', key: RELEASE_NAME, value: name },
        { kind: 'annotation', key: RELEASE_NAMESPACE, value: namespace },
      ];
  const managedBy = label(carrier, 'app.kubernetes.io/managed-by');
  if (managedBy) evidence.push({ kind: 'label', key: 'app.kubernetes.io/managed-by', value: managedBy });

  const result: Delivery = {
    tool: 'helm',
    chain: [],
    managed: 'managed',
    evidence,
    warnings: [],
    running: null,
    expected: null,
    listed: null,
  };
  const revisions = releaseRevisions(index, name, namespace);
  const current = currentRevision(revisions);
  if (!current) {
    const readable = releasesReadable(index, namespace);
    result.chain.push(goneRelease(name, namespace, readable));
    if (readable) {
      // A release mark with no release: uninstalled with the resource kept (helm.sh/resource-policy:
      // keep), or the storage was deleted. Managed once, orphaned now.
      result.managed = 'orphaned';
      result.listed = false;
      evidence.push({
        kind: 'release',
        key: `${namespace}/${name}`,
        value: 'not found',
        note: `no Secret sh.helm.release.v1.${name}.v<N> in namespace ${namespace}`,
      });
    } else {
      result.warnings.push(
        `cannot tell whether Helm release ${namespace}/${name} exists: its Secrets could not be listed`,
      );
    }
    return result;
  }

  const newest = revisions[0] as ReleaseRevision;
  result.chain.push(releaseLink(current, newest));
  if (current.error)
    result.warnings.push(
      `Helm release Secret ${current.namespace}/${current.secret.metadata.name}: ${current.error}; chart and manifest unknown`,
    );
  result.listed = storageOf ? null : manifestLists(current, carrier);
  const where = `${current.namespace}/${current.secret.metadata.name}`;
  if (result.listed === true) {
    evidence.push({
      kind: 'release',
      key: where,
      value: `${carrier.kind}/${carrier.metadata.name}`,
      note: 'listed in the release manifest',
    });
  } else if (result.listed === false) {
    result.managed = 'orphaned';
    evidence.push({
      kind: 'release',
      key: where,
      value: 'not listed',
      note: `revision ${current.version} of release ${name} no longer renders ${carrier.kind}/${carrier.metadata.name}`,
    });
  }
  result.running = `revision ${current.version}`;
  result.expected = `revision ${newest.version}`;
  return result;
};

function releaseLink(current: ReleaseRevision, newest: ReleaseRevision): ChainLink {
  const link: ChainLink = {
    kind: 'Release',
    name: current.name,
    namespace: current.namespace,
    apiVersion: RELEASE_API_VERSION,
    role: 'release',
    tool: 'helm',
    ready: current.status === 'deployed' ? true : current.status === 'failed' ? false : null,
    status: current.status,
    reason: null,
    message: current.summary?.description ?? null,
    revision: String(current.version),
    path: current.summary?.chart.name
      ? `${current.summary.chart.name}${current.summary.chart.version ? `-${current.summary.chart.version}` : ''}`
      : null,
    url: null,
    suspended: false,
    details: releaseDetails(current, newest),
  };
  if (current.summary?.lastDeployed) link.lastTransitionTime = current.summary.lastDeployed;
  // A newer revision that failed (or is stuck pending) is the change that did not land.
  if (newest !== current && newest.status !== 'superseded') {
    link.ready = newest.status === 'failed' ? false : null;
    link.status = `${current.status}; revision ${newest.version} ${newest.status}`;
    link.reason = newest.status === 'failed' ? 'UpgradeFailed' : 'Pending';
    link.message = newest.summary?.description ?? `revision ${newest.version} is ${newest.status}`;
  }
  return link;
}

function goneRelease(name: string, namespace: string, readable: boolean): ChainLink {
  return {
    kind: 'Release',
    name,
    namespace,
    apiVersion: RELEASE_API_VERSION,
    role: 'release',
    tool: 'helm',
    ready: readable ? false : null,
    status: readable ? 'Not found' : 'Unknown (cannot read)',
    reason: readable ? 'NotFound' : 'Forbidden',
    message: readable
      ? `Helm release ${namespace}/${name} has no release Secret (uninstalled?)`
      : 'Helm release Secrets could not be read; see warnings',
    revision: null,
    path: null,
    url: null,
    suspended: false,
    missing: readable,
  };
}
