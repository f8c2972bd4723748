// What every tool handler shares: the engines (one per cluster, opened lazily), the history store
// (absent with --no-history), the kubeconfig to list contexts from, and the clock.
import type { EnginePool } from '../../shared/engine-pool.js';
import type { HistoryStore } from '../../shared/history/store.js';

export interface McpContext {
  pool: EnginePool;
  history: HistoryStore | undefined;
  kubeconfig?: string;
  now: () => Date;
}
