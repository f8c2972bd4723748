// What changed between two traces of the same object: the answer to "it worked yesterday". Only
// what a person acts on: health, where the chain breaks, the revisions, and each link's status.
import type { ChainLink, TraceResult } from '../model/trace-result.js';
import type { HistoryRecord } from './record.js';
import { sameTarget } from './store.js';

export function changesBetween(older: TraceResult, newer: TraceResult): string[] {
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

  const before = new Map(older.chain.map((l) => [linkKey(l), l]));
  const after = new Map(newer.chain.map((l) => [linkKey(l), l]));
  for (const [key, link] of after) {
    const previous = before.get(key);
    if (!previous) {
      changes.push(`${key} joined the chain`);
      continue;
    }
    if (previous.ready !== link.ready || previous.status !== link.status)
      changes.push(`${key}: ${show(previous.status)} → ${show(link.status)}`);
    if (previous.revision !== link.revision && link.role !== 'object')
      changes.push(`${key} revision ${show(previous.revision)} → ${show(link.revision)}`);
    if (previous.suspended !== link.suspended)
      changes.push(`${key} ${link.suspended ? 'suspended' : 'resumed'}`);
  }
  for (const key of before.keys()) if (!after.has(key)) changes.push(`${key} left the chain`);
  return changes;
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
