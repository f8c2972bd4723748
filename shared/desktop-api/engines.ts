// The desktop's one use of the EnginePool: an Engine per catalog name. Kept to this small adapter
// so that the handlers do not depend on how the pool is bounded.
import type { ClusterCatalog } from '../cluster-catalog.js';
import type { Engine } from '../engine.js';
import { EnginePool } from '../engine-pool.js';
import type { ClusterOptions } from '../reader/open.js';

export interface ClusterEnginesOptions {
  /** Re-read a live cluster when its index is older than this (the background refresh interval). */
  maxAgeMs?: number;
  /** How engines are made (tests count opens). */
  open?: (options: ClusterOptions) => Promise<Engine>;
}

/** A desktop user switches between every context of their kubeconfig and keeps each view, so the
 * app keeps more engines open than an MCP server does (idle ones still close). */
const DESKTOP_MAX_ENGINES = 32;

export class ClusterEngines {
  private readonly pool: EnginePool;

  constructor(
    readonly catalog: ClusterCatalog,
    options: ClusterEnginesOptions = {},
  ) {
    this.pool = new EnginePool({
      catalog,
      maxEngines: DESKTOP_MAX_ENGINES,
      ...(options.maxAgeMs !== undefined ? { maxAgeMs: options.maxAgeMs } : {}),
      ...(options.open ? { open: options.open } : {}),
    });
  }

  /** The engine of a catalog name (opened once, reused; a one-line error for an unknown name). */
  get(name: string): Promise<Engine> {
    return this.pool.get(name);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
