// What the desktop API handlers work with. Electron's main process and `cub-scout ui` build one of
// these each; everything mode-specific (a file dialog, opening a browser) is a function here.
import type { z } from 'zod';
import type { ClusterCatalog } from '../cluster-catalog.js';
import type { HistoryStore } from '../history/store.js';
import type { DesktopApi, Operation } from './contract.js';
import type { ClusterEngines } from './engines.js';

export interface HandlerDeps {
  catalog: ClusterCatalog;
  engines: ClusterEngines;
  /** Absent with --no-history. */
  history: HistoryStore | undefined;
  /** True in the Electron app, false in `cub-scout ui`. */
  electron: boolean;
  /** How often the renderer refreshes a view in the background (and how old a live index may get). */
  refreshIntervalSeconds: number;
  /** The environment exec plugins run with (after the login shell's PATH was merged in). */
  env?: NodeJS.ProcessEnv;
  /** Per-context limit on the reachability probe (default 3 s). */
  probeTimeoutMs?: number;
  /** Per-cluster limit on reading and judging a whole cluster for a status or All contexts (default 60 s). */
  readTimeoutMs?: number;
  /** How many clusters All contexts reads at once (default 4). */
  concurrency?: number;
  /** Where uploaded snapshots are written (a private directory; default: a fresh one under the OS temp dir). */
  uploadDir?: () => Promise<string>;
  /** Electron: the main process's own file dialog; returns the chosen path or undefined. */
  chooseSnapshot?: () => Promise<string | undefined>;
  /** Electron: open a checked http(s) URL in the user's browser. */
  openExternal?: (url: string) => Promise<void>;
}

export type RequestData<O extends Operation> = z.infer<DesktopApi[O]['request']>;
export type ResponseData<O extends Operation> = z.input<DesktopApi[O]['response']>;
export type Handler<O extends Operation> = (request: RequestData<O>) => Promise<ResponseData<O>>;
export type Handlers = { [O in Operation]: Handler<O> };
