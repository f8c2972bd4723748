// ownerReference edges turned around: for each owner uid, the objects it owns. Built once per
// index for the whole-cluster view (pipelines count what a Deployment's ReplicaSets and Pods do).

import type { KubeObject } from '../reader/types.js';
import type { ClusterIndex } from './cluster-index.js';

export type OwnerChildren = Map<string, KubeObject[]>;

export function buildOwnerChildren(objects: Iterable<KubeObject>): OwnerChildren {
  const children: OwnerChildren = new Map();
  for (const obj of objects) {
    for (const ref of obj.metadata.ownerReferences ?? []) {
      if (!ref.uid) continue;
      let list = children.get(ref.uid);
      if (!list) {
        list = [];
        children.set(ref.uid, list);
      }
      list.push(obj);
    }
  }
  return children;
}

/** Every object below `root` through ownerReferences (cycle-safe). */
export function descendants(root: KubeObject, children: OwnerChildren, _index?: ClusterIndex): KubeObject[] {
  const out: KubeObject[] = [];
  const seen = new Set<string>();
  const stack = [root];
  while (stack.length) {
    const current = stack.pop() as KubeObject;
    const uid = current.metadata.uid;
    if (!uid || seen.has(uid)) continue;
    seen.add(uid);
    for (const child of children.get(uid) ?? []) {
      out.push(child);
      stack.push(child);
    }
  }
  return out;
}
