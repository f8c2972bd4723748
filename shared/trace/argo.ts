// Argo CD: Applications, ApplicationSets, app-of-apps. (Filled in by the Argo CD issue.)
import type { KindRequest } from '../index/cluster-index.js';
import type { DeliveryTracer } from './types.js';

export const ARGO_KINDS: KindRequest[] = [
  { group: 'argoproj.io', kind: 'Application' },
  { group: 'argoproj.io', kind: 'ApplicationSet' },
];

export const traceArgo: DeliveryTracer = () => undefined;
