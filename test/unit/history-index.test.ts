// The history index (shared/history/store-index.ts) answers like loading the whole store: the same
// records newest first, the same "what changed", the same filters; it sees records other
// processes write and prune, and reports damaged files.
import { mkdtempSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withChanges } from '../../shared/history/changes.js';
import { type HistoryQuery, HistoryStore } from '../../shared/history/store.js';
import type { TraceResult } from '../../shared/model/trace-result.js';

async function demoTraces(): Promise<TraceResult[]> {
  const { Engine } = await import('../../shared/engine.js');
  const engine = await Engine.open({ demo: true });
  const now = { now: new Date('2026-11-28T01:00:00Z') };
  const traces = [
    await engine.trace('deployment', 'nginx', 'demo', now),
    await engine.trace('deployment', 'podinfo', 'podinfo', now),
  ];
  await engine.close();
  return traces;
}

function healed(result: TraceResult): TraceResult {
  const copy = structuredClone(result);
  copy.diagnosis = { ...copy.diagnosis, healthy: true, brokenAt: null, running: copy.diagnosis.expected };
  return copy;
}

describe('history index', () => {
  it('gives the page load() + withChanges() give, and keeps up with writes, prunes and damage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cub-scout-history-index-'));
    const store = new HistoryStore(dir);
    const other = new HistoryStore(dir); // another process writing to the same store
    const [nginx, podinfo] = await demoTraces();
    if (!nginx || !podinfo) throw new Error('demo traces missing');
    let t = Date.parse('2026-11-28T00:00:00Z');
    const at = () => {
      t += 60_000;
      return new Date(t);
    };
    await store.save({ face: 'cli', context: null, result: nginx, savedAt: at() });
    await store.save({ face: 'mcp', context: null, result: podinfo, savedAt: at() });

    const same = async (query: HistoryQuery, limit: number) => {
      const page = await store.page(query, limit);
      const { records } = await store.load(query);
      expect(page.total).toBe(records.length);
      expect(page.entries).toEqual(withChanges(records).slice(0, limit));
      return page;
    };
    expect((await same({}, 10)).entries).toHaveLength(2);

    const saved = await other.save({ face: 'desktop', context: null, result: healed(nginx), savedAt: at() });
    const page = await same({ resource: 'deployment/nginx' }, 10);
    expect(page.entries.map((e) => e.record.id)).toEqual([saved.id, expect.any(String)]);
    expect(page.entries[0]?.changes).toContain('became healthy');
    await same({ resource: 'podinfo' }, 1);
    await same({ namespace: 'demo' }, 1); // page of one: its changes still compare with the record before

    unlinkSync(join(dir, `${saved.id}.json`));
    writeFileSync(join(dir, '999999999999999-1-damaged.json'), '{"version": 1');
    const after = await store.page({}, 10);
    expect(after.entries.map((e) => e.record.id)).not.toContain(saved.id);
    expect(after.total).toBe(2);
    expect(after.skipped).toEqual([
      { file: '999999999999999-1-damaged.json', reason: 'damaged: not valid JSON' },
    ]);
  });
});
