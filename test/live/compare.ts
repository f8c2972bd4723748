// What must be equal between a live trace and an offline trace of the same scenario.
//
// The test bed runs kube-controller-manager's deployment and replicaset controllers: they rewrite
// the status of scenario Deployments and ReplicaSets (there is no kubelet, so nothing becomes
// available) and may create ReplicaSets and Pods of their own. So for links of built-in workload
// kinds in the role `owner` or `object` we compare identity, role and revision but not health
// (ready, status, reason, message, details, lastTransitionTime), and `brokenAt` is compared as the
// first broken link outside those workload links. The API server also records its own field
// managers (the status writer, the controllers) and times, so managedFields evidence is compared as
// "every manager of the scenario is still there". tracedAt and source differ by nature.
// Everything else must be equal: chain names, kinds, roles, GitOps link statuses and messages,
// revisions, managed, tool, fullyManaged, diagnosis running/expected/stale, evidence and warnings.
import type { ChainLink, Evidence, TraceResult } from '../../shared/model/trace-result.js';
import { linkProblem } from '../../shared/trace/diagnose.js';

const WORKLOAD_KINDS = new Set([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'Pod',
  'ReplicationController',
]);

export function isWorkloadLink(link: ChainLink): boolean {
  return (link.role === 'owner' || link.role === 'object') && WORKLOAD_KINDS.has(link.kind);
}

function comparableLink(link: ChainLink): Partial<ChainLink> {
  if (!isWorkloadLink(link)) return link;
  const {
    ready: _r,
    status: _s,
    reason: _re,
    message: _m,
    details: _d,
    lastTransitionTime: _l,
    reconciled: _rc,
    ...rest
  } = link;
  return rest;
}

/** The first broken link that a controller of the test bed cannot have changed. */
export function gitopsBrokenAt(result: TraceResult): number | null {
  const i = result.chain.findIndex((l) => !isWorkloadLink(l) && linkProblem(l) !== undefined);
  return i < 0 ? null : i;
}

function evidenceKey(e: Evidence): string {
  return `${e.kind}|${e.key}|${e.value}|${e.note ?? ''}`;
}

export function comparable(result: TraceResult) {
  const evidence = result.evidence ?? [];
  return {
    object: result.object,
    tool: result.tool,
    managed: result.managed,
    fullyManaged: result.fullyManaged,
    system: result.system ?? false,
    chain: result.chain.map(comparableLink),
    brokenAt: gitopsBrokenAt(result),
    running: result.diagnosis.running,
    expected: result.diagnosis.expected,
    stale: result.diagnosis.stale ?? false,
    evidence: evidence
      .filter((e) => e.kind !== 'managedField')
      .map(evidenceKey)
      .sort(),
    warnings: [...result.warnings].sort(),
  };
}

/** Field managers named in the evidence (who wrote the object). */
export function managers(result: TraceResult): string[] {
  return [
    ...new Set((result.evidence ?? []).filter((e) => e.kind === 'managedField').map((e) => e.key)),
  ].sort();
}
