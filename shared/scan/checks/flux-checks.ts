// Checks on Flux objects themselves (read from the index): stuck reconcilers, suspended deployers
// and sources, dependsOn that is not ready, sources that cannot fetch, failed Helm upgrades.

import type { ClusterIndex } from '../../index/cluster-index.js';
import type { KubeObject } from '../../reader/types.js';
import { FLUX_SOURCE_KINDS } from '../../trace/flux.js';
import { condition } from '../../trace/status.js';
import { type Check, describe, type RawFinding, refOf } from './types.js';

const SOURCE_GROUP = 'source.toolkit.fluxcd.io';
const KS = { group: 'kustomize.toolkit.fluxcd.io', kind: 'Kustomization' };
const HR = { group: 'helm.toolkit.fluxcd.io', kind: 'HelmRelease' };

function fluxSources(index: ClusterIndex): KubeObject[] {
  return FLUX_SOURCE_KINDS.flatMap((kind) => index.list(SOURCE_GROUP, kind));
}

function fluxReconcilers(index: ClusterIndex): KubeObject[] {
  return [...index.list(KS.group, KS.kind), ...index.list(HR.group, HR.kind), ...fluxSources(index)];
}

/** An OCI HelmRepository has no status by design: never "not ready". */
const silentByDesign = (o: KubeObject) => o.kind === 'HelmRepository' && o.spec?.type === 'oci';

function readyEvidence(o: KubeObject): string[] {
  const ready = condition(o, 'Ready');
  if (!ready) return ['no Ready condition'];
  return [
    `Ready=${ready.status}${ready.reason ? ` (${ready.reason})` : ''}`,
    ...(ready.message ? [`message: ${ready.message}`] : []),
    ...(ready.lastTransitionTime ? [`since ${ready.lastTransitionTime}`] : []),
  ];
}

export const stuckReconciler: Check = ({ index, now, stuckThresholdSeconds }) => {
  const findings: RawFinding[] = [];
  for (const o of fluxReconcilers(index)) {
    if (o.spec?.suspend === true || silentByDesign(o)) continue;
    const ready = condition(o, 'Ready');
    if (!ready || ready.status === 'True' || !ready.lastTransitionTime) continue;
    const since = Date.parse(ready.lastTransitionTime);
    if (Number.isNaN(since)) continue;
    const seconds = (now.getTime() - since) / 1000;
    if (seconds <= stuckThresholdSeconds) continue;
    findings.push({
      object: refOf(o),
      link: { kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace, role: 'deployer' },
      message: `${describe(refOf(o))} has not been ready for ${Math.round(seconds / 60)} minutes (threshold ${Math.round(stuckThresholdSeconds / 60)})`,
      evidence: readyEvidence(o),
    });
  }
  return findings;
};

export const suspended: Check = ({ index }) =>
  fluxReconcilers(index)
    .filter((o) => o.spec?.suspend === true)
    .map((o) => ({
      object: refOf(o),
      link: {
        kind: o.kind,
        name: o.metadata.name,
        namespace: o.metadata.namespace,
        role: FLUX_SOURCE_KINDS.includes(o.kind) ? 'source' : 'deployer',
      },
      message: `${describe(refOf(o))} is suspended: changes to its source are not applied`,
      evidence: [
        'spec.suspend: true',
        ...readyEvidence(o)
          .slice(0, 1)
          .map((e) => `last status before suspension: ${e}`),
      ],
    }));

export const dependsOnNotReady: Check = ({ index }) => {
  const findings: RawFinding[] = [];
  for (const o of [...index.list(KS.group, KS.kind), ...index.list(HR.group, HR.kind)]) {
    const deps = o.spec?.dependsOn;
    if (!Array.isArray(deps)) continue;
    const target = o.kind === 'Kustomization' ? KS : HR;
    for (const dep of deps as { name?: string; namespace?: string }[]) {
      if (!dep?.name) continue;
      const ns = dep.namespace ?? o.metadata.namespace;
      const found = index.get(target.group, target.kind, ns, dep.name);
      const ready = condition(found, 'Ready');
      if (found && ready?.status === 'True' && found.spec?.suspend !== true) continue;
      const what = `${target.kind} ${ns}/${dep.name}`;
      const why = !found
        ? 'does not exist'
        : found.spec?.suspend === true
          ? 'is suspended'
          : `is not ready${ready?.reason ? ` (${ready.reason})` : ''}`;
      findings.push({
        object: refOf(o),
        link: { kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace, role: 'deployer' },
        message: `${describe(refOf(o))} depends on ${what}, which ${why}: it will not reconcile until that is fixed`,
        evidence: [`spec.dependsOn: ${what}`, ...(found ? readyEvidence(found) : [`${what} not found`])],
        variables: {
          kind: target.kind,
          kind_lower: target.kind.toLowerCase(),
          name: dep.name,
          namespace: ns ?? 'default',
          flux_kind: target.kind.toLowerCase(),
        },
      });
    }
  }
  return findings;
};

export const sourceFetchFailed: Check = ({ index }) => {
  const findings: RawFinding[] = [];
  for (const o of fluxSources(index)) {
    if (silentByDesign(o) || o.spec?.suspend === true) continue;
    const ready = condition(o, 'Ready');
    const fetchFailed = condition(o, 'FetchFailed')?.status === 'True';
    if (!fetchFailed && ready?.status !== 'False') continue;
    findings.push({
      object: refOf(o),
      link: { kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace, role: 'source' },
      message: `${describe(refOf(o))} cannot fetch${o.spec?.url ? ` ${o.spec.url}` : ''}: ${ready?.message ?? ready?.reason ?? 'not ready'}`,
      evidence: [
        ...readyEvidence(o),
        ...(fetchFailed ? ['FetchFailed=True'] : []),
        ...(o.status?.artifact?.revision ? [`last good artifact: ${o.status.artifact.revision}`] : []),
      ],
    });
  }
  return findings;
};

const FAILED_REASONS = new Set([
  'InstallFailed',
  'UpgradeFailed',
  'RollbackSucceeded',
  'RollbackFailed',
  'UninstallFailed',
  'TestFailed',
]);

export const helmReleaseFailed: Check = ({ index }) => {
  const findings: RawFinding[] = [];
  for (const o of index.list(HR.group, HR.kind)) {
    const ready = condition(o, 'Ready');
    const released = condition(o, 'Released');
    const remediated = condition(o, 'Remediated');
    const latest = Array.isArray(o.status?.history) ? o.status.history[0] : undefined;
    const evidence: string[] = [];
    if (ready?.reason && FAILED_REASONS.has(ready.reason))
      evidence.push(`Ready=${ready.status} (${ready.reason})${ready.message ? `: ${ready.message}` : ''}`);
    if (released?.status === 'False')
      evidence.push(
        `Released=False (${released.reason ?? 'no reason'})${released.message ? `: ${released.message}` : ''}`,
      );
    if (remediated?.status === 'True')
      evidence.push(
        `Remediated=True (${remediated.reason ?? 'remediated'})${remediated.message ? `: ${remediated.message}` : ''}`,
      );
    if (latest?.status === 'failed')
      evidence.push(
        `latest release v${latest.version ?? '?'} (${latest.chartName ?? ''} ${latest.chartVersion ?? ''}) status failed`,
      );
    if (evidence.length === 0) continue;
    const rolledBack = ready?.reason === 'RollbackSucceeded' || remediated?.status === 'True';
    findings.push({
      object: refOf(o),
      link: { kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace, role: 'deployer' },
      message: `${describe(refOf(o))} ${rolledBack ? 'failed to upgrade and was rolled back' : 'failed to install or upgrade'}`,
      evidence,
    });
  }
  return findings;
};
