// The worker thread's side: the catalog, the engines, the history and the handlers live here, and
// every call from the face is dispatched here. Functions only the face has (Electron's file dialog,
// opening a link) are asked of it by message.
import { parentPort, workerData } from 'node:worker_threads';
import { ClusterCatalog } from '../cluster-catalog.js';
import { historyStore } from '../history/index.js';
import { ClusterEngines } from './engines.js';
import { createHandlers, dispatch } from './handlers.js';
import type { FromWorker, HostFunction, ToWorker, WorkerStart } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('api-worker runs in a worker thread');
const start = workerData as WorkerStart;

let nextHostCall = 0;
const hostCalls = new Map<number, { resolve: (v: string | undefined) => void; reject: (e: Error) => void }>();
function askHost(fn: HostFunction, arg?: string): Promise<string | undefined> {
  const id = nextHostCall++;
  return new Promise((resolve, reject) => {
    hostCalls.set(id, { resolve, reject });
    post({ type: 'host-call', id, fn, ...(arg !== undefined ? { arg } : {}) });
  });
}

const catalog = new ClusterCatalog(start.catalog);
const engines = new ClusterEngines(catalog, { maxAgeMs: start.refreshIntervalSeconds * 1000 });
const handlers = createHandlers({
  catalog,
  engines,
  history:
    start.historyDir === null
      ? undefined
      : historyStore(start.historyDir !== undefined ? { historyDir: start.historyDir } : {}),
  electron: start.electron,
  refreshIntervalSeconds: start.refreshIntervalSeconds,
  ...(start.electron
    ? {
        chooseSnapshot: () => askHost('chooseSnapshot'),
        openExternal: async (url: string) => void (await askHost('openExternal', url)),
      }
    : {}),
});

function post(message: FromWorker): void {
  port?.postMessage(message);
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'host-answer') {
    const pending = hostCalls.get(message.id);
    hostCalls.delete(message.id);
    if (message.error !== undefined) pending?.reject(new Error(message.error));
    else pending?.resolve(message.value);
    return;
  }
  void dispatch(handlers, message.operation, message.payload).then((result) =>
    post({ type: 'answer', id: message.id, result }),
  );
});
