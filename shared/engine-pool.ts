// One Engine per cluster for long-lived faces (the MCP server, the desktop app): a kube context or
// a snapshot each get their own engine and index, opened on first use and shared by every caller
// after that. Live indexes are read again once they are older than `maxAgeMs`, so an answer is
// never older than that; snapshots never change and are kept.
import { Engine } from './engine.js';
import type { ClusterOptions } from './reader/open.js';

export interface EnginePoolOptions {
  /** What an unqualified request means: the default context, a snapshot, the demo. */
  base: ClusterOptions;
  /** Re-read a live cluster when its index is older than this (default 30 s). */
  maxAgeMs?: number;
  /** How engines are made (tests inject fakes). */
  open?: (options: ClusterOptions) => Promise<Engine>;
}

export interface EngineRequest {
  /** A kubeconfig context; wins over the base snapshot/demo. */
  context?: string;
  /** A snapshot file or directory; wins over everything. */
  snapshot?: string;
}

export class EnginePool {
  private readonly engines = new Map<string, Promise<Engine>>();
  private readonly maxAgeMs: number;
  private readonly open: (options: ClusterOptions) => Promise<Engine>;

  constructor(private readonly options: EnginePoolOptions) {
    this.maxAgeMs = options.maxAgeMs ?? 30_000;
    this.open = options.open ?? ((o) => Engine.open(o));
  }

  /** The cluster options a request resolves to. */
  resolve(request: EngineRequest = {}): ClusterOptions {
    const { kubeconfig } = this.options.base;
    if (request.snapshot) return { snapshot: request.snapshot };
    if (request.context)
      return kubeconfig ? { context: request.context, kubeconfig } : { context: request.context };
    return this.options.base;
  }

  /** The engine for a request, opened once; a failed open is forgotten so the next call retries. */
  async get(request: EngineRequest = {}): Promise<Engine> {
    const options = this.resolve(request);
    const key = keyOf(options);
    let pending = this.engines.get(key);
    if (!pending) {
      pending = this.open(options);
      this.engines.set(key, pending);
      pending.catch(() => this.engines.delete(key));
    }
    const engine = await pending;
    if (isLive(options) && isOlderThan(engine, this.maxAgeMs)) engine.refresh();
    return engine;
  }

  async close(): Promise<void> {
    const engines = [...this.engines.values()];
    this.engines.clear();
    await Promise.all(engines.map(async (p) => (await p.catch(() => undefined))?.close()));
  }
}

function keyOf(options: ClusterOptions): string {
  if (options.demo) return 'demo';
  if (options.snapshot) return `snapshot:${options.snapshot}`;
  return `context:${options.context ?? ''}`;
}

function isLive(options: ClusterOptions): boolean {
  return !options.demo && !options.snapshot;
}

function isOlderThan(engine: Engine, maxAgeMs: number): boolean {
  const loadedAt = engine.index.loadedAt;
  return loadedAt !== undefined && Date.now() - loadedAt.getTime() > maxAgeMs;
}
