// Answers the face gives in its own thread, before the API worker: whether a context can be
// reached at all. The worker may be busy for seconds tracing a big cluster (synchronous work); a
// context whose exec plugin is missing or whose API server does not answer is still known as such
// within the probe's timeout, and the others never wait for it. Reachable contexts go on to the
// worker for their counts. The contexts are the kubeconfig's, fixed at start, like the worker's.
import { type CatalogStartOptions, ClusterCatalog } from '../cluster-catalog.js';
import { contextReachability } from './cluster-status.js';
import { desktopApi } from './contract.js';
import type { DispatchResult } from './handlers.js';

export type Call = (operation: unknown, payload: unknown) => Promise<DispatchResult>;

export function withFrontDesk(
  call: Call,
  start: CatalogStartOptions,
  options: { env?: NodeJS.ProcessEnv; probeTimeoutMs?: number } = {},
): Call {
  const catalog = new ClusterCatalog({ ...start, demo: false, snapshots: [] });
  const kubeconfig = start.kubeconfig ? { kubeconfig: start.kubeconfig } : {};
  return async (operation, payload) => {
    if (operation !== 'clusterStatus') return call(operation, payload);
    const request = desktopApi.clusterStatus.request.safeParse(payload);
    const entry = request.success ? catalog.list().find((e) => e.name === request.data.cluster) : undefined;
    if (!entry) return call(operation, payload); // the worker validates and answers
    const reach = await contextReachability(
      entry,
      kubeconfig,
      options.env ?? process.env,
      options.probeTimeoutMs ?? 3_000,
    );
    if (!reach.problem) return call(operation, payload);
    return { ok: true, value: { cluster: entry.name, reachable: false, problem: reach.problem } };
  };
}
