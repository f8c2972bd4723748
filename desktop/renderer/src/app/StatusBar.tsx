// The bottom line: which cluster, how old the data on screen is (ticking), whether a background
// refresh is running, the last notice, and the refresh button (`r`).
import { useIsFetching } from '@tanstack/react-query';
import { age } from '../components/format.js';
import { useStore } from '../state/store.js';
import { useAgeReport, useNow } from './data-age.js';

export function StatusBar({ cluster, onRefresh }: { cluster: string | undefined; onRefresh(): void }) {
  const report = useAgeReport();
  const now = useNow();
  const fetching = useIsFetching();
  const { notice } = useStore();
  const seconds = report?.receivedAt ? report.serverAgeSeconds + (now - report.receivedAt) / 1000 : null;
  return (
    <footer className="status" aria-live="polite">
      <span className="status-cluster">{cluster ?? '—'}</span>
      <span className="status-age" data-testid="data-age">
        {seconds === null ? 'no data yet' : `data ${age(seconds)} old`}
      </span>
      {fetching > 0 && <span className="status-busy">refreshing…</span>}
      {report?.error && <span className="status-error">last refresh failed: {report.error}</span>}
      {notice && (
        <span className="status-notice" data-testid="notice">
          {notice}
        </span>
      )}
      <span className="spacer" />
      <button type="button" onClick={onRefresh} data-testid="refresh">
        Refresh <kbd>r</kbd>
      </button>
    </footer>
  );
}
