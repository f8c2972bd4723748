// The saved traces of every face (CLI, MCP assistant, desktop), searched and compared. The store and
// the comparison are the engine's (shared/history); this shapes them for the desktop's views.
import { compareChains, diagnosisChanges } from '../history/changes.js';
import type { HistoryRecord } from '../history/record.js';
import { type HistoryStore, sameTarget } from '../history/store.js';
import type { HandlerDeps, Handlers, ResponseData } from './deps.js';
import { ApiError } from './errors.js';

type HistoryHandlers = Pick<Handlers, 'history' | 'historyRecord' | 'compare'>;
type HistoryEntry = ResponseData<'history'>['records'][number];

export function historyHandlers(deps: HandlerDeps): HistoryHandlers {
  const store = (): HistoryStore => {
    if (!deps.history) throw new ApiError('unsupported', 'history is off (started with --no-history)');
    return deps.history;
  };

  /** The record with this id; records are few (the store keeps the newest 1000). */
  async function record(id: string): Promise<HistoryRecord> {
    const { records } = await store().load();
    const found = records.find((r) => r.id === id);
    if (!found) throw new ApiError('not-found', `no saved trace with id ${id}`);
    return found;
  }

  /** The sources a cluster name stands for in records: a context's name, a snapshot's engine source. */
  async function sourcesOf(cluster: string): Promise<Set<string>> {
    const sources = new Set([`context ${cluster}`]);
    const entry = deps.catalog.list().find((e) => e.name === cluster);
    if (entry && entry.kind !== 'context') sources.add((await deps.engines.get(cluster)).source);
    return sources;
  }

  return {
    async history({ object, cluster, text, limit }) {
      const { records, skipped } = await store().load(object ? { resource: object } : {});
      const sources = cluster ? await sourcesOf(cluster) : undefined;
      const needle = text?.trim().toLowerCase();
      const entries: HistoryEntry[] = [];
      for (const r of records) {
        if (cluster && sources && r.context !== cluster && !sources.has(r.source)) continue;
        const entry = historyEntry(r);
        if (needle && !searchText(entry).includes(needle)) continue;
        entries.push(entry);
        if (entries.length >= (limit ?? 200)) break;
      }
      return { records: entries, skipped: skipped.length };
    },

    async historyRecord({ id }) {
      return { record: await record(id) };
    },

    async compare({ a, b }) {
      const [before, after] = await Promise.all([record(a), record(b)]);
      if (!sameTarget(before, after))
        throw new ApiError(
          'bad-request',
          `compare: ${describeRecord(before)} and ${describeRecord(after)} are not traces of the same object on the same cluster`,
        );
      return {
        a: before,
        b: after,
        links: compareChains(before.result, after.result),
        diagnosisChanged: diagnosisChanges(before.result, after.result),
      };
    },
  };
}

function historyEntry(r: HistoryRecord): HistoryEntry {
  const entry: HistoryEntry = {
    id: r.id,
    tracedAt: r.savedAt,
    face: r.face,
    cluster: r.context ?? r.source,
    object: r.object,
    healthy: r.result.diagnosis.healthy,
    summary: r.result.diagnosis.summary,
  };
  if (r.result.diagnosis.running) entry.revision = r.result.diagnosis.running;
  return entry;
}

function searchText(e: HistoryEntry): string {
  const o = e.object;
  return `${o.kind}/${o.namespace ?? ''}/${o.name} ${e.cluster} ${e.face} ${e.summary}`.toLowerCase();
}

function describeRecord(r: HistoryRecord): string {
  return `${r.object.kind}/${r.object.name} (${r.context ?? r.source})`;
}
