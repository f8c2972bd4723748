// Health of a live object, computed with the gitops-engine rules Argo CD uses (worst first:
// Unknown > Degraded > Missing > Progressing > Suspended > Healthy). Argo v3 no longer stores
// per-resource health, and Flux never did, so we compute it from the object itself.
import type { KubeObject } from '../reader/types.js';
import { condition } from './status.js';

export type HealthStatus = 'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Missing' | 'Unknown';

export interface Health {
  status: HealthStatus;
  message?: string;
}

const SEVERITY: HealthStatus[] = ['Healthy', 'Suspended', 'Progressing', 'Missing', 'Degraded', 'Unknown'];

export function worstHealth(a: HealthStatus, b: HealthStatus): HealthStatus {
  return SEVERITY.indexOf(a) >= SEVERITY.indexOf(b) ? a : b;
}

/** undefined when the kind has no health rule (ConfigMap, Secret, ...): such objects are simply present. */
export function computeHealth(obj: KubeObject): Health | undefined {
  if (obj.metadata.deletionTimestamp) return { status: 'Progressing', message: 'being deleted' };
  const s = obj.status ?? {};
  const generation = obj.metadata.generation;
  const observedBehind =
    typeof generation === 'number' &&
    typeof s.observedGeneration === 'number' &&
    s.observedGeneration < generation;
  switch (obj.kind) {
    case 'Deployment': {
      if (obj.spec?.paused) return { status: 'Suspended', message: 'deployment is paused' };
      const progressing = condition(obj, 'Progressing');
      if (progressing?.reason === 'ProgressDeadlineExceeded') {
        return {
          status: 'Degraded',
          message: progressing.message ?? `deployment "${obj.metadata.name}" exceeded its progress deadline`,
        };
      }
      if (observedBehind) return { status: 'Progressing', message: 'waiting for rollout to be observed' };
      const replicas = obj.spec?.replicas ?? 1;
      const updated = s.updatedReplicas ?? 0;
      const total = s.replicas ?? 0;
      const available = s.availableReplicas ?? 0;
      if (updated < replicas)
        return { status: 'Progressing', message: `${updated} of ${replicas} updated replicas are available` };
      if (total > updated)
        return { status: 'Progressing', message: `${total - updated} old replicas are pending termination` };
      if (available < updated)
        return {
          status: 'Progressing',
          message: `${available} of ${updated} updated replicas are available`,
        };
      return { status: 'Healthy' };
    }
    case 'StatefulSet': {
      if (observedBehind)
        return { status: 'Progressing', message: 'waiting for statefulset spec update to be observed' };
      const replicas = obj.spec?.replicas ?? 1;
      if ((s.readyReplicas ?? 0) < replicas)
        return { status: 'Progressing', message: `${s.readyReplicas ?? 0} of ${replicas} pods ready` };
      if (s.updateRevision && s.currentRevision !== s.updateRevision)
        return { status: 'Progressing', message: 'rolling update in progress' };
      return { status: 'Healthy' };
    }
    case 'DaemonSet': {
      if (observedBehind)
        return { status: 'Progressing', message: 'waiting for daemonset spec update to be observed' };
      const desired = s.desiredNumberScheduled ?? 0;
      if ((s.updatedNumberScheduled ?? 0) < desired)
        return { status: 'Progressing', message: 'rollout in progress' };
      if ((s.numberAvailable ?? 0) < desired)
        return { status: 'Progressing', message: `${s.numberAvailable ?? 0} of ${desired} pods available` };
      return { status: 'Healthy' };
    }
    case 'ReplicaSet': {
      const failure = condition(obj, 'ReplicaFailure');
      if (failure?.status === 'True')
        return { status: 'Degraded', message: failure.message ?? 'replica failure' };
      if (observedBehind) return { status: 'Progressing' };
      if ((s.availableReplicas ?? 0) < (obj.spec?.replicas ?? 1)) {
        return {
          status: 'Progressing',
          message: `${s.availableReplicas ?? 0} of ${obj.spec?.replicas ?? 1} replicas available`,
        };
      }
      return { status: 'Healthy' };
    }
    case 'Pod':
      return podHealth(obj);
    case 'PersistentVolumeClaim': {
      const phase = s.phase;
      if (phase === 'Bound') return { status: 'Healthy' };
      if (phase === 'Lost') return { status: 'Degraded', message: 'volume claim lost' };
      return { status: 'Progressing', message: `phase ${phase ?? 'Pending'}` };
    }
    case 'Service': {
      if (obj.spec?.type === 'LoadBalancer' && !(s.loadBalancer?.ingress?.length > 0)) {
        return { status: 'Progressing', message: 'waiting for a load balancer address' };
      }
      return { status: 'Healthy' };
    }
    case 'Job': {
      if (condition(obj, 'Failed')?.status === 'True')
        return { status: 'Degraded', message: condition(obj, 'Failed')?.message ?? 'job failed' };
      if (condition(obj, 'Complete')?.status === 'True') return { status: 'Healthy' };
      if (obj.spec?.suspend) return { status: 'Suspended' };
      return { status: 'Progressing' };
    }
    case 'CronJob':
      return obj.spec?.suspend ? { status: 'Suspended' } : { status: 'Healthy' };
    default:
      return undefined;
  }
}

function podHealth(pod: KubeObject): Health {
  const s = pod.status ?? {};
  const statuses = [...(s.initContainerStatuses ?? []), ...(s.containerStatuses ?? [])];
  for (const cs of statuses) {
    const reason: string | undefined = cs.state?.waiting?.reason;
    if (reason && (reason.startsWith('Err') || reason.endsWith('BackOff') || reason.endsWith('Error'))) {
      return { status: 'Degraded', message: cs.state.waiting.message ?? reason };
    }
  }
  switch (s.phase) {
    case 'Succeeded':
      return { status: 'Healthy' };
    case 'Failed':
      return { status: 'Degraded', message: s.message ?? 'pod failed' };
    case 'Running':
      return condition(pod, 'Ready')?.status === 'True'
        ? { status: 'Healthy' }
        : { status: 'Progressing', message: 'containers not ready' };
    case 'Pending':
      return { status: 'Progressing', message: s.reason ?? 'pod is pending' };
    default:
      return { status: 'Unknown' };
  }
}
