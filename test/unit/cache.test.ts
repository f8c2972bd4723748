// The on-disk index cache (`--cache`) and progress reporting: cached answers equal fresh ones and say
// how old they are, the cache expires and follows the kubeconfig's server, and it never holds Secret
// data; progress only ever draws on a terminal, and only for runs longer than a second.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheIdentity, openCachedEngine, readCache, writeCache } from '../../shared/cache/disk-cache.js';
import { Engine } from '../../shared/engine.js';
import { terminalProgress } from '../../shared/progress.js';
import { scenarioPath } from '../helpers/scenario.js';

const NOW = new Date('2026-11-28T01:00:00Z');

function cacheFiles(dir: string): string[] {
  return readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
}

describe('disk cache', () => {
  it('a second run is answered from the cache with the same pipelines, and Secret data is never stored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cub-scout-cache-'));
    const options = { snapshot: scenarioPath('ccve-helm') };
    const first = await openCachedEngine(options, 60, undefined, dir);
    expect(first.hit).toBe(false);
    const fresh = await first.engine.pipelines({ now: NOW });
    first.save();
    await first.engine.close();
    const stored = cacheFiles(dir).join('\n');
    expect(stored).not.toContain('CANARY-5f3a'); // the scenario's Secret data and Helm values
    expect(stored).toContain('db-credentials'); // the Secret itself is there, reduced
    const second = await openCachedEngine(options, 60, undefined, dir);
    expect(second.hit).toBe(true);
    const cached = await second.engine.pipelines({ now: NOW });
    await second.engine.close();
    expect(cached.pipelines).toEqual(fresh.pipelines); // Helm releases included: their summaries survive
    const release = cached.pipelines.find((p) => p.id === 'Release/shop/shop');
    expect(release?.levels[0]?.revision).toBeTruthy();
  });

  it('expires after the TTL and when the server changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cub-scout-cache-'));
    const identity = { name: 'context prod', server: 'https://10.0.0.1:6443' };
    const savedAt = new Date('2026-11-28T00:59:00Z');
    writeCache(identity, { kinds: [], lists: [] }, savedAt, dir);
    expect(readCache(identity, 120, dir, NOW)).toBeDefined();
    expect(readCache(identity, 30, dir, NOW)).toBeUndefined();
    expect(readCache({ ...identity, server: 'https://10.0.0.2:6443' }, 120, dir, NOW)).toBeUndefined();
  });

  it('keys live clusters by context and the kubeconfig server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'));
    const kubeconfig = join(dir, 'config');
    const write = (server: string) =>
      writeFileSync(
        kubeconfig,
        `apiVersion: v1
kind: Config
current-context: prod
contexts: [{name: prod, context: {cluster: prod, user: me}}]
clusters: [{name: prod, cluster: {server: "${server}"}}]
users: [{name: me, user: {token: abc}}]
`,
      );
    write('https://prod.example.com:6443');
    expect(await cacheIdentity({ kubeconfig })).toEqual({
      name: 'context prod',
      server: 'https://prod.example.com:6443',
    });
    write('https://new.example.com:6443');
    expect((await cacheIdentity({ kubeconfig })).server).toBe('https://new.example.com:6443');
  });
});

describe('engine', () => {
  it('reports the age of its index and starts afresh on refresh()', async () => {
    const engine = await Engine.open({ snapshot: scenarioPath('ccve-flux') });
    expect(engine.ageSeconds()).toBe(0);
    await engine.loadAll();
    const loadedAt = engine.index.loadedAt as Date;
    expect(engine.ageSeconds(new Date(loadedAt.getTime() + 42_000))).toBe(42);
    const before = await engine.traceAll();
    expect(await engine.traceAll()).toBe(before); // computed once per index
    engine.refresh();
    expect(engine.ageSeconds()).toBe(0);
    expect(await engine.traceAll()).not.toBe(before);
    await engine.close();
  });

  it('reports progress while loading and tracing', async () => {
    const engine = await Engine.open({ snapshot: scenarioPath('ccve-flux') });
    const events: string[] = [];
    await engine.pipelines({ onProgress: (e) => events.push(e.phase) });
    await engine.close();
    expect(events).toContain('load');
    expect(events.at(-1)).toBe('load'); // the last load event says how many objects were read
  });
});

describe('terminal progress', () => {
  const stream = (isTTY: boolean) => {
    const written: string[] = [];
    return { written, stream: { isTTY, write: (t: string) => written.push(t) > 0 } };
  };

  it('draws nothing when stderr is not a terminal', () => {
    const { written, stream: s } = stream(false);
    let clock = 0;
    const p = terminalProgress(s, 1000, () => clock);
    clock = 5000;
    p.onProgress({ phase: 'load', message: 'loading kinds: 12 Pod' });
    p.finish();
    expect(written).toEqual([]);
  });

  it('on a terminal, stays quiet for the first second, then draws one line and clears it', () => {
    const { written, stream: s } = stream(true);
    let clock = 0;
    const p = terminalProgress(s, 1000, () => clock);
    clock = 500;
    p.onProgress({ phase: 'load', message: 'loading kinds: 3 Pod' });
    expect(written).toEqual([]);
    clock = 1500;
    p.onProgress({ phase: 'trace', message: 'tracing 5000 objects', done: 1000, total: 5000 });
    expect(written.at(-1)).toBe('\r\u001b[2Ktracing 5000 objects [1000/5000]');
    p.finish();
    expect(written.at(-1)).toBe('\r\u001b[2K');
  });
});
