// The pieces both CLI parsers build their answer from: a link for an object they name, and the
// TraceResult around their chain (broken at its first not-ready link, stale when what runs is not
// what the source offers).
import type { ChainLink, LinkRole, ResourceRef, Tool, TraceResult } from '../model/trace-result.js';
import { baseLink } from '../trace/status.js';

export function refLink(ref: ResourceRef, role: LinkRole, tool?: Tool): ChainLink {
  const metadata = ref.namespace ? { name: ref.name, namespace: ref.namespace } : { name: ref.name };
  return baseLink({ apiVersion: ref.apiVersion, kind: ref.kind, metadata }, role, tool);
}

export interface TheirVerdict {
  tool: Tool;
  managed: boolean;
  running: string | null;
  expected: string | null;
  summary: string;
}

export function theirResult(
  object: ResourceRef,
  chain: ChainLink[],
  verdict: TheirVerdict,
  now: Date,
): TraceResult {
  const brokenAt = chain.findIndex((l) => l.ready === false);
  const { running, expected } = verdict;
  return {
    object,
    tool: verdict.managed ? verdict.tool : 'none',
    managed: verdict.managed ? 'managed' : 'never-managed',
    fullyManaged: false,
    chain,
    diagnosis: {
      healthy: brokenAt < 0,
      brokenAt: brokenAt < 0 ? null : brokenAt,
      running,
      expected,
      ...(running && expected ? { stale: running !== expected } : {}),
      summary: verdict.summary,
    },
    warnings: [],
    tracedAt: now.toISOString(),
  };
}
