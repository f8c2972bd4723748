// Standalone Helm releases (release Secrets). (Filled in by the Helm issue.)
import type { KindRequest } from '../index/cluster-index.js';
import type { DeliveryTracer } from './types.js';

export const HELM_KINDS: KindRequest[] = [{ group: '', kind: 'Secret', labelSelector: 'owner=helm' }];

export const traceHelm: DeliveryTracer = () => undefined;
