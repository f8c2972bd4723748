// Discovery kept on disk between runs (like kubectl's ~/.kube/cache/discovery), and what a cold
// single trace sends through the live reader: the stand-in API server logs every request.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../shared/engine.js';
import { httpStats } from '../../shared/reader/http-stats.js';
import { openLiveReader } from '../../shared/reader/live.js';
import { SnapshotReader } from '../../shared/reader/snapshot.js';
import type { ClusterReader } from '../../shared/reader/types.js';
import { type FakeApiServer, type FakeOptions, startFakeApiServer } from '../helpers/fake-apiserver.js';
import { DEMO_DIR } from '../helpers/scenario.js';

const NOW = new Date('2026-11-28T01:00:00Z');
let server: FakeApiServer | undefined;
let cache: string;
const saved = { dir: process.env.CUB_SCOUT_CACHE_DIR, ttl: process.env.CUB_SCOUT_DISCOVERY_TTL };

beforeEach(() => {
  cache = mkdtempSync(join(tmpdir(), 'cub-scout-discovery-'));
  process.env.CUB_SCOUT_CACHE_DIR = cache;
  process.env.CUB_SCOUT_DISCOVERY_TTL = String(6 * 3600); // kubectl's six hours
});

afterEach(async () => {
  await server?.close();
  server = undefined;
  process.env.CUB_SCOUT_CACHE_DIR = saved.dir;
  process.env.CUB_SCOUT_DISCOVERY_TTL = saved.ttl;
});

async function start(options: FakeOptions = {}): Promise<string> {
  server = await startFakeApiServer(options);
  return server.kubeconfig(mkdtempSync(join(tmpdir(), 'cub-scout-live-')));
}

function discoveryRequests(): number {
  return (server?.requests ?? []).filter((r) => r.path === '/api' || r.path === '/apis').length;
}

function discoveryFile(): string {
  const dir = join(cache, 'discovery');
  const [name] = readdirSync(dir);
  return join(dir, name as string);
}

async function reader(kubeconfig: string): Promise<ClusterReader> {
  return openLiveReader({ kubeconfig });
}

describe('discovery kept on disk', () => {
  it('a second reader of the same server asks no discovery; the file is yours only and holds no credential', async () => {
    const kubeconfig = await start();
    expect((await (await reader(kubeconfig)).resolveKind('deploy')).kind).toBe('Deployment');
    expect(discoveryRequests()).toBe(2);
    expect((await (await reader(kubeconfig)).resolveKind('ks')).kind).toBe('Kustomization');
    expect(discoveryRequests()).toBe(2);
    const file = discoveryFile();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(cache, 'discovery')).mode & 0o777).toBe(0o700);
    expect(readFileSync(file, 'utf8')).not.toContain('fake-token');
  });

  it('a kind the kept discovery lacks (a CRD installed since) makes the reader ask the server again, once', async () => {
    const kubeconfig = await start();
    await (await reader(kubeconfig)).resolveKind('deploy');
    const file = discoveryFile();
    const kept = JSON.parse(readFileSync(file, 'utf8'));
    kept.kinds = kept.kinds.filter((k: { kind: string }) => k.kind !== 'Kustomization');
    writeFileSync(file, JSON.stringify(kept));
    const next = await reader(kubeconfig);
    expect((await next.resolveKind('ks')).kind).toBe('Kustomization');
    expect(discoveryRequests()).toBe(4);
    // An object naming a kind nobody serves asks no more than once per reader.
    expect(await next.kindFor('example.com', 'Widget', { named: true })).toBeUndefined();
    await expect(next.resolveKind('widgets')).rejects.toThrow(/widgets/);
    expect(discoveryRequests()).toBe(4);
  });

  it('a trace whose chain names a kind the kept discovery lacks asks the server before saying its CRD is missing', async () => {
    const kubeconfig = await start({ cluster: (await SnapshotReader.load(DEMO_DIR)).allObjects() });
    await (await reader(kubeconfig)).resolveKind('deploy');
    const file = discoveryFile();
    const kept = JSON.parse(readFileSync(file, 'utf8'));
    kept.kinds = kept.kinds.filter((k: { kind: string }) => k.kind !== 'Kustomization');
    writeFileSync(file, JSON.stringify(kept));
    const engine = new Engine(await reader(kubeconfig));
    const result = await engine.trace('deployment', 'nginx', 'demo', { now: NOW });
    const offline = await (await Engine.open({ demo: true })).trace('deployment', 'nginx', 'demo', {
      now: NOW,
    });
    expect(result.chain.map((l) => `${l.kind}/${l.name}`)).toEqual(
      offline.chain.map((l) => `${l.kind}/${l.name}`),
    );
    expect(result.warnings).toEqual(offline.warnings);
    expect(discoveryRequests()).toBe(4);
  });

  it('CUB_SCOUT_DISCOVERY_TTL=0 keeps nothing on disk', async () => {
    process.env.CUB_SCOUT_DISCOVERY_TTL = '0';
    const kubeconfig = await start();
    await (await reader(kubeconfig)).resolveKind('deploy');
    await (await reader(kubeconfig)).resolveKind('deploy');
    expect(discoveryRequests()).toBe(4);
    expect(readdirSync(cache)).toEqual([]);
  });

  it('a kept file that is malformed, hostile or of another server is ignored and rewritten', async () => {
    const kubeconfig = await start();
    await (await reader(kubeconfig)).resolveKind('deploy');
    const file = discoveryFile();
    const kept = JSON.parse(readFileSync(file, 'utf8'));
    const bad = [
      '{not json',
      JSON.stringify({ ...kept, server: 'https://elsewhere:6443' }),
      JSON.stringify({ ...kept, kinds: [{ ...kept.kinds[0], plural: '../../etc' }] }),
      JSON.stringify({ ...kept, savedAt: '2000-01-01T00:00:00Z' }),
      JSON.stringify({ ...kept, pad: 'x'.repeat(17 << 20) }),
    ];
    let expected = 2;
    for (const content of bad) {
      writeFileSync(file, content);
      expect((await (await reader(kubeconfig)).resolveKind('deploy')).kind).toBe('Deployment');
      expected += 2;
      expect(discoveryRequests(), content.slice(0, 40)).toBe(expected);
    }
    expect(JSON.parse(readFileSync(file, 'utf8')).kinds.length).toBe(kept.kinds.length);
  });
});

describe('a cold single trace through the live reader', () => {
  it('reads the object with the GitOps kinds, then only what the chain names: no wide list, at most 3 rounds', async () => {
    const objects = (await SnapshotReader.load(DEMO_DIR)).allObjects();
    const kubeconfig = await start({ cluster: objects });
    for (const [kind, name, namespace] of [
      ['deployment', 'nginx', 'demo'],
      ['deployment', 'podinfo', 'podinfo'],
      ['deployment', 'metrics-kube-state-metrics', 'observability'],
    ] as const) {
      const before = httpStats();
      const from = server?.requests.length ?? 0;
      const engine = new Engine(await reader(kubeconfig));
      const live = await engine.trace(kind, name, namespace, { now: NOW });
      await engine.close();
      const rounds = httpStats().rounds - before.rounds;
      const offline = await Engine.open({ demo: true });
      const expected = await offline.trace(kind, name, namespace, { now: NOW });
      expect(live.chain.map((l) => `${l.kind}/${l.name}`)).toEqual(
        expected.chain.map((l) => `${l.kind}/${l.name}`),
      );
      const lists = (server?.requests ?? []).slice(from).filter((r) => /^\/apis?\/.*[a-z]$/.test(r.path));
      const wide = lists.filter(
        (r) =>
          /\/(configmaps|secrets|deployments|replicasets|pods)$/.test(r.path) &&
          !r.path.includes('/namespaces/') &&
          !r.query.get('labelSelector'),
      );
      expect(wide.map((r) => r.path)).toEqual([]);
      // Helm release storage: by its labels, in the release's namespace only.
      const secrets = lists.filter((r) => r.path.endsWith('/secrets'));
      for (const r of secrets) expect(r.path).toMatch(/\/namespaces\/[^/]+\/secrets$/);
      if (name !== 'nginx') expect(secrets.length).toBeGreaterThan(0);
      expect(rounds, `${kind}/${name}`).toBeLessThanOrEqual(3);
    }
  });
});
