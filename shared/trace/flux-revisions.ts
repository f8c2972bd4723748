// Revision strings: Git `main@sha1:<hex>`, OCI `<tag>@sha256:<hex>`, Bucket `sha256:<hex>`, Helm
// chart versions `6.0.3`, `6.0.3+1`, `6.0.3+<12 hex>`. Comparing them is how staleness is found.
import type { KubeObject } from '../reader/types.js';

interface ParsedRevision {
  name: string | null; // main, v1.0.0, 6.0.3
  digest: string | null; // sha1:..., sha256:...
}

/** Revisions come from status fields a broken or hostile object may fill with anything. */
function asText(revision: unknown): string {
  return typeof revision === 'string' ? revision : revision == null ? '' : JSON.stringify(revision);
}

export function parseRevision(raw: string): ParsedRevision {
  const revision = asText(raw);
  const at = revision.lastIndexOf('@');
  if (at >= 0) return { name: revision.slice(0, at), digest: revision.slice(at + 1) };
  if (/^sha(1|256|384|512):/.test(revision)) return { name: null, digest: revision };
  return { name: revision, digest: null };
}

/** Whether two revisions name the same content: digests when both have one, names otherwise
 * (a chart version's build metadata `+...` is ignored against a plain version). */
export function sameRevision(a: string, b: string): boolean {
  if (a === b) return true;
  const pa = parseRevision(a);
  const pb = parseRevision(b);
  if (pa.digest && pb.digest) return digestsEqual(pa.digest, pb.digest);
  if (pa.name && pb.name) return stripBuild(pa.name) === stripBuild(pb.name) || pa.name === pb.name;
  return false;
}

function digestsEqual(a: string, b: string): boolean {
  if (a === b) return true;
  // A short digest shown by a tool (sha1:abc123) matches its long form.
  const [algA, hexA = ''] = a.split(':');
  const [algB, hexB = ''] = b.split(':');
  return (
    algA === algB && hexA.length >= 7 && hexB.length >= 7 && (hexA.startsWith(hexB) || hexB.startsWith(hexA))
  );
}

function stripBuild(version: string): string {
  const plus = version.indexOf('+');
  return plus < 0 ? version : version.slice(0, plus);
}

/** A short form for display: `main@sha1:0123456789ab` keeps 12 hex digits. */
export function shortRevision(revision: string): string {
  // A bare Git commit (Argo CD revisions) keeps 12 hex digits too.
  return asText(revision)
    .replace(/(sha1|sha256|sha384|sha512):([0-9a-f]{12})[0-9a-f]+/g, '$1:$2')
    .replace(/^([0-9a-f]{12})[0-9a-f]{28}$/, '$1');
}

/** What a HelmRelease runs: the chart version of its newest deployed history entry. */
export function revisionOfRelease(hr: KubeObject): string | null {
  const history = hr.status?.history;
  if (Array.isArray(history)) {
    const deployed = history.find((h: { status?: string }) => h.status === 'deployed') ?? history[0];
    if (deployed?.chartVersion) return String(deployed.chartVersion);
  }
  return hr.status?.lastAppliedRevision ?? hr.status?.lastReleaseRevision?.toString?.() ?? null;
}
