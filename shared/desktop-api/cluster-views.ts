// The per-cluster operations: what the engine answers about one named cluster, shaped for a view.
import { readChainEvents } from '../drill/events.js';
import { oneLine } from '../errors/index.js';
import { renderTraceText } from '../render/text.js';
import type { ClusterEntryView } from './contract.js';
import type { HandlerDeps, Handlers } from './deps.js';
import { deployerRows, sourceRows, workloadsPage } from './views.js';

type ClusterHandlers = Pick<
  Handlers,
  'overview' | 'workloads' | 'deployers' | 'sources' | 'pipelines' | 'findings' | 'trace' | 'refresh'
>;

export function clusterViewHandlers(deps: HandlerDeps): ClusterHandlers {
  const { engines } = deps;
  return {
    async overview({ cluster }) {
      const engine = await engines.get(cluster);
      const [pipelines, scan] = await Promise.all([engine.pipelines(), engine.scan()]);
      const batch = await engine.traceAll();
      const count = (verdict: string) => batch.results.filter((r) => r.managed === verdict).length;
      return {
        source: engine.source,
        ageSeconds: Math.round(engine.ageSeconds()),
        pipelines: {
          total: pipelines.total,
          healthy: pipelines.healthy,
          broken: pipelines.total - pipelines.healthy,
        },
        findings: scan.counts,
        objects: {
          total: batch.results.length,
          managed: count('managed'),
          orphaned: count('orphaned'),
          neverManaged: count('never-managed'),
        },
        warnings: [...new Set([...pipelines.warnings, ...scan.warnings])],
        ...(pipelines.flux ? { flux: pipelines.flux } : {}),
      };
    },

    async workloads(request) {
      const engine = await engines.get(request.cluster);
      return workloadsPage(await engine.traceAll(), request);
    },

    async deployers({ cluster }) {
      const engine = await engines.get(cluster);
      const report = await engine.pipelines();
      return { rows: deployerRows(report, await engine.traceAll()) };
    },

    async sources({ cluster }) {
      const engine = await engines.get(cluster);
      const report = await engine.pipelines();
      return { rows: sourceRows(report, await engine.traceAll()) };
    },

    async pipelines({ cluster, unhealthyOnly }) {
      const engine = await engines.get(cluster);
      return engine.pipelines(unhealthyOnly ? { unhealthyOnly } : {});
    },

    async findings({ cluster, severity }) {
      const engine = await engines.get(cluster);
      return engine.scan(severity ? { severity } : {});
    },

    async trace({ cluster, ref, refresh }) {
      const entry = deps.catalog.resolve(cluster);
      const engine = await engines.get(cluster);
      if (refresh) engine.refresh();
      const result = await engine.traceRef(ref);
      const events = await readChainEvents(engine.reader, result.chain);
      const answer: Awaited<ReturnType<ClusterHandlers['trace']>> = {
        result,
        text: renderTraceText(result),
        ...(events.links.length || events.warnings.length ? { events } : {}),
      };
      if (deps.history) {
        try {
          const record = await deps.history.save({
            face: 'desktop',
            context: entry.kind === 'context' ? entry.name : null,
            result,
          });
          answer.recordId = record.id;
        } catch (e) {
          answer.historyWarning = `trace not saved to history (${deps.history.dir}): ${oneLine(e)}`;
        }
      }
      return answer;
    },

    async refresh({ cluster }) {
      (await engines.get(cluster)).refresh();
      return { ok: true as const };
    },
  };
}

export function entryView(deps: HandlerDeps, name: string): ClusterEntryView {
  const entry = deps.catalog.resolve(name);
  return { name: entry.name, kind: entry.kind, isDefault: deps.catalog.defaultCluster === entry.name };
}
