// What every tool handler shares: the clusters the server may read (fixed at start), their engines
// and whole-cluster workers (opened lazily, bounded), the history store (absent with
// --no-history), and the clock.
import type { ClusterCatalog } from '../../shared/cluster-catalog.js';
import type { EnginePool } from '../../shared/engine-pool.js';
import type { HistoryStore } from '../../shared/history/store.js';
import type { ClusterWorkers } from './cluster-workers.js';

export interface McpContext {
  catalog: ClusterCatalog;
  pool: EnginePool;
  workers: ClusterWorkers;
  history: HistoryStore | undefined;
  now: () => Date;
  /** Aborted when the client goes away (an HTTP request's connection closes). */
  signal?: AbortSignal;
}

/** The signal a handler's work stops on: the request's cancellation, or the client leaving. */
export function stopSignal(context: McpContext, request: AbortSignal): AbortSignal {
  return context.signal ? AbortSignal.any([request, context.signal]) : request;
}
