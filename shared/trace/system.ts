// Objects a cluster creates for itself: never orphans, never "never managed". The orchestrator asks
// this only when no delivery module and no ConfigHub stamp claimed the object.
import type { KubeObject } from '../reader/types.js';

const SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'];
/** Kinds the control plane or kubelets write on their own. */
const SYSTEM_KINDS = ['Endpoints', 'EndpointSlice', 'Event', 'Lease', 'Node', 'ComponentStatus'];

export function isSystemObject(obj: KubeObject): boolean {
  const ns = obj.metadata.namespace;
  const name = obj.metadata.name;
  if (ns && SYSTEM_NAMESPACES.includes(ns)) return true;
  if (SYSTEM_KINDS.includes(obj.kind)) return true;
  if (obj.kind === 'ConfigMap' && name === 'kube-root-ca.crt') return true;
  if (obj.kind === 'ServiceAccount' && name === 'default') return true;
  if (obj.kind === 'Service' && ns === 'default' && name === 'kubernetes') return true;
  if (obj.kind === 'Namespace' && (name === 'default' || SYSTEM_NAMESPACES.includes(name))) return true;
  // Default RBAC, priority classes and API priority-and-fairness objects the API server bootstraps.
  if (obj.metadata.labels?.['kubernetes.io/bootstrapping'] === 'rbac-defaults') return true;
  if (obj.kind === 'PriorityClass' && name.startsWith('system-')) return true;
  if (obj.metadata.annotations?.['apf.kubernetes.io/autoupdate-spec'] !== undefined) return true;
  return false;
}
