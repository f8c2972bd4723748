// The drill-downs the desktop opens from a trace: `l`, the logs of the selected link's pods.
import { workloadLogs } from '../drill/logs.js';
import { kindArgOf } from '../resource-arg.js';
import type { HandlerDeps, Handlers } from './deps.js';

/** What the logs panel shows per container: enough to read, small enough to draw at once. */
const DESKTOP_LOG_BOUNDS = { tailLines: 200, limitBytes: 128 * 1024, maxPods: 5 } as const;

export function drillHandlers(deps: HandlerDeps): Pick<Handlers, 'logs'> {
  return {
    async logs({ cluster, ref, container, previous }) {
      const engine = await deps.engines.get(cluster);
      return workloadLogs(engine.reader, kindArgOf(ref.apiVersion, ref.kind), ref.name, ref.namespace, {
        ...DESKTOP_LOG_BOUNDS,
        ...(container ? { container } : {}),
        ...(previous ? { previous: true } : {}),
      });
    },
  };
}
