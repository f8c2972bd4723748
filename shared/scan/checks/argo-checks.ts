// Checks on Argo CD Applications themselves (read from the index): OutOfSync, Degraded, failing
// to sync. They need no Argo chain, only the Application's status (gitops-facts.md §Argo CD).
import type { KubeObject } from '../../reader/types.js';
import { type Check, describe, type RawFinding, refOf } from './types.js';

const applications = (index: { list(group: string, kind: string): KubeObject[] }) =>
  index.list('argoproj.io', 'Application');

function finding(app: KubeObject, message: string, evidence: string[]): RawFinding {
  return {
    object: refOf(app),
    link: { kind: app.kind, name: app.metadata.name, namespace: app.metadata.namespace, role: 'deployer' },
    message: `${describe(refOf(app))} ${message}`,
    evidence,
    variables: {
      app:
        app.metadata.namespace && app.metadata.namespace !== 'argocd'
          ? `${app.metadata.namespace}/${app.metadata.name}`
          : app.metadata.name,
    },
  };
}

export const argoOutOfSync: Check = ({ index }) =>
  applications(index)
    .filter((app) => app.status?.sync?.status === 'OutOfSync')
    .map((app) => {
      const resources: unknown = app.status?.resources;
      const drifted = (
        (Array.isArray(resources) ? resources : []) as {
          kind?: string;
          name?: string;
          namespace?: string;
          status?: string;
        }[]
      )
        .filter((r) => r.status === 'OutOfSync')
        .map((r) => `${r.kind}/${r.name}${r.namespace ? ` -n ${r.namespace}` : ''} OutOfSync`);
      return finding(app, 'is OutOfSync: the cluster differs from what Git says', [
        'status.sync.status: OutOfSync',
        ...(app.status?.sync?.revision ? [`compared to revision ${app.status.sync.revision}`] : []),
        ...drifted.slice(0, 10),
      ]);
    });

export const argoDegraded: Check = ({ index }) =>
  applications(index)
    .filter((app) => ['Degraded', 'Missing'].includes(app.status?.health?.status))
    .map((app) =>
      finding(
        app,
        `is ${app.status.health.status}${app.status.health.message ? `: ${app.status.health.message}` : ''}`,
        [
          `status.health.status: ${app.status.health.status}`,
          ...(
            (app.status?.resources ?? []) as {
              kind?: string;
              name?: string;
              health?: { status?: string; message?: string };
            }[]
          )
            .filter((r) => r.health?.status === 'Degraded' || r.health?.status === 'Missing')
            .slice(0, 10)
            .map(
              (r) =>
                `${r.kind}/${r.name} ${r.health?.status}${r.health?.message ? `: ${r.health.message}` : ''}`,
            ),
        ],
      ),
    );

const ERROR_CONDITIONS = new Set(['SyncError', 'ComparisonError', 'InvalidSpecError']);

export const argoSyncFailed: Check = ({ index }) => {
  const findings: RawFinding[] = [];
  for (const app of applications(index)) {
    const op = app.status?.operationState;
    const evidence: string[] = [];
    if (op && ['Failed', 'Error'].includes(op.phase))
      evidence.push(`operationState.phase: ${op.phase}${op.message ? `: ${op.message}` : ''}`);
    for (const c of (app.status?.conditions ?? []) as { type?: string; message?: string }[])
      if (c.type && ERROR_CONDITIONS.has(c.type))
        evidence.push(`condition ${c.type}${c.message ? `: ${c.message}` : ''}`);
    if (evidence.length) findings.push(finding(app, 'is failing to sync', evidence));
  }
  return findings;
};
