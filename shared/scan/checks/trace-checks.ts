// Checks read off the batch traces, for the tools a rule names (affected_tools): objects no trace
// reaches in GitOps-managed namespaces, stale revisions, chains broken above the object, orphans.
// Findings about a chain are grouped by the link where it breaks: one finding per deployer, with
// the objects it affects, rather than one per Pod.
import type { ChainLink, ResourceRef, TraceResult } from '../../model/trace-result.js';
import { deliveringLinkIndex } from '../../pipelines/build.js';
import { linkProblem } from '../../trace/diagnose.js';
import type { Rule } from '../model.js';
import { type Check, describe, linkKey, linkRef, type RawFinding, refOfLink } from './types.js';

const tools = (rule: Rule) => new Set<string>(rule.affected_tools);
const isTopLevel = (r: TraceResult) => !r.chain.some((l) => l.role === 'owner');

/** Group results by a chain link, one finding per link. */
function groupByLink(
  results: Iterable<{ result: TraceResult; link: ChainLink }>,
  finding: (link: ChainLink, affected: TraceResult[]) => RawFinding,
): RawFinding[] {
  const groups = new Map<string, { link: ChainLink; results: TraceResult[] }>();
  for (const { result, link } of results) {
    const key = linkKey(link);
    let g = groups.get(key);
    if (!g) {
      g = { link, results: [] };
      groups.set(key, g);
    }
    g.results.push(result);
  }
  return [...groups.values()].map((g) => {
    const f = finding(g.link, g.results);
    f.affected = g.results.map((r) => r.object);
    return f;
  });
}

/** Which tool manages each namespace: the one with the most managed objects in it. */
function namespaceTools(results: TraceResult[]): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const r of results) {
    const ns = r.object.namespace;
    if (!ns || r.managed !== 'managed') continue;
    let byTool = counts.get(ns);
    if (!byTool) {
      byTool = new Map();
      counts.set(ns, byTool);
    }
    byTool.set(r.tool, (byTool.get(r.tool) ?? 0) + 1);
  }
  const owner = new Map<string, string>();
  for (const [ns, byTool] of counts) {
    const [tool] = [...byTool].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? [];
    if (tool) owner.set(ns, tool);
  }
  return owner;
}

export const unreachedObject: Check = ({ batch }, rule) => {
  const wanted = tools(rule);
  const owners = namespaceTools(batch.results);
  const findings: RawFinding[] = [];
  for (const r of batch.results) {
    const ns = r.object.namespace;
    if (!ns || r.managed !== 'never-managed' || r.system || !isTopLevel(r)) continue;
    const tool = owners.get(ns);
    if (!tool || !wanted.has(tool)) continue;
    findings.push({
      object: r.object,
      message: `${describe(r.object)} sits in namespace ${ns}, which ${tool} manages, but no delivery chain reaches it`,
      evidence: [
        `namespace ${ns} holds objects managed by ${tool}`,
        r.diagnosis.summary,
        ...(r.evidence ?? []).map((e) => `${e.kind} ${e.key}: ${e.value}`),
      ],
    });
  }
  return findings;
};

export const staleRevision: Check = ({ batch }, rule) => {
  const wanted = tools(rule);
  const stale = function* () {
    for (const r of batch.results) {
      if (!r.diagnosis.stale || r.managed !== 'managed' || !wanted.has(r.tool) || !isTopLevel(r)) continue;
      const at = deliveringLinkIndex(r.chain);
      const link = r.chain[at >= 0 ? at : r.chain.length - 1] as ChainLink;
      yield { result: r, link };
    }
  };
  return groupByLink(stale(), (link, affected) => {
    const first = affected[0] as TraceResult;
    return {
      object: refOfLink(link),
      link: linkRef(link),
      message: `${describe(link)} runs ${first.diagnosis.running} while its source is at ${first.diagnosis.expected}; ${affected.length} object(s) run stale config`,
      evidence: [
        `running: ${first.diagnosis.running}`,
        `expected: ${first.diagnosis.expected}`,
        `link status: ${link.status ?? 'unknown'}`,
      ],
    };
  });
};

/** Roles above the delivered object: a problem there breaks delivery for everything below. */
const INTERMEDIATE = new Set([
  'origin',
  'producer',
  'source',
  'chart-source',
  'chart',
  'applier',
  'generator',
  'deployer',
  'release',
]);

export const brokenIntermediate: Check = ({ batch }, rule) => {
  const wanted = tools(rule);
  const broken = function* () {
    for (const r of batch.results) {
      const at = r.diagnosis.brokenAt;
      // Orphans have a missing or unlisting deployer by definition: CCVE-GITOPS-ORPHAN-001 covers them.
      if (at === null || r.managed !== 'managed' || !wanted.has(r.tool) || !isTopLevel(r)) continue;
      const link = r.chain[at] as ChainLink;
      if (at >= r.chain.length - 1 || !INTERMEDIATE.has(link.role)) continue;
      yield { result: r, link };
    }
  };
  return groupByLink(broken(), (link, affected) => ({
    object: refOfLink(link),
    link: linkRef(link),
    message: `${describe(link)} ${linkProblem(link)}; delivery of ${affected.length} object(s) below it is broken`,
    evidence: [
      `status: ${link.status ?? 'unknown'}`,
      ...(link.reason ? [`reason: ${link.reason}`] : []),
      ...(link.message ? [`message: ${link.message}`] : []),
    ],
  }));
};

export const orphanedObject: Check = ({ batch }, rule) => {
  const wanted = tools(rule);
  const findings: RawFinding[] = [];
  for (const r of batch.results) {
    if (r.managed !== 'orphaned' || !wanted.has(r.tool) || !isTopLevel(r)) continue;
    const at = deliveringLinkIndex(r.chain);
    const deployer = at >= 0 ? (r.chain[at] as ChainLink) : undefined;
    const ref: ResourceRef = r.object;
    findings.push({
      object: ref,
      ...(deployer ? { link: linkRef(deployer) } : {}),
      message: r.diagnosis.summary,
      evidence: (r.evidence ?? []).map(
        (e) => `${e.kind} ${e.key}: ${e.value}${e.note ? ` (${e.note})` : ''}`,
      ),
    });
  }
  return findings;
};
