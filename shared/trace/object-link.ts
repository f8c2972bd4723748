// The link for a delivered object or one of its owners: its health, computed from the object.
import type { ClusterIndex } from '../index/cluster-index.js';
import type { ChainLink } from '../model/trace-result.js';
import type { KubeObject } from '../reader/types.js';
import { computeHealth } from './health.js';
import { baseLink } from './status.js';

export function objectLink(obj: KubeObject, role: 'owner' | 'object', _index: ClusterIndex): ChainLink {
  const link = baseLink(obj, role);
  const health = computeHealth(obj);
  if (health) {
    link.status = health.status;
    link.message = health.message ?? null;
    link.ready = health.status === 'Healthy' ? true : health.status === 'Degraded' ? false : null;
    link.details = { health: health.status };
  } else {
    link.status = 'Present';
  }
  return link;
}
