// `d`: what applies things (Kustomizations, HelmReleases, Applications, Helm releases), and `s`:
// where configuration comes from (Git/OCI/Bucket/Helm repositories, Argo CD repositories). Each a
// list with status and revision, the selected row's message below, `t` to trace it.
import type { ResourceRef } from '../../../../shared/model/trace-result.js';
import { useClusterQuery } from '../api/queries.js';
import { useReportAge } from '../app/data-age.js';
import { healthOf, revision } from '../components/format.js';
import { type Column, RowList } from '../components/RowList.js';
import { Failure, Loading, Mark, useView, ViewHead, type ViewProps } from './common.js';

interface Listed {
  ref: ResourceRef;
  ready: boolean | null;
  status: string | null;
  revision: string | null;
  message: string | null;
  suspended?: boolean;
  tool?: string;
  url?: string | null;
}

const name = (r: Listed) => `${r.ref.namespace ? `${r.ref.namespace}/` : ''}${r.ref.name}`;

const DEPLOYER_COLUMNS: Column<Listed>[] = [
  { label: '', width: '2rem', render: (r) => <Mark health={healthOf(r.ready, r.suspended)} /> },
  { label: 'Kind', width: '11rem', render: (r) => r.ref.kind },
  { label: 'Name', width: 'minmax(12rem, 1fr)', render: name },
  { label: 'Tool', width: '5rem', render: (r) => r.tool ?? '' },
  {
    label: 'Status',
    width: 'minmax(10rem, 1fr)',
    render: (r) =>
      r.suspended && !/suspend/i.test(r.status ?? '') ? `${r.status ?? ''} (suspended)` : (r.status ?? ''),
  },
  { label: 'Revision', width: 'minmax(10rem, 1fr)', render: (r) => revision(r.revision) },
];

const SOURCE_COLUMNS: Column<Listed>[] = [
  { label: '', width: '2rem', render: (r) => <Mark health={healthOf(r.ready, r.suspended)} /> },
  { label: 'Kind', width: '11rem', render: (r) => r.ref.kind },
  { label: 'Name', width: 'minmax(10rem, 1fr)', render: name },
  { label: 'URL', width: 'minmax(14rem, 1.6fr)', render: (r) => r.url ?? '' },
  { label: 'Status', width: 'minmax(8rem, 0.8fr)', render: (r) => r.status ?? '' },
  { label: 'Revision', width: 'minmax(10rem, 1fr)', render: (r) => revision(r.revision) },
];

export function Deployers({ cluster }: ViewProps) {
  const query = useClusterQuery('deployers', { cluster });
  useReportAge(query, undefined);
  return (
    <Listing cluster={cluster} list="deployers" title="Deployers" query={query} columns={DEPLOYER_COLUMNS} />
  );
}

export function Sources({ cluster }: ViewProps) {
  const query = useClusterQuery('sources', { cluster });
  useReportAge(query, undefined);
  return <Listing cluster={cluster} list="sources" title="Sources" query={query} columns={SOURCE_COLUMNS} />;
}

function Listing({
  cluster,
  list,
  title,
  query,
  columns,
}: {
  cluster: string;
  list: string;
  title: string;
  query: { data?: { rows: Listed[] }; error: Error | null };
  columns: Column<Listed>[];
}) {
  const { trace, selectedIn, select } = useView(cluster);
  if (query.error && !query.data) return <Failure error={query.error} />;
  if (!query.data) return <Loading what={title.toLowerCase()} />;
  const rows = query.data.rows;
  const selected = Math.min(selectedIn(list), Math.max(0, rows.length - 1));
  const current = rows[selected];
  const broken = rows.filter((r) => r.ready === false).length;
  return (
    <div className="listing">
      <ViewHead title={title} hint={`${rows.length} · ${broken} not ready`}>
        <button type="button" disabled={!current} onClick={() => current && trace(current.ref)}>
          Trace (t)
        </button>
      </ViewHead>
      <RowList
        label={title}
        testId={`${list}-list`}
        count={rows.length}
        rowAt={(i) => rows[i]}
        columns={columns}
        selected={selected}
        onSelect={(i) => select(list, i)}
        onOpen={(r) => trace(r.ref)}
        onTrace={(r) => trace(r.ref)}
        rowClass={(r) => (r.ready === false ? 'unhealthy' : '')}
      />
      {current?.message && (
        <div className={`detail ${current.ready === false ? 'fail' : ''}`} data-testid={`${list}-message`}>
          <strong>
            {current.ref.kind}/{current.ref.name}:
          </strong>{' '}
          {current.message}
        </div>
      )}
    </div>
  );
}
