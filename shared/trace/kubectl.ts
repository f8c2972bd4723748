// Hand-applied objects: kubectl (client-side apply leaves last-applied-configuration), standalone
// kustomize (buildMetadata labels), and who last wrote which fields (managedFields). This is
// evidence, not a chain: such objects have no deployer to trace up to. Terraform and Crossplane
// marks name owners of their own kind (a workspace, a claim or composite): evidence of who keeps
// the object, outside GitOps.
import type { Evidence, Tool } from '../model/trace-result.js';
import type { KubeObject } from '../reader/types.js';
import { annotation, label } from './status.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export interface HandApplied {
  tool: Extract<Tool, 'kubectl' | 'kustomize' | 'none'>;
  evidence: Evidence[];
}

export function traceHandApplied(obj: KubeObject): HandApplied {
  const evidence: Evidence[] = [];
  let tool: HandApplied['tool'] = 'none';
  const managedBy = label(obj, 'app.kubernetes.io/managed-by');
  if (managedBy?.startsWith('kustomize')) {
    tool = 'kustomize';
    evidence.push({ kind: 'label', key: 'app.kubernetes.io/managed-by', value: managedBy });
    const origin = annotation(obj, 'config.kubernetes.io/origin');
    if (origin)
      evidence.push({ kind: 'annotation', key: 'config.kubernetes.io/origin', value: origin.trim() });
  }
  if (annotation(obj, LAST_APPLIED) !== undefined) {
    if (tool === 'none') tool = 'kubectl';
    evidence.push({
      kind: 'annotation',
      key: LAST_APPLIED,
      value: 'present',
      note: 'applied with kubectl apply (client-side)',
    });
  }
  evidence.push(...externalOwners(obj));
  const instance = label(obj, 'app.kubernetes.io/instance');
  if (instance !== undefined && !evidence.some((e) => e.key === 'app.kubernetes.io/instance'))
    evidence.push({
      kind: 'label',
      key: 'app.kubernetes.io/instance',
      value: instance,
      note: 'weak evidence: Argo CD label tracking and many Helm charts set it',
    });
  for (const entry of obj.metadata.managedFields ?? []) {
    if (!entry.manager) continue;
    if (tool === 'none' && entry.manager.startsWith('kubectl')) tool = 'kubectl';
    const when = entry.time ? ` at ${entry.time}` : '';
    const sub = entry.subresource ? ` (${entry.subresource})` : '';
    evidence.push({
      kind: 'managedField',
      key: entry.manager,
      value: `${entry.operation ?? 'Update'}${sub}${when}`,
      ...(MANAGER_NOTES[entry.manager] ? { note: MANAGER_NOTES[entry.manager] } : {}),
    });
  }
  return { tool, evidence };
}

const MANAGER_NOTES: Record<string, string> = {
  confighub: "ConfigHub's Kubernetes worker",
  'kustomize-controller': 'Flux kustomize-controller',
  'helm-controller': 'Flux helm-controller',
  'argocd-controller': 'Argo CD application controller',
  'kubectl-edit': 'edited by hand (kubectl edit)',
  'kubectl-patch': 'patched by hand (kubectl patch)',
};

/** Evidence kind for marks that name an owner outside GitOps (read by diagnose for its summary). */
export const EXTERNAL_OWNER = 'externalOwner';

/** Terraform and Crossplane marks: who keeps the object, as evidence (there is no chain to walk). */
export function externalOwners(obj: KubeObject): Evidence[] {
  const evidence: Evidence[] = [];
  const workspace = annotation(obj, 'app.terraform.io/workspace-name');
  const run = annotation(obj, 'app.terraform.io/run-id');
  if (workspace || run)
    evidence.push({
      kind: EXTERNAL_OWNER,
      key: 'Terraform',
      value: workspace ? `workspace ${workspace}` : 'unknown workspace',
      note: run ? `run ${run}` : 'app.terraform.io annotations',
    });
  const claim = label(obj, 'crossplane.io/claim-name');
  const composite = label(obj, 'crossplane.io/composite');
  if (claim || composite) {
    const claimNs = label(obj, 'crossplane.io/claim-namespace');
    const resource = annotation(obj, 'crossplane.io/composition-resource-name');
    evidence.push({
      kind: EXTERNAL_OWNER,
      key: 'Crossplane',
      value: claim ? `claim ${claimNs ? `${claimNs}/` : ''}${claim}` : `composite ${composite}`,
      note:
        [
          composite && claim ? `composite ${composite}` : '',
          resource ? `composition resource ${resource}` : '',
        ]
          .filter(Boolean)
          .join(', ') || 'crossplane.io labels',
    });
  }
  return evidence;
}
