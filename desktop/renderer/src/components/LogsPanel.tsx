// `l` in a trace: the recent logs of the selected link's pods, per container, with its state and
// restarts; a pod that has not started says why. Log lines are the workload's own text: React
// prints them as text, never as markup.
import { useQuery } from '@tanstack/react-query';
import type { ResourceRef } from '../../../../shared/model/trace-result.js';
import { call, type Res } from '../api/client.js';
import { Failure, Loading } from '../views/common.js';
import { refText } from './format.js';

export function LogsPanel({
  cluster,
  target,
  previous,
}: {
  cluster: string;
  target: ResourceRef;
  previous: boolean;
}) {
  const query = useQuery<Res<'logs'>>({
    queryKey: [cluster, 'logs', target.kind, target.namespace ?? '', target.name, previous],
    queryFn: () => call('logs', { cluster, ref: target, previous }),
    staleTime: 0,
  });
  const logs = query.data;
  return (
    <section className="logs-panel" data-testid="logs-panel" aria-label={`Logs of ${refText(target)}`}>
      <h2>
        Logs of {refText(target)}
        {previous ? ' (previous instances)' : ''}
      </h2>
      {query.error && !logs ? (
        <Failure error={query.error} />
      ) : !logs ? (
        <Loading what={`the logs of ${refText(target)}`} />
      ) : (
        <>
          {logs.pods.length === 0 && <div className="muted">No pods: nothing runs for it (yet).</div>}
          {logs.pods.map((pod) => (
            <div key={pod.name} className="logs-pod" data-testid="logs-pod">
              <div className="logs-pod-title">
                pod {pod.name} ({pod.phase}
                {pod.node ? `, node ${pod.node}` : ''})
              </div>
              {pod.waiting && <div className="warn">No logs yet: {pod.waiting}</div>}
              {pod.containers.map((c) => (
                <div key={c.container} className="logs-container">
                  <div className="logs-container-title">
                    {c.init ? 'init container' : 'container'} {c.container}{' '}
                    <span className="muted">{c.state}</span>
                    {c.restarts > 0 && (
                      <span className="warn">
                        {' '}
                        restarted {c.restarts}×{c.lastTermination ? `, last ended ${c.lastTermination}` : ''}
                      </span>
                    )}
                  </div>
                  {c.note && <div className="muted">{c.note}</div>}
                  {c.lines.length > 0 && <pre className="logs-lines">{c.lines.join('\n')}</pre>}
                </div>
              ))}
            </div>
          ))}
          {logs.omittedPods > 0 && <div className="muted">({logs.omittedPods} older pods not shown)</div>}
          {logs.warnings.map((w) => (
            <div key={w} className="warn">
              warning: {w}
            </div>
          ))}
        </>
      )}
    </section>
  );
}
