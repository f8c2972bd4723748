// Flux: which Kustomization / HelmRelease / flux-operator ResourceSet or FluxInstance applied an
// object (labels), what that deployer reads from (sources, charts, external artifacts), and who
// applied the deployer in turn, up to the root. Facts: gitops-facts.md §Flux.
// The pieces live beside this file: flux-refs (references and marks), flux-walk (the upstream
// walk), flux-link (links).
import type { ClusterIndex } from '../index/cluster-index.js';
import type { ChainLink, Evidence } from '../model/trace-result.js';
import type { KubeObject } from '../reader/types.js';
import { createdByController, helmReleaseOfStorage } from './flux-own.js';
import {
  chartObjectOf,
  fluxDeployerRef,
  inventoryId,
  isFluxObject,
  keyOf,
  refersTo,
  resolveSourceRef,
} from './flux-refs.js';
import { revisionOfRelease } from './flux-revisions.js';
import { Walk } from './flux-walk.js';
import { missingLink } from './status.js';
import type { Delivery, DeliveryTracer } from './types.js';

export { fluxLink } from './flux-link.js';
export { FLUX_KINDS, FLUX_SOURCE_KINDS, fluxDeployerRef, inventoryId, isFluxObject } from './flux-refs.js';

export const traceFlux: DeliveryTracer = (carrier, index) => {
  const marked = fluxDeployerRef(carrier);
  // The bootstrap Kustomization carries its own labels: a self-reference means "root", not "orphan".
  const deployerRef = marked && !refersTo(marked, carrier) ? marked : undefined;
  if (!deployerRef) {
    // Helm's storage of a release that helm-controller installed: part of that HelmRelease.
    const owner = helmReleaseOfStorage(carrier, index);
    if (owner) return createdFor(owner, carrier, index);
    // A Flux object nobody applied (the bootstrap Kustomization, a hand-applied HelmRelease):
    // its chain is what it reads from.
    if (!isFluxObject(carrier)) return undefined;
    const walk = new Walk(index);
    walk.visited.add(keyOf(carrier));
    const root = delivery({ chain: walk.sourcesOf(carrier), warnings: walk.warnings, listed: null });
    Object.assign(root, runningAndExpected(carrier, index));
    return root;
  }

  const evidence: Evidence[] = [
    { kind: 'label', key: deployerRef.labelKey, value: deployerRef.name },
    {
      kind: 'label',
      key: deployerRef.namespaceLabelKey,
      value: deployerRef.namespace ?? '',
    },
  ];
  const deployer = index.get(deployerRef.group, deployerRef.kind, deployerRef.namespace, deployerRef.name);
  if (!deployer) {
    const readable = index.readable(deployerRef.group, deployerRef.kind);
    const link = missingLink(deployerRef, 'deployer', 'flux', readable);
    const result = delivery({ chain: [link], warnings: [], listed: readable ? false : null, evidence });
    // A mark pointing at a deployer that is gone: the object was managed once (pruning did not remove it).
    if (readable) result.managed = 'orphaned';
    else result.warnings.push(`cannot tell whether ${deployerRef.kind} ${deployerRef.name} exists`);
    return result;
  }

  // What the controller creates for itself (a HelmRelease's HelmChart) is managed by the deployer
  // without being in its inventory.
  if (createdByController(deployer, carrier)) return createdFor(deployer, carrier, index, evidence);

  let chain: ChainLink[];
  let warnings: string[];
  if (isFluxObject(carrier)) {
    // A Flux carrier may sit on its own deployer's upstream (a cycle): walk it afresh.
    const walk = new Walk(index);
    walk.visited.add(keyOf(carrier));
    chain = withoutSelf(
      [...walk.upstreamOf(deployer), walk.link(deployer, 'deployer'), ...walk.sourcesOf(carrier)],
      carrier,
    );
    warnings = walk.warnings;
  } else {
    const above = deployerMemo(deployer, index);
    chain = [...above.chain];
    warnings = [...above.warnings];
  }
  const listed = inventoryLists(deployer, carrier, index);
  if (listed === true)
    evidence.push({
      kind: 'inventory',
      key: `${deployer.kind}/${deployer.metadata.name}`,
      value: inventoryId(carrier),
    });
  const result = delivery({ chain, warnings, listed, evidence });
  if (listed === false) {
    result.managed = 'orphaned';
    result.evidence.push({
      kind: 'inventory',
      key: `${deployer.kind}/${deployer.metadata.name}`,
      value: 'not listed',
      note: `the ${deployer.kind}'s inventory no longer lists ${inventoryId(carrier)}`,
    });
  }
  // A deployer runs what it applied itself, not what its parent applied.
  const revisions = DEPLOYER_KINDS.has(carrier.kind)
    ? runningAndExpected(carrier, index)
    : deployerMemo(deployer, index).revisions;
  result.running = revisions.running;
  result.expected = revisions.expected;
  return result;
};

/** Flux kinds whose own status says which revision they applied. */
const DEPLOYER_KINDS = new Set(['Kustomization', 'HelmRelease']);

/** An object the deployer's controller created for itself: managed by that deployer, not listed in
 * its inventory by design, and running what the deployer runs. */
function createdFor(
  deployer: KubeObject,
  carrier: KubeObject,
  index: ClusterIndex,
  marks: Evidence[] = [],
): Delivery {
  const above = deployerMemo(deployer, index);
  const why = createdByController(deployer, carrier) ?? '';
  const result = delivery({
    chain: withoutSelf(above.chain, carrier),
    warnings: [...above.warnings],
    listed: null,
    evidence: [
      ...marks,
      {
        kind: 'controller',
        key: `${deployer.kind}/${deployer.metadata.name}`,
        value: 'created by its controller',
        note: why,
      },
    ],
  });
  result.running = above.revisions.running;
  result.expected = above.revisions.expected;
  return result;
}

/** The traced object is added below the chain by the orchestrator: never show it twice (a
 * HelmRelease's upstream holds its own HelmChart). */
function withoutSelf(chain: ChainLink[], carrier: KubeObject): ChainLink[] {
  return chain.filter(
    (l) =>
      !(
        l.kind === carrier.kind &&
        l.name === carrier.metadata.name &&
        (l.namespace ?? '') === (carrier.metadata.namespace ?? '')
      ),
  );
}

/** What every object applied by one deployer shares: the chain above and including the deployer,
 * the revisions, the inventory ids. Computed once per deployer and index, so a whole-cluster batch
 * does not walk the same upstream for each of a deployer's thousands of objects (trace.ts gives
 * each result its own copies of the links). The index only grows; a
 * change in its size drops the memo (a reference that was missing may resolve now). */
interface DeployerMemo {
  chain: ChainLink[];
  warnings: string[];
  revisions: { running: string | null; expected: string | null };
  inventory: Set<string> | null;
}

const memos = new WeakMap<ClusterIndex, { generation: number; byDeployer: Map<KubeObject, DeployerMemo> }>();

function deployerMemo(deployer: KubeObject, index: ClusterIndex): DeployerMemo {
  let memo = memos.get(index);
  if (!memo || memo.generation !== index.generation) {
    memo = { generation: index.generation, byDeployer: new Map() };
    memos.set(index, memo);
  }
  const cached = memo.byDeployer.get(deployer);
  if (cached) return cached;
  const walk = new Walk(index);
  const chain = [...walk.upstreamOf(deployer), walk.link(deployer, 'deployer')];
  const entries = deployer.status?.inventory?.entries;
  const found: DeployerMemo = {
    chain,
    warnings: walk.warnings,
    revisions: runningAndExpected(deployer, index),
    inventory: Array.isArray(entries) ? new Set(entries.map((e: { id?: string }) => String(e?.id))) : null,
  };
  memo.byDeployer.set(deployer, found);
  return found;
}

function delivery(parts: {
  chain: ChainLink[];
  warnings: string[];
  listed: boolean | null;
  evidence?: Evidence[];
}): Delivery {
  return {
    tool: 'flux',
    chain: parts.chain,
    managed: 'managed',
    evidence: parts.evidence ?? [],
    warnings: parts.warnings,
    running: null,
    expected: null,
    listed: parts.listed,
  };
}

/** true / false when the deployer keeps an inventory; null when it has none (older HelmRelease). */
function inventoryLists(deployer: KubeObject, obj: KubeObject, index: ClusterIndex): boolean | null {
  const inventory = deployerMemo(deployer, index).inventory;
  return inventory ? inventory.has(inventoryId(obj)) : null;
}

/** What runs (last applied) versus what the source offers now. */
export function runningAndExpected(
  deployer: KubeObject,
  index: ClusterIndex,
): { running: string | null; expected: string | null } {
  if (deployer.kind === 'Kustomization') {
    const running = deployer.status?.lastAppliedRevision ?? null;
    const source = resolveSourceRef(deployer, index);
    const expected = source?.status?.artifact?.revision ?? deployer.status?.lastAttemptedRevision ?? null;
    return { running, expected };
  }
  if (deployer.kind === 'HelmRelease') {
    const running = revisionOfRelease(deployer);
    const chart = chartObjectOf(deployer, index);
    const expected = chart?.status?.artifact?.revision ?? deployer.status?.lastAttemptedRevision ?? null;
    return { running, expected };
  }
  return { running: null, expected: null };
}
