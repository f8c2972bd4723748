// ownerReferences: Pod -> ReplicaSet -> Deployment, Job -> CronJob, ... Delivery marks sit on the
// top-level object, so tracing starts by walking up to it. Controller owner first; cycle-safe.
import type { ClusterIndex } from '../index/cluster-index.js';
import type { KubeObject, OwnerReference } from '../reader/types.js';
import { groupOf } from '../reader/types.js';

/** The owner to follow: the controller if there is one, else the first listed. */
export function primaryOwner(obj: KubeObject): OwnerReference | undefined {
  const refs = obj.metadata.ownerReferences ?? [];
  return refs.find((r) => r.controller) ?? refs[0];
}

export function findOwner(obj: KubeObject, ref: OwnerReference, index: ClusterIndex): KubeObject | undefined {
  const byUid = ref.uid ? index.byUid(ref.uid) : undefined;
  if (byUid) return byUid;
  // Owners live in the child's namespace (or are cluster-scoped).
  return index.get(groupOf(ref.apiVersion), ref.kind, obj.metadata.namespace, ref.name);
}

export interface OwnerPath {
  /** The object first, then each owner up to the root. */
  path: KubeObject[];
  warnings: string[];
}

export function ownerPath(obj: KubeObject, index: ClusterIndex): OwnerPath {
  const path = [obj];
  const warnings: string[] = [];
  const seen = new Set<string>([identity(obj)]);
  let current = obj;
  for (;;) {
    const ref = primaryOwner(current);
    if (!ref) break;
    const owner = findOwner(current, ref, index);
    if (!owner) {
      const readable = index.readable(groupOf(ref.apiVersion), ref.kind);
      warnings.push(
        readable
          ? `owner ${ref.kind}/${ref.name} of ${current.kind}/${current.metadata.name} does not exist`
          : `owner ${ref.kind}/${ref.name} of ${current.kind}/${current.metadata.name} could not be read`,
      );
      break;
    }
    const id = identity(owner);
    if (seen.has(id)) {
      warnings.push(`ownerReference cycle at ${owner.kind}/${owner.metadata.name}; stopped walking owners`);
      break;
    }
    seen.add(id);
    path.push(owner);
    current = owner;
  }
  return { path, warnings };
}

function identity(obj: KubeObject): string {
  return (
    obj.metadata.uid ?? `${obj.apiVersion}/${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`
  );
}
