// The drill-downs of one object, as panels inside other views: `d` (in the trace) shows the object
// against its desired state and who changed it; `h` (the history view opened from a trace) shows
// what its deployer applied, merged with the saved traces. The engine answers (diff, deployerHistory).
import { useQuery } from '@tanstack/react-query';
import type { FieldChange, WriterRef } from '../../../../shared/model/diff.js';
import type { ResourceRef } from '../../../../shared/model/trace-result.js';
import { call } from '../api/client.js';
import { refText, timeOf } from '../components/format.js';
import { Failure, Loading, Warnings } from './common.js';

export function DiffPanel({
  cluster,
  target,
  onClose,
}: {
  cluster: string;
  target: ResourceRef;
  onClose(): void;
}) {
  const query = useQuery({
    queryKey: [cluster, 'diff', target],
    queryFn: () => call('diff', { cluster, ref: target }),
  });
  const d = query.data;
  return (
    <section className="drill-panel" data-testid="diff-panel" aria-label={`Diff of ${refText(target)}`}>
      <div className="drill-head">
        <h2>Diff: {refText(target)}</h2>
        {d && (
          <span className={d.drifted ? 'fail' : 'ok'} data-testid="diff-verdict">
            {d.drifted ? 'drift' : 'in sync'}
          </span>
        )}
        <button type="button" onClick={onClose}>
          Close (q)
        </button>
      </div>
      {query.error && !d ? (
        <Failure error={query.error} />
      ) : !d ? (
        <Loading what={`the desired state of ${refText(target)}`} />
      ) : (
        <>
          <dl className="drill-facts">
            <dt>Desired state</dt>
            <dd data-testid="diff-desired">{d.desiredFrom ?? `not readable: ${d.noDesired ?? 'unknown'}`}</dd>
            <dt>Deployer</dt>
            <dd>{d.deployer ? `${d.deployer} (${d.deployerManagers.join(', ')})` : 'unknown'}</dd>
          </dl>
          {d.desiredSource !== 'none' &&
            (d.changes.length === 0 ? (
              <div className="muted">No field differs from the desired state.</div>
            ) : (
              <table className="drill-table" data-testid="diff-changes">
                <thead>
                  <tr>
                    <th>Field</th>
                    <th>Desired</th>
                    <th>Live</th>
                    <th>Last written by</th>
                  </tr>
                </thead>
                <tbody>
                  {d.changes.map((c) => (
                    <ChangeRow key={c.path} change={c} />
                  ))}
                </tbody>
              </table>
            ))}
          <h3>Written by others than the deployer</h3>
          {d.writers.length === 0 ? (
            <div className="muted">none</div>
          ) : (
            <ul className="drill-writers" data-testid="diff-writers">
              {d.writers.map((w) => (
                <li key={`${w.manager}/${w.operation ?? ''}/${w.subresource ?? ''}`}>
                  <strong>{writerText(w)}</strong>: {w.fields.join(', ') || 'fields not recorded'}
                  {w.fieldsOmitted > 0 ? ` … and ${w.fieldsOmitted} more` : ''}
                </li>
              ))}
            </ul>
          )}
          <Warnings warnings={d.warnings} />
          <p className="muted small">{d.summary}</p>
        </>
      )}
    </section>
  );
}

function ChangeRow({ change }: { change: FieldChange }) {
  return (
    <tr className={change.change}>
      <td>
        <code>{change.path}</code>
      </td>
      <td>{change.change === 'added' ? '—' : (change.desired ?? 'key only')}</td>
      <td>{change.change === 'missing' ? '—' : (change.live ?? 'key only')}</td>
      <td>{change.writer ? writerText(change.writer) : '—'}</td>
    </tr>
  );
}

function writerText(w: WriterRef): string {
  const what = w.what !== w.manager ? `${w.manager} (${w.what})` : w.manager;
  return `${what}${w.time ? ` at ${timeOf(w.time)}` : ''}`;
}

export function DeployerHistoryPanel({ cluster, target }: { cluster: string; target: ResourceRef }) {
  const query = useQuery({
    queryKey: [cluster, 'deployerHistory', target],
    queryFn: () => call('deployerHistory', { cluster, ref: target }),
  });
  const h = query.data;
  return (
    <section
      className="drill-panel"
      data-testid="deployer-history"
      aria-label={`Deployer history of ${refText(target)}`}
    >
      <div className="drill-head">
        <h2>Deployer history: {refText(target)}</h2>
        {h?.deployer && <span className="muted">from {h.from}</span>}
      </div>
      {query.error && !h ? (
        <Failure error={query.error} />
      ) : !h ? (
        <Loading what={`the history of ${refText(target)}'s deployer`} />
      ) : h.events.length === 0 ? (
        <div className="muted">No deployments recorded and no saved traces.</div>
      ) : (
        <ol className="drill-events">
          {h.events.map((e) => (
            <li key={`${e.type}/${e.at}/${e.revision}/${e.recordId ?? ''}`} className={e.type}>
              <span className="when">{e.at ? timeOf(e.at) : 'unknown time'}</span>{' '}
              <span className={`event-type ${e.type}`}>{e.type === 'deploy' ? 'deploy' : 'trace'}</span>{' '}
              {e.text}
            </li>
          ))}
        </ol>
      )}
      {h && <Warnings warnings={h.warnings} />}
    </section>
  );
}
