// The history as the faces use it: save a trace without ever failing the trace itself.
import { oneLine } from '../errors/index.js';
import type { TraceResult } from '../model/trace-result.js';
import { defaultHistoryDir } from './paths.js';
import type { Face } from './record.js';
import { HistoryStore } from './store.js';

export { changesBetween, type RecordWithChanges, withChanges } from './changes.js';
export { defaultHistoryDir, HISTORY_DIR_ENV } from './paths.js';
export { type Face, type HistoryRecord, HistoryRecordSchema } from './record.js';
export {
  DEFAULT_MAX_RECORDS,
  type HistoryQuery,
  HistoryStore,
  type LoadResult,
  type SkippedFile,
} from './store.js';

export interface HistoryOptions {
  /** --history-dir; default: CUB_SCOUT_HISTORY_DIR, then the user's data directory. */
  historyDir?: string;
  /** false with --no-history. */
  history?: boolean;
}

/** The store the options ask for, or undefined when history is off. */
export function historyStore(options: HistoryOptions = {}): HistoryStore | undefined {
  if (options.history === false) return undefined;
  return new HistoryStore(options.historyDir ?? defaultHistoryDir());
}

/** Save one trace. History is a convenience: a failure to save is a warning, never an error. */
export async function rememberTrace(
  store: HistoryStore | undefined,
  face: Face,
  context: string | undefined,
  result: TraceResult,
): Promise<string | undefined> {
  if (!store) return undefined;
  try {
    await store.save({ face, context, result });
    return undefined;
  } catch (e) {
    return `trace not saved to history (${store.dir}): ${oneLine(e)}`;
  }
}
