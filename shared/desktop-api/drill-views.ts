// The drill-downs of one object (`d` diff, `h` deployer history): the engine's answers, shaped by
// nothing more than the contract. The work is shared/diff and shared/history/deployer.ts.
import { diffResource } from '../diff/diff.js';
import { deployerHistory } from '../history/deployer.js';
import { kindArgOf } from '../resource-arg.js';
import type { HandlerDeps, Handlers } from './deps.js';

type DrillHandlers = Pick<Handlers, 'diff' | 'deployerHistory'>;

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
  };
}
