// Which kinds a whole-cluster view lists, and how. Each kind is listed once, cluster-wide.
//
// Full objects where a trace reads more than metadata:
//  - every delivery kind (Flux, Argo CD, Helm release Secrets): conditions, inventories, revisions;
//  - kinds with a health rule (shared/trace/health.ts: Deployment, ReplicaSet, Pod, ...): the
//    object link shows their health, which needs status.
// Metadata only (labels, annotations, ownerReferences, managedFields) for everything else: a trace
// of a ConfigMap, a Role or a Secret reads nothing else, and for Secrets and ConfigMaps it means
// their data is never even fetched. The few whose data a trace reads (Helm release storage,
// argocd-cm) come whole from the delivery kinds' label-selected lists, listed first. Snapshots
// ignore the distinction (they hold whole objects; the index reduces them, index/reduce.ts).
import type { KindRequest } from '../index/cluster-index.js';
import { BUILTIN_KINDS } from '../reader/builtin-kinds.js';
import { groupKindKey } from '../reader/types.js';
import { DELIVERY_KINDS } from '../trace/trace.js';

/** Kinds whose link shows health computed from status (see computeHealth). */
export const HEALTH_KINDS = new Set([
  'apps/Deployment',
  'apps/StatefulSet',
  'apps/DaemonSet',
  'apps/ReplicaSet',
  '/Pod',
  '/PersistentVolumeClaim',
  '/Service',
  'batch/Job',
  'batch/CronJob',
]);

/** Kinds never worth tracing one by one: the cluster's own bookkeeping, high churn, no owner marks. */
const SKIPPED_KINDS = new Set([
  '/Event',
  'events.k8s.io/Event',
  '/Endpoints',
  'discovery.k8s.io/EndpointSlice',
  'coordination.k8s.io/Lease',
  '/Node',
  'apps/ControllerRevision',
]);

export function isSkippedKind(group: string, kind: string): boolean {
  return SKIPPED_KINDS.has(groupKindKey(group, kind));
}

/** Delivery kinds read whole in full; a kind read whole only through a label selector (Secrets and
 * ConfigMaps: Helm release storage, argocd-cm) is metadata-only everywhere else. */
const DELIVERY_KEYS = new Set(
  DELIVERY_KINDS.filter((k) => !k.labelSelector).map((k) => groupKindKey(k.group, k.kind)),
);

/** flux-operator's FluxReport: `pipelines` shows its spec (Flux version, components, sync). */
const FLUX_REPORT_KEY = groupKindKey('fluxcd.controlplane.io', 'FluxReport');

/** How to list one kind for the inventory. */
export function inventoryRequest(group: string, kind: string): KindRequest {
  const key = groupKindKey(group, kind);
  if (DELIVERY_KEYS.has(key) || HEALTH_KINDS.has(key) || key === FLUX_REPORT_KEY) return { group, kind };
  return { group, kind, metadataOnly: true };
}

/** The kinds listed before anything else: the delivery kinds exactly as a single trace loads them
 * (the Helm release Secrets with their selector), so both see the same objects. */
export const FIRST_PASS: KindRequest[] = DELIVERY_KINDS;

/** Kinds listed for every cluster, live or snapshot alike: the built-in table minus the skipped
 * ones. Other custom kinds are listed when a deployer's inventory names them (load.ts). */
export function defaultInventoryKinds(namespace?: string): KindRequest[] {
  const seen = new Set<string>();
  const requests: KindRequest[] = [];
  for (const k of BUILTIN_KINDS) {
    const key = groupKindKey(k.group, k.kind);
    if (seen.has(key) || isSkippedKind(k.group, k.kind)) continue;
    seen.add(key);
    const request = inventoryRequest(k.group, k.kind);
    // The FluxReport describes the whole Flux installation: listed whatever the namespace asked.
    const narrow = namespace && k.namespaced && !DELIVERY_KEYS.has(key) && key !== FLUX_REPORT_KEY;
    requests.push(narrow ? { ...request, namespace } : request);
  }
  return requests;
}
