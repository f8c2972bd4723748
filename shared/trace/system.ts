// Objects a cluster creates for itself: never orphans, never "never managed".
import type { KubeObject } from '../reader/types.js';

export function isSystemObject(obj: KubeObject): boolean {
  const ns = obj.metadata.namespace;
  if (ns === 'kube-system' || ns === 'kube-public' || ns === 'kube-node-lease') return true;
  if (obj.kind === 'ConfigMap' && obj.metadata.name === 'kube-root-ca.crt') return true;
  if (obj.kind === 'ServiceAccount' && obj.metadata.name === 'default') return true;
  return ['Endpoints', 'EndpointSlice', 'Event', 'Lease'].includes(obj.kind);
}
