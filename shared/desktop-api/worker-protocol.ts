// The messages between a face (the `cub-scout ui` server, Electron's main process) and the worker
// thread that runs the desktop API handlers. Whole-cluster work is synchronous CPU (tracing every
// object); in the worker it never stalls the face's own event loop: pages, static files and window
// events keep being served while a big cluster is read.
import type { CatalogStartOptions } from '../cluster-catalog.js';
import type { DispatchResult } from './handlers.js';

export interface WorkerStart {
  catalog: CatalogStartOptions;
  /** The history directory; null = history off; undefined = the default. */
  historyDir: string | null | undefined;
  refreshIntervalSeconds: number;
  electron: boolean;
}

/** What only the face can do (a native file dialog, the user's browser), asked for by the worker. */
export type HostFunction = 'chooseSnapshot' | 'openExternal';

export type ToWorker =
  | { type: 'call'; id: number; operation: unknown; payload: unknown }
  | { type: 'host-answer'; id: number; value?: string; error?: string };

export type FromWorker =
  | { type: 'answer'; id: number; result: DispatchResult }
  | { type: 'host-call'; id: number; fn: HostFunction; arg?: string };
