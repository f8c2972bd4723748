// The lookups a whole-cluster view needs on top of ClusterIndex (which keys objects by name, uid
// and kind): owner -> children, label -> objects, inventory entry -> deployers, Argo tracking id ->
// objects, Helm release -> objects. Built once per loaded index, in one pass over its objects.
import type { KubeObject } from '../reader/types.js';
import type { ClusterIndex } from './cluster-index.js';
import { buildHelmReleaseIndex } from './helm-releases.js';
import { buildInventoryIndex } from './inventory-entries.js';
import { LabelIndex, MARK_LABELS } from './label-index.js';
import { buildOwnerChildren, type OwnerChildren } from './owner-children.js';
import { buildTrackingIndex } from './tracking-ids.js';

export interface BatchIndexes {
  ownerChildren: OwnerChildren;
  labels: LabelIndex;
  /** `group/Kind/namespace/name` -> the Flux deployers / Argo Applications that list it. */
  listedBy: Map<string, KubeObject[]>;
  trackedBy: Map<string, KubeObject[]>;
  helmReleases: Map<string, KubeObject[]>;
  /** How many objects the index held when these were built (stale when it grew since). */
  builtFor: number;
}

const DEPLOYER_KINDS = ['Kustomization', 'HelmRelease', 'ResourceSet', 'FluxInstance', 'Application'];

const built = new WeakMap<ClusterIndex, BatchIndexes>();

/** The lookups for an index, built on first use and rebuilt if objects were added since. */
export function batchIndexes(index: ClusterIndex): BatchIndexes {
  const cached = built.get(index);
  if (cached && cached.builtFor === index.size) return cached;
  const objects = index.all();
  const deployers = objects.filter((o) => DEPLOYER_KINDS.includes(o.kind));
  const indexes: BatchIndexes = {
    ownerChildren: buildOwnerChildren(objects),
    labels: new LabelIndex(objects, MARK_LABELS),
    listedBy: buildInventoryIndex(deployers),
    trackedBy: buildTrackingIndex(objects),
    helmReleases: buildHelmReleaseIndex(objects),
    builtFor: index.size,
  };
  built.set(index, indexes);
  return indexes;
}
