// What changed between two traces of the same object: the answer to "it worked yesterday". Only
// what a person acts on: health, where the chain breaks, the revisions, and each link's status.
import type { ChainLink, TraceResult } from '../model/trace-result.js';
import type { HistoryRecord } from './record.js';
import { sameTarget } from './store.js';

export function changesBetween(older: TraceResult, newer: TraceResult): string[] {
  const changes = diagnosisChanges(older, newer);
  for (const link of compareChains(older, newer)) {
    if (link.change === 'added') changes.push(`${link.key} joined the chain`);
    else if (link.change === 'removed') changes.push(`${link.key} left the chain`);
    else if (link.change === 'changed' && link.before && link.after) {
      const { before, after, fields } = link;
      if (fields.includes('ready') || fields.includes('status'))
        changes.push(`${link.key}: ${show(before.status)} → ${show(after.status)}`);
      if (fields.includes('revision') && after.role !== 'object')
        changes.push(`${link.key} revision ${show(before.revision)} → ${show(after.revision)}`);
      if (fields.includes('suspended'))
        changes.push(`${link.key} ${after.suspended ? 'suspended' : 'resumed'}`);
    }
  }
  return changes;
}

/** What changed in the verdict: health, where the chain breaks, the revisions, the owner tool. */
export function diagnosisChanges(older: TraceResult, newer: TraceResult): string[] {
  const changes: string[] = [];
  const was = older.diagnosis;
  const now = newer.diagnosis;
  if (was.healthy !== now.healthy) changes.push(now.healthy ? 'became healthy' : 'became unhealthy');
  const brokenBefore = brokenLink(older);
  const brokenNow = brokenLink(newer);
  if (brokenBefore !== brokenNow) {
    if (!brokenNow) changes.push(`no longer broken (was at ${brokenBefore})`);
    else if (!brokenBefore) changes.push(`broken at ${brokenNow}`);
    else changes.push(`broken at ${brokenNow} (was ${brokenBefore})`);
  }
  if (was.running !== now.running) changes.push(`running ${show(was.running)} → ${show(now.running)}`);
  if (was.expected !== now.expected) changes.push(`expected ${show(was.expected)} → ${show(now.expected)}`);
  if (older.managed !== newer.managed) changes.push(`${older.managed} → ${newer.managed}`);
  if (older.tool !== newer.tool) changes.push(`delivered by ${older.tool} → ${newer.tool}`);
  return changes;
}

/** A link of two traces of the same object, paired by `Kind/namespace/name`. */
export interface LinkComparison {
  key: string;
  change: 'added' | 'removed' | 'changed' | 'same';
  before?: ChainLink;
  after?: ChainLink;
  /** The compared fields that differ (empty unless `changed`). */
  fields: LinkField[];
}

/** The fields of a link a person compares; details and timestamps move without meaning much. */
export const COMPARED_LINK_FIELDS = [
  'ready',
  'status',
  'reason',
  'message',
  'revision',
  'url',
  'path',
  'suspended',
  'missing',
] as const;
export type LinkField = (typeof COMPARED_LINK_FIELDS)[number];

/** Every link of both chains: the newer chain's order, then links only the older one had. */
export function compareChains(older: TraceResult, newer: TraceResult): LinkComparison[] {
  const before = new Map(older.chain.map((l) => [linkKey(l), l]));
  const after = new Map(newer.chain.map((l) => [linkKey(l), l]));
  const links: LinkComparison[] = [];
  for (const [key, link] of after) {
    const previous = before.get(key);
    if (!previous) {
      links.push({ key, change: 'added', after: link, fields: [] });
      continue;
    }
    const fields = COMPARED_LINK_FIELDS.filter((f) => (previous[f] ?? null) !== (link[f] ?? null));
    links.push({
      key,
      change: fields.length > 0 ? 'changed' : 'same',
      before: previous,
      after: link,
      fields,
    });
  }
  for (const [key, link] of before)
    if (!after.has(key)) links.push({ key, change: 'removed', before: link, fields: [] });
  return links;
}

export interface RecordWithChanges {
  record: HistoryRecord;
  /** Against the previous trace of the same object on the same cluster; null when it is the first. */
  changes: string[] | null;
}

/** Pair each record (newest first) with what changed since the trace before it of the same target.
 * Needs every record of the target, not a page of them, to find the one before. */
export function withChanges(records: HistoryRecord[]): RecordWithChanges[] {
  return records.map((record, i) => {
    const previous = records.slice(i + 1).find((r) => sameTarget(r, record));
    return { record, changes: previous ? changesBetween(previous.result, record.result) : null };
  });
}

function brokenLink(result: TraceResult): string | null {
  const at = result.diagnosis.brokenAt;
  const link = at === null ? undefined : result.chain[at];
  return link ? linkKey(link) : null;
}

function linkKey(link: ChainLink): string {
  return `${link.kind}/${link.namespace ? `${link.namespace}/` : ''}${link.name}`;
}

function show(value: string | null): string {
  return value ?? 'none';
}
