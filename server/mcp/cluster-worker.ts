// A worker thread that answers the whole-cluster tools for one cluster. It owns its own engine
// (the cluster read once, its batch trace computed once), so the server's event loop stays free
// for pings and small traces while a big cluster is traced. Cancelling a call ends the thread
// (cluster-workers.ts): nothing of a cancelled call runs on.
import { parentPort, workerData } from 'node:worker_threads';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { Engine } from '../../shared/engine.js';
import type { ProgressEvent } from '../../shared/progress.js';
import type { ClusterOptions } from '../../shared/reader/open.js';
import { answerPipelines, answerScan, type PipelinesArgs, type ScanArgs } from './batch-answers.js';
import { failure } from './results.js';

export interface WorkerStart {
  options: ClusterOptions;
  /** Re-read a live cluster when its index is older than this. */
  maxAgeMs: number;
}

export type WorkerRequest =
  | { id: number; tool: 'list_pipelines'; args: PipelinesArgs }
  | { id: number; tool: 'scan_ccve'; args: ScanArgs };

export type WorkerReply =
  | { id: number; type: 'progress'; event: ProgressEvent }
  | { id: number; type: 'result'; result: CallToolResult };

const start = workerData as WorkerStart;
const live = !start.options.demo && !start.options.snapshot;
let opened: Promise<Engine> | undefined;

async function engine(): Promise<Engine> {
  opened ??= Engine.open(start.options);
  opened.catch(() => {
    opened = undefined; // the next call retries
  });
  const e = await opened;
  const loadedAt = e.index.loadedAt;
  if (live && loadedAt && Date.now() - loadedAt.getTime() > start.maxAgeMs) e.refresh();
  return e;
}

async function answer(request: WorkerRequest): Promise<CallToolResult> {
  const onProgress = (event: ProgressEvent) =>
    parentPort?.postMessage({ id: request.id, type: 'progress', event } satisfies WorkerReply);
  try {
    const e = await engine();
    if (request.tool === 'list_pipelines') return await answerPipelines(e, request.args, { onProgress });
    return await answerScan(e, request.args, { onProgress });
  } catch (error) {
    return failure(error);
  }
}

parentPort?.on('message', (request: WorkerRequest) => {
  void answer(request).then((result) =>
    parentPort?.postMessage({ id: request.id, type: 'result', result } satisfies WorkerReply),
  );
});
