// Hand-applied objects: kubectl (client-side apply leaves last-applied-configuration), standalone
// kustomize (buildMetadata labels), and who last wrote which fields (managedFields). This is
// evidence, not a chain: such objects have no deployer to trace up to.
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
  for (const entry of obj.metadata.managedFields ?? []) {
    if (!entry.manager) continue;
    if (tool === 'none' && entry.manager.startsWith('kubectl')) tool = 'kubectl';
    const when = entry.time ? ` at ${entry.time}` : '';
    const sub = entry.subresource ? ` (${entry.subresource})` : '';
    evidence.push({
      kind: 'managedField',
      key: entry.manager,
      value: `${entry.operation ?? 'Update'}${sub}${when}`,
    });
  }
  return { tool, evidence };
}
