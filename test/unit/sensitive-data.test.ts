// Secret and ConfigMap data: only what a trace reads is fetched or kept. A fake API server serves
// Helm releases stored by both of Helm's drivers (Secrets and ConfigMaps), argocd-cm, and ordinary
// Secrets and ConfigMaps holding a canary; its request log proves that no Secret or ConfigMap is
// ever listed in full (every list is narrowed by a label selector or asks for metadata only), and
// the Helm ConfigMap-driver release traces like a Secret-stored one, live and offline.
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCachedEngine } from '../../shared/cache/disk-cache.js';
import { diffResource } from '../../shared/diff/diff.js';
import { Engine } from '../../shared/engine.js';
import { deployerHistory } from '../../shared/history/deployer.js';
import { openLiveReader } from '../../shared/reader/live.js';
import { SnapshotReader } from '../../shared/reader/snapshot.js';
import type { KubeObject } from '../../shared/reader/types.js';
import { takeSnapshot, writeSnapshot } from '../../shared/snapshot-writer.js';
import { expectNoCanary, releasePayload } from '../helpers/canary.js';
import { cli } from '../helpers/cli.js';
import { type FakeApiServer, type FakeRequest, startFakeApiServer } from '../helpers/fake-apiserver.js';
import { scenarioPath, traceList, traceScenario } from '../helpers/scenario.js';

const SCENARIOS = ['helm-configmap-storage', 'helm-revisions', 'argo-tracking'];
const NOW = new Date('2026-11-28T01:00:00Z');

let server: FakeApiServer;
let kubeconfig: string;
let objects: KubeObject[];

beforeAll(async () => {
  objects = [];
  for (const name of SCENARIOS) objects.push(...(await SnapshotReader.load(scenarioPath(name))).allObjects());
  server = await startFakeApiServer({ cluster: objects });
  kubeconfig = server.kubeconfig(mkdtempSync(join(tmpdir(), 'cub-scout-sensitive-')));
});
afterAll(() => server.close());

function decodedReleases(saved: KubeObject[]): string[] {
  return saved.map(releasePayload).filter((p): p is string => p !== undefined);
}

/** Which Secret and ConfigMap requests fetched whole objects without a label selector. */
function fullUnnarrowed(requests: FakeRequest[]): string[] {
  return requests
    .filter((r) => /\/(secrets|configmaps)(\/|$)/.test(r.path))
    .filter((r) => !r.accept.includes('as=PartialObjectMetadata'))
    .filter((r) => {
      const isList = /\/(secrets|configmaps)$/.test(r.path);
      if (isList) return !r.query.get('labelSelector');
      // A get by name: only Helm release storage and argocd-cm are read whole.
      const name = decodeURIComponent(r.path.split('/').at(-1) ?? '');
      return !(name.startsWith('sh.helm.release.v1.') || name === 'argocd-cm');
    })
    .map((r) => `${r.path}?${r.query} (${r.accept})`);
}

describe('Secret and ConfigMap data', () => {
  it("a release stored by Helm's ConfigMap driver traces like a Secret-stored one (offline)", async () => {
    const result = await traceScenario('helm-configmap-storage', 'deployment', 'billing-api', 'legacy');
    expect(result.tool).toBe('helm');
    expect(result.managed).toBe('managed');
    const release = result.chain.find((l) => l.kind === 'Release');
    expect(release).toMatchObject({
      name: 'billing',
      namespace: 'legacy',
      revision: '2',
      status: 'deployed',
    });
    expect(release?.path).toBe('billing-1.2.0');
    expect(release?.details?.storage).toBe('ConfigMap legacy/sh.helm.release.v1.billing.v2');
    const storage = await traceScenario(
      'helm-configmap-storage',
      'configmap',
      'sh.helm.release.v1.billing.v2',
      'legacy',
    );
    expect(storage.tool).toBe('helm');
  });

  it('live: no Secret or ConfigMap is listed or fetched whole, and traces equal the offline ones', async () => {
    server.requests.length = 0;
    const engine = new Engine(await openLiveReader({ kubeconfig }));
    await engine.pipelines({ now: NOW });
    await engine.scan({ now: NOW });
    for (const name of SCENARIOS) {
      for (const target of traceList(scenarioPath(name))) {
        const fresh = new Engine(await openLiveReader({ kubeconfig }));
        const live = await fresh.trace(target.kind, target.name, target.namespace, { now: NOW });
        const offline = await traceScenario(name, target.kind, target.name, target.namespace);
        expect({ ...live, tracedAt: '', source: '' }, target.line).toEqual({
          ...offline,
          tracedAt: '',
          source: '',
        });
        expectNoCanary(JSON.stringify(live), target.line);
      }
    }
    const secretRequests = server.requests.filter((r) => r.path.includes('/secrets'));
    const configMapRequests = server.requests.filter((r) => r.path.includes('/configmaps'));
    expect(secretRequests.length).toBeGreaterThan(0);
    expect(configMapRequests.length).toBeGreaterThan(0);
    expect(fullUnnarrowed(server.requests)).toEqual([]);
    // The narrowed lists are exactly the ones a trace reads.
    const selectors = new Set(
      server.requests
        .filter((r) => /\/(secrets|configmaps)$/.test(r.path))
        .map((r) => r.query.get('labelSelector')),
    );
    expect([...selectors].filter(Boolean).sort()).toEqual(['app.kubernetes.io/name=argocd-cm', 'owner=helm']);
  });

  it('diff reads whole only the diffed object and one release revision; history --deployer only metadata', async () => {
    const whole = () =>
      server.requests
        .filter((r) => /\/(secrets|configmaps)(\/|$)/.test(r.path))
        .filter((r) => !r.accept.includes('as=PartialObjectMetadata'))
        .map((r) => `${r.path}${r.query.get('labelSelector') ? `?${r.query}` : ''}`);
    const reader = await openLiveReader({ kubeconfig });
    server.requests.length = 0;
    const diff = await diffResource(reader, 'deploy', 'shop-web', 'shop');
    // The fixture's manifest names its objects without bodies: read, but no desired state in it.
    expect(diff.noDesired).toContain('Helm release shop/shop revision 2 (Secret sh.helm.release.v1.shop.v2)');
    expect(whole()).toEqual(['/api/v1/namespaces/shop/secrets/sh.helm.release.v1.shop.v2']);
    server.requests.length = 0;
    const secret = await diffResource(reader, 'secret', 'db-credentials', 'shop');
    expect(whole()).toEqual(['/api/v1/namespaces/shop/secrets/db-credentials']);
    expectNoCanary(JSON.stringify(diff) + JSON.stringify(secret), 'diff');
    server.requests.length = 0;
    const engine = new Engine(reader);
    const trace = await engine.trace('deploy', 'shop-web', 'shop', { now: NOW });
    server.requests.length = 0;
    const history = await deployerHistory(reader, trace);
    expect(history.events.map((e) => e.revision)).toEqual(['revision 3', 'revision 2', 'revision 1']);
    expect(whole()).toEqual([]);
  });

  it('snapshot export: no canary, Helm releases of both drivers kept reduced, file 0600', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cub-scout-sensitive-'));
    const reader = await openLiveReader({ kubeconfig });
    for (const file of [join(dir, 'cluster.yaml'), join(dir, 'cluster.json')]) {
      await writeSnapshot(file, await takeSnapshot(reader), 'test');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expectNoCanary(readFileSync(file, 'utf8'), file);
      const saved = (await SnapshotReader.load(file)).allObjects();
      const storage = saved.filter((o) => o.metadata.labels?.owner === 'helm').map((o) => o.kind);
      expect(storage.filter((k) => k === 'Secret')).toHaveLength(4); // shop v1-v3, cache v1
      expect(storage.filter((k) => k === 'ConfigMap')).toHaveLength(2); // billing v1, v2
      const releases = decodedReleases(saved);
      for (const release of releases) expectNoCanary(release, `${file}: a Helm release payload`);
      const back = await traceScenario('helm-configmap-storage', 'deployment', 'billing-api', 'legacy');
      const engine = await Engine.open({ snapshot: file });
      const fromFile = await engine.trace('deployment', 'billing-api', 'legacy', { now: NOW });
      expect(fromFile.chain).toEqual(back.chain);
    }
  });

  it('--cache: no canary in the cache file, which is 0600 in a 0700 directory', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'cub-scout-sensitive-')), 'cache', 'nested');
    const cached = await openCachedEngine({ kubeconfig }, 60, undefined, dir);
    await cached.engine.pipelines({ now: NOW });
    cached.save();
    const [file] = (await import('node:fs')).readdirSync(dir);
    const path = join(dir, file as string);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expectNoCanary(readFileSync(path, 'utf8'), 'cache file');
  });

  it('the CLI writes snapshot exports 0600, also over an existing 0644 file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cub-scout-sensitive-'));
    const file = join(dir, 'prod.yaml');
    (await import('node:fs')).writeFileSync(file, '', { mode: 0o644 });
    const result = await cli(['snapshot', '-o', file, '--kubeconfig', kubeconfig]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expectNoCanary(readFileSync(file, 'utf8'), 'snapshot');
  });
});
