// The age of what is on screen, always shown: the view reports when its data arrived and how old
// the server said the cluster's index was then; the status bar adds the time since and ticks.
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';

export interface AgeReport {
  /** Date.now() when the data arrived. */
  receivedAt: number;
  /** How old the server's index was when it answered. */
  serverAgeSeconds: number;
  fetching: boolean;
  error?: string;
}

const AgeContext = createContext<{ report: AgeReport | null; set(report: AgeReport | null): void }>({
  report: null,
  set: () => undefined,
});

export function AgeProvider({ children }: { children: ReactNode }) {
  const [report, set] = useState<AgeReport | null>(null);
  const value = useMemo(() => ({ report, set }), [report]);
  return <AgeContext.Provider value={value}>{children}</AgeContext.Provider>;
}

interface QueryLike {
  dataUpdatedAt: number;
  isFetching: boolean;
  error: Error | null;
}

/** Report a query's age while the view is on screen. */
export function useReportAge(query: QueryLike, serverAgeSeconds: number | undefined): void {
  const { set } = useContext(AgeContext);
  const { dataUpdatedAt, isFetching, error } = query;
  useEffect(() => {
    set(
      dataUpdatedAt
        ? {
            receivedAt: dataUpdatedAt,
            serverAgeSeconds: serverAgeSeconds ?? 0,
            fetching: isFetching,
            ...(error ? { error: error.message } : {}),
          }
        : {
            receivedAt: 0,
            serverAgeSeconds: 0,
            fetching: isFetching,
            ...(error ? { error: error.message } : {}),
          },
    );
  }, [set, dataUpdatedAt, serverAgeSeconds, isFetching, error]);
  useEffect(() => () => set(null), [set]);
}

export function useAgeReport(): AgeReport | null {
  return useContext(AgeContext).report;
}

/** Re-render every second (for ticking ages). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}
