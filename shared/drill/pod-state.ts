// What a pod's status says about its containers, in words: running or waiting and why, how often a
// container restarted and how its last instance ended, and why a pod has no logs yet (not
// scheduled, waiting for an image): what `kubectl describe pod` would make a person read.
import type { KubeObject } from '../reader/types.js';

// biome-ignore lint/suspicious/noExplicitAny: pod status is read defensively
type Status = any;

export interface ContainerFacts {
  name: string;
  init: boolean;
  state: string;
  restarts: number;
  lastTermination: string | null;
  /** The container has run (or runs): the kubelet has a log for it. */
  started: boolean;
  /** The container ran before its current instance: `previous` has a log. */
  hasPrevious: boolean;
  /** An init container that finished cleanly (its log is rarely what anyone wants). */
  completedInit: boolean;
}

export function containerFacts(pod: KubeObject): ContainerFacts[] {
  const statuses = new Map<string, Status>();
  for (const s of [...list(pod.status?.initContainerStatuses), ...list(pod.status?.containerStatuses)])
    if (typeof s?.name === 'string') statuses.set(s.name, s);
  // A pod past Pending whose container statuses are missing (a trimmed snapshot) ran its containers.
  const ranWithoutStatus = ['Running', 'Succeeded', 'Failed'].includes(podPhase(pod));
  const facts: ContainerFacts[] = [];
  for (const [specs, init] of [
    [list(pod.spec?.initContainers), true],
    [list(pod.spec?.containers), false],
  ] as const) {
    for (const spec of specs) {
      if (typeof spec?.name !== 'string') continue;
      const status = statuses.get(spec.name);
      const restarts = typeof status?.restartCount === 'number' ? status.restartCount : 0;
      const last = status?.lastState?.terminated;
      const state = status?.state ?? {};
      facts.push({
        name: spec.name,
        init,
        state: stateText(state),
        restarts,
        lastTermination: last ? terminationText(last) : null,
        started: !!(
          state.running ||
          state.terminated ||
          last ||
          restarts > 0 ||
          (!status && ranWithoutStatus)
        ),
        hasPrevious: !!last || restarts > 0,
        completedInit: init && state.terminated?.exitCode === 0 && restarts === 0,
      });
    }
  }
  return facts;
}

/** Why a pod has no logs at all yet, or undefined when its containers may have some. */
export function whyNoLogsYet(pod: KubeObject): string | undefined {
  const phase = podPhase(pod);
  if (phase !== 'Pending' && phase !== 'Unknown') return undefined;
  if (!pod.spec?.nodeName) {
    const scheduled = list(pod.status?.conditions).find((c) => c?.type === 'PodScheduled');
    if (scheduled?.status === 'False')
      return `${phase}: not scheduled to a node (${[scheduled.reason, scheduled.message].filter(Boolean).join(': ')})`;
    return `${phase}: not scheduled to a node yet (no scheduler has placed it; no conditions reported)`;
  }
  const facts = containerFacts(pod).filter((f) => !f.completedInit);
  if (facts.some((f) => f.started)) return undefined;
  const waiting = facts.map((f) => `${f.name}: ${f.state}`).join('; ');
  return `${phase} on node ${pod.spec.nodeName}: no container has started yet${waiting ? ` (${waiting})` : ''}`;
}

export function podPhase(pod: KubeObject): string {
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  return typeof pod.status?.phase === 'string' ? pod.status.phase : 'Unknown';
}

function stateText(state: Status): string {
  if (state.running) return `running${state.running.startedAt ? ` since ${state.running.startedAt}` : ''}`;
  if (state.waiting)
    return `waiting: ${[state.waiting.reason, state.waiting.message].filter(Boolean).join(': ') || 'not started'}`;
  if (state.terminated) return `terminated: ${terminationText(state.terminated)}`;
  return 'no status reported';
}

function terminationText(t: Status): string {
  const reason = typeof t.reason === 'string' ? t.reason : 'terminated';
  const exit = typeof t.exitCode === 'number' ? ` (exit code ${t.exitCode})` : '';
  const when = typeof t.finishedAt === 'string' ? ` at ${t.finishedAt}` : '';
  return `${reason}${exit}${when}`;
}

function list(value: unknown): Status[] {
  return Array.isArray(value) ? value : [];
}
