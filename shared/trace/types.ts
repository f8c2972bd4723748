// What each delivery-system module (flux, argo, helm, confighub, kubectl) returns for the object
// that carries its marks. The orchestrator (trace.ts) walks ownerReferences to that carrier, asks
// each module, and joins their answers into one TraceResult.
import type { ClusterIndex } from '../index/cluster-index.js';
import type { ChainLink, Evidence, Managed, Tool } from '../model/trace-result.js';
import type { KubeObject } from '../reader/types.js';

export interface Delivery {
  tool: Tool;
  /** Links from the origin down to the deployer that applied the carrier, origin first. The
   * carrier itself and the ownerReference links below it are added by the orchestrator. */
  chain: ChainLink[];
  /** 'managed', or 'orphaned' when the mark points at a deployer that is gone or no longer lists it. */
  managed: Managed;
  /** Why an orphan is one, when the deployer says more than "gone" or "not listed" (Argo CD:
   * still listed, but no longer in Git and kept only because pruning is off). */
  orphanReason?: string;
  evidence: Evidence[];
  warnings: string[];
  /** The revision that runs (what the deployer last applied) and the one it should run. */
  running: string | null;
  expected: string | null;
  /** The deployer lists the carrier (inventory, status.resources, release manifest); null = cannot tell. */
  listed: boolean | null;
  /** What the deployer records about the carrier (Argo CD status.resources: sync, stored health),
   * added to the carrier's link; stored health is used only when none can be computed. */
  carrier?: { details: Record<string, string>; health?: { status: string; message?: string } };
}

/** A delivery module: from the carrier object and the index to what it knows, or undefined when
 * the object has none of its marks. Pure and synchronous: everything it needs is in the index. */
export type DeliveryTracer = (carrier: KubeObject, index: ClusterIndex) => Delivery | undefined;

/** ConfigHub is an origin above the GitOps chain, not a deployer: it returns links to prepend. */
export interface Origin {
  chain: ChainLink[];
  evidence: Evidence[];
  warnings: string[];
}
