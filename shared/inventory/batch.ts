// Batch tracing: every object of a loaded index traced by the same traceObject() a single trace
// uses, with no further reads. Only the objects are chosen here; the answers come from trace.ts.
import type { ClusterIndex } from '../index/cluster-index.js';
import type { TraceResult } from '../model/trace-result.js';
import type { OnProgress } from '../progress.js';
import { groupOf, type KubeObject, objectKey } from '../reader/types.js';
import { traceObject } from '../trace/trace.js';
import { isSkippedKind } from './kinds.js';

export interface BatchOptions {
  /** Only objects in this namespace (cluster-scoped objects are kept: they may be delivered too). */
  namespace?: string;
  now?: Date;
  onProgress?: OnProgress;
}

export interface BatchTrace {
  /** One result per traced object, in index order. */
  results: TraceResult[];
  /** The traced objects, parallel to `results`. */
  objects: KubeObject[];
  tracedAt: Date;
}

/** The objects a whole-cluster view traces: everything but the cluster's own bookkeeping kinds. */
export function traceableObjects(index: ClusterIndex, namespace?: string): KubeObject[] {
  return index
    .all()
    .filter(
      (o) =>
        !isSkippedKind(groupOf(o.apiVersion), o.kind) &&
        (namespace === undefined || o.metadata.namespace === undefined || o.metadata.namespace === namespace),
    );
}

/** Trace every object of an index that loadInventory() filled. Synchronous and free of I/O. */
export function traceAll(index: ClusterIndex, options: BatchOptions = {}): BatchTrace {
  const now = options.now ?? new Date();
  const objects = traceableObjects(index, options.namespace);
  const results: TraceResult[] = new Array(objects.length);
  const step = Math.max(1000, Math.floor(objects.length / 20));
  for (let i = 0; i < objects.length; i++) {
    const obj = objects[i] as KubeObject;
    const result = traceObject(obj, index, { now });
    results[i] = result;
    if (options.onProgress && (i + 1) % step === 0)
      options.onProgress({
        phase: 'trace',
        message: `tracing ${objects.length} objects`,
        done: i + 1,
        total: objects.length,
      });
  }
  return { results, objects, tracedAt: now };
}

/** The result for one object of a batch (a linear search: for occasional lookups only). */
export function resultFor(batch: BatchTrace, key: string): TraceResult | undefined {
  const i = batch.objects.findIndex((o) => objectKey(o) === key);
  return i < 0 ? undefined : batch.results[i];
}
