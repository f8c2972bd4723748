// Applications as real Argo CD syncs them: a healthy app, a failed sync, drift with auto-sync off,
// an app of apps, an ApplicationSet, a Helm chart and a kustomize overlay.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ClusterIndex } from '../../shared/index/cluster-index.js';
import type { KubeObject } from '../../shared/reader/types.js';
import { traceApplication } from '../../shared/trace/argo-app.js';
import {
  type ArgoBed,
  application,
  chainOf,
  configMap,
  declare,
  newRepo,
  readonly,
  reopen,
  syncApp,
  trace,
  waitApp,
} from './argo-real-bed.js';
import { NOW } from './testbed.js';

const CHART_DIR = join(import.meta.dirname, '..', 'cluster', 'fixtures', 'chart');
const synced = (a: KubeObject) => a.status?.sync?.status === 'Synced';
const healthy = (a: KubeObject) => synced(a) && a.status?.health?.status === 'Healthy';

export function appSuites(argoBed: () => Promise<ArgoBed>): void {
  describe('real Argo CD: a healthy synced app', () => {
    let sha = '';
    let app: KubeObject;
    beforeAll(async () => {
      const bed = await argoBed();
      const repo = await newRepo(bed, 'guestbook');
      sha = await repo.commit('guestbook', {
        'deploy/configmap.yaml': configMap('guestbook-ui', { color: 'blue' }),
        'deploy/service.yaml': JSON.stringify({
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'guestbook-ui' },
          spec: { ports: [{ port: 80, targetPort: 8080 }], selector: { app: 'guestbook-ui' } },
        }),
      });
      await declare(
        bed,
        application(bed, {
          name: 'guestbook',
          repo: 'guestbook',
          path: 'deploy',
          namespace: 'argo-guestbook',
        }),
      );
      app = await syncApp(bed, 'guestbook', sha);
      app = await waitApp(bed, 'guestbook', healthy, 'Synced and Healthy');
    }, 180_000);

    it('Argo CD v3 wrote what the tracer reads: no per-resource health, resourceHealthSource appTree', () => {
      expect(app.status.operationState.phase).toBe('Succeeded');
      expect(app.status.resourceHealthSource).toBe('appTree');
      expect(
        app.status.resources.map((r: { kind: string; name: string }) => `${r.kind}/${r.name}`).sort(),
      ).toEqual(['ConfigMap/guestbook-ui', 'Service/guestbook-ui']);
      expect(app.status.resources.every((r: { health?: unknown }) => r.health === undefined)).toBe(true);
    });

    it('traces the ConfigMap to the Application: managed, fully, at the synced commit', async () => {
      const bed = await argoBed();
      const result = await trace(bed, 'configmap', 'guestbook-ui', 'argo-guestbook');
      expect(result.tool).toBe('argo');
      expect(result.managed).toBe('managed');
      expect(result.fullyManaged).toBe(true);
      expect(chainOf(result)).toEqual(['Application/guestbook', 'ConfigMap/guestbook-ui']);
      expect(result.chain[0]).toMatchObject({
        status: 'Synced/Healthy',
        ready: true,
        revision: sha,
        path: 'deploy',
      });
      expect(result.diagnosis).toMatchObject({
        healthy: true,
        brokenAt: null,
        running: sha,
        expected: sha,
        stale: false,
      });
      expect(result.evidence).toContainEqual({
        kind: 'annotation',
        key: 'argocd.argoproj.io/tracking-id',
        value: 'guestbook:/ConfigMap:argo-guestbook/guestbook-ui',
      });
      expect(result.warnings).toEqual([]);
    });

    it("a commit outside the app's path: still Synced at the new commit, not stale although history is older", async () => {
      const bed = await argoBed();
      const repo = reopen(bed, 'guestbook');
      const readme = await repo.commit('docs only', { 'README.md': '# guestbook\n' });
      const app = await waitApp(
        bed,
        'guestbook',
        (a) => synced(a) && a.status.sync.revision === readme,
        'Synced at the docs commit',
      );
      expect(app.status.history.map((h: { revision: string }) => h.revision)).toEqual([sha]);
      const result = await trace(bed, 'configmap', 'guestbook-ui', 'argo-guestbook');
      expect(result.diagnosis).toMatchObject({
        healthy: true,
        stale: false,
        running: readme,
        expected: readme,
      });
      sha = readme;
    });

    it('trace --app lists the resources with health computed from the live objects (a ConfigMap has none, as in Argo CD)', async () => {
      const bed = await argoBed();
      const reader = await readonly(bed);
      try {
        const { trace: appTrace, resources } = await traceApplication(
          new ClusterIndex(reader),
          'guestbook',
          'argocd',
          { now: NOW },
        );
        expect(appTrace.chain.at(-1)).toMatchObject({ kind: 'Application', status: 'Synced/Healthy' });
        expect(resources.map((r) => [r.kind, r.name, r.sync, r.health, r.healthSource, r.live])).toEqual([
          ['ConfigMap', 'guestbook-ui', 'Synced', null, 'none', true],
          ['Service', 'guestbook-ui', 'Synced', 'Healthy', 'computed', true],
        ]);
      } finally {
        await reader.close?.();
      }
    });
  });

  describe('real Argo CD: a sync that fails on an invalid manifest in a new commit', () => {
    let good = '';
    let bad = '';
    let app: KubeObject;
    beforeAll(async () => {
      const bed = await argoBed();
      const repo = await newRepo(bed, 'shop');
      good = await repo.commit('shop v1', {
        'deploy/settings.yaml': configMap('shop-settings', { tier: 'v1' }),
      });
      await declare(
        bed,
        application(bed, { name: 'shop', repo: 'shop', path: 'deploy', namespace: 'argo-shop' }),
      );
      await syncApp(bed, 'shop', good);
      // A data key with a space: valid YAML, rejected by the API server at apply.
      bad = await repo.commit('shop v2: broken', {
        'deploy/settings.yaml': configMap('shop-settings', { tier: 'v2' }),
        'deploy/broken.yaml': configMap('shop-broken', { 'not a valid key': 'x' }),
      });
      app = await syncApp(bed, 'shop', bad);
    }, 180_000);

    it('Argo CD recorded a failed operation at the new commit, history still at the old one', () => {
      expect(app.status.operationState.phase).toBe('Failed');
      expect(app.status.operationState.syncResult.revision).toBe(bad);
      expect(app.status.history.map((h: { revision: string }) => h.revision)).toEqual([good]);
      expect(app.status.sync).toMatchObject({ status: 'OutOfSync', revision: bad });
    });

    it('the chain breaks at the Application with the apply error; the object runs the old commit', async () => {
      const bed = await argoBed();
      const result = await trace(bed, 'configmap', 'shop-settings', 'argo-shop');
      expect(result.tool).toBe('argo');
      expect(result.managed).toBe('managed');
      expect(chainOf(result)).toEqual(['Application/shop', 'ConfigMap/shop-settings']);
      expect(result.diagnosis).toMatchObject({
        healthy: false,
        brokenAt: 0,
        running: good,
        expected: bad,
        stale: true,
      });
      expect(result.chain[0]).toMatchObject({ ready: false, reason: 'SyncFailed', status: 'Sync failed' });
      expect(result.chain[0]?.message).toMatch(/shop-broken/);
      expect(result.diagnosis.summary).toContain(`still runs ${good} while the source is at ${bad}`);
    });
  });

  describe('real Argo CD: drift from Git with automated sync off', () => {
    let first = '';
    let second = '';
    beforeAll(async () => {
      const bed = await argoBed();
      const repo = await newRepo(bed, 'blog');
      first = await repo.commit('blog v1', {
        'k8s/settings.yaml': configMap('blog-settings', { theme: 'light' }),
      });
      await declare(
        bed,
        application(bed, { name: 'blog', repo: 'blog', path: 'k8s', namespace: 'argo-blog' }),
      );
      await syncApp(bed, 'blog', first);
      second = await repo.commit('blog v2', {
        'k8s/settings.yaml': configMap('blog-settings', { theme: 'dark' }),
      });
      await waitApp(
        bed,
        'blog',
        (a) => a.status?.sync?.status === 'OutOfSync' && a.status.sync.revision === second,
        'OutOfSync at the new commit',
      );
    }, 180_000);

    it('breaks at the OutOfSync Application, says auto-sync is off, and runs the old commit', async () => {
      const bed = await argoBed();
      const result = await trace(bed, 'configmap', 'blog-settings', 'argo-blog');
      expect(result.managed).toBe('managed');
      expect(result.chain[0]).toMatchObject({ kind: 'Application', ready: false, reason: 'OutOfSync' });
      expect(result.chain[0]?.message).toMatch(/auto-sync is off/);
      expect(result.chain[0]?.details).toMatchObject({ autoSync: 'off', sync: 'OutOfSync' });
      expect(result.chain.at(-1)?.details).toMatchObject({ sync: 'OutOfSync' });
      expect(result.diagnosis).toMatchObject({ brokenAt: 0, running: first, expected: second, stale: true });
    });
  });

  describe('real Argo CD: an app of apps', () => {
    let sha = '';
    beforeAll(async () => {
      const bed = await argoBed();
      const repo = await newRepo(bed, 'platform');
      const child = application(bed, {
        name: 'platform-web',
        repo: 'platform',
        path: 'web',
        namespace: 'argo-web',
        automated: { prune: true },
      });
      sha = await repo.commit('platform', {
        'apps/web.yaml': JSON.stringify(child),
        'web/config.yaml': configMap('web-config', { replicas: '2' }),
      });
      await declare(
        bed,
        application(bed, {
          name: 'platform',
          repo: 'platform',
          path: 'apps',
          namespace: 'argocd',
          automated: { prune: true },
        }),
      );
      await waitApp(bed, 'platform', healthy, 'root Synced and Healthy');
      await waitApp(bed, 'platform-web', healthy, 'child Synced and Healthy');
    }, 180_000);

    it('chains the parent Application, the child Application and the object', async () => {
      const bed = await argoBed();
      const result = await trace(bed, 'configmap', 'web-config', 'argo-web');
      expect(chainOf(result)).toEqual([
        'Application/platform',
        'Application/platform-web',
        'ConfigMap/web-config',
      ]);
      expect(result.chain.map((l) => l.role)).toEqual(['applier', 'deployer', 'object']);
      expect(result.diagnosis).toMatchObject({ healthy: true, running: sha, expected: sha });
      expect(result.fullyManaged).toBe(true);
    });

    it('traces the child Application itself to its parent by its tracking id', async () => {
      const bed = await argoBed();
      const result = await trace(bed, 'application', 'platform-web', 'argocd');
      expect(chainOf(result)).toEqual(['Application/platform', 'Application/platform-web']);
      expect(result.managed).toBe('managed');
      expect(result.evidence).toContainEqual({
        kind: 'annotation',
        key: 'argocd.argoproj.io/tracking-id',
        value: 'platform:argoproj.io/Application:argocd/platform-web',
      });
    });
  });

  describe('real Argo CD: an ApplicationSet with a list generator', () => {
    beforeAll(async () => {
      const bed = await argoBed();
      const repo = await newRepo(bed, 'envs');
      await repo.commit('envs', {
        'dev/config.yaml': configMap('env-config', { env: 'dev' }),
        'prod/config.yaml': configMap('env-config', { env: 'prod' }),
      });
      const template = application(bed, {
        name: 'envs-{{env}}',
        repo: 'envs',
        path: '{{env}}',
        namespace: 'argo-envs-{{env}}',
        automated: {},
      });
      await declare(bed, {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'ApplicationSet',
        metadata: { name: 'envs', namespace: 'argocd' },
        spec: {
          generators: [{ list: { elements: [{ env: 'dev' }, { env: 'prod' }] } }],
          template: { metadata: { name: 'envs-{{env}}' }, spec: template.spec },
        },
      });
      await waitApp(bed, 'envs-dev', healthy, 'generated and Healthy');
      await waitApp(bed, 'envs-prod', healthy, 'generated and Healthy');
    }, 180_000);

    it('chains the ApplicationSet, the generated Application and the object', async () => {
      const bed = await argoBed();
      const result = await trace(bed, 'configmap', 'env-config', 'argo-envs-prod');
      expect(chainOf(result)).toEqual([
        'ApplicationSet/envs',
        'Application/envs-prod',
        'ConfigMap/env-config',
      ]);
      expect(result.chain[0]).toMatchObject({
        role: 'generator',
        ready: true,
        status: 'Up to date',
        details: { generators: 'list' },
      });
      expect(result.diagnosis.healthy).toBe(true);
      expect(result.fullyManaged).toBe(true);
    });
  });

  describe('real Argo CD: a Helm chart and a kustomize overlay from Git', () => {
    let chartSha = '';
    let kustomizeSha = '';
    beforeAll(async () => {
      const bed = await argoBed();
      const charts = await newRepo(bed, 'charts');
      chartSha = await charts.commitDir('hello chart', CHART_DIR, 'hello');
      await declare(
        bed,
        application(bed, { name: 'hello', repo: 'charts', path: 'hello', namespace: 'argo-hello' }),
      );
      const overlays = await newRepo(bed, 'overlays');
      kustomizeSha = await overlays.commit('base and prod overlay', {
        'base/kustomization.yaml': 'resources: [config.yaml]\n',
        'base/config.yaml': configMap('app-config', { level: 'base' }),
        'prod/kustomization.yaml':
          'resources: [../base]\nnamePrefix: prod-\nlabels:\n- pairs: {tier: prod}\n',
      });
      await declare(
        bed,
        application(bed, { name: 'overlay', repo: 'overlays', path: 'prod', namespace: 'argo-overlay' }),
      );
      await syncApp(bed, 'hello', chartSha);
      await syncApp(bed, 'overlay', kustomizeSha);
      await waitApp(bed, 'overlay', healthy, 'Synced and Healthy');
    }, 240_000);

    it('a chart rendered by Argo CD: the ConfigMap leads to the Application, not to a Helm release', async () => {
      const bed = await argoBed();
      const result = await trace(bed, 'configmap', 'hello-config', 'argo-hello');
      expect(result.tool).toBe('argo');
      expect(chainOf(result)).toEqual(['Application/hello', 'ConfigMap/hello-config']);
      expect(result.chain[0]).toMatchObject({ path: 'hello', revision: chartSha });
      expect(result.evidence).toContainEqual(
        expect.objectContaining({ kind: 'label', key: 'app.kubernetes.io/managed-by', value: 'Helm' }),
      );
    });

    it('the chart Deployment never becomes available without a kubelet: the app is not Healthy and says why', async () => {
      const bed = await argoBed();
      const result = await trace(bed, 'deployment', 'hello', 'argo-hello');
      expect(chainOf(result)).toEqual(['Application/hello', 'Deployment/hello']);
      expect(result.chain[0]?.status).toMatch(/^Synced\/(Progressing|Degraded)$/);
      expect(result.chain[1]?.status).toMatch(/Progressing|Degraded/);
    });

    it('a kustomize overlay: the prefixed ConfigMap leads to its Application', async () => {
      const bed = await argoBed();
      const result = await trace(bed, 'configmap', 'prod-app-config', 'argo-overlay');
      expect(chainOf(result)).toEqual(['Application/overlay', 'ConfigMap/prod-app-config']);
      expect(result.chain[0]).toMatchObject({ path: 'prod', ready: true });
      expect(result.diagnosis).toMatchObject({ healthy: true, running: kustomizeSha });
    });
  });
}
