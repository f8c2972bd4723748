// Tool results as MCP clients want them: structured content that matches the declared output
// schema, a text rendering next to it for models that read text, and failures as results with
// `isError: true` and one line — never a protocol error, never a stack trace.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isCubScoutError, oneLine } from '../../shared/errors/index.js';
import type { ProgressEvent } from '../../shared/progress.js';
import { safeLines } from '../../shared/render/safe-text.js';

export function success(text: string, structured: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: safeLines(text) }], structuredContent: structured };
}

export function failure(error: unknown): CallToolResult {
  const reason = isCubScoutError(error) ? oneLine(error) : `internal error: ${oneLine(error)}`;
  if (process.env.CUB_SCOUT_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return { content: [{ type: 'text', text: reason }], isError: true };
}

/** Run a tool body; whatever it throws becomes an error result. */
export async function guarded(run: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await run();
  } catch (error) {
    return failure(error);
  }
}

/** What the SDK passes a tool handler that progress reporting needs. */
export interface ProgressExtra {
  _meta?: { progressToken?: string | number } & Record<string, unknown>;
  sendNotification: (notification: {
    method: 'notifications/progress';
    params: { progressToken: string | number; progress: number; total?: number; message?: string };
  }) => Promise<void>;
}

/** Where each phase of a whole-cluster run starts and ends, in percent of the whole run. */
const PHASE_SPAN: Record<ProgressEvent['phase'], [number, number]> = {
  load: [0, 40],
  index: [40, 50],
  trace: [50, 90],
  analyse: [90, 99],
  done: [100, 100],
};

/** A progress callback that sends notifications/progress when the client asked for them (it sent
 * a progressToken), and does nothing otherwise: percent of the whole run with total 100, from the
 * phase and how far into it the engine is. `progress` must increase, so it never goes back. */
export function progressSender(extra: ProgressExtra): (event: ProgressEvent) => void {
  const token = extra._meta?.progressToken;
  if (token === undefined) return () => {};
  let last = -1;
  return (event) => {
    const [from, to] = PHASE_SPAN[event.phase];
    const within = event.total ? Math.min(1, (event.done ?? 0) / event.total) : 0;
    const percent = Math.max(last, Math.round(from + (to - from) * within));
    if (percent === last && event.phase !== 'done') return; // nothing new to tell
    last = percent;
    const params = { progressToken: token, progress: percent, total: 100, message: event.message };
    void extra.sendNotification({ method: 'notifications/progress', params }).catch(() => {});
  };
}

/** At most `limit` items, and how many were left out. */
export function bounded<T>(items: T[], limit: number): { shown: T[]; omitted: number } {
  return { shown: items.slice(0, limit), omitted: Math.max(0, items.length - limit) };
}
