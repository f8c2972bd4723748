// The lookups a whole-cluster view needs on top of ClusterIndex (which keys objects by name, uid
// and kind): owner -> children, label -> objects, inventory entry -> deployers, Argo tracking id ->
// objects, Helm release -> objects. Each is built once per loaded index, on first use: a scan or
// pipelines run that asks none of them pays nothing (on 100k objects they cost ~1 s together).
import type { KubeObject } from '../reader/types.js';
import type { ClusterIndex } from './cluster-index.js';
import { buildHelmReleaseIndex } from './helm-releases.js';
import { buildInventoryIndex } from './inventory-entries.js';
import { LabelIndex, MARK_LABELS } from './label-index.js';
import { buildOwnerChildren, type OwnerChildren } from './owner-children.js';
import { buildTrackingIndex } from './tracking-ids.js';

export interface BatchIndexes {
  readonly ownerChildren: OwnerChildren;
  readonly labels: LabelIndex;
  /** `group/Kind/namespace/name` -> the Flux deployers / Argo Applications that list it. */
  readonly listedBy: Map<string, KubeObject[]>;
  readonly trackedBy: Map<string, KubeObject[]>;
  readonly helmReleases: Map<string, KubeObject[]>;
  /** How many objects the index held when these were made (stale when it grew since). */
  readonly builtFor: number;
}

const DEPLOYER_KINDS = new Set([
  'Kustomization',
  'HelmRelease',
  'ResourceSet',
  'FluxInstance',
  'Application',
]);

const built = new WeakMap<ClusterIndex, BatchIndexes>();

/** The lookups for an index; each is built on first access, and all are dropped if objects were
 * added to the index since. */
export function batchIndexes(index: ClusterIndex): BatchIndexes {
  const cached = built.get(index);
  if (cached && cached.builtFor === index.size) return cached;
  const objects = () => index.all();
  const indexes = {
    builtFor: index.size,
    get ownerChildren() {
      return once(this, 'ownerChildren', () => buildOwnerChildren(objects()));
    },
    get labels() {
      return once(this, 'labels', () => new LabelIndex(objects(), MARK_LABELS));
    },
    get listedBy() {
      return once(this, 'listedBy', () =>
        buildInventoryIndex(objects().filter((o) => DEPLOYER_KINDS.has(o.kind))),
      );
    },
    get trackedBy() {
      return once(this, 'trackedBy', () => buildTrackingIndex(objects()));
    },
    get helmReleases() {
      return once(this, 'helmReleases', () => buildHelmReleaseIndex(objects()));
    },
  } satisfies BatchIndexes;
  built.set(index, indexes);
  return indexes;
}

/** Replace a lazy getter by its value on first access. */
function once<T>(target: object, name: string, build: () => T): T {
  const value = build();
  Object.defineProperty(target, name, { value, enumerable: true });
  return value;
}

/** Build every lookup now (the bench measures them; faces never need to). */
export function buildAllBatchIndexes(index: ClusterIndex): BatchIndexes {
  const indexes = batchIndexes(index);
  void [indexes.ownerChildren, indexes.labels, indexes.listedBy, indexes.trackedBy, indexes.helmReleases];
  return indexes;
}
