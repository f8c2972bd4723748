// `o`: the cluster at a glance: pipelines healthy and broken, findings by severity, how many
// objects are managed, orphaned or never managed, and how old the data is; below, the broken
// pipelines, each one a `t` away from its trace.

import { fluxReportLines } from '../../../../shared/pipelines/flux-report.js';
import type { Res } from '../api/client.js';
import { useClusterQuery } from '../api/queries.js';
import { useReportAge } from '../app/data-age.js';
import { age } from '../components/format.js';
import { type Column, RowList } from '../components/RowList.js';
import { Failure, Loading, Mark, useView, ViewHead, type ViewProps, Warnings } from './common.js';

type Pipeline = Res<'pipelines'>['pipelines'][number];

/** What `t` on a broken pipeline traces: its first unhealthy object (the trace then shows the
 * whole chain above it, where it breaks and what runs), else the deployer itself. */
export function traceTarget(p: Pipeline) {
  const first = p.unhealthyObjects[0];
  if (!first) return p.deployer;
  const { summary: _summary, ...ref } = first;
  return ref;
}

const COLUMNS: Column<Pipeline>[] = [
  { label: '', width: '2rem', render: () => <Mark health="fail" /> },
  {
    label: 'Deployer',
    width: 'minmax(14rem, 1.2fr)',
    render: (p) =>
      `${p.deployer.kind}/${p.deployer.namespace ? `${p.deployer.namespace}/` : ''}${p.deployer.name}`,
  },
  { label: 'Tool', width: '6rem', render: (p) => p.tool },
  { label: 'Why', width: '2fr', render: (p) => p.summary },
];

export function Overview({ cluster }: ViewProps) {
  const overview = useClusterQuery('overview', { cluster });
  const broken = useClusterQuery('pipelines', { cluster, unhealthyOnly: true });
  const { trace, go, selectedIn, select } = useView(cluster);
  useReportAge(overview, overview.data?.ageSeconds);

  if (overview.error && !overview.data) return <Failure error={overview.error} />;
  if (!overview.data) return <Loading what={`${cluster}`} />;
  const o = overview.data;
  const rows = broken.data?.pipelines ?? [];
  return (
    <div className="overview">
      <ViewHead title="Overview" hint={`${o.source} · read ${age(o.ageSeconds)} ago`} />
      {o.flux && (
        <div className="flux-report" data-testid="flux-report">
          {fluxReportLines(o.flux).join(' · ')}
        </div>
      )}
      <div className="cards">
        <Card title="Pipelines" onOpen={() => go('pipelines')} testId="card-pipelines">
          <Count label="total" value={o.pipelines.total} testId="count-pipelines-total" />
          <Count label="healthy" value={o.pipelines.healthy} tone="ok" testId="count-pipelines-healthy" />
          <Count label="broken" value={o.pipelines.broken} tone="fail" testId="count-pipelines-broken" />
        </Card>
        <Card title="Findings" onOpen={() => go('findings')} testId="card-findings">
          <Count label="critical" value={o.findings.critical} tone="fail" testId="count-findings-critical" />
          <Count label="warning" value={o.findings.warning} tone="warn" testId="count-findings-warning" />
          <Count label="info" value={o.findings.info} testId="count-findings-info" />
        </Card>
        <Card title="Objects" onOpen={() => go('workloads')} testId="card-objects">
          <Count label="total" value={o.objects.total} testId="count-objects-total" />
          <Count label="managed" value={o.objects.managed} tone="ok" testId="count-objects-managed" />
          <Count label="orphaned" value={o.objects.orphaned} tone="warn" testId="count-objects-orphaned" />
          <Count label="never managed" value={o.objects.neverManaged} testId="count-objects-never-managed" />
        </Card>
      </div>
      <Warnings warnings={o.warnings} />
      <h2>Broken pipelines</h2>
      {broken.error ? (
        <Failure error={broken.error} />
      ) : (
        <RowList
          label="Broken pipelines"
          testId="overview-broken"
          count={rows.length}
          rowAt={(i) => rows[i]}
          columns={COLUMNS}
          selected={selectedIn('overview')}
          onSelect={(i) => select('overview', i)}
          onOpen={(p) => trace(traceTarget(p))}
          onTrace={(p) => trace(traceTarget(p))}
          empty={broken.data ? 'Every pipeline is healthy.' : 'Reading pipelines…'}
        />
      )}
    </div>
  );
}

function Card({
  title,
  children,
  onOpen,
  testId,
}: {
  title: string;
  children: React.ReactNode;
  onOpen(): void;
  testId: string;
}) {
  return (
    <section className="card" data-testid={testId}>
      <button type="button" className="card-title link" onClick={onOpen}>
        {title}
      </button>
      <div className="counts">{children}</div>
    </section>
  );
}

function Count({
  label,
  value,
  tone,
  testId,
}: {
  label: string;
  value: number;
  tone?: string;
  testId: string;
}) {
  return (
    <div className={`count${tone && value > 0 ? ` ${tone}` : ''}`}>
      <span className="count-value" data-testid={testId}>
        {value}
      </span>
      <span className="count-label">{label}</span>
    </div>
  );
}
