// `i`: every pipeline (source → deployer → what it delivers), broken ones marked, and the picture
// of the selected one. `u` shows only the unhealthy ones; `t` or Enter traces the selected
// pipeline's first unhealthy object (else its deployer).

import { lazy, Suspense } from 'react';
import type { Res } from '../api/client.js';
import { useClusterQuery } from '../api/queries.js';
import { useReportAge } from '../app/data-age.js';
import { KEY_LAYER, useKeys } from '../app/keys.js';
import { type Column, RowList } from '../components/RowList.js';
import { Failure, Loading, Mark, useView, ViewHead, type ViewProps, Warnings } from './common.js';
import { traceTarget } from './Overview.js';

type Pipeline = Res<'pipelines'>['pipelines'][number];

// The graph library is the largest part of the app: loaded when a pipeline is first drawn, so the
// first screen does not wait for it.
const PipelineGraph = lazy(() =>
  import('../components/PipelineGraph.js').then((m) => ({ default: m.PipelineGraph })),
);

const COLUMNS: Column<Pipeline>[] = [
  { label: '', width: '2rem', render: (p) => <Mark health={p.healthy ? 'ok' : 'fail'} /> },
  {
    label: 'Deployer',
    width: 'minmax(12rem, 1fr)',
    render: (p) =>
      `${p.deployer.kind}/${p.deployer.namespace ? `${p.deployer.namespace}/` : ''}${p.deployer.name}`,
  },
  { label: 'Tool', width: '5rem', render: (p) => p.tool },
  { label: 'Objects', width: '5rem', render: (p) => String(p.objectCount) },
];

export function Pipelines({ cluster }: ViewProps) {
  const { view, update, trace, selectedIn, select } = useView(cluster);
  const unhealthyOnly = view.pipelines.unhealthyOnly;
  const query = useClusterQuery('pipelines', { cluster, ...(unhealthyOnly ? { unhealthyOnly } : {}) });
  useReportAge(query, query.data?.cacheAgeSeconds);
  const toggle = () =>
    update((s) => ({
      ...s,
      pipelines: { unhealthyOnly: !s.pipelines.unhealthyOnly },
      selected: { ...s.selected, pipelines: 0 },
    }));
  useKeys((event) => {
    if (event.key !== 'u') return false;
    toggle();
    return true;
  }, KEY_LAYER.view);

  if (query.error && !query.data) return <Failure error={query.error} />;
  if (!query.data) return <Loading what="pipelines" />;
  const report = query.data;
  const rows = report.pipelines;
  const selected = Math.min(selectedIn('pipelines'), Math.max(0, rows.length - 1));
  const current = rows[selected];
  return (
    <div className="pipelines">
      <ViewHead title="Pipelines" hint={`${report.healthy}/${report.total} healthy`}>
        <label className="toggle">
          <input type="checkbox" checked={unhealthyOnly} onChange={toggle} /> unhealthy only (u)
        </label>
        <button type="button" disabled={!current} onClick={() => current && trace(traceTarget(current))}>
          Trace (t)
        </button>
      </ViewHead>
      <Warnings warnings={report.warnings} />
      <div className="split">
        <RowList
          label="Pipelines"
          testId="pipelines-list"
          count={rows.length}
          rowAt={(i) => rows[i]}
          columns={COLUMNS}
          selected={selected}
          onSelect={(i) => select('pipelines', i)}
          onOpen={(p) => trace(traceTarget(p))}
          onTrace={(p) => trace(traceTarget(p))}
          rowClass={(p) => (p.healthy ? '' : 'unhealthy')}
          empty="No pipeline."
        />
        {current && (
          <div className="pipeline-detail">
            <Suspense fallback={<div className="graph loading">Drawing…</div>}>
              <PipelineGraph pipeline={current} onTrace={trace} />
            </Suspense>
            <div className={`detail ${current.healthy ? '' : 'fail'}`} data-testid="pipeline-summary">
              {current.summary}
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
