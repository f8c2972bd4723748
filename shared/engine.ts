// The engine's front door for every face (CLI, MCP, desktop): one cluster (a kube context or a
// snapshot), one index, and the questions we answer about it.
import { ClusterIndex } from './index/cluster-index.js';
import type { TraceResult } from './model/trace-result.js';
import { type ClusterOptions, openReader } from './reader/open.js';
import type { ClusterReader } from './reader/types.js';
import { type TraceOptions, traceResource } from './trace/trace.js';

export class Engine {
  private current: ClusterIndex;

  constructor(readonly reader: ClusterReader) {
    this.current = new ClusterIndex(reader);
  }

  static async open(options: ClusterOptions): Promise<Engine> {
    return new Engine(await openReader(options));
  }

  get source(): string {
    return this.reader.source;
  }

  /** The index in use; `refresh()` starts a new one so that the next question reads the cluster again. */
  get index(): ClusterIndex {
    return this.current;
  }

  refresh(): void {
    this.current = new ClusterIndex(this.reader);
  }

  trace(kind: string, name: string, namespace?: string, options?: TraceOptions): Promise<TraceResult> {
    return traceResource(this.current, kind, name, namespace, options);
  }

  async close(): Promise<void> {
    await this.reader.close?.();
  }
}
