// Reading Kubernetes-style status: conditions, generations, suspension. Readiness always comes from
// conditions, never from message text.
import type { ChainLink, LinkRole, Tool } from '../model/trace-result.js';
import type { KubeObject } from '../reader/types.js';

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown' | string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  /** The generation the controller looked at when it set this condition (metav1.Condition). */
  observedGeneration?: number;
}

export function conditions(obj: KubeObject | undefined): Condition[] {
  const list = obj?.status?.conditions;
  return Array.isArray(list) ? (list as Condition[]) : [];
}

export function condition(obj: KubeObject | undefined, type: string): Condition | undefined {
  return conditions(obj).find((c) => c.type === type);
}

/** True/False from a condition's status; null when the condition is absent or Unknown. */
export function conditionTruth(c: Condition | undefined): boolean | null {
  if (!c) return null;
  if (c.status === 'True') return true;
  if (c.status === 'False') return false;
  return null;
}

/** false when the controller has not yet observed the latest spec; null when it cannot be told.
 * Flux controllers advance `status.observedGeneration` only when a reconcile succeeds, but stamp
 * the Ready condition's own `observedGeneration` on every attempt: a failure of the new spec is
 * a reconciled spec that failed, not one the controller has yet to see. So the Ready condition's
 * generation counts where it has one. */
export function reconciled(obj: KubeObject): boolean | null {
  const generation = obj.metadata.generation;
  if (typeof generation !== 'number') return null;
  const fromStatus = obj.status?.observedGeneration;
  const fromReady = condition(obj, 'Ready')?.observedGeneration;
  const seen = [fromStatus, fromReady].filter((g): g is number => typeof g === 'number');
  if (seen.length === 0) return null;
  return Math.max(...seen) >= generation;
}

/** A link for an object, with fields every tool fills the same way; callers add the rest. */
export function baseLink(obj: KubeObject, role: LinkRole, tool?: Tool): ChainLink {
  const link: ChainLink = {
    kind: obj.kind,
    name: obj.metadata.name,
    apiVersion: obj.apiVersion,
    role,
    ready: null,
    status: null,
    reason: null,
    message: null,
    revision: null,
    path: null,
    url: null,
    suspended: false,
  };
  if (obj.metadata.namespace) link.namespace = obj.metadata.namespace;
  if (tool) link.tool = tool;
  return link;
}

/** A link to an object that a reference names but that does not exist (or cannot be read). */
export function missingLink(
  ref: { apiVersion: string; kind: string; name: string; namespace?: string | undefined },
  role: LinkRole,
  tool: Tool | undefined,
  readable: boolean,
): ChainLink {
  // A reference comes from an object's spec, which the reader does not type-check field by field:
  // a malformed one (a name that is a map) still becomes a readable, text-only link.
  ref = {
    apiVersion: asText(ref.apiVersion),
    kind: asText(ref.kind),
    name: asText(ref.name),
    ...(ref.namespace === undefined ? {} : { namespace: asText(ref.namespace) }),
  };
  const link: ChainLink = {
    kind: ref.kind,
    name: ref.name,
    apiVersion: ref.apiVersion,
    role,
    ready: readable ? false : null,
    status: readable ? 'Not found' : 'Unknown (cannot read)',
    reason: readable ? 'NotFound' : 'Forbidden',
    message: readable
      ? `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name} does not exist`
      : `${ref.kind} could not be read; see warnings`,
    revision: null,
    path: null,
    url: null,
    suspended: false,
    missing: readable,
  };
  if (ref.namespace) link.namespace = ref.namespace;
  if (tool) link.tool = tool;
  return link;
}

export function label(obj: KubeObject, key: string): string | undefined {
  return obj.metadata.labels?.[key];
}

export function annotation(obj: KubeObject, key: string): string | undefined {
  return obj.metadata.annotations?.[key];
}

export function displayName(ref: { kind: string; name: string; namespace?: string | undefined }): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}
