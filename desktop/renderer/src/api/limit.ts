// A concurrency bound for calls that may each take seconds (probing a context that does not
// answer): at most `max` run at once, the rest wait in order. One slow context then never keeps
// the others from being probed, and fifty contexts never open fifty connections at once.
export function limiter(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  const next = () => {
    running--;
    waiting.shift()?.();
  };
  return async (task) => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      next();
    }
  };
}
