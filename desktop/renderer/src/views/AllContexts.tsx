// All contexts: every broken pipeline and critical finding of every reachable context in one
// table, the contexts that could not be read listed with why. Opening a row switches to its
// context and traces its object.

import type { Res } from '../api/client.js';
import { useGlobalQuery } from '../api/queries.js';
import { useReportAge } from '../app/data-age.js';
import { refText } from '../components/format.js';
import { type Column, RowList } from '../components/RowList.js';
import { ALL_CONTEXTS, useStore } from '../state/store.js';
import { openTrace } from '../state/view-state.js';
import { Failure, Loading, useView, ViewHead } from './common.js';

type Row = Res<'allContexts'>['rows'][number];

const COLUMNS: Column<Row>[] = [
  { label: 'Context', width: '11rem', render: (r) => r.cluster },
  {
    label: 'Type',
    width: '8rem',
    render: (r) =>
      r.type === 'finding' ? (
        <span className={`severity ${r.severity ?? 'critical'}`}>{r.severity ?? 'finding'}</span>
      ) : (
        <span className="severity critical">pipeline</span>
      ),
  },
  { label: 'What', width: 'minmax(12rem, 1fr)', render: (r) => r.title },
  { label: 'Object', width: 'minmax(12rem, 1fr)', render: (r) => refText(r.ref) },
  { label: 'Summary', width: 'minmax(14rem, 2fr)', render: (r) => r.summary },
];

export function AllContexts() {
  const { setCluster, update } = useStore();
  const { selectedIn, select } = useView(ALL_CONTEXTS);
  const query = useGlobalQuery('allContexts', {});
  useReportAge(query, undefined);
  if (query.error && !query.data) return <Failure error={query.error} />;
  if (!query.data) return <Loading what="every context" />;
  const { rows, unreachable } = query.data;
  const open = (row: Row) => {
    update(row.cluster, (s) => openTrace(s, row.ref, true));
    setCluster(row.cluster);
  };
  const contexts = new Set(rows.map((r) => r.cluster)).size;
  return (
    <div className="all-contexts">
      <ViewHead
        title="All contexts"
        hint={`${rows.filter((r) => r.type === 'pipeline').length} broken pipelines, ${rows.filter((r) => r.type === 'finding').length} critical findings in ${contexts} contexts`}
      />
      {unreachable.length > 0 && (
        <ul className="warnings" data-testid="all-unreachable">
          {unreachable.map((u) => (
            <li key={u.cluster}>
              ✗ <strong>{u.cluster}</strong>: {u.problem}
            </li>
          ))}
        </ul>
      )}
      <RowList
        label="Broken everywhere"
        testId="all-contexts-list"
        count={rows.length}
        rowAt={(i) => rows[i]}
        columns={COLUMNS}
        selected={selectedIn('all')}
        onSelect={(i) => select('all', i)}
        onOpen={open}
        onTrace={open}
        rowClass={() => 'unhealthy'}
        empty="Nothing broken in any reachable context."
      />
    </div>
  );
}
