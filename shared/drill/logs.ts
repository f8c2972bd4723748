// Recent logs of the pods under a workload: `kubectl logs` for every pod of a Deployment,
// StatefulSet, DaemonSet, Job, CronJob, ReplicaSet, Service or one Pod, each container's tail
// (bounded in lines and bytes by the API server's tailLines and limitBytes), the previous instance
// after a restart, and, where there are none, why (a Pending pod is not scheduled, a container is
// waiting for its image). Log lines are the workload's own text: faces print them escaped.
import { CubScoutError, isCubScoutError, notFound, oneLine } from '../errors/index.js';
import type { ContainerLog, PodLogs, WorkloadLogs } from '../model/drilldowns.js';
import type { ClusterReader, KubeObject } from '../reader/types.js';
import { apiVersionOf } from '../reader/types.js';
import { checkObjectName } from '../resource-arg.js';
import { type ContainerFacts, containerFacts, podPhase, whyNoLogsYet } from './pod-state.js';
import { podsOf } from './workload-pods.js';

export interface LogsOptions {
  /** Only this container (-c). */
  container?: string;
  /** The previous instance of each container (after a restart). */
  previous?: boolean;
  /** Lines per container (default 50). */
  tailLines?: number;
  /** Bytes per container (default 64 KiB). */
  limitBytes?: number;
  /** Pods read, newest first (default 5). */
  maxPods?: number;
}

export const LOG_DEFAULTS = { tailLines: 50, limitBytes: 64 * 1024, maxPods: 5 } as const;
/** Upper bounds whatever a caller asks: one answer never carries megabytes of log. */
export const LOG_LIMITS = { tailLines: 10_000, limitBytes: 4 * 1024 * 1024, maxPods: 50 } as const;

export async function workloadLogs(
  reader: ClusterReader,
  kindInput: string,
  name: string,
  namespace: string | undefined,
  options: LogsOptions = {},
): Promise<WorkloadLogs> {
  const kind = await reader.resolveKind(kindInput);
  checkObjectName(name);
  if (namespace !== undefined) checkObjectName(namespace, 'namespace');
  const ns = kind.namespaced ? (namespace ?? 'default') : undefined;
  const workload = await reader.get(kind, name, ns);
  if (!workload)
    throw notFound(`${kind.kind}/${name}`, ns ? `namespace ${ns} of ${reader.source}` : reader.source);
  const bounds = {
    tailLines: bounded(options.tailLines, LOG_DEFAULTS.tailLines, LOG_LIMITS.tailLines, 'tail lines'),
    limitBytes: bounded(options.limitBytes, LOG_DEFAULTS.limitBytes, LOG_LIMITS.limitBytes, 'limit bytes'),
    maxPods: bounded(options.maxPods, LOG_DEFAULTS.maxPods, LOG_LIMITS.maxPods, 'pods'),
  };
  const pods = await podsOf(reader, workload);
  const warnings: string[] = [];
  if (!reader.logs) warnings.push(`${reader.source} holds no logs: read them from a live cluster`);
  const read = await Promise.all(
    pods.slice(0, bounds.maxPods).map((pod) => podLogs(reader, pod, { ...options, ...bounds }, warnings)),
  );
  if (options.container && !read.some((p) => p.containers.length))
    throw new CubScoutError(
      'bad-input',
      `no container "${options.container}" in the pods of ${kind.kind}/${name}`,
    );
  return {
    object: {
      apiVersion: apiVersionOf(kind),
      kind: kind.kind,
      name,
      ...(ns ? { namespace: ns } : {}),
    },
    pods: read,
    omittedPods: Math.max(0, pods.length - bounds.maxPods),
    tailLines: bounds.tailLines,
    limitBytes: bounds.limitBytes,
    warnings: [...new Set(warnings)],
  };
}

type Bounds = LogsOptions & { tailLines: number; limitBytes: number };

async function podLogs(
  reader: ClusterReader,
  pod: KubeObject,
  options: Bounds,
  warnings: string[],
): Promise<PodLogs> {
  const namespace = pod.metadata.namespace ?? 'default';
  const waiting = whyNoLogsYet(pod);
  const facts = containerFacts(pod).filter((f) =>
    options.container ? f.name === options.container : !f.completedInit,
  );
  const containers = await Promise.all(
    facts.map((f) => containerLog(reader, pod, f, options, waiting === undefined, warnings)),
  );
  return {
    name: pod.metadata.name,
    namespace,
    phase: podPhase(pod),
    node: typeof pod.spec?.nodeName === 'string' ? pod.spec.nodeName : null,
    ...(waiting ? { waiting } : {}),
    containers,
  };
}

async function containerLog(
  reader: ClusterReader,
  pod: KubeObject,
  f: ContainerFacts,
  options: Bounds,
  podHasLogs: boolean,
  warnings: string[],
): Promise<ContainerLog> {
  const previous = options.previous === true;
  const entry: ContainerLog = {
    container: f.name,
    ...(f.init ? { init: true } : {}),
    previous,
    state: f.state,
    restarts: f.restarts,
    lastTermination: f.lastTermination,
    lines: [],
    truncated: false,
  };
  if (!podHasLogs) return { ...entry, note: 'no logs yet: the pod has not started any container' };
  if (previous && !f.hasPrevious)
    return { ...entry, note: 'no previous instance: the container has not restarted' };
  if (!previous && !f.started) return { ...entry, note: `no logs yet: ${f.state}` };
  if (!reader.logs) return { ...entry, note: 'no logs in a snapshot' };
  try {
    const text = await reader.logs(pod.metadata.namespace ?? 'default', pod.metadata.name, {
      container: f.name,
      previous,
      tailLines: options.tailLines,
      limitBytes: options.limitBytes,
    });
    const lines = text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    const kept = lines.slice(-options.tailLines);
    return {
      ...entry,
      lines: kept,
      truncated: Buffer.byteLength(text) >= options.limitBytes || lines.length >= options.tailLines,
      ...(kept.length === 0 ? { note: 'the log is empty' } : {}),
    };
  } catch (e) {
    if (isCubScoutError(e) && e.code === 'forbidden') warnings.push(oneLine(e));
    if (isCubScoutError(e) || e instanceof Error) return { ...entry, note: `not readable: ${oneLine(e)}` };
    throw e;
  }
}

function bounded(value: number | undefined, fallback: number, max: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1)
    throw new CubScoutError('bad-input', `${what} must be a whole number of at least 1`);
  return Math.min(value, max);
}
