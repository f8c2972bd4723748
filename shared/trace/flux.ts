// Flux: which Kustomization / HelmRelease / flux-operator ResourceSet or FluxInstance applied an
// object (labels), what that deployer reads from (sources, charts, external artifacts), and who
// applied the deployer in turn, up to the root. Facts: gitops-facts.md §Flux.
import type { ClusterIndex, KindRequest } from '../index/cluster-index.js';
import type { ChainLink, Evidence, LinkRole } from '../model/trace-result.js';
import { groupOf, type KubeObject } from '../reader/types.js';
import { revisionOfRelease } from './flux-revisions.js';
import { addHelmReleaseDetails } from './helm-release.js';
import { baseLink, condition, conditionTruth, missingLink, reconciled } from './status.js';
import type { Delivery, DeliveryTracer } from './types.js';

const SOURCE_GROUP = 'source.toolkit.fluxcd.io';
const KUSTOMIZE_GROUP = 'kustomize.toolkit.fluxcd.io';
const HELM_GROUP = 'helm.toolkit.fluxcd.io';
const GENERATOR_GROUP = 'source.extensions.fluxcd.io';
const OPERATOR_GROUP = 'fluxcd.controlplane.io';

export const FLUX_SOURCE_KINDS = [
  'GitRepository',
  'OCIRepository',
  'Bucket',
  'HelmRepository',
  'HelmChart',
  'ExternalArtifact',
];

export const FLUX_KINDS: KindRequest[] = [
  ...FLUX_SOURCE_KINDS.map((kind) => ({ group: SOURCE_GROUP, kind })),
  { group: KUSTOMIZE_GROUP, kind: 'Kustomization' },
  { group: HELM_GROUP, kind: 'HelmRelease' },
  { group: GENERATOR_GROUP, kind: 'ArtifactGenerator' },
  { group: OPERATOR_GROUP, kind: 'ResourceSet' },
  { group: OPERATOR_GROUP, kind: 'FluxInstance' },
];

/** The label pairs each Flux deployer stamps on what it applies, in the order we trust them. */
const DEPLOYER_MARKS = [
  { group: KUSTOMIZE_GROUP, kind: 'Kustomization', prefix: 'kustomize.toolkit.fluxcd.io' },
  { group: HELM_GROUP, kind: 'HelmRelease', prefix: 'helm.toolkit.fluxcd.io' },
  { group: OPERATOR_GROUP, kind: 'ResourceSet', prefix: 'resourceset.fluxcd.controlplane.io' },
  { group: OPERATOR_GROUP, kind: 'FluxInstance', prefix: 'fluxcd.controlplane.io' },
] as const;

interface Ref {
  group: string;
  kind: string;
  name: string;
  namespace: string | undefined;
  apiVersion: string;
}

const DEFAULT_VERSIONS: Record<string, string> = {
  [SOURCE_GROUP]: 'v1',
  [KUSTOMIZE_GROUP]: 'v1',
  [HELM_GROUP]: 'v2',
  [GENERATOR_GROUP]: 'v1beta1',
  [OPERATOR_GROUP]: 'v1',
};

function ref(group: string, kind: string, name: string, namespace: string | undefined): Ref {
  return { group, kind, name, namespace, apiVersion: `${group}/${DEFAULT_VERSIONS[group] ?? 'v1'}` };
}

/** The Flux deployer named by an object's labels, if any. */
export function fluxDeployerRef(
  obj: KubeObject,
): (Ref & { labelKey: string; namespaceLabelKey: string }) | undefined {
  const labels = obj.metadata.labels;
  if (!labels) return undefined; // most objects of a cluster: no label, nothing to look up
  for (const mark of MARK_KEYS) {
    const name = labels[mark.nameKey];
    if (!name) continue;
    const namespace = labels[mark.namespaceKey];
    return {
      ...ref(mark.group, mark.kind, name, namespace),
      labelKey: mark.nameKey,
      namespaceLabelKey: mark.namespaceKey,
    };
  }
  return undefined;
}

/** The label keys of DEPLOYER_MARKS, built once (this runs for every object of a batch). */
const MARK_KEYS = DEPLOYER_MARKS.map((mark) => ({
  ...mark,
  nameKey: `${mark.prefix}/name`,
  namespaceKey: `${mark.prefix}/namespace`,
}));

export function isFluxObject(obj: KubeObject): boolean {
  const group = groupOf(obj.apiVersion);
  return [SOURCE_GROUP, KUSTOMIZE_GROUP, HELM_GROUP, GENERATOR_GROUP, OPERATOR_GROUP].includes(group);
}

export const traceFlux: DeliveryTracer = (carrier, index) => {
  const marked = fluxDeployerRef(carrier);
  // The bootstrap Kustomization carries its own labels: a self-reference means "root", not "orphan".
  const deployerRef = marked && !refersTo(marked, carrier) ? marked : undefined;
  if (!deployerRef) {
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

  let chain: ChainLink[];
  let warnings: string[];
  if (isFluxObject(carrier)) {
    // A Flux carrier may sit on its own deployer's upstream (a cycle): walk it afresh.
    const walk = new Walk(index);
    walk.visited.add(keyOf(carrier));
    chain = [...walk.upstreamOf(deployer), walk.link(deployer, 'deployer'), ...walk.sourcesOf(carrier)];
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
  const revisions = deployerMemo(deployer, index).revisions;
  result.running = revisions.running;
  result.expected = revisions.expected;
  return result;
};

/** What every object applied by one deployer shares: the chain above and including the deployer,
 * the revisions, the inventory ids. Computed once per deployer and index, so a whole-cluster batch
 * does not walk the same upstream for each of a deployer's thousands of objects. The links are
 * shared between the TraceResults of one index: results are read-only. The index only grows; a
 * change in its size drops the memo (a reference that was missing may resolve now). */
interface DeployerMemo {
  chain: ChainLink[];
  warnings: string[];
  revisions: { running: string | null; expected: string | null };
  inventory: Set<string> | null;
}

const memos = new WeakMap<ClusterIndex, { size: number; byDeployer: Map<KubeObject, DeployerMemo> }>();

function deployerMemo(deployer: KubeObject, index: ClusterIndex): DeployerMemo {
  let memo = memos.get(index);
  if (!memo || memo.size !== index.size) {
    memo = { size: index.size, byDeployer: new Map() };
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

/** Inventory ids are `<namespace>_<name>_<group>_<kind>` (core group and cluster scope empty). */
export function inventoryId(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}_${obj.metadata.name}_${groupOf(obj.apiVersion)}_${obj.kind}`;
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

function resolveSourceRef(ks: KubeObject, index: ClusterIndex): KubeObject | undefined {
  const sr = ks.spec?.sourceRef;
  if (!sr?.kind || !sr.name) return undefined;
  return index.get(groupForSourceKind(sr.kind), sr.kind, sr.namespace ?? ks.metadata.namespace, sr.name);
}

function chartObjectOf(hr: KubeObject, index: ClusterIndex): KubeObject | undefined {
  const chartRef = hr.spec?.chartRef;
  if (chartRef?.kind && chartRef.name) {
    return index.get(
      groupForSourceKind(chartRef.kind),
      chartRef.kind,
      chartRef.namespace ?? hr.metadata.namespace,
      chartRef.name,
    );
  }
  const [ns, name] = helmChartName(hr);
  return index.get(SOURCE_GROUP, 'HelmChart', ns, name);
}

/** helm-controller names the HelmChart `<hr-namespace>-<hr-name>` in the source's namespace and
 * reports it as `status.helmChart: ns/name`. */
function helmChartName(hr: KubeObject): [string | undefined, string] {
  const reported: string | undefined = hr.status?.helmChart;
  if (reported?.includes('/')) {
    const [ns, name] = reported.split('/', 2) as [string, string];
    return [ns, name];
  }
  const sourceNs = hr.spec?.chart?.spec?.sourceRef?.namespace ?? hr.metadata.namespace;
  return [sourceNs, `${hr.metadata.namespace}-${hr.metadata.name}`];
}

function groupForSourceKind(kind: string): string {
  return kind === 'ArtifactGenerator' ? GENERATOR_GROUP : SOURCE_GROUP;
}

function refersTo(r: Ref, obj: KubeObject): boolean {
  return (
    r.kind === obj.kind &&
    r.name === obj.metadata.name &&
    (r.namespace ?? '') === (obj.metadata.namespace ?? '') &&
    r.group === groupOf(obj.apiVersion)
  );
}

function keyOf(obj: KubeObject): string {
  return `${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

/** One walk up the Flux graph, remembering what it visited so that cycles end it. */
class Walk {
  readonly visited = new Set<string>();
  readonly warnings: string[] = [];

  constructor(private readonly index: ClusterIndex) {}

  /** Who applied `obj` (recursively, root first), then what `obj` reads from. */
  upstreamOf(obj: KubeObject): ChainLink[] {
    const key = keyOf(obj);
    if (this.visited.has(key)) return [];
    this.visited.add(key);
    const links: ChainLink[] = [];
    const parentRef = fluxDeployerRef(obj);
    if (parentRef) {
      const parent = this.index.get(parentRef.group, parentRef.kind, parentRef.namespace, parentRef.name);
      if (parent && keyOf(parent) !== key) {
        if (!this.visited.has(keyOf(parent))) {
          links.push(...this.upstreamOf(parent), this.link(parent, 'applier'));
        }
      } else if (!parent) {
        const readable = this.index.readable(parentRef.group, parentRef.kind);
        links.push(missingLink(parentRef, 'applier', 'flux', readable));
      }
    }
    links.push(...this.sourcesOf(obj));
    return links;
  }

  /** What a Flux object reads from: a Kustomization's source, a HelmRelease's chart and its source. */
  sourcesOf(obj: KubeObject): ChainLink[] {
    const ns = obj.metadata.namespace;
    if (obj.kind === 'Kustomization') {
      const sr = obj.spec?.sourceRef;
      if (!sr?.kind || !sr.name) return [];
      if (!['GitRepository', 'OCIRepository', 'Bucket', 'ExternalArtifact'].includes(sr.kind)) {
        this.warnings.push(
          `Kustomization ${ns}/${obj.metadata.name} has sourceRef kind ${sr.kind}, which cub-scout does not know`,
        );
        const link = missingLink(
          ref(SOURCE_GROUP, sr.kind, sr.name, sr.namespace ?? ns),
          'source',
          'flux',
          false,
        );
        link.status = 'Unknown source kind';
        link.reason = 'UnknownSourceKind';
        link.message = `source kind ${sr.kind} is not a Flux source cub-scout knows`;
        return [link];
      }
      return this.sourceLinks(ref(SOURCE_GROUP, sr.kind, sr.name, sr.namespace ?? ns), 'source');
    }
    if (obj.kind === 'HelmRelease') {
      const chartRef = obj.spec?.chartRef;
      if (chartRef?.kind && chartRef.name) {
        const target = ref(SOURCE_GROUP, chartRef.kind, chartRef.name, chartRef.namespace ?? ns);
        return chartRef.kind === 'HelmChart'
          ? this.helmChartLinks(target)
          : this.sourceLinks(target, 'source');
      }
      const spec = obj.spec?.chart?.spec;
      if (!spec) return [];
      const [chartNs, chartName] = helmChartName(obj);
      const chart = this.index.get(SOURCE_GROUP, 'HelmChart', chartNs, chartName);
      if (chart) return this.helmChartLinks(ref(SOURCE_GROUP, 'HelmChart', chartName, chartNs));
      // No HelmChart yet (first reconcile, or helm-controller down): show the chart's source.
      const sr = spec.sourceRef;
      return sr?.kind && sr.name
        ? this.sourceLinks(ref(SOURCE_GROUP, sr.kind, sr.name, sr.namespace ?? ns), 'chart-source')
        : [];
    }
    return [];
  }

  private helmChartLinks(chartRef: Ref): ChainLink[] {
    const chart = this.index.get(chartRef.group, chartRef.kind, chartRef.namespace, chartRef.name);
    if (!chart)
      return [missingLink(chartRef, 'chart', 'flux', this.index.readable(chartRef.group, chartRef.kind))];
    const sr = chart.spec?.sourceRef;
    const above =
      sr?.kind && sr.name
        ? this.sourceLinks(ref(SOURCE_GROUP, sr.kind, sr.name, chart.metadata.namespace), 'chart-source')
        : [];
    return [...above, this.link(chart, 'chart')];
  }

  /** A source link, preceded by its producer when it is an ExternalArtifact. */
  private sourceLinks(target: Ref, role: LinkRole): ChainLink[] {
    const source = this.index.get(target.group, target.kind, target.namespace, target.name);
    if (!source) return [missingLink(target, role, 'flux', this.index.readable(target.group, target.kind))];
    return this.once(source, () => this.sourceWithProducer(source, role));
  }

  private sourceWithProducer(source: KubeObject, role: LinkRole): ChainLink[] {
    const links: ChainLink[] = [];
    if (source.kind === 'ExternalArtifact') {
      const pr = source.spec?.sourceRef;
      if (pr?.kind && pr.name) {
        const group = pr.apiVersion ? groupOf(pr.apiVersion) : GENERATOR_GROUP;
        const producer = this.index.get(group, pr.kind, pr.namespace ?? source.metadata.namespace, pr.name);
        links.push(
          producer
            ? this.link(producer, 'producer')
            : missingLink(
                {
                  ...ref(group, pr.kind, pr.name, pr.namespace ?? source.metadata.namespace),
                  apiVersion: pr.apiVersion ?? `${group}/v1beta1`,
                },
                'producer',
                'flux',
                this.index.readable(group, pr.kind),
              ),
        );
      }
    }
    links.push(this.link(source, role));
    return links;
  }

  link(obj: KubeObject, role: LinkRole): ChainLink {
    const link = fluxLink(obj, role);
    // The Helm release behind a HelmRelease: release revision, chart, app version, deploy time.
    if (obj.kind === 'HelmRelease') addHelmReleaseDetails(link, obj, this.index);
    return link;
  }

  /** A source shared by several levels (the bootstrap GitRepository) is shown once, where it first feeds the chain. */
  private emitted = new Set<string>();
  once(obj: KubeObject, links: () => ChainLink[]): ChainLink[] {
    const key = keyOf(obj);
    if (this.emitted.has(key)) return [];
    this.emitted.add(key);
    return links();
  }
}

/** A chain link for any Flux object: readiness from conditions, suspension from spec. */
export function fluxLink(obj: KubeObject, role: LinkRole): ChainLink {
  const link = baseLink(obj, role, 'flux');
  const ready = condition(obj, 'Ready');
  link.ready = conditionTruth(ready);
  link.reason = ready?.reason ?? null;
  link.message = ready?.message ?? null;
  link.lastTransitionTime = ready?.lastTransitionTime ?? null;
  link.reconciled = reconciled(obj);
  link.suspended = obj.spec?.suspend === true;
  link.revision = revisionOf(obj);
  link.path =
    obj.spec?.path ??
    obj.spec?.chart?.spec?.chart ??
    (obj.kind === 'HelmChart' ? (obj.spec?.chart ?? null) : null);
  link.url = obj.spec?.url ?? obj.spec?.sync?.url ?? null;
  link.status = statusText(obj, link.ready);
  const details = detailsOf(obj);
  if (Object.keys(details).length > 0) link.details = details;
  // An OCI HelmRepository has no artifact and no conditions by design: not broken, just silent.
  if (obj.kind === 'HelmRepository' && obj.spec?.type === 'oci' && !ready)
    link.status = 'OCI repository (no status by design)';
  return link;
}

function revisionOf(obj: KubeObject): string | null {
  switch (obj.kind) {
    case 'Kustomization':
      return obj.status?.lastAppliedRevision ?? null;
    case 'HelmRelease':
      return revisionOfRelease(obj);
    case 'FluxInstance':
      return obj.status?.lastAppliedRevision ?? null;
    default:
      return obj.status?.artifact?.revision ?? null;
  }
}

function statusText(obj: KubeObject, ready: boolean | null): string {
  if (obj.spec?.suspend === true) return 'Suspended';
  if (condition(obj, 'Stalled')?.status === 'True') return 'Stalled';
  if (ready === true) return 'Ready';
  if (ready === false) {
    if (conditionTruth(condition(obj, 'FetchFailed'))) return 'Fetch failed';
    if (condition(obj, 'Reconciling')?.status === 'True') return 'Reconciling (failing)';
    return 'Reconciliation failed';
  }
  if (condition(obj, 'Reconciling')?.status === 'True') return 'Reconciling';
  return 'Unknown';
}

function detailsOf(obj: KubeObject): Record<string, string> {
  const details: Record<string, string> = {};
  const put = (key: string, value: unknown) => {
    if (value !== undefined && value !== null && value !== '') details[key] = String(value);
  };
  const r = obj.spec?.ref;
  if (r) {
    put('branch', r.branch);
    put('tag', r.tag);
    put('semver', r.semver);
    put('commit', r.commit);
    put('ref', r.name);
  }
  if (obj.kind === 'Kustomization') {
    put('lastAttemptedRevision', obj.status?.lastAttemptedRevision);
    put('targetNamespace', obj.spec?.targetNamespace);
    if (obj.spec?.kubeConfig) put('remoteCluster', 'spec.kubeConfig (inventory lives in another cluster)');
  }
  if (obj.kind === 'HelmRelease') {
    put('chart', obj.spec?.chart?.spec?.chart);
    put('chartVersion', obj.spec?.chart?.spec?.version);
    put('lastAttemptedRevision', obj.status?.lastAttemptedRevision);
    put('targetNamespace', obj.spec?.targetNamespace);
  }
  const meta = obj.status?.artifact?.metadata;
  if (meta) {
    put('originSource', meta['org.opencontainers.image.source']);
    put('originRevision', meta['org.opencontainers.image.revision']);
  }
  return details;
}
