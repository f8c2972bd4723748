// The worker threads behind the whole-cluster tools, one per cluster, bounded like the engines
// (least recently used closed first, idle ones closed). A call that is cancelled ends its
// worker's thread at once, which is the only way to stop synchronous work in it; the other calls
// that worker was running are sent to a fresh one, so one client's cancel never fails another's.
import { Worker } from 'node:worker_threads';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ClusterCatalog } from '../../shared/cluster-catalog.js';
import { DEFAULT_ENGINE_IDLE_MS, DEFAULT_MAX_ENGINES } from '../../shared/engine-pool.js';
import { CubScoutError } from '../../shared/errors/index.js';
import { LruPool } from '../../shared/lru-pool.js';
import type { ProgressEvent } from '../../shared/progress.js';
import type { WorkerReply, WorkerRequest, WorkerStart } from './cluster-worker.js';

const WORKER_URL = new URL('./cluster-worker.js', import.meta.url);

type Call = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

interface Pending {
  request: WorkerRequest;
  resolve(result: CallToolResult): void;
  reject(error: Error): void;
  onProgress?: ((event: ProgressEvent) => void) | undefined;
}

export interface RunHooks {
  onProgress?: ((event: ProgressEvent) => void) | undefined;
  signal?: AbortSignal | undefined;
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/** One cluster's worker thread and the calls it is running. */
class ClusterWorker {
  /** Started on the first call, and again on the first call after a cancel ended it. */
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly start: WorkerStart) {}

  run(call: Call, hooks: RunHooks = {}): Promise<CallToolResult> {
    if (hooks.signal?.aborted) return Promise.reject(new CancelledError());
    const request = { ...call, id: this.nextId++ } as WorkerRequest;
    return new Promise<CallToolResult>((resolve, reject) => {
      this.pending.set(request.id, { request, resolve, reject, onProgress: hooks.onProgress });
      hooks.signal?.addEventListener('abort', () => this.cancel(request.id), { once: true });
      this.worker ??= this.spawn();
      this.worker.postMessage(request);
    });
  }

  /** Stop a call now: end the thread that runs it, and hand its other calls to a new one. */
  cancel(id: number): void {
    const call = this.pending.get(id);
    if (!call) return;
    this.pending.delete(id);
    call.reject(new CancelledError());
    void this.worker?.terminate();
    this.worker = undefined;
    if (this.pending.size === 0) return;
    const worker = this.spawn();
    this.worker = worker;
    for (const other of this.pending.values()) worker.postMessage(other.request);
  }

  async close(): Promise<void> {
    for (const call of this.pending.values()) call.reject(new CancelledError());
    this.pending.clear();
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_URL, { workerData: this.start });
    worker.on('message', (reply: WorkerReply) => {
      const call = this.pending.get(reply.id);
      if (!call) return; // cancelled meanwhile
      if (reply.type === 'progress') call.onProgress?.(reply.event);
      else {
        this.pending.delete(reply.id);
        call.resolve(reply.result);
      }
    });
    const lost = (why: string) => {
      if (worker !== this.worker) return; // a thread we ended on purpose
      for (const call of this.pending.values())
        call.reject(new CubScoutError('unreadable', `the worker tracing this cluster stopped: ${why}`));
      this.pending.clear();
      this.worker = undefined;
    };
    worker.on('error', (error) => lost(error.message));
    worker.on('exit', (code) => lost(`exit code ${code}`));
    worker.unref(); // the transport keeps the server alive, not an idle worker (after the listeners)
    return worker;
  }
}

export interface ClusterWorkersOptions {
  catalog: ClusterCatalog;
  maxWorkers?: number;
  idleMs?: number;
  maxAgeMs?: number;
}

export class ClusterWorkers {
  private readonly workers: LruPool<ClusterWorker>;

  constructor(private readonly options: ClusterWorkersOptions) {
    this.workers = new LruPool<ClusterWorker>({
      max: options.maxWorkers ?? DEFAULT_MAX_ENGINES,
      idleMs: options.idleMs ?? DEFAULT_ENGINE_IDLE_MS,
      open: async (name) =>
        new ClusterWorker({
          options: this.options.catalog.resolve(name).options,
          maxAgeMs: this.options.maxAgeMs ?? 30_000,
        }),
      close: async (worker) => {
        await worker.close();
      },
    });
  }

  /** Run a whole-cluster tool on a cluster of the catalog (the default one without a name). */
  async run(cluster: string | undefined, call: Call, hooks: RunHooks = {}): Promise<CallToolResult> {
    const entry = this.options.catalog.resolve(cluster);
    const worker = await this.workers.get(entry.name);
    return worker.run(call, hooks);
  }

  /** Clusters with a worker now, least recently used first. */
  openClusters(): string[] {
    return this.workers.keys();
  }

  close(): Promise<void> {
    return this.workers.close();
  }
}
