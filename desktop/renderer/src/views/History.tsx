// `H`: every saved trace, from every face (the CLI, the AI assistant over MCP, this app), newest
// first, searchable by object and context. Enter opens a saved trace; space (or `x`) picks up to
// two, `c` compares them side by side. `q` closes what is open.
import { useQuery } from '@tanstack/react-query';
import { call, type Res } from '../api/client.js';
import { useClusters, useGlobalQuery } from '../api/queries.js';
import { useReportAge } from '../app/data-age.js';
import { KEY_LAYER, useKeys } from '../app/keys.js';
import { FilterField } from '../components/FilterField.js';
import { refText, sourceLabel, timeOf } from '../components/format.js';
import { type Column, RowList } from '../components/RowList.js';
import { TraceChain } from '../components/TraceChain.js';
import { useStore } from '../state/store.js';
import { goBack } from '../state/view-state.js';
import { Compare } from './Compare.js';
import { Failure, Loading, Mark, useView, ViewHead, type ViewProps } from './common.js';
import { DeployerHistoryPanel } from './Drill.js';

type Entry = Res<'history'>['records'][number];
const LIMIT = 500;

export function History({ cluster }: ViewProps) {
  const { view, update, trace, selectedIn, select } = useView(cluster);
  const { say } = useStore();
  const h = view.history;
  const clusters = useClusters().data?.clusters ?? [];
  const query = useGlobalQuery('history', {
    ...(h.object ? { object: h.object } : {}),
    ...(h.cluster ? { cluster: h.cluster } : {}),
    limit: LIMIT,
  });
  useReportAge(query, undefined);
  const rows = query.data?.records ?? [];
  const selected = Math.min(selectedIn('history'), Math.max(0, rows.length - 1));
  const setHistory = (change: Partial<typeof h>) =>
    update((s) => ({ ...s, history: { ...s.history, ...change } }));
  const pick = (entry: Entry) =>
    setHistory({
      picked: h.picked.includes(entry.id)
        ? h.picked.filter((id) => id !== entry.id)
        : [...h.picked, entry.id].slice(-2),
    });
  const compare = () => {
    const [a, b] = h.picked;
    if (!a || !b) {
      say('pick two traces to compare (space)');
      return;
    }
    // Older on the left: ids start with the time they were saved.
    setHistory({ compare: a < b ? [a, b] : [b, a], open: undefined });
  };
  const closeOpen = () => setHistory({ open: undefined, compare: undefined });

  useKeys((event) => {
    if (h.open || h.compare) {
      if (event.key === 'q' || event.key === 'Escape') {
        closeOpen();
        return true;
      }
      return false;
    }
    const current = rows[selected];
    switch (event.key) {
      case ' ':
      case 'x':
        if (current) pick(current);
        return true;
      case 'c':
        compare();
        return true;
      case 'q':
      case 'Escape':
        update(goBack);
        return true;
      default:
        return false;
    }
  }, KEY_LAYER.view);

  if (h.compare) return <Compare a={h.compare[0]} b={h.compare[1]} onClose={closeOpen} />;
  if (h.open) return <SavedTrace id={h.open} onClose={closeOpen} />;

  const columns: Column<Entry>[] = [
    {
      label: 'Pick',
      width: '3rem',
      render: (e) => (
        <input
          type="checkbox"
          aria-label={`pick ${refText(e.object)} at ${timeOf(e.tracedAt)}`}
          checked={h.picked.includes(e.id)}
          onChange={() => pick(e)}
          onClick={(event) => event.stopPropagation()}
        />
      ),
    },
    { label: '', width: '2rem', render: (e) => <Mark health={e.healthy ? 'ok' : 'fail'} /> },
    { label: 'Traced', width: '12rem', render: (e) => timeOf(e.tracedAt) },
    { label: 'Face', width: '5.5rem', render: (e) => <span className={`face ${e.face}`}>{e.face}</span> },
    {
      label: 'Cluster',
      width: '10rem',
      render: (e) => <span title={e.cluster}>{sourceLabel(e.cluster)}</span>,
    },
    { label: 'Object', width: 'minmax(12rem, 1fr)', render: (e) => refText(e.object) },
    { label: 'Summary', width: 'minmax(14rem, 2fr)', render: (e) => e.summary },
  ];
  return (
    <div className="history">
      <ViewHead
        title="History"
        hint={
          query.data
            ? `${rows.length} traces${query.data.skipped ? ` · ${query.data.skipped} unreadable files skipped` : ''}`
            : 'reading…'
        }
      >
        <FilterField
          label="Search history by object"
          placeholder="object: nginx, deploy/nginx, demo/deploy/nginx"
          testId="history-object"
          value={h.object}
          onChange={(object) => setHistory({ object, deployerOf: undefined })}
        />
        <select
          aria-label="Context"
          data-testid="history-cluster"
          value={h.cluster}
          onChange={(e) => setHistory({ cluster: e.target.value })}
        >
          <option value="">every context</option>
          {clusters.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name}
            </option>
          ))}
        </select>
        <button type="button" onClick={compare} disabled={h.picked.length < 2} data-testid="compare-button">
          Compare {h.picked.length}/2 (c)
        </button>
      </ViewHead>
      {h.deployerOf && h.cluster && <DeployerHistoryPanel cluster={h.cluster} target={h.deployerOf} />}
      {query.error && !query.data ? (
        <Failure error={query.error} />
      ) : (
        <RowList
          label="Saved traces"
          testId="history-list"
          count={rows.length}
          rowAt={(i) => rows[i]}
          columns={columns}
          selected={selected}
          onSelect={(i) => select('history', i)}
          onOpen={(e) => setHistory({ open: e.id })}
          onTrace={(e) => trace(e.object)}
          rowClass={(e) => (h.picked.includes(e.id) ? 'picked' : '')}
          empty={query.data ? 'No saved trace matches.' : 'Reading the history…'}
        />
      )}
    </div>
  );
}

function SavedTrace({ id, onClose }: { id: string; onClose(): void }) {
  const query = useQuery({
    queryKey: ['\u0000global', 'historyRecord', id],
    queryFn: () => call('historyRecord', { id }),
    staleTime: Number.POSITIVE_INFINITY,
  });
  if (query.error) return <Failure error={query.error} />;
  if (!query.data) return <Loading what="the saved trace" />;
  const r = query.data.record;
  return (
    <div className="saved-trace">
      <ViewHead
        title={refText(r.object)}
        hint={`traced ${timeOf(r.savedAt)} by the ${r.face} face on ${r.context ?? sourceLabel(r.source)}`}
      >
        <span className={`face ${r.face}`} data-testid="saved-face">
          {r.face}
        </span>
        <button type="button" onClick={onClose}>
          Back (q)
        </button>
      </ViewHead>
      <TraceChain result={r.result} now={new Date(r.savedAt)} />
    </div>
  );
}
