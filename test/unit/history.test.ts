// The trace history store: records round-trip, newest first, filtered by object and context;
// damaged and half-written files are skipped and reported without losing the rest; the store is
// pruned to its size; changes between consecutive traces of an object are what a person checks.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changesBetween, withChanges } from '../../shared/history/changes.js';
import { defaultHistoryDir } from '../../shared/history/paths.js';
import { HistoryStore } from '../../shared/history/store.js';
import type { TraceResult } from '../../shared/model/trace-result.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'cub-scout-history-unit-'));
}

async function demoTrace(kind: string, name: string, namespace: string): Promise<TraceResult> {
  const { Engine } = await import('../../shared/engine.js');
  const engine = await Engine.open({ demo: true });
  try {
    return await engine.trace(kind, name, namespace, { now: new Date('2026-11-28T01:00:00Z') });
  } finally {
    await engine.close();
  }
}

/** The same trace, healed: the chain's broken link became ready and the object runs what the source offers. */
function healed(result: TraceResult): TraceResult {
  const copy = structuredClone(result);
  const at = copy.diagnosis.brokenAt;
  if (at !== null && copy.chain[at])
    Object.assign(copy.chain[at], { ready: true, status: 'Ready', reason: null });
  copy.diagnosis = { ...copy.diagnosis, healthy: true, brokenAt: null, running: copy.diagnosis.expected };
  return copy;
}

describe('history store', () => {
  it('saves one file per trace and loads them back newest first', async () => {
    const store = new HistoryStore(tempDir());
    const nginx = await demoTrace('deployment', 'nginx', 'demo');
    const redis = await demoTrace('deployment', 'redis', 'cache');
    await store.save({
      face: 'cli',
      context: undefined,
      result: nginx,
      savedAt: new Date('2026-01-01T00:00:00Z'),
    });
    await store.save({
      face: 'mcp',
      context: 'prod',
      result: redis,
      savedAt: new Date('2026-01-02T00:00:00Z'),
    });
    expect(readdirSync(store.dir).filter((f) => f.endsWith('.json'))).toHaveLength(2);

    const { records, skipped } = await store.load();
    expect(skipped).toEqual([]);
    expect(records.map((r) => `${r.face} ${r.object.name} ${r.context}`)).toEqual([
      'mcp redis prod',
      'cli nginx null',
    ]);
    expect(records[1]?.result).toEqual(nginx);
    expect(records[1]?.source).toMatch(/^snapshot /);
  });

  it('filters by name, kind/name, namespace/kind/name, short kinds and context', async () => {
    const store = new HistoryStore(tempDir());
    await store.save({
      face: 'cli',
      context: 'prod',
      result: await demoTrace('deployment', 'nginx', 'demo'),
    });
    await store.save({ face: 'cli', context: 'dev', result: await demoTrace('service', 'nginx', 'demo') });
    await store.save({ face: 'cli', context: 'dev', result: await demoTrace('ks', 'apps', 'flux-system') });
    const names = async (query: Parameters<HistoryStore['load']>[0]) =>
      (await store.load(query)).records.map((r) => `${r.object.kind}/${r.object.name}`).sort();
    expect(await names({ resource: 'nginx' })).toEqual(['Deployment/nginx', 'Service/nginx']);
    expect(await names({ resource: 'deploy/nginx' })).toEqual(['Deployment/nginx']);
    expect(await names({ resource: 'deployments/nginx' })).toEqual(['Deployment/nginx']);
    expect(await names({ resource: 'demo/svc/nginx' })).toEqual(['Service/nginx']);
    expect(await names({ resource: 'ks/apps' })).toEqual(['Kustomization/apps']);
    expect(await names({ context: 'dev' })).toEqual(['Kustomization/apps', 'Service/nginx']);
    expect(await names({ namespace: 'flux-system' })).toEqual(['Kustomization/apps']);
  });

  it('skips and reports damaged records and interrupted writes, and keeps the rest', async () => {
    const store = new HistoryStore(tempDir());
    const nginx = await demoTrace('deployment', 'nginx', 'demo');
    for (let i = 0; i < 3; i++) await store.save({ face: 'cli', context: undefined, result: nginx });
    writeFileSync(join(store.dir, '000000000000001-1-truncated.json'), '{"version":1,"id":"x","savedAt":"20');
    writeFileSync(join(store.dir, '000000000000002-1-wrongshape.json'), '{"version":1,"id":"y"}');
    writeFileSync(join(store.dir, '.tmp-000000000000003-1-abc.json'), '{"version":1,');

    const { records, skipped } = await store.load();
    expect(records).toHaveLength(3);
    expect(skipped.map((s) => s.file).sort()).toEqual([
      '.tmp-000000000000003-1-abc.json',
      '000000000000001-1-truncated.json',
      '000000000000002-1-wrongshape.json',
    ]);
    expect(skipped.find((s) => s.file.includes('truncated'))?.reason).toMatch(/not valid JSON/);
    expect(skipped.find((s) => s.file.includes('wrongshape'))?.reason).toMatch(/^damaged: /);
  });

  it('keeps only the newest maxRecords', async () => {
    const store = new HistoryStore(tempDir(), { maxRecords: 5 });
    const nginx = await demoTrace('deployment', 'nginx', 'demo');
    for (let i = 0; i < 12; i++)
      await store.save({
        face: 'cli',
        context: `c${i}`,
        result: nginx,
        savedAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
      });
    const { records } = await store.load();
    expect(records.map((r) => r.context)).toEqual(['c11', 'c10', 'c9', 'c8', 'c7']);
    expect(readdirSync(store.dir)).toHaveLength(5);
  });

  it('loads an empty result from a directory that does not exist yet', async () => {
    const store = new HistoryStore(join(tempDir(), 'not', 'yet'));
    expect(await store.load()).toEqual({ records: [], skipped: [] });
  });
});

describe('history changes', () => {
  it('says what changed when a broken chain is fixed', async () => {
    const broken = await demoTrace('deployment', 'nginx', 'demo');
    const changes = changesBetween(broken, healed(broken));
    expect(changes).toContain('became healthy');
    expect(changes).toContain('no longer broken (was at Kustomization/flux-system/apps)');
    expect(changes.find((c) => c.startsWith('running '))).toMatch(/abc1230f9e8d.* → .*def4560a1b2c/);
    expect(changes).toContain('Kustomization/flux-system/apps: Reconciliation failed → Ready');
    expect(changesBetween(broken, broken)).toEqual([]);
  });

  it('pairs each record with the previous trace of the same object only', async () => {
    const store = new HistoryStore(tempDir());
    const nginx = await demoTrace('deployment', 'nginx', 'demo');
    const redis = await demoTrace('deployment', 'redis', 'cache');
    await store.save({
      face: 'cli',
      context: undefined,
      result: nginx,
      savedAt: new Date('2026-01-01T00:00:00Z'),
    });
    await store.save({
      face: 'cli',
      context: undefined,
      result: redis,
      savedAt: new Date('2026-01-01T00:01:00Z'),
    });
    await store.save({
      face: 'mcp',
      context: undefined,
      result: healed(nginx),
      savedAt: new Date('2026-01-01T00:02:00Z'),
    });
    const entries = withChanges((await store.load()).records);
    expect(entries.map((e) => [e.record.object.name, e.changes?.includes('became healthy') ?? null])).toEqual(
      [
        ['nginx', true],
        ['redis', null],
        ['nginx', null],
      ],
    );
  });

  it('never pairs traces of the same object on different clusters', async () => {
    const store = new HistoryStore(tempDir());
    const nginx = await demoTrace('deployment', 'nginx', 'demo');
    await store.save({ face: 'cli', context: 'one', result: { ...nginx, source: 'context one' } });
    await store.save({ face: 'cli', context: 'two', result: { ...nginx, source: 'context two' } });
    expect(withChanges((await store.load()).records).map((e) => e.changes)).toEqual([null, null]);
  });
});

describe('history location', () => {
  it('follows CUB_SCOUT_HISTORY_DIR, then XDG_DATA_HOME, macOS Application Support, ~/.local/share', () => {
    expect(defaultHistoryDir({ CUB_SCOUT_HISTORY_DIR: '/x' }, 'linux', '/home/u')).toBe('/x');
    expect(defaultHistoryDir({ XDG_DATA_HOME: '/data' }, 'linux', '/home/u')).toBe('/data/cub-scout/history');
    expect(defaultHistoryDir({}, 'linux', '/home/u')).toBe('/home/u/.local/share/cub-scout/history');
    expect(defaultHistoryDir({}, 'darwin', '/Users/u')).toBe(
      '/Users/u/Library/Application Support/cub-scout/history',
    );
  });
});
