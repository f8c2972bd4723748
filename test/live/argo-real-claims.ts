// Who claims an object, as real Argo CD leaves it: an object removed from Git with pruning off, a
// tracking id copied onto another object, two Applications applying one object, and tracking by
// label instead of annotation. Last, the audit log proves cub-scout only read.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../shared/reader/types.js';
import { applyObject } from '../helpers/argocd-cluster.js';
import {
  type ArgoBed,
  application,
  chainOf,
  configMap,
  declare,
  newRepo,
  setArgoSettings,
  syncApp,
  trace,
  waitApp,
} from './argo-real-bed.js';

const TRACKING_ID = 'argocd.argoproj.io/tracking-id';

export function claimSuites(argoBed: () => Promise<ArgoBed>): void {
  describe('real Argo CD: an object removed from Git with pruning off', () => {
    let first = '';
    let second = '';
    let app: KubeObject;
    beforeAll(async () => {
      const bed = await argoBed();
      const repo = await newRepo(bed, 'cleanup');
      first = await repo.commit('two settings', {
        'deploy/keep.yaml': configMap('keep', { a: '1' }),
        'deploy/old.yaml': configMap('old', { b: '2' }),
      });
      await declare(
        bed,
        application(bed, {
          name: 'cleanup',
          repo: 'cleanup',
          path: 'deploy',
          namespace: 'argo-cleanup',
          automated: { prune: false },
        }),
      );
      await waitApp(bed, 'cleanup', (a) => a.status?.sync?.status === 'Synced', 'Synced');
      second = await repo.commit('drop old', { 'deploy/old.yaml': null });
      // Auto-sync does not run for a diff that is only an object to prune while prune is off.
      app = await waitApp(
        bed,
        'cleanup',
        (a) =>
          a.status?.sync?.revision === second &&
          (a.status?.resources ?? []).some(
            (r: { name: string; requiresPruning?: boolean }) => r.name === 'old' && r.requiresPruning,
          ),
        'the removal seen',
      );
    }, 180_000);

    it('Argo CD keeps listing the object, OutOfSync with requiresPruning, and auto-sync leaves it', () => {
      const entry = app.status.resources.find((r: { name: string }) => r.name === 'old');
      expect(entry).toMatchObject({ kind: 'ConfigMap', status: 'OutOfSync', requiresPruning: true });
      expect(app.status.sync.status).toBe('OutOfSync');
      expect(app.status.operationState.syncResult.revision).toBe(first);
    });

    it('the tracer calls it orphaned: no longer in Git, kept only because pruning is off', async () => {
      const bed = await argoBed();
      const result = await trace(bed, 'configmap', 'old', 'argo-cleanup');
      expect(result.tool).toBe('argo');
      expect(result.managed).toBe('orphaned');
      expect(result.fullyManaged).toBe(false);
      expect(result.diagnosis.healthy).toBe(false);
      expect(result.diagnosis.summary).toMatch(/no longer in Git/);
      expect(result.chain.at(-1)?.details).toMatchObject({ requiresPruning: 'true' });
      // The one still in Git is managed, and the app being OutOfSync (prune pending) is why.
      const kept = await trace(bed, 'configmap', 'keep', 'argo-cleanup');
      expect(kept.managed).toBe('managed');
    });
  });

  describe('real Argo CD: tracking ids that name another object', () => {
    let sha = '';
    beforeAll(async () => {
      const bed = await argoBed();
      const repo = await newRepo(bed, 'copycat');
      // A manifest copied from a live cluster into Git, tracking id and all.
      sha = await repo.commit('copied manifest', {
        'deploy/config.yaml': configMap(
          'copycat-config',
          { x: '1' },
          { annotations: { [TRACKING_ID]: 'guestbook:/ConfigMap:argo-guestbook/guestbook-ui' } },
        ),
        'deploy/reader.yaml': JSON.stringify({
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: { name: 'copycat-reader' },
          rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
        }),
      });
      await declare(
        bed,
        application(bed, { name: 'copycat', repo: 'copycat', path: 'deploy', namespace: 'argo-copycat' }),
      );
      await syncApp(bed, 'copycat', sha);
      // A live object copied by hand (kubectl apply of another app's object under a new name).
      await applyObject(bed.admin, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'hand-copy',
          namespace: 'argo-copycat',
          annotations: { [TRACKING_ID]: 'copycat:/ConfigMap:argo-copycat/copycat-config' },
        },
        data: { y: '2' },
      });
    }, 180_000);

    it('Argo CD rewrites a copied id in Git to its own on sync', async () => {
      const bed = await argoBed();
      const result = await trace(bed, 'configmap', 'copycat-config', 'argo-copycat');
      expect(chainOf(result)).toEqual(['Application/copycat', 'ConfigMap/copycat-config']);
      expect(result.evidence).toContainEqual({
        kind: 'annotation',
        key: TRACKING_ID,
        value: 'copycat:/ConfigMap:argo-copycat/copycat-config',
      });
    });

    it("a hand-copied object with another object's id: Argo CD shows it but will never prune it; not Argo CD's", async () => {
      const bed = await argoBed();
      // Argo CD's cluster cache files the object under the app its id names, so status.resources
      // lists it (without a sync status); its self-reference check keeps requiresPruning off, and a pruning
      // sync skips it: Argo CD does not manage it.
      const app = await waitApp(
        bed,
        'copycat',
        (a) => (a.status?.resources ?? []).some((r: { name: string }) => r.name === 'hand-copy'),
        'the copy seen',
      );
      const entry = app.status.resources.find((r: { name: string }) => r.name === 'hand-copy');
      // Listed with no sync status and no requiresPruning.
      expect(entry).toEqual({
        kind: 'ConfigMap',
        name: 'hand-copy',
        namespace: 'argo-copycat',
        version: 'v1',
      });
      const result = await trace(bed, 'configmap', 'hand-copy', 'argo-copycat');
      expect(result.tool).not.toBe('argo');
      expect(result.managed).toBe('never-managed');
      expect(result.warnings.join('\n')).toMatch(
        /names ConfigMap argo-copycat\/copycat-config, not this object/,
      );
    });
  });

  describe('real Argo CD: a cluster-scoped object', () => {
    it("Argo CD's id carries the destination namespace; the tracer accepts it as naming the object", async () => {
      const bed = await argoBed();
      const result = await trace(bed, 'clusterrole', 'copycat-reader');
      expect(result.evidence).toContainEqual({
        kind: 'annotation',
        key: TRACKING_ID,
        value: 'copycat:rbac.authorization.k8s.io/ClusterRole:argo-copycat/copycat-reader',
      });
      expect(chainOf(result)).toEqual(['Application/copycat', 'ClusterRole/copycat-reader']);
      expect(result.managed).toBe('managed');
      expect(result.warnings).toEqual([]);
    });
  });

  describe('real Argo CD: two Applications apply the same object', () => {
    beforeAll(async () => {
      const bed = await argoBed();
      const repo = await newRepo(bed, 'shared');
      const sha = await repo.commit('shared config twice', {
        'a/config.yaml': configMap('shared-config', { from: 'a' }),
        'b/config.yaml': configMap('shared-config', { from: 'b' }),
      });
      await declare(
        bed,
        application(bed, { name: 'team-a', repo: 'shared', path: 'a', namespace: 'argo-shared' }),
      );
      await declare(
        bed,
        application(bed, { name: 'team-b', repo: 'shared', path: 'b', namespace: 'argo-shared' }),
      );
      await syncApp(bed, 'team-a', sha);
      await syncApp(bed, 'team-b', sha);
      await waitApp(
        bed,
        'team-a',
        (a) => (a.status?.conditions ?? []).some((c: { type: string }) => c.type === 'SharedResourceWarning'),
        'SharedResourceWarning',
      );
    }, 180_000);

    it('the object goes to the app that applied it last, with a warning naming the other claimant', async () => {
      const bed = await argoBed();
      const result = await trace(bed, 'configmap', 'shared-config', 'argo-shared');
      expect(chainOf(result)).toEqual(['Application/team-b', 'ConfigMap/shared-config']);
      expect(result.warnings.join('\n')).toMatch(/Application argocd\/team-a also/);
      expect(result.warnings.join('\n')).toMatch(/SharedResourceWarning/);
    });
  });
}

/** Last: switching argocd-cm to label tracking changes how Argo CD sees every earlier app. */
export function labelTrackingSuites(argoBed: () => Promise<ArgoBed>): void {
  describe('real Argo CD: label tracking (application.resourceTrackingMethod: label)', () => {
    let sha = '';
    beforeAll(async () => {
      const bed = await argoBed();
      await setArgoSettings(bed, { 'application.resourceTrackingMethod': 'label' });
      const repo = await newRepo(bed, 'labelled');
      sha = await repo.commit('labelled', { 'deploy/config.yaml': configMap('labelled-config', { z: '1' }) });
      await declare(
        bed,
        application(bed, { name: 'labelled', repo: 'labelled', path: 'deploy', namespace: 'argo-labelled' }),
      );
      await syncApp(bed, 'labelled', sha);
      await waitApp(bed, 'labelled', (a) => a.status?.sync?.status === 'Synced', 'Synced');
    }, 180_000);

    it('Argo CD marks the object with the instance label only, and the tracer follows it', async () => {
      const bed = await argoBed();
      const result = await trace(bed, 'configmap', 'labelled-config', 'argo-labelled');
      expect(chainOf(result)).toEqual(['Application/labelled', 'ConfigMap/labelled-config']);
      expect(result.managed).toBe('managed');
      expect(result.evidence).toContainEqual(
        expect.objectContaining({ kind: 'label', key: 'app.kubernetes.io/instance', value: 'labelled' }),
      );
      expect(result.evidence?.some((e) => e.key === TRACKING_ID)).toBe(false);
      expect(result.diagnosis).toMatchObject({ healthy: true, running: sha });
    });
  });

  describe('real Argo CD: read-only, proven by the audit log', () => {
    it('the read-only user issued reads and no write', async () => {
      const bed = await argoBed();
      const user = bed.info.readonlyUser ?? 'cub-scout-readonly';
      const events = readFileSync(bed.info.auditLog, 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map(
          (l) =>
            JSON.parse(l) as {
              verb?: string;
              stage?: string;
              requestURI?: string;
              user?: { username?: string };
            },
        )
        .filter((e) => e.user?.username === user && e.stage === 'ResponseComplete');
      const writes = events.filter((e) =>
        ['create', 'update', 'patch', 'delete', 'deletecollection'].includes(e.verb ?? ''),
      );
      expect(writes.map((e) => `${e.verb} ${e.requestURI}`)).toEqual([]);
      expect(events.filter((e) => ['get', 'list', 'watch'].includes(e.verb ?? '')).length).toBeGreaterThan(0);
    });
  });
}
