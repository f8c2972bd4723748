// Where another tool's answer and ours differ, and why: each tool looks at different things.
// `flux trace` reads the object's Flux labels and shows one level (the deployer that labelled it
// and that deployer's source); its Status line says "Last reconciled at" even when Ready is False.
// `argocd app get` shows the sync and health of one Application and the resources it lists, not
// the chain above it nor the objects its resources own. cub-scout follows the whole chain and
// checks a deployer's inventory.
import type { Difference, ViaTool } from '../model/crosscheck.js';
import type { ChainLink, TraceResult } from '../model/trace-result.js';

const THEM: Record<ViaTool, string> = { flux: 'flux trace', argocd: 'argocd app get' };

function id(link: ChainLink): string {
  return `${link.kind}/${link.namespace ?? ''}/${link.name}`;
}

function label(link: ChainLink): string {
  return `${link.kind}/${link.name}`;
}

export function compareTraces(tool: ViaTool, ours: TraceResult, theirs: TraceResult): Difference[] {
  const differences: Difference[] = [];
  if (ours.managed !== theirs.managed)
    differences.push({
      aspect: 'managed',
      ours: ours.managed,
      theirs: theirs.managed,
      why: managedWhy(tool, ours, theirs),
    });
  const theirIds = new Set(theirs.chain.map(id));
  const ourIds = new Set(ours.chain.map(id));
  const onlyOurs = ours.chain.filter((l) => l.role !== 'object' && !theirIds.has(id(l)));
  const onlyTheirs = theirs.chain.filter((l) => l.role !== 'object' && !ourIds.has(id(l)));
  if (onlyOurs.length)
    differences.push({
      aspect: 'chain',
      ours: onlyOurs.map(label).join(', '),
      theirs: null,
      why:
        tool === 'flux'
          ? 'flux trace shows one level: the Kustomization or HelmRelease that labelled the object and its source; cub-scout follows the chain to its origin (appliers, dependencies, owners)'
          : 'argocd app get shows one Application: not the chain above it (ApplicationSet, parent app) nor the owners between it and the object',
    });
  if (onlyTheirs.length)
    differences.push({
      aspect: 'chain',
      ours: null,
      theirs: onlyTheirs.map(label).join(', '),
      why: `${THEM[tool]} names ${onlyTheirs.length === 1 ? 'a link' : 'links'} that cub-scout's chain does not have`,
    });
  for (const aspect of ['running', 'expected'] as const) {
    const a = ours.diagnosis[aspect];
    const b = theirs.diagnosis[aspect];
    if (a && b && a !== b)
      differences.push({
        aspect,
        ours: a,
        theirs: b,
        why: 'the two reads saw different states (the controller acted in between) or read different fields',
      });
  }
  const theirsById = new Map(theirs.chain.map((l) => [id(l), l]));
  for (const our of ours.chain) {
    const their = theirsById.get(id(our));
    if (their) differences.push(...linkDifferences(tool, our, their));
  }
  return differences;
}

function managedWhy(tool: ViaTool, ours: TraceResult, theirs: TraceResult): string {
  if (tool === 'flux') {
    if (ours.managed === 'orphaned' && theirs.managed === 'managed')
      return `flux trace reads the object's labels only; cub-scout also checks its deployer: ${ours.diagnosis.summary} (an object removed from Git under prune: false keeps the labels)`;
    if (ours.managed === 'managed')
      return ours.tool === 'flux'
        ? 'flux trace follows only Kustomization and HelmRelease labels on the object or its owners; cub-scout also reads inventories and flux-operator marks'
        : `flux trace knows only Flux; cub-scout traced it to ${ours.tool}`;
  }
  if (ours.managed === 'managed' && theirs.managed !== 'managed')
    return ours.chain.some((l) => l.role === 'owner')
      ? "argocd app get lists the Application's own resources, not the objects they own (ReplicaSets, Pods): cub-scout walks the ownerReferences"
      : 'the Application does not list the object among its resources';
  return `${THEM[tool]} and cub-scout read different evidence: ${ours.diagnosis.summary}`;
}

function linkDifferences(tool: ViaTool, our: ChainLink, their: ChainLink): Difference[] {
  const out: Difference[] = [];
  const link = label(our);
  // An Application link's revision is what runs to us, the compared Git revision to argocd: the
  // diagnosis compares those (running, expected).
  const comparable = our.role !== 'object' && our.kind !== 'Application';
  if (comparable && our.revision && their.revision && our.revision !== their.revision)
    out.push({
      aspect: 'revision',
      link,
      ours: our.revision,
      theirs: their.revision,
      why:
        our.kind === 'HelmRelease'
          ? 'flux trace prints status.lastAppliedRevision; cub-scout reads the deployed release in status.history'
          : 'the two reads saw different states (the controller acted in between) or read different fields',
    });
  if (our.ready === false && their.ready === null)
    out.push({
      aspect: 'status',
      link,
      ours: [our.status, our.reason].filter(Boolean).join(': ') || 'not ready',
      theirs: their.status,
      why:
        tool === 'flux'
          ? `flux trace prints "Last reconciled at" for a ${our.kind} whatever its Ready condition says; cub-scout reads the condition${our.message ? `: ${our.message}` : ''}`
          : `${THEM[tool]} does not say it is broken; cub-scout: ${our.message ?? our.status ?? 'not ready'}`,
    });
  else if (our.ready !== null && their.ready !== null && our.ready !== their.ready)
    out.push({
      aspect: 'ready',
      link,
      ours: our.status,
      theirs: their.status,
      why:
        our.kind === 'Application'
          ? 'both read the Application status; cub-scout also counts a failed last operation and computes health from the live objects where Argo CD stores none'
          : 'the two reads saw different states or judge readiness from different fields',
    });
  return out;
}
