// Finding an object from what a person says: "nginx", not "deployment/nginx -n demo". With the kind
// omitted we look among the kinds people name when they talk about delivery (workloads, Services,
// GitOps objects); with the namespace omitted, across namespaces. The faces decide what to do with
// several matches; `chooseTarget` gives the rule they share.
import { CubScoutError } from './errors/index.js';
import type { ClusterIndex, KindRequest } from './index/cluster-index.js';
import type { TraceResult } from './model/trace-result.js';
import { groupOf, type KubeObject } from './reader/types.js';
import { ARGO_KINDS } from './trace/argo.js';
import { FLUX_KINDS } from './trace/flux.js';
import { prepareTrace, type TraceOptions, traceObject } from './trace/trace.js';

/** Workloads: what "my app" usually means. Listed first, and preferred over their companions. */
export const WORKLOAD_KINDS: KindRequest[] = [
  { group: 'apps', kind: 'Deployment' },
  { group: 'apps', kind: 'StatefulSet' },
  { group: 'apps', kind: 'DaemonSet' },
  { group: 'batch', kind: 'CronJob' },
];

/** Objects that usually share a workload's name and namespace (its Service, its Job, a Pod). */
const COMPANION_KINDS: KindRequest[] = [
  { group: 'batch', kind: 'Job' },
  { group: '', kind: 'Pod' },
  { group: '', kind: 'Service' },
];

/** Every kind a name-only lookup searches. */
export const FINDABLE_KINDS: KindRequest[] = [
  ...WORKLOAD_KINDS,
  ...COMPANION_KINDS,
  ...FLUX_KINDS,
  // argocd-cm is a setting, not something a person names (and is read through its label only).
  ...ARGO_KINDS.filter((k) => !k.labelSelector),
];

export interface FoundObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface FindQuery {
  name: string;
  /** What the user typed for the kind (deploy, ks, deployments.apps); omitted = the findable kinds. */
  kind?: string;
  /** Omitted = every namespace. */
  namespace?: string;
}

/** Every object with exactly this name (and kind / namespace when given), workloads first. */
export async function findObjects(index: ClusterIndex, query: FindQuery): Promise<FoundObject[]> {
  const requests = query.kind ? [await requestFor(index, query.kind)] : FINDABLE_KINDS;
  // Listing one namespace needs only namespaced RBAC, which is all many users have.
  const namespace = query.namespace ? { namespace: query.namespace } : {};
  await index.load(requests.map(({ group, kind }) => ({ group, kind, ...namespace })));
  const found: FoundObject[] = [];
  for (const request of requests) {
    for (const obj of index.list(request.group, request.kind, query.namespace)) {
      if (obj.metadata.name === query.name) found.push(foundOf(obj));
    }
  }
  const [only] = requests;
  if (found.length === 0 && query.kind && only && !index.readable(only.group, only.kind)) {
    // Listing was forbidden: a direct get may still be allowed (RBAC often grants get, not list).
    found.push(foundOf(await index.fetchObject(query.kind, query.name, query.namespace)));
  }
  return found;
}

/** Names close to one that matched nothing (contains it, or is contained in it): "did you mean". */
export function similarNames(index: ClusterIndex, query: FindQuery, limit = 5): FoundObject[] {
  const wanted = query.name.toLowerCase();
  const close: FoundObject[] = [];
  for (const { group, kind } of FINDABLE_KINDS) {
    for (const obj of index.list(group, kind, query.namespace)) {
      const name = obj.metadata.name.toLowerCase();
      if (name !== wanted && (name.includes(wanted) || wanted.includes(name))) close.push(foundOf(obj));
    }
  }
  return close.slice(0, limit);
}

export type Choice = { target: FoundObject; alsoMatched: FoundObject[] } | { candidates: FoundObject[] };

/** One match is the target. Several: a single workload whose other matches are its companions in
 * the same namespace (the nginx Deployment and the nginx Service) is the target too, since a
 * workload is what people mean by an app's name. Anything else is for the user to choose. */
export function chooseTarget(found: FoundObject[]): Choice | undefined {
  const [first] = found;
  if (!first) return undefined;
  if (found.length === 1) return { target: first, alsoMatched: [] };
  const workloads = found.filter((f) => isOneOf(f, WORKLOAD_KINDS));
  const workload = workloads[0];
  if (workloads.length === 1 && workload) {
    const others = found.filter((f) => f !== workload);
    const companions = others.every((f) => isOneOf(f, COMPANION_KINDS) && f.namespace === workload.namespace);
    if (companions) return { target: workload, alsoMatched: others };
  }
  return { candidates: found };
}

/** Trace an object `findObjects` returned (it is already in the index). */
export async function traceFound(
  index: ClusterIndex,
  found: FoundObject,
  options: TraceOptions = {},
): Promise<TraceResult> {
  const obj = index.get(groupOf(found.apiVersion), found.kind, found.namespace, found.name);
  if (!obj) throw new CubScoutError('not-found', `${found.kind}/${found.name} disappeared from the index`);
  await prepareTrace(obj, index);
  return traceObject(obj, index, options);
}

/** `Kind/name -n ns`: how candidates are shown to people and models. */
export function describeFound(found: FoundObject): string {
  return `${found.kind}/${found.name}${found.namespace ? ` -n ${found.namespace}` : ''}`;
}

async function requestFor(index: ClusterIndex, kindInput: string): Promise<KindRequest> {
  const kind = await index.reader.resolveKind(kindInput);
  return { group: kind.group, kind: kind.kind };
}

function foundOf(obj: KubeObject): FoundObject {
  const found: FoundObject = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name };
  if (obj.metadata.namespace) found.namespace = obj.metadata.namespace;
  return found;
}

function isOneOf(found: FoundObject, kinds: KindRequest[]): boolean {
  const group = groupOf(found.apiVersion);
  return kinds.some((k) => k.group === group && k.kind === found.kind);
}
