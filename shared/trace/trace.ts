// The orchestrator: from one object to its TraceResult. Walk ownerReferences up to the object that
// carries delivery marks, ask each delivery module what it knows, and join their answers in
// delivery order (ConfigHub origin, then the GitOps deployer chain, then owners, then the object).
import type { ClusterIndex, KindRequest } from '../index/cluster-index.js';
import type { ChainLink, Evidence, TraceResult } from '../model/trace-result.js';
import { groupOf, type KubeObject } from '../reader/types.js';
import { ARGO_KINDS, ignoredArgoMarks, traceArgo } from './argo.js';
import { argoLink, isArgoObject } from './argo-link.js';
import { traceConfigHub } from './confighub.js';
import { diagnose } from './diagnose.js';
import { FLUX_KINDS, fluxLink, isFluxObject, traceFlux } from './flux.js';
import { HELM_KINDS, traceHelm } from './helm.js';
import { traceHandApplied } from './kubectl.js';
import { objectLink } from './object-link.js';
import { ownerPath } from './owners.js';
import { baseLink, displayName } from './status.js';
import { isSystemObject } from './system.js';
import type { Delivery, DeliveryTracer } from './types.js';

/** The kinds every trace may need besides the object's own kind and its owners. */
export const DELIVERY_KINDS: KindRequest[] = [...FLUX_KINDS, ...ARGO_KINDS, ...HELM_KINDS];

/** GitOps deployers, most specific first: Flux and Argo CD marks beat a bare Helm release. */
const DEPLOYERS: DeliveryTracer[] = [traceFlux, traceArgo, traceHelm];

/** Read what tracing `obj` needs into the index (targeted reads, as a single trace does): then
 * `traceObject` answers from memory. */
export async function prepareTrace(obj: KubeObject, index: ClusterIndex): Promise<void> {
  await index.load(TARGETED_KINDS);
  await traceTargeted(obj, index);
}

export interface TraceOptions {
  now?: Date;
}

/** Trace one object already in the index. Synchronous and free of I/O: batch tracing calls it for
 * every object of a cluster, single traces call it once. */
export function traceObject(obj: KubeObject, index: ClusterIndex, options: TraceOptions = {}): TraceResult {
  const now = options.now ?? new Date();
  const owners = ownerPath(obj, index);
  const warnings = [...owners.warnings];

  // The carrier: the highest object in the owner path that a deployer claims; else the top.
  // Delivery tools apply top-level objects, and controllers copy marks downwards (a Deployment's
  // annotations, Helm's release name among them, land on its ReplicaSets), so a mark on an owned
  // object is most likely inherited, not its own.
  let carrier = owners.path[owners.path.length - 1] as KubeObject;
  let deliveryFound: Delivery | undefined;
  for (let i = owners.path.length - 1; i >= 0; i--) {
    const candidate = owners.path[i] as KubeObject;
    const found = firstDelivery(candidate, index);
    if (found) {
      carrier = candidate;
      deliveryFound = found;
      break;
    }
  }
  const origin = traceConfigHub(carrier);
  // An origin with no unit link (malformed stamp) only contributes evidence and warnings.
  const hasOrigin = (origin?.chain.length ?? 0) > 0;
  const hand = traceHandApplied(carrier);
  // Argo CD marks that did not count (copied tracking-id, another installation) still explain the verdict.
  const argoNotes = deliveryFound?.tool === 'argo' ? undefined : ignoredArgoMarks(carrier, index);

  // Delivery modules memoise the links above a deployer per index; each result gets its own copies
  // so that no face editing one result can change another.
  const chain: ChainLink[] = [...(origin?.chain ?? []), ...(deliveryFound?.chain ?? [])].map((l) => ({
    ...l,
  }));
  const carrierIndex = owners.path.indexOf(carrier);
  for (let i = carrierIndex; i >= 1; i--) chain.push(linkFor(owners.path[i] as KubeObject, 'owner', index));
  chain.push(linkFor(obj, 'object', index));
  if (deliveryFound?.carrier)
    addCarrierFacts(chain[chain.length - 1 - carrierIndex] as ChainLink, deliveryFound);

  const evidence: Evidence[] = [
    ...(origin?.evidence ?? []),
    ...(deliveryFound?.evidence ?? []),
    ...(argoNotes?.evidence ?? []),
    ...hand.evidence,
  ];
  warnings.push(
    ...(origin?.warnings ?? []),
    ...(deliveryFound?.warnings ?? []),
    ...(argoNotes?.warnings ?? []),
    ...notServedWarnings(chain, index),
    ...index.warnings,
  );

  const system = !deliveryFound && !hasOrigin && isSystemObject(carrier);
  const tool = deliveryFound?.tool ?? (hasOrigin ? 'confighub' : hand.tool);
  const managed = deliveryFound?.managed ?? (hasOrigin ? 'managed' : 'never-managed');
  if (managed === 'never-managed' && !system)
    evidence.unshift({
      kind: 'absence',
      key: 'GitOps marks',
      value: 'none',
      note: 'no Flux labels, valid Argo CD tracking, Helm release annotations or ConfigHub stamp',
    });
  const running = deliveryFound?.running ?? null;
  const expected = deliveryFound?.expected ?? null;

  // The object link shows the revision that runs, as the deployer applied it.
  const last = chain[chain.length - 1] as ChainLink;
  if (running && !last.revision) last.revision = running;

  const diagnosis = diagnose({
    obj,
    chain,
    managed,
    running,
    expected,
    tool,
    system,
    evidence,
    now,
    orphanReason: deliveryFound?.orphanReason,
  });
  const fullyManaged =
    managed === 'managed' &&
    deliveryFound?.listed !== false &&
    !chain.some((l) => l.missing || (l.ready === null && l.status === 'Unknown (cannot read)'));

  const result: TraceResult = {
    object: {
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      name: obj.metadata.name,
      ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
    },
    tool,
    managed,
    fullyManaged: fullyManaged && !!deliveryFound,
    chain,
    diagnosis,
    // Several modules may report the same mark; the first (most specific) note wins.
    evidence: evidence.filter(
      (e, i) => evidence.findIndex((x) => x.kind === e.kind && x.key === e.key && x.value === e.value) === i,
    ),
    warnings: [...new Set(warnings)],
    tracedAt: now.toISOString(),
    source: index.source,
  };
  if (system) result.system = true;
  return result;
}

/** A reference to a kind the cluster does not serve cannot resolve: say that its CRD is missing
 * (Flux or Argo CD uninstalled, or a tool that is not there), rather than only "not found". */
function notServedWarnings(chain: ChainLink[], index: ClusterIndex): string[] {
  const warnings: string[] = [];
  for (const link of chain) {
    if (!link.missing) continue;
    const group = groupOf(link.apiVersion);
    if (index.state(group, link.kind) !== 'not-served') continue;
    const what = group ? `${link.kind} (${group})` : link.kind;
    warnings.push(
      `the cluster does not serve ${what}: its CRD is not installed, so ${displayName(link)} cannot exist`,
    );
  }
  return warnings;
}

function firstDelivery(obj: KubeObject, index: ClusterIndex): Delivery | undefined {
  for (const tracer of DEPLOYERS) {
    const found = tracer(obj, index);
    if (found) return found;
  }
  return undefined;
}

/** The link for an object on the chain: Flux objects show their Flux status, the rest their health. */
function linkFor(obj: KubeObject, role: 'owner' | 'object', index: ClusterIndex): ChainLink {
  if (isFluxObject(obj)) return fluxLink(obj, role);
  if (isArgoObject(obj)) return argoLink(obj, role);
  return objectLink(obj, role, index) ?? baseLink(obj, role);
}

/** What the deployer records about the carrier (Argo CD: its status.resources entry). Its stored
 * health counts only when none could be computed from the live object. */
function addCarrierFacts(link: ChainLink, found: Delivery): void {
  const facts = found.carrier;
  if (!facts) return;
  link.details = { ...(link.details ?? {}), ...facts.details };
  if (facts.health && link.status === 'Present') {
    link.status = facts.health.status;
    link.message = facts.health.message ?? null;
    link.ready =
      facts.health.status === 'Healthy'
        ? true
        : ['Degraded', 'Missing'].includes(facts.health.status)
          ? false
          : null;
  }
}

/** Read up front, with the object itself: the GitOps kinds are few even in big clusters, and every
 * deployer chain starts in them. Helm release storage and owners are read only when a trace names them. */
export const TARGETED_KINDS: KindRequest[] = [...FLUX_KINDS, ...ARGO_KINDS];

/** Rounds of targeted reads one trace may take (each owner hop is one): a bound, never reached by a
 * real chain, against a cluster built to never end. */
const MAX_ROUNDS = 64;

/** Trace one object, reading only what its chain needs: trace, read every lookup the index could
 * not answer (all in parallel, one round trip), and trace again until nothing is missing. On an
 * index loaded whole, nothing is missing and this is one synchronous trace. */
export async function traceTargeted(
  obj: KubeObject,
  index: ClusterIndex,
  options: TraceOptions = {},
): Promise<TraceResult> {
  let rediscovered = false;
  for (let round = 1; ; round++) {
    const { value, misses, notServed } = index.record(() => traceObject(obj, index, options));
    if (misses.length === 0 && notServed.length > 0 && !rediscovered) {
      // The chain names a kind the cluster does not serve, by discovery kept from an earlier run:
      // a CRD installed since would change the answer, so ask the server once before saying so.
      rediscovered = true;
      if (await index.reader.refreshKinds?.()) {
        index.forgetNotServed();
        await index.load(TARGETED_KINDS);
        continue;
      }
    }
    if (misses.length === 0 || round >= MAX_ROUNDS) return value;
    await index.fill(misses);
  }
}

/** Trace what a user typed: `deployment/nginx -n demo`. The object and the GitOps kinds are read
 * together (one round trip), then whatever the chain names (owners, Helm release storage). */
export async function traceResource(
  index: ClusterIndex,
  kind: string,
  name: string,
  namespace?: string,
  options: TraceOptions = {},
): Promise<TraceResult> {
  const [object, kinds] = await Promise.allSettled([
    index.fetchObject(kind, name, namespace),
    index.load(TARGETED_KINDS),
  ]);
  // The object's own error (not found, unknown kind) explains more than a failed list.
  if (object.status === 'rejected') throw object.reason;
  if (kinds.status === 'rejected') throw kinds.reason;
  return traceTargeted(object.value, index, options);
}
