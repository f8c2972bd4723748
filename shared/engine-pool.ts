// The engines of a long-lived face (the MCP server, the desktop app): one per cluster of its
// catalog, selected by name, opened on first use and shared by every caller after that. The pool
// is bounded (least recently used closed first, idle ones closed) so that memory does not grow
// with the clusters asked about. Live indexes are read again once older than `maxAgeMs`, so an
// answer is never older than that; snapshots never change and are kept.
import type { ClusterCatalog, ClusterEntry } from './cluster-catalog.js';
import { Engine } from './engine.js';
import { LruPool } from './lru-pool.js';
import type { ClusterOptions } from './reader/open.js';

export const DEFAULT_MAX_ENGINES = 8;
export const DEFAULT_ENGINE_IDLE_MS = 15 * 60_000;

export interface EnginePoolOptions {
  catalog: ClusterCatalog;
  /** Engines open at once (default 8). */
  maxEngines?: number;
  /** Close an engine nobody used for this long (default 15 min; 0 = never). */
  idleMs?: number;
  /** Re-read a live cluster when its index is older than this (default 30 s). */
  maxAgeMs?: number;
  /** How engines are made (tests count them). */
  open?: (options: ClusterOptions) => Promise<Engine>;
}

export class EnginePool {
  readonly catalog: ClusterCatalog;
  private readonly engines: LruPool<Engine>;
  private readonly maxAgeMs: number;

  constructor(options: EnginePoolOptions) {
    this.catalog = options.catalog;
    this.maxAgeMs = options.maxAgeMs ?? 30_000;
    const open = options.open ?? ((o: ClusterOptions) => Engine.open(o));
    this.engines = new LruPool<Engine>({
      max: options.maxEngines ?? DEFAULT_MAX_ENGINES,
      idleMs: options.idleMs ?? DEFAULT_ENGINE_IDLE_MS,
      open: (name) => open(this.catalog.resolve(name).options),
      close: (engine) => engine.close(),
    });
  }

  /** The catalog entry a cluster name (or the default) means; a one-line error for anything else. */
  resolve(cluster?: string): ClusterEntry {
    return this.catalog.resolve(cluster);
  }

  /** The engine for a cluster of the catalog (the default one when no name is given). */
  async get(cluster?: string): Promise<Engine> {
    const entry = this.resolve(cluster);
    const engine = await this.engines.get(entry.name);
    if (entry.kind === 'context' && isOlderThan(engine, this.maxAgeMs)) engine.refresh();
    return engine;
  }

  /** Names of the clusters with an open engine, least recently used first. */
  openClusters(): string[] {
    return this.engines.keys();
  }

  close(): Promise<void> {
    return this.engines.close();
  }
}

function isOlderThan(engine: Engine, maxAgeMs: number): boolean {
  const loadedAt = engine.index.loadedAt;
  return loadedAt !== undefined && Date.now() - loadedAt.getTime() > maxAgeMs;
}
