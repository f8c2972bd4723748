// The clusters a long-lived face may read (shared/cluster-catalog.ts), and the bounded engine pool
// on top of it (shared/engine-pool.ts): names, never paths; a bound on open engines that holds
// however many clusters are asked about.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClusterCatalog } from '../../shared/cluster-catalog.js';
import { Engine } from '../../shared/engine.js';
import { EnginePool } from '../../shared/engine-pool.js';
import { LruPool } from '../../shared/lru-pool.js';
import type { ClusterOptions } from '../../shared/reader/open.js';
import { DEMO_DIR } from '../helpers/scenario.js';

function kubeconfig(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cub-scout-catalog-')), 'config');
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
current-context: prod
clusters: [{name: c, cluster: {server: 'https://127.0.0.1:9'}}]
users: [{name: u, user: {token: t}}]
contexts:
- {name: prod, context: {cluster: c, user: u}}
- {name: staging, context: {cluster: c, user: u}}
`,
  );
  return file;
}

describe('ClusterCatalog', () => {
  it('names the kubeconfig contexts, the demo and each snapshot; the default is the one asked for', () => {
    const catalog = new ClusterCatalog({
      kubeconfig: kubeconfig(),
      demo: true,
      snapshots: [DEMO_DIR, `${DEMO_DIR}/`],
    });
    expect(catalog.list().map((c) => [c.name, c.kind])).toEqual([
      ['prod', 'context'],
      ['staging', 'context'],
      ['demo', 'demo'],
      ['demo-2', 'snapshot'],
      ['demo-3', 'snapshot'],
    ]);
    expect(catalog.defaultCluster).toBe('demo-2'); // the first snapshot: what the user started it for
    expect(new ClusterCatalog({ kubeconfig: kubeconfig() }).defaultCluster).toBe('prod');
    expect(new ClusterCatalog({ kubeconfig: kubeconfig(), context: 'staging' }).defaultCluster).toBe(
      'staging',
    );
    expect(catalog.resolve('staging').options).toMatchObject({ context: 'staging' });
    expect(catalog.resolve().options).toEqual({ snapshot: DEMO_DIR });
  });

  it('refuses every path-shaped name in one line that names no file content', () => {
    const catalog = new ClusterCatalog({ demo: true, kubeconfig: kubeconfig() });
    for (const name of [
      '/etc/passwd',
      '../../etc/passwd',
      '~/.kube/config',
      'file:///etc/passwd',
      tmpdir(),
      DEMO_DIR,
    ]) {
      let message = '';
      try {
        catalog.resolve(name);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message, name).toMatch(/^unknown cluster ".*": choose one of prod, staging, demo$/);
      expect(message).not.toMatch(/root:|\n/);
    }
    expect(() => catalog.resolve('x'.repeat(100_000))).toThrow(
      /^unknown cluster "x{80}… \(100000 characters\)"/,
    );
  });

  it('reads context names without the Kubernetes client, and needs no kubeconfig for the demo', () => {
    const none = new ClusterCatalog({ demo: true, kubeconfig: undefined });
    expect(none.kubeconfigProblem === undefined || !/--demo/.test(none.kubeconfigProblem)).toBe(true);
    const missing = new ClusterCatalog({ kubeconfig: '/nonexistent/kubeconfig' });
    expect(missing.kubeconfigProblem).toMatch(/^kubeconfig \/nonexistent\/kubeconfig: no such file/);
    expect(() => missing.resolve()).toThrow(/no such file/);
  });

  it('adds a snapshot the desktop user opened under a name of its own', () => {
    const catalog = new ClusterCatalog({ demo: true, noContexts: true });
    expect(catalog.addSnapshot('/data/cluster.yaml').name).toBe('cluster.yaml');
    expect(catalog.addSnapshot('/other/cluster.yaml').name).toBe('cluster.yaml-2');
    expect(catalog.addSnapshot('/x', 'prod backup').name).toBe('prod backup');
  });
});

describe('EnginePool', () => {
  function counted() {
    const opened: ClusterOptions[] = [];
    let closed = 0;
    const open = async (options: ClusterOptions) => {
      opened.push(options);
      const engine = await Engine.open({ demo: true });
      const close = engine.close.bind(engine);
      engine.close = async () => {
        closed++;
        await close();
      };
      return engine;
    };
    return { opened, open, closed: () => closed };
  }

  it('keeps at most maxEngines open, closing the least recently used, however many clusters are asked for', async () => {
    const catalog = new ClusterCatalog({ noContexts: true, demo: true });
    for (let i = 0; i < 5; i++) catalog.addSnapshot(DEMO_DIR, `copy-${i}`);
    const { opened, open, closed } = counted();
    const pool = new EnginePool({ catalog, maxEngines: 2, open });
    for (let round = 0; round < 3; round++)
      for (const name of ['copy-0', 'copy-1', 'copy-2', 'copy-3', 'copy-4']) {
        await pool.get(name);
        expect(pool.openClusters().length).toBeLessThanOrEqual(2);
      }
    await new Promise((r) => setTimeout(r, 10)); // evicted engines close in the background
    expect(pool.openClusters()).toEqual(['copy-3', 'copy-4']);
    expect(closed()).toBe(opened.length - 2);
    await pool.close();
    expect(closed()).toBe(opened.length);
  });

  it('shares one engine between concurrent callers, keeps the used one, and retries a failed open', async () => {
    const catalog = new ClusterCatalog({ noContexts: true, demo: true });
    catalog.addSnapshot(DEMO_DIR, 'other');
    const { opened, open } = counted();
    let fail = true;
    const pool = new EnginePool({
      catalog,
      maxEngines: 2,
      open: async (options) => {
        if (options.snapshot && fail) {
          fail = false;
          throw new Error('cannot read other');
        }
        return open(options);
      },
    });
    const [a, b] = await Promise.all([pool.get(), pool.get('demo')]);
    expect(a).toBe(b);
    await expect(pool.get('other')).rejects.toThrow(/cannot read other/);
    expect(await pool.get('other')).not.toBe(a);
    expect(opened).toHaveLength(2);
    await expect(pool.get('/etc/passwd')).rejects.toThrow(/^unknown cluster/);
    await pool.close();
  });

  it('closes an engine nobody used for idleMs', async () => {
    const closed: string[] = [];
    const pool = new LruPool<string>({
      max: 4,
      idleMs: 20,
      open: async (k) => k,
      close: (k) => void closed.push(k),
    });
    await pool.get('a');
    await new Promise((r) => setTimeout(r, 80));
    expect(closed).toEqual(['a']);
    expect(pool.size).toBe(0);
  });

  it('re-reads a live cluster whose index is older than maxAgeMs, never a snapshot', async () => {
    const catalog = new ClusterCatalog({ kubeconfig: kubeconfig(), demo: true });
    const pool = new EnginePool({ catalog, maxAgeMs: 0, open: () => Engine.open({ demo: true }) });
    const live = await pool.get('prod');
    await live.index.load([{ group: 'apps', kind: 'Deployment' }]);
    const first = live.index;
    await new Promise((r) => setTimeout(r, 5));
    expect((await pool.get('prod')).index).not.toBe(first);
    const demo = await pool.get('demo');
    await demo.index.load([{ group: 'apps', kind: 'Deployment' }]);
    const kept = demo.index;
    await new Promise((r) => setTimeout(r, 5));
    expect((await pool.get('demo')).index).toBe(kept);
    await pool.close();
  });
});
