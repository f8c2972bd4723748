// Pipelines built FROM batch traces: every traced object is grouped under the deployer link of its
// own chain, so a pipeline and a trace can never disagree about who delivers what.

import type { BatchTrace } from '../inventory/batch.js';
import type { ChainLink, ResourceRef, TraceResult } from '../model/trace-result.js';
import { linkProblem } from '../trace/diagnose.js';
import { displayName } from '../trace/status.js';
import type { DeliveredKind, Pipeline, PipelineLevel, PipelinesReport } from './model.js';

export interface PipelineOptions {
  /** Only pipelines whose deployer or delivered objects are in this namespace. */
  namespace?: string;
  /** Include per-object traces. */
  traces?: boolean;
  unhealthyOnly?: boolean;
  source: string;
  cacheAgeSeconds: number;
  warnings?: string[];
  now?: Date;
}

/** Kinds that deliver other objects: one pipeline each, even when they deliver nothing yet. */
const DEPLOYER_KINDS = new Set([
  'Kustomization',
  'HelmRelease',
  'Application',
  'ResourceSet',
  'FluxInstance',
]);

/** Where in a chain the delivering link sits: the last deployer, else a Helm release, else a
 * ConfigHub unit applied directly. -1 when nothing delivers the object. */
export function deliveringLinkIndex(chain: ChainLink[]): number {
  for (const role of ['deployer', 'release', 'origin'] as const) {
    for (let i = chain.length - 1; i >= 0; i--) if (chain[i]?.role === role) return i;
  }
  return -1;
}

interface Group {
  key: string;
  levels: ChainLink[];
  results: TraceResult[];
  namespaces: Set<string>;
}

export function buildPipelines(batch: BatchTrace, options: PipelineOptions): PipelinesReport {
  const groups = new Map<string, Group>();
  const group = (levels: ChainLink[]): Group => {
    const deployer = levels[levels.length - 1] as ChainLink;
    const key = `${deployer.kind}/${deployer.namespace ?? ''}/${deployer.name}`;
    let g = groups.get(key);
    if (!g) {
      g = { key, levels, results: [], namespaces: new Set() };
      if (deployer.namespace) g.namespaces.add(deployer.namespace);
      groups.set(key, g);
    }
    return g;
  };
  for (const result of batch.results) {
    const at = deliveringLinkIndex(result.chain);
    // The object that delivers is the last link of its own chain: deliveringLinkIndex only looks
    // above it, so a deployer with nothing delivered yet still gets its pipeline below.
    if (at < 0 || at === result.chain.length - 1) continue;
    const deliverer = result.chain[at] as ChainLink;
    if (deliverer.missing) continue; // a mark pointing at a deployer that is gone: an orphan, not a pipeline
    const g = group(result.chain.slice(0, at + 1));
    g.results.push(result);
    if (result.object.namespace) g.namespaces.add(result.object.namespace);
  }
  for (const result of batch.results) {
    if (!DEPLOYER_KINDS.has(result.object.kind)) continue;
    const levels = result.chain.map((l, i) =>
      i === result.chain.length - 1 ? { ...l, role: 'deployer' as const } : l,
    );
    // An object's chain leaves the object itself out (the bootstrap GitRepository is the source of
    // its own deployer): when the group took such a shortened chain, the deployer's own is complete.
    const g = group(levels);
    if (levels.length > g.levels.length && isSubsequence(g.levels, levels)) g.levels = levels;
  }

  const ns = options.namespace;
  let pipelines = [...groups.values()]
    .filter((g) => ns === undefined || g.namespaces.has(ns))
    .map((g) => toPipeline(g, options.traces === true));
  pipelines.sort((a, b) => Number(a.healthy) - Number(b.healthy) || a.id.localeCompare(b.id));
  const healthy = pipelines.filter((p) => p.healthy).length;
  const total = pipelines.length;
  if (options.unhealthyOnly) pipelines = pipelines.filter((p) => !p.healthy);
  const report: PipelinesReport = {
    source: options.source,
    generatedAt: (options.now ?? batch.tracedAt).toISOString(),
    cacheAgeSeconds: options.cacheAgeSeconds,
    total,
    healthy,
    pipelines,
    warnings: options.warnings ?? [],
  };
  if (options.namespace) report.namespace = options.namespace;
  return report;
}

function linkKey(l: ChainLink): string {
  return `${l.kind}/${l.namespace ?? ''}/${l.name}`;
}

/** Whether every link of `part` appears in `whole`, in the same order. */
function isSubsequence(part: ChainLink[], whole: ChainLink[]): boolean {
  let i = 0;
  for (const link of whole) if (i < part.length && linkKey(link) === linkKey(part[i] as ChainLink)) i++;
  return i === part.length;
}

function toPipeline(g: Group, withTraces: boolean): Pipeline {
  const deployerLink = g.levels[g.levels.length - 1] as ChainLink;
  const levels = g.levels.map(toLevel);
  const byKind = new Map<string, DeliveredKind>();
  const unhealthy: Pipeline['unhealthyObjects'] = [];
  let orphans = 0;
  let unhealthyCount = 0;
  const unhealthyApplied = new Set<string>();
  for (const r of g.results) {
    if (r.managed === 'orphaned') {
      orphans++;
      continue;
    }
    const topOwner = r.chain.find((l) => l.role === 'owner');
    const direct = !topOwner;
    const bad = !r.diagnosis.healthy;
    // Counted by the object applied: an unhealthy Pod makes the Deployment that owns it unhealthy,
    // once, however many of its ReplicaSets and Pods are.
    const applied = topOwner ?? r.object;
    let entry = byKind.get(applied.kind);
    if (!entry) {
      entry = { kind: applied.kind, count: 0, unhealthy: 0 };
      byKind.set(applied.kind, entry);
    }
    if (direct) entry.count++;
    if (bad) {
      const key = `${applied.kind}/${applied.namespace ?? ''}/${applied.name}`;
      if (!unhealthyApplied.has(key)) {
        unhealthyApplied.add(key);
        entry.unhealthy++;
      }
      unhealthyCount++;
      if (direct && unhealthy.length < 20) unhealthy.push({ ...r.object, summary: r.diagnosis.summary });
    }
  }
  // The summary counts what the deployer applied, like `delivers`: a Deployment with its
  // ReplicaSet and Pod is one delivered object.
  const applied = [...byKind.values()].reduce((n, d) => n + d.count, 0);
  const brokenLevel = levels.find((l) => l.problem);
  const healthy = !brokenLevel && unhealthyCount === 0;
  const deployer: ResourceRef = {
    apiVersion: deployerLink.apiVersion,
    kind: deployerLink.kind,
    name: deployerLink.name,
    ...(deployerLink.namespace ? { namespace: deployerLink.namespace } : {}),
  };
  const pipeline: Pipeline = {
    id: g.key,
    tool: deployerLink.tool ?? g.results[0]?.tool ?? 'none',
    healthy,
    deployer,
    levels,
    delivers: [...byKind.values()]
      .filter((d) => d.count > 0 || d.unhealthy > 0)
      .sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind)),
    objectCount: g.results.length,
    orphanCount: orphans,
    unhealthyObjects: unhealthy,
    summary: summarize(deployerLink, brokenLevel, unhealthyApplied.size, applied),
  };
  if (withTraces) pipeline.traces = g.results;
  return pipeline;
}

function toLevel(link: ChainLink): PipelineLevel {
  const level: PipelineLevel = {
    kind: link.kind,
    name: link.name,
    role: link.role,
    ready: link.ready,
    status: link.status,
    revision: link.revision,
    url: link.url,
    path: link.path,
    suspended: link.suspended,
    problem: linkProblem(link) ?? null,
  };
  if (link.namespace) level.namespace = link.namespace;
  if (link.tool) level.tool = link.tool;
  if (link.missing) level.missing = true;
  return level;
}

function summarize(
  deployer: ChainLink,
  broken: PipelineLevel | undefined,
  unhealthy: number,
  total: number,
): string {
  const name = displayName(deployer);
  if (broken) return `${displayName(broken)} ${broken.problem}`;
  if (unhealthy > 0) return `${name}: ${unhealthy} of ${total} delivered objects unhealthy`;
  return `${name} delivers ${total} objects; every level is ready`;
}
