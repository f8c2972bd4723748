// The pods under a workload, the way the controllers that run them own them: a Pod is its own; a
// Deployment's pods are those of its ReplicaSets, a CronJob's those of its Jobs, a ReplicaSet's,
// StatefulSet's, DaemonSet's or Job's their own (ownerReferences, by uid); a Service's are those its
// selector picks. Listing goes through the workload's label selector where it has one, so that a
// namespace with thousands of pods is not read whole.
import { badInput } from '../errors/index.js';
import type { ClusterReader, KubeObject } from '../reader/types.js';

/** Workload kinds and the kinds between them and their pods. */
const OWNED_THROUGH: Record<string, string[]> = {
  Pod: [],
  Deployment: ['ReplicaSet'],
  ReplicaSet: [],
  StatefulSet: [],
  DaemonSet: [],
  Job: [],
  CronJob: ['Job'],
  ReplicationController: [],
};

export const LOGGABLE_KINDS = [...Object.keys(OWNED_THROUGH), 'Service'];

/** The workload's pods, newest first. Throws bad-input for a kind that has no pods. */
export async function podsOf(reader: ClusterReader, workload: KubeObject): Promise<KubeObject[]> {
  const { kind } = workload;
  if (kind === 'Pod') return [workload];
  const namespace = workload.metadata.namespace;
  const podKind = await reader.kindFor('', 'Pod');
  if (!podKind) return [];
  if (kind === 'Service') {
    const selector = workload.spec?.selector;
    if (!selector || typeof selector !== 'object' || Object.keys(selector).length === 0) return [];
    const labelSelector = Object.entries(selector as Record<string, string>)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    return newestFirst(await reader.list(podKind, { ...(namespace ? { namespace } : {}), labelSelector }));
  }
  const through = OWNED_THROUGH[kind];
  if (through === undefined || workload.apiVersion.startsWith('argoproj.io'))
    throw badInput(
      `${kind} ${workload.metadata.name} runs no pods; logs are read from a Pod or a workload (${LOGGABLE_KINDS.join(', ')})`,
    );
  const owners = new Set([workload.metadata.uid].filter(Boolean) as string[]);
  const labelSelector = matchLabels(workload);
  for (const between of through) {
    const group = between === 'Job' ? 'batch' : 'apps';
    const info = await reader.kindFor(group, between);
    if (!info) continue;
    const children = await reader.list(info, {
      ...(namespace ? { namespace } : {}),
      ...(labelSelector ? { labelSelector } : {}),
    });
    for (const child of children)
      if (ownedBy(child, owners) && child.metadata.uid) owners.add(child.metadata.uid);
  }
  const pods = await reader.list(podKind, {
    ...(namespace ? { namespace } : {}),
    ...(labelSelector ? { labelSelector } : {}),
  });
  return newestFirst(pods.filter((p) => ownedBy(p, owners)));
}

/** spec.selector.matchLabels as a label selector (a CronJob's is its job template's). */
function matchLabels(workload: KubeObject): string | undefined {
  const labels: unknown =
    workload.kind === 'CronJob'
      ? workload.spec?.jobTemplate?.spec?.selector?.matchLabels
      : (workload.spec?.selector?.matchLabels ??
        (workload.kind === 'ReplicationController' ? workload.spec?.selector : undefined));
  if (!labels || typeof labels !== 'object') return undefined;
  const terms = Object.entries(labels as Record<string, unknown>)
    .filter(([, v]) => typeof v === 'string')
    .map(([k, v]) => `${k}=${v}`);
  return terms.length ? terms.join(',') : undefined;
}

function ownedBy(obj: KubeObject, owners: Set<string>): boolean {
  return (obj.metadata.ownerReferences ?? []).some((r) => owners.has(r.uid));
}

function newestFirst(pods: KubeObject[]): KubeObject[] {
  return [...pods].sort(
    (a, b) =>
      (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') ||
      a.metadata.name.localeCompare(b.metadata.name),
  );
}
