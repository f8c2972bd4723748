// `w`: every object with its owner tool and managed / orphaned / never-managed verdict. The list is
// paged on the server (`workloads`, 200 rows a page) and virtualised here: at 100k objects only
// the pages in view are fetched and only the rows in view are in the DOM. `/` filters, the column
// heads sort, `t` or Enter traces the selected object.
import { keepPreviousData, useQueries } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { Managed, Tool } from '../../../../shared/model/trace-result.js';
import { call, type Res } from '../api/client.js';
import { useRefreshInterval } from '../api/queries.js';
import { useReportAge } from '../app/data-age.js';
import { FilterField } from '../components/FilterField.js';
import { healthOf } from '../components/format.js';
import { type Column, RowList } from '../components/RowList.js';
import type { WorkloadSort } from '../state/view-state.js';
import { Failure, Mark, useView, ViewHead, type ViewProps } from './common.js';

type Row = Res<'workloads'>['rows'][number];
const PAGE = 200;
const TOOLS: Tool[] = ['flux', 'argo', 'helm', 'confighub', 'kubectl', 'kustomize', 'none'];
const VERDICTS: Managed[] = ['managed', 'orphaned', 'never-managed'];

const COLUMNS: Column<Row>[] = [
  { label: '', width: '2rem', render: (r) => <Mark health={healthOf(r.healthy)} />, sortKey: 'health' },
  { label: 'Kind', width: '10rem', render: (r) => r.ref.kind, sortKey: 'kind' },
  { label: 'Namespace', width: '10rem', render: (r) => r.ref.namespace ?? '', sortKey: 'namespace' },
  { label: 'Name', width: 'minmax(12rem, 1.5fr)', render: (r) => r.ref.name, sortKey: 'name' },
  { label: 'Tool', width: '6rem', render: (r) => r.tool, sortKey: 'tool' },
  {
    label: 'Verdict',
    width: '8rem',
    render: (r) => <span className={`verdict ${r.managed}`}>{r.managed}</span>,
    sortKey: 'managed',
  },
  { label: 'Deployer', width: 'minmax(10rem, 1fr)', render: (r) => r.deployer ?? '' },
  { label: 'Status', width: 'minmax(8rem, 1fr)', render: (r) => r.status ?? '' },
];

export function Workloads({ cluster }: ViewProps) {
  const { view, update, trace, selectedIn, select } = useView(cluster);
  const w = view.workloads;
  const interval = useRefreshInterval();
  const [range, setRange] = useState<[number, number]>([0, 50]);
  const onRange = useCallback((first: number, last: number) => setRange([first, last]), []);

  const base = {
    cluster,
    ...(w.filter ? { filter: w.filter } : {}),
    ...(w.tool ? { tool: w.tool } : {}),
    ...(w.managed ? { managed: w.managed } : {}),
    sort: w.sort,
    desc: w.desc,
  };
  // The pages covering the visible rows (page 0 always: it carries the total).
  const pages = new Set([0]);
  for (let p = Math.floor(range[0] / PAGE); p <= Math.floor(range[1] / PAGE); p++) pages.add(p);
  const pageList = [...pages].sort((a, b) => a - b);
  const results = useQueries({
    queries: pageList.map((page) => ({
      queryKey: [cluster, 'workloads', base, page],
      queryFn: () => call('workloads', { ...base, offset: page * PAGE, limit: PAGE }),
      refetchInterval: interval,
      // While a new filter's first page loads, the old one stays on screen (no flash of empty).
      ...(page === 0 ? { placeholderData: keepPreviousData } : {}),
    })),
  });
  const first = results[0];
  const total = first?.data?.total ?? 0;
  useReportAge(first ?? { dataUpdatedAt: 0, isFetching: true, error: null }, undefined);
  const rowAt = (index: number): Row | undefined => {
    const at = pageList.indexOf(Math.floor(index / PAGE));
    return results[at]?.data?.rows[index % PAGE];
  };

  const set = (change: Partial<typeof w>) =>
    update((s) => ({
      ...s,
      workloads: { ...s.workloads, ...change },
      selected: { ...s.selected, workloads: 0 },
    }));

  const selected = Math.min(selectedIn('workloads'), Math.max(0, total - 1));
  const current = rowAt(selected);
  return (
    <div className="workloads">
      <ViewHead title="Workloads" hint={first?.data ? `${total.toLocaleString()} objects` : 'reading…'}>
        <FilterField
          label="Filter workloads"
          placeholder="filter: name, namespace, kind"
          testId="workloads-filter"
          value={w.filter}
          onChange={(filter) => set({ filter })}
        />
        <select
          aria-label="Tool"
          value={w.tool ?? ''}
          onChange={(e) => set({ tool: (e.target.value || undefined) as Tool | undefined })}
        >
          <option value="">every tool</option>
          {TOOLS.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
        <select
          aria-label="Verdict"
          value={w.managed ?? ''}
          onChange={(e) => set({ managed: (e.target.value || undefined) as Managed | undefined })}
        >
          <option value="">every verdict</option>
          {VERDICTS.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
        <button type="button" disabled={!current} onClick={() => current && trace(current.ref)}>
          Trace (t)
        </button>
      </ViewHead>
      {first?.error && !first.data ? (
        <Failure error={first.error} />
      ) : (
        <RowList
          label="Workloads"
          testId="workloads-list"
          count={total}
          rowAt={rowAt}
          columns={COLUMNS}
          selected={selected}
          onSelect={(i) => select('workloads', i)}
          onOpen={(r) => trace(r.ref)}
          onTrace={(r) => trace(r.ref)}
          onRange={onRange}
          rowClass={(r) => (r.healthy === false ? 'unhealthy' : '')}
          sort={{
            key: w.sort,
            desc: w.desc,
            onSort: (key) =>
              set(key === w.sort ? { desc: !w.desc } : { sort: key as WorkloadSort, desc: false }),
          }}
          empty={first?.data ? 'No object matches.' : 'Reading objects…'}
        />
      )}
    </div>
  );
}
