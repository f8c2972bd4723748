// The desktop's one use of the EnginePool: an Engine per catalog name. Kept to this small adapter
// so that the pool can change shape (an LRU keyed by catalog names) without touching the handlers.
import type { ClusterCatalog, ClusterEntry } from '../cluster-catalog.js';
import { demoPath } from '../demo-path.js';
import type { Engine } from '../engine.js';
import { EnginePool, type EngineRequest } from '../engine-pool.js';
import type { ClusterOptions } from '../reader/open.js';

export interface ClusterEnginesOptions {
  /** Re-read a live cluster when its index is older than this (the background refresh interval). */
  maxAgeMs?: number;
  /** How engines are made (tests count opens). */
  open?: (options: ClusterOptions) => Promise<Engine>;
}

export class ClusterEngines {
  private readonly pool: EnginePool;

  constructor(
    readonly catalog: ClusterCatalog,
    options: ClusterEnginesOptions = {},
  ) {
    const { kubeconfig } = catalog.start;
    this.pool = new EnginePool({
      base: kubeconfig ? { kubeconfig } : {},
      ...(options.maxAgeMs !== undefined ? { maxAgeMs: options.maxAgeMs } : {}),
      ...(options.open ? { open: options.open } : {}),
    });
  }

  /** The engine of a catalog name (opened once, reused; a one-line error for an unknown name). */
  get(name: string): Promise<Engine> {
    return this.pool.get(requestOf(this.catalog.resolve(name)));
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

function requestOf(entry: ClusterEntry): EngineRequest {
  if (entry.options.demo) return { snapshot: demoPath() };
  if (entry.options.snapshot) return { snapshot: entry.options.snapshot };
  return entry.options.context ? { context: entry.options.context } : {};
}
