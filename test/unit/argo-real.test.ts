// What real Argo CD v3.2 wrote (test/scenarios/argo-real-v3.2, captured by test/live/argo-real.test.ts
// with `cub-scout snapshot`), traced offline: pins the tracer fixes made against the real controller.
import { describe, expect, it } from 'vitest';
import { SnapshotReader } from '../../shared/reader/snapshot.js';
import { chainNames, scenarioPath, traceScenario } from '../helpers/scenario.js';

const SCENARIO = 'argo-real-v3.2';
const trace = (kind: string, name: string, namespace?: string) =>
  traceScenario(SCENARIO, kind, name, namespace);

async function app(name: string) {
  const objects = (await SnapshotReader.load(scenarioPath(SCENARIO))).allObjects();
  const found = objects.find((o) => o.kind === 'Application' && o.metadata.name === name);
  if (!found) throw new Error(`no Application ${name} in the scenario`);
  return found;
}

describe('real Argo CD v3.2 state, offline', () => {
  it('v3 stores no per-resource health: status.resourceHealthSource is appTree', async () => {
    const shop = await app('shop');
    expect(shop.status.resourceHealthSource).toBe('appTree');
    expect(shop.status.resources.every((r: { health?: unknown }) => r.health === undefined)).toBe(true);
  });

  it('a failed sync: broken at the Application with the API server error, running the old commit', async () => {
    const shop = await app('shop');
    const r = await trace('configmap', 'shop-settings', 'argo-shop');
    expect(chainNames(r)).toEqual(['Application/shop', 'ConfigMap/shop-settings']);
    expect(r.chain[0]).toMatchObject({ ready: false, reason: 'SyncFailed', status: 'Sync failed' });
    expect(r.chain[0]?.message).toMatch(
      /^one or more objects failed to apply, reason: ConfigMap "shop-broken" is invalid/,
    );
    expect(r.diagnosis).toMatchObject({
      brokenAt: 0,
      stale: true,
      running: shop.status.history.at(-1).revision,
      expected: shop.status.sync.revision,
    });
  });

  it('removed from Git with pruning off: still listed (requiresPruning), so orphaned, not managed', async () => {
    const r = await trace('configmap', 'old', 'argo-cleanup');
    expect(r.managed).toBe('orphaned');
    expect(r.fullyManaged).toBe(false);
    expect(r.diagnosis.summary).toMatch(
      /no longer in Git: Application argocd\/cleanup lists it as requiresPruning/,
    );
    expect((await trace('configmap', 'keep', 'argo-cleanup')).managed).toBe('managed');
  });

  it('two apps apply one object: the last syncer owns the mark, the other is named with its SharedResourceWarning', async () => {
    const r = await trace('configmap', 'shared-config', 'argo-shared');
    expect(chainNames(r)).toEqual(['Application/team-b', 'ConfigMap/shared-config']);
    expect(r.warnings).toContainEqual(
      expect.stringMatching(
        /^Application argocd\/team-a also applies ConfigMap\/shared-config \(SharedResourceWarning: .*team-b/,
      ),
    );
  });

  it("a cluster-scoped object: Argo CD's id carries the destination namespace and still names the object", async () => {
    const r = await trace('clusterrole', 'copycat-reader');
    expect(chainNames(r)).toEqual(['Application/copycat', 'ClusterRole/copycat-reader']);
    expect(r.managed).toBe('managed');
    expect(r.warnings).toEqual([]);
  });

  it("a hand-copied tracking id: Argo CD lists the copy without a sync status; the tracer does not call it Argo CD's", async () => {
    const copycat = await app('copycat');
    expect(copycat.status.resources.find((e: { name: string }) => e.name === 'hand-copy')).not.toHaveProperty(
      'status',
    );
    const r = await trace('configmap', 'hand-copy', 'argo-copycat');
    expect(r.managed).toBe('never-managed');
    expect(r.warnings.join('\n')).toMatch(/names ConfigMap argo-copycat\/copycat-config, not this object/);
  });

  it('app of apps and ApplicationSet chains as the controllers left them', async () => {
    expect(chainNames(await trace('configmap', 'web-config', 'argo-web'))).toEqual([
      'Application/platform',
      'Application/platform-web',
      'ConfigMap/web-config',
    ]);
    const appset = await trace('configmap', 'env-config', 'argo-envs-prod');
    expect(chainNames(appset)).toEqual([
      'ApplicationSet/envs',
      'Application/envs-prod',
      'ConfigMap/env-config',
    ]);
    expect(appset.chain[0]).toMatchObject({ status: 'Up to date', ready: true });
  });

  it('a Helm chart rendered by Argo CD: Argo-managed, Helm labels as evidence, no release', async () => {
    const r = await trace('configmap', 'hello-config', 'argo-hello');
    expect(r.tool).toBe('argo');
    expect(chainNames(r)).toEqual(['Application/hello', 'ConfigMap/hello-config']);
  });
});
