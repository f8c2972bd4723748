// The drill-downs of one object the desktop opens from a trace (`d` diff, `l` logs, `h` deployer
// history): the engine's answers, shaped by nothing more than the contract. The work is in
// shared/diff, shared/drill/logs.ts and shared/history/deployer.ts.
import { diffResource } from '../diff/diff.js';
import { workloadLogs } from '../drill/logs.js';
import { deployerHistory } from '../history/deployer.js';
import { kindArgOf } from '../resource-arg.js';
import type { HandlerDeps, Handlers } from './deps.js';

/** What the logs panel shows per container: enough to read, small enough to draw at once. */
const DESKTOP_LOG_BOUNDS = { tailLines: 200, limitBytes: 128 * 1024, maxPods: 5 } as const;

type DrillHandlers = Pick<Handlers, 'diff' | 'deployerHistory' | 'logs'>;

export function drillHandlers(deps: HandlerDeps): DrillHandlers {
  return {
    async diff({ cluster, ref }) {
      const engine = await deps.engines.get(cluster);
      return diffResource(engine.reader, kindArgOf(ref.apiVersion, ref.kind), ref.name, ref.namespace);
    },

    async deployerHistory({ cluster, ref }) {
      const engine = await deps.engines.get(cluster);
      const trace = await engine.traceRef(ref);
      return deployerHistory(engine.reader, trace, { store: deps.history });
    },

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
