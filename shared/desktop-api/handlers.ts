// The one implementation of the desktop API, shared by Electron's IPC and `cub-scout ui`'s HTTP:
// `dispatch` validates the request with the contract's schema, runs the handler and answers either
// the response or `{ error: { code, message } }` (one line). Handlers call the engine; none traces.
import { appHandlers } from './app-actions.js';
import { clusterStatusHandlers } from './cluster-status.js';
import { clusterViewHandlers } from './cluster-views.js';
import { type DesktopApiError, desktopApi, isOperation } from './contract.js';
import type { HandlerDeps, Handlers } from './deps.js';
import { drillHandlers } from './drill-views.js';
import { clip, errorOf, toApiError } from './errors.js';
import { historyHandlers } from './history-views.js';

export type { HandlerDeps, Handlers } from './deps.js';

export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    ...clusterStatusHandlers(deps),
    ...clusterViewHandlers(deps),
    ...historyHandlers(deps),
    ...appHandlers(deps),
    ...drillHandlers(deps),
  };
}

export type DispatchResult = { ok: true; value: unknown } | { ok: false; error: DesktopApiError };

/** Run one call from any transport. Never throws: every failure is an error answer. */
export async function dispatch(
  handlers: Handlers,
  operation: unknown,
  payload: unknown,
): Promise<DispatchResult> {
  if (typeof operation !== 'string' || !isOperation(operation)) {
    const name = typeof operation === 'string' ? `"${clip(operation, 40)}"` : typeof operation;
    return { ok: false, error: errorOf('unknown-operation', `unknown operation ${name}`) };
  }
  const parsed = desktopApi[operation].request.safeParse(payload ?? {});
  if (!parsed.success) return { ok: false, error: toApiError(parsed.error, operation) };
  try {
    const handler = handlers[operation] as (request: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (e) {
    return { ok: false, error: toApiError(e, operation) };
  }
}
