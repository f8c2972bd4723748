// ownerReference edges turned around: for each owner uid, the objects it owns. Built once per
// index for the whole-cluster view, for checks that ask what an object owns (a Deployment's
// ReplicaSets and Pods) without scanning every object.
import type { KubeObject } from '../reader/types.js';
import { appendTo } from './multimap.js';

export type OwnerChildren = Map<string, KubeObject[]>;

export function buildOwnerChildren(objects: Iterable<KubeObject>): OwnerChildren {
  const children: OwnerChildren = new Map();
  for (const obj of objects) {
    for (const ref of obj.metadata.ownerReferences ?? []) {
      if (!ref.uid) continue;
      appendTo(children, ref.uid, obj);
    }
  }
  return children;
}

/** Every object below `root` through ownerReferences (cycle-safe). */
export function descendants(root: KubeObject, children: OwnerChildren): KubeObject[] {
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
