// ConfigHub units: the origin above the GitOps chain. (Filled in by the ConfigHub issue.)
import type { KubeObject } from '../reader/types.js';
import type { Origin } from './types.js';

export function traceConfigHub(_carrier: KubeObject): Origin | undefined {
  return undefined;
}
