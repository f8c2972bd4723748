// Progress of a whole-cluster run: which kinds are loaded, how many objects, how far tracing got.
// Engine functions take an optional callback; the CLI draws it on stderr (TTY only, after a
// second), the MCP server forwards it as progress notifications.

export interface ProgressEvent {
  phase: 'load' | 'index' | 'trace' | 'analyse' | 'done';
  /** One line for people: `loaded 1204 Pods (12 of 58 kinds)`. */
  message: string;
  /** Work done and total in this phase, when countable. */
  done?: number;
  total?: number;
  /** Objects in the index so far. */
  objects?: number;
}

export type OnProgress = (event: ProgressEvent) => void;

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): boolean;
}

/** A reporter for a terminal: silent when the stream is not a TTY, silent for the first `delayMs`
 * (quick runs print nothing), then one line rewritten in place; `finish()` clears it. */
export function terminalProgress(
  stream: ProgressStream,
  delayMs = 1000,
  clock: () => number = Date.now,
): { onProgress: OnProgress; finish(): void } {
  if (!stream.isTTY) return { onProgress: () => {}, finish: () => {} };
  const started = clock();
  let shown = false;
  let last = 0;
  return {
    onProgress(event) {
      const now = clock();
      if (now - started < delayMs) return;
      if (shown && now - last < 100 && event.phase !== 'done') return; // at most 10 redraws a second
      last = now;
      shown = true;
      const count = event.total ? ` [${event.done ?? 0}/${event.total}]` : '';
      stream.write(`\r\u001b[2K${event.message}${count}`);
    },
    finish() {
      if (shown) stream.write('\r\u001b[2K');
    },
  };
}
