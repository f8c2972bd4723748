// One walk up the Flux graph from a deployer: who applied it (recursively, root first) and what it
// reads from (sources, charts, ExternalArtifact producers), each object shown once.
import type { ClusterIndex } from '../index/cluster-index.js';
import type { ChainLink, LinkRole } from '../model/trace-result.js';
import { groupOf, type KubeObject } from '../reader/types.js';
import { linkProblem } from './diagnose.js';
import { fluxLink } from './flux-link.js';
import {
  fluxDeployerRef,
  GENERATOR_GROUP,
  HELM_GROUP,
  helmChartName,
  KUSTOMIZE_GROUP,
  keyOf,
  type Ref,
  ref,
  SOURCE_GROUP,
} from './flux-refs.js';
import { addHelmReleaseDetails } from './helm-release.js';
import { missingLink } from './status.js';

/** The kinds whose spec.dependsOn names objects of the same kind, and their groups. */
const DEPENDENT_KINDS: Record<string, string> = { Kustomization: KUSTOMIZE_GROUP, HelmRelease: HELM_GROUP };

/** One walk up the Flux graph, remembering what it visited so that cycles end it. */
export class Walk {
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

  /** What a Flux object reads from (a Kustomization's source, a HelmRelease's chart and its source),
   * then the dependencies it waits for. */
  sourcesOf(obj: KubeObject): ChainLink[] {
    return [...this.inputsOf(obj), ...this.blockingDependencies(obj)];
  }

  /** The objects of `spec.dependsOn` that are not ready: the controller waits for them
   * (DependencyNotReady), so they are the cause. Ready ones explain nothing and are left out. */
  private blockingDependencies(obj: KubeObject): ChainLink[] {
    const dependsOn = obj.spec?.dependsOn;
    if (!Array.isArray(dependsOn) || !DEPENDENT_KINDS[obj.kind]) return [];
    const links: ChainLink[] = [];
    for (const d of dependsOn as { name?: string; namespace?: string; kind?: string }[]) {
      if (!d?.name) continue;
      const kind = d.kind ?? obj.kind;
      const group = DEPENDENT_KINDS[kind] ?? DEPENDENT_KINDS[obj.kind] ?? '';
      const target = ref(group, kind, d.name, d.namespace ?? obj.metadata.namespace);
      const dep = this.index.get(target.group, target.kind, target.namespace, target.name);
      if (!dep) {
        links.push(missingLink(target, 'dependency', 'flux', this.index.readable(target.group, target.kind)));
        continue;
      }
      const link = this.link(dep, 'dependency');
      if (link.ready !== true || linkProblem(link)) links.push(link);
    }
    return links;
  }

  private inputsOf(obj: KubeObject): ChainLink[] {
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
