// The face's side of the API worker: `call` posts a call and resolves with its answer. A worker
// that dies answers its pending calls with an error and is started again on the next call.
import { SHARE_ENV, Worker } from 'node:worker_threads';
import { oneLine } from '../errors/index.js';
import { errorOf } from './errors.js';
import type { DispatchResult } from './handlers.js';
import type { FromWorker, HostFunction, ToWorker, WorkerStart } from './worker-protocol.js';

export type HostFunctions = Partial<Record<HostFunction, (arg?: string) => Promise<string | undefined>>>;

export interface ApiWorker {
  call(operation: unknown, payload: unknown): Promise<DispatchResult>;
  close(): Promise<void>;
}

export function startApiWorker(file: URL, start: WorkerStart, host: HostFunctions = {}): ApiWorker {
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, { worker: Worker; resolve: (result: DispatchResult) => void }>();

  /** Answer the calls a worker that is gone still owed (and only its own). */
  const failAll = (gone: Worker, why: string) => {
    for (const [id, call] of pending) {
      if (call.worker !== gone) continue;
      call.resolve({ ok: false, error: errorOf('internal', why) });
      pending.delete(id);
    }
  };

  function running(): Worker {
    if (worker) return worker;
    // SHARE_ENV: the login shell's PATH, merged into process.env later, reaches exec plugins here too.
    const started = new Worker(file, { workerData: start, env: SHARE_ENV });
    started.on('message', (message: FromWorker) => {
      if (message.type === 'answer') {
        pending.get(message.id)?.resolve(message.result);
        pending.delete(message.id);
        return;
      }
      const fn = host[message.fn];
      const reply = (answer: Omit<Extract<ToWorker, { type: 'host-answer' }>, 'type' | 'id'>) =>
        started.postMessage({ type: 'host-answer', id: message.id, ...answer } satisfies ToWorker);
      if (!fn) reply({ error: `${message.fn} is not available here` });
      else
        fn(message.arg).then(
          (value) => reply(value !== undefined ? { value } : {}),
          (e: unknown) => reply({ error: oneLine(e) }),
        );
    });
    started.on('error', (e) => failAll(started, `the desktop API worker failed: ${oneLine(e)}`));
    started.on('exit', (code) => {
      if (worker === started) worker = undefined;
      failAll(started, `the desktop API worker stopped (exit ${code})`);
    });
    worker = started;
    return started;
  }

  return {
    call(operation, payload) {
      const id = nextId++;
      return new Promise((resolve) => {
        const target = running();
        pending.set(id, { worker: target, resolve });
        target.postMessage({ type: 'call', id, operation, payload } satisfies ToWorker);
      });
    },
    async close() {
      const current = worker;
      worker = undefined;
      await current?.terminate();
    },
  };
}
