// The engine's front door for every face (CLI, MCP, desktop): one cluster (a kube context or a
// snapshot), one index, and the questions we answer about it.

import { ClusterIndex } from './index/cluster-index.js';
import type { BatchTrace } from './inventory/batch.js';
import type { ResourceRef, TraceResult } from './model/trace-result.js';
import { fluxReportOf } from './pipelines/flux-report.js';
import type { PipelinesReport } from './pipelines/model.js';
import type { OnProgress } from './progress.js';
import { type ClusterOptions, openReader } from './reader/open.js';
import type { ClusterReader } from './reader/types.js';
import { checkObjectName, kindArgOf } from './resource-arg.js';
import type { ScanReport } from './scan/model.js';
import type { ScanOptions } from './scan/scan.js';
import { type TraceOptions, traceResource } from './trace/trace.js';

export interface WholeClusterOptions {
  /** Only report about this namespace (the whole cluster is still read: deployers live elsewhere). */
  namespace?: string;
  onProgress?: OnProgress;
  now?: Date;
}

export interface PipelinesOptions extends WholeClusterOptions {
  /** Include the per-object traces of each pipeline. */
  traces?: boolean;
  unhealthyOnly?: boolean;
}

export class Engine {
  private current: ClusterIndex;
  /** The whole-cluster trace of the current index, computed once (refresh() drops it). */
  private batch: { index: ClusterIndex; loaded: Promise<void>; trace?: BatchTrace } | undefined;

  /** `index` lets a face start from an index it already has (the CLI's on-disk cache). */
  constructor(
    readonly reader: ClusterReader,
    index?: ClusterIndex,
  ) {
    this.current = index ?? new ClusterIndex(reader);
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
    this.batch = undefined;
  }

  /** Seconds between the index's first read of the cluster and `now` (0 before any read, and for
   * an index read after `now`: a fresh answer is 0 s old however long it took). */
  ageSeconds(now: Date = new Date()): number {
    const loadedAt = this.current.loadedAt;
    return loadedAt ? Math.max(0, (now.getTime() - loadedAt.getTime()) / 1000) : 0;
  }

  trace(kind: string, name: string, namespace?: string, options?: TraceOptions): Promise<TraceResult> {
    return traceResource(this.current, kind, name, namespace, options);
  }

  /** Trace an object known by its reference (a result's `object`, a history record). */
  traceRef(ref: ResourceRef, options?: TraceOptions): Promise<TraceResult> {
    return this.trace(kindArgOf(ref.apiVersion, ref.kind), ref.name, ref.namespace, options);
  }

  /** Read every relevant kind of the cluster into the index (once per index). */
  async loadAll(onProgress?: OnProgress): Promise<ClusterIndex> {
    const index = this.current;
    // Whole-cluster code loads on first use: a face that only traces (the MCP server's main
    // thread) starts faster without it.
    const { loadInventory } = await import('./inventory/load.js');
    if (this.batch?.index !== index) {
      // Discovery kept on disk may predate a CRD: a whole-cluster read is worth one fresh look.
      // A discovery that fails here fails again in loadInventory, which says it the usual way.
      const loaded = Promise.resolve(this.reader.refreshKinds?.())
        .catch(() => false)
        .then(() => loadInventory(index, { onProgress }));
      this.batch = { index, loaded };
    }
    try {
      await this.batch.loaded;
    } catch (e) {
      if (this.batch?.index === index) this.batch = undefined; // let the next call retry
      throw e;
    }
    return index;
  }

  /** Trace every object of the cluster (cluster-wide; computed once per index). */
  async traceAll(options: WholeClusterOptions = {}): Promise<BatchTrace> {
    if (options.namespace !== undefined) checkObjectName(options.namespace, 'namespace');
    const index = await this.loadAll(options.onProgress);
    const { traceAll } = await import('./inventory/batch.js');
    const state = this.batch;
    if (state?.index === index && state.trace && !options.now) return state.trace;
    const trace = traceAll(index, {
      onProgress: options.onProgress,
      ...(options.now ? { now: options.now } : {}),
    });
    if (state?.index === index && !options.now) state.trace = trace;
    return trace;
  }

  /** One entry per delivery pipeline (source -> deployer -> what it delivers), built from traceAll(). */
  async pipelines(options: PipelinesOptions = {}): Promise<PipelinesReport> {
    const asked = new Date();
    const batch = await this.traceAll(options);
    const { buildPipelines } = await import('./pipelines/build.js');
    const report = buildPipelines(batch, {
      source: this.source,
      cacheAgeSeconds: Math.round(this.ageSeconds(asked)),
      warnings: [...this.current.warnings],
      ...(options.namespace ? { namespace: options.namespace } : {}),
      ...(options.traces ? { traces: true } : {}),
      ...(options.unhealthyOnly ? { unhealthyOnly: true } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    // flux-operator's FluxReport, as the inventory listed it: most clusters have none (nothing said).
    const flux = fluxReportOf(this.current.list('fluxcd.controlplane.io', 'FluxReport'));
    return flux ? { ...report, flux } : report;
  }

  /** The CCVE scan: every rule's check over traceAll() and the index. */
  async scan(options: WholeClusterOptions & ScanOptions = {}): Promise<ScanReport> {
    const asked = new Date();
    const batch = await this.traceAll(options);
    const { scanCluster } = await import('./scan/scan.js');
    options.onProgress?.({ phase: 'analyse', message: 'checking CCVE rules' });
    return scanCluster(batch, this.current, {
      ...options,
      source: this.source,
      cacheAgeSeconds: Math.round(this.ageSeconds(asked)),
    });
  }

  async close(): Promise<void> {
    await this.reader.close?.();
  }
}
