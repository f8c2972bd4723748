// Every cluster at a glance: the catalog, each cluster's reachability and counts, and the one table
// of what is broken across all of them. Each cluster is probed on its own with a deadline, a few
// at a time, so a dead or slow context shows why and never holds up the others.
import type { ClusterEntry } from '../cluster-catalog.js';
import { probeContext } from '../contexts.js';
import { oneLine } from '../errors/index.js';
import type { PipelinesReport } from '../pipelines/model.js';
import { type ContextInfo, listContexts, NO_KUBECONFIG_MESSAGE } from '../reader/kubeconfig.js';
import type { ScanReport } from '../scan/model.js';
import { mapBounded, withTimeout } from './concurrency.js';
import type { ClusterEntryView } from './contract.js';
import type { HandlerDeps, Handlers, ResponseData } from './deps.js';
import { execPluginProblem } from './exec-plugin.js';

type StatusHandlers = Pick<Handlers, 'clusters' | 'clusterStatus' | 'allContexts'>;
type AllContextsRow = ResponseData<'allContexts'>['rows'][number];

export function clusterStatusHandlers(deps: HandlerDeps): StatusHandlers {
  const probeTimeoutMs = deps.probeTimeoutMs ?? 3_000;
  const readTimeoutMs = deps.readTimeoutMs ?? 60_000;
  const kubeconfig = deps.catalog.start.kubeconfig ? { kubeconfig: deps.catalog.start.kubeconfig } : {};

  const reachability = (entry: ClusterEntry) =>
    contextReachability(entry, kubeconfig, deps.env ?? process.env, probeTimeoutMs);

  /** The engine's whole-cluster answers within the read deadline. */
  async function judged(name: string) {
    const engine = await deps.engines.get(name);
    const seconds = Math.round(readTimeoutMs / 1000);
    const [pipelines, scan] = await withTimeout(
      Promise.all([engine.pipelines(), engine.scan()]),
      readTimeoutMs,
      `still reading the cluster after ${seconds} s`,
    );
    return { engine, pipelines, scan };
  }

  return {
    async clusters() {
      const details = new Map<string, { server: string; namespace: string }>();
      try {
        for (const c of listContexts(kubeconfig)) details.set(c.name, c);
      } catch {
        // reported once as kubeconfigProblem
      }
      const clusters = deps.catalog.list().map((entry) => {
        const view: ClusterEntryView = {
          name: entry.name,
          kind: entry.kind,
          isDefault: deps.catalog.defaultCluster === entry.name,
        };
        const context = entry.kind === 'context' ? details.get(entry.name) : undefined;
        if (context?.server) view.server = context.server;
        if (context?.namespace) view.namespace = context.namespace;
        return view;
      });
      // No kubeconfig at all is no problem for someone looking at the demo or a snapshot; a broken
      // one, or nothing to look at, is.
      const problem = deps.catalog.kubeconfigProblem;
      const shown = problem && !(problem === NO_KUBECONFIG_MESSAGE && clusters.length > 0);
      return shown ? { clusters, kubeconfigProblem: problem } : { clusters };
    },

    async clusterStatus({ cluster }) {
      const entry = deps.catalog.resolve(cluster);
      const reach = await reachability(entry);
      if (reach.problem) return { cluster, reachable: false, problem: reach.problem };
      const status: ResponseData<'clusterStatus'> = { cluster, reachable: true };
      if (reach.version) status.version = reach.version;
      try {
        const { engine, pipelines, scan } = await judged(cluster);
        status.brokenPipelines = pipelines.total - pipelines.healthy;
        status.criticalFindings = scan.counts.critical;
        const loadedAt = engine.index.loadedAt;
        if (loadedAt) status.loadedAt = loadedAt.toISOString();
        status.ageSeconds = Math.round(engine.ageSeconds());
      } catch (e) {
        status.problem = oneLine(e);
      }
      return status;
    },

    async allContexts() {
      const unreachable: { cluster: string; problem: string }[] = [];
      const perCluster = await mapBounded(deps.catalog.list(), deps.concurrency ?? 4, async (entry) => {
        const reach = await reachability(entry);
        if (reach.problem) {
          unreachable.push({ cluster: entry.name, problem: reach.problem });
          return [];
        }
        try {
          return brokenRows(entry.name, await judged(entry.name));
        } catch (e) {
          unreachable.push({ cluster: entry.name, problem: oneLine(e) });
          return [];
        }
      });
      return { rows: perCluster.flat(), unreachable };
    },
  };
}

export interface Reachability {
  /** One line: a missing exec plugin, or why the API server did not answer. */
  problem?: string;
  version?: string;
}

/** Why a context cannot be read before reading it (a missing exec plugin, no answer from its API
 * server within the probe timeout), or its version. Snapshots and the demo are always there. */
export async function contextReachability(
  entry: ClusterEntry,
  kubeconfig: { kubeconfig?: string },
  env: NodeJS.ProcessEnv,
  probeTimeoutMs: number,
): Promise<Reachability> {
  if (entry.kind !== 'context') return {};
  const missingPlugin = execPluginProblem(entry.name, kubeconfig, env);
  if (missingPlugin) return { problem: missingPlugin };
  let info: ContextInfo | undefined;
  try {
    info = listContexts(kubeconfig).find((c) => c.name === entry.name);
  } catch {
    info = undefined;
  }
  if (!info) return { problem: `context "${entry.name}" is no longer in the kubeconfig` };
  const probe = await probeContext(info, kubeconfig, probeTimeoutMs);
  if (!probe.reachable) return { problem: probe.error ?? 'unreachable' };
  return probe.version ? { version: probe.version } : {};
}

/** Every broken pipeline and critical finding of one cluster, each with the object to trace. */
function brokenRows(
  cluster: string,
  { pipelines, scan }: { pipelines: PipelinesReport; scan: ScanReport },
): AllContextsRow[] {
  const rows: AllContextsRow[] = [];
  for (const p of pipelines.pipelines) {
    if (p.healthy) continue;
    rows.push({ cluster, type: 'pipeline', title: p.id, ref: p.deployer, summary: p.summary });
  }
  for (const f of scan.findings) {
    if (f.severity !== 'critical') continue;
    rows.push({
      cluster,
      type: 'finding',
      severity: f.severity,
      title: `${f.ruleId} ${f.name}`,
      ref: f.object,
      summary: f.message,
    });
  }
  return rows;
}
