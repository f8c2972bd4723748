// The deployer's own history, offline: Helm release storage (labels only), Flux HelmRelease and
// Kustomization status.history (real Flux state in flux-real), Argo CD status.history (real Argo CD
// state), merged with our saved traces of the object, newest first.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../shared/engine.js';
import { deployerHistory, renderDeployerHistory } from '../../shared/history/deployer.js';
import { HistoryStore } from '../../shared/history/store.js';
import type { DeployerHistory } from '../../shared/model/deployer-history.js';
import { expectNoCanary } from '../helpers/canary.js';
import { scenarioPath } from '../helpers/scenario.js';

const NOW = new Date('2026-11-28T01:00:00Z');

async function historyOf(
  scenario: string,
  kind: string,
  name: string,
  namespace: string,
  store?: HistoryStore,
): Promise<DeployerHistory> {
  const engine = await Engine.open({ snapshot: scenarioPath(scenario) });
  try {
    const trace = await engine.trace(kind, name, namespace, { now: NOW });
    return await deployerHistory(engine.reader, trace, { store });
  } finally {
    await engine.close();
  }
}

describe('deployer history', () => {
  it('Helm: every revision from the storage labels, newest first, merged with our saved traces', async () => {
    const store = new HistoryStore(mkdtempSync(join(tmpdir(), 'cub-scout-deployer-')));
    const engine = await Engine.open({ snapshot: scenarioPath('helm-revisions') });
    const trace = await engine.trace('deployment', 'shop-web', 'shop', { now: NOW });
    await store.save({
      face: 'cli',
      context: null,
      result: trace,
      savedAt: new Date('2026-11-28T02:00:00Z'),
    });
    const history = await deployerHistory(engine.reader, trace, { store });
    expect(history.deployer).toMatchObject({ kind: 'Release', name: 'shop', namespace: 'shop' });
    expect(history.from).toBe('Helm release storage (Secrets owner=helm,name=shop in shop)');
    expect(history.events.map((e) => [e.type, e.revision, e.status])).toEqual([
      ['trace', 'revision 2', 'broken'],
      ['deploy', 'revision 3', 'failed'],
      ['deploy', 'revision 2', 'deployed'],
      ['deploy', 'revision 1', 'superseded'],
    ]);
    expect(history.events[0]?.text).toBe(
      'our trace (cli) at 2026-11-28T02:00:00.000Z saw it broken at Release/shop (deployed; revision 3 failed), running revision 2',
    );
    expect(history.events[1]?.text).toBe(
      'revision 3 applied at 2025-11-28T08:53:20.000Z by Helm release shop/shop (now failed)',
    );
    // Values and the canary stay in the release payload, which is never decoded here.
    expectNoCanary(JSON.stringify(history) + renderDeployerHistory(history), 'deployer history');
    await engine.close();
  });

  it('Flux HelmRelease and Kustomization: status.history', async () => {
    const hr = await historyOf('flux-real', 'helmrelease', 'hello', 'flux-system');
    expect(hr.from).toBe('status.history of HelmRelease flux-system/hello');
    expect(hr.events).toEqual([
      expect.objectContaining({
        type: 'deploy',
        at: '2026-12-01T23:12:22Z',
        revision: 'revision 1',
        status: 'deployed',
        text: 'revision 1 (chart hello 0.1.0, app 1.0.0) deployed at 2026-12-01T23:12:22Z by Flux HelmRelease flux-system/hello',
      }),
    ]);
    const ks = await historyOf('flux-real', 'deployment', 'web', 'web');
    expect(ks.deployer).toMatchObject({ kind: 'Kustomization', name: 'web', namespace: 'flux-system' });
    expect(ks.events[0]).toMatchObject({
      revision: 'main@sha1:7bd82f948e28b58978a16c548e42dfe9dcab04e9',
      status: 'ReconciliationSucceeded',
      by: 'Flux Kustomization flux-system/web',
    });
  });

  it('Argo CD: status.history of the Application, newest first', async () => {
    const app = await historyOf('argo-real-v3.2', 'deployment', 'hello', 'argo-hello');
    expect(app.deployer).toMatchObject({ kind: 'Application', name: 'hello', namespace: 'argocd' });
    expect(app.events[0]).toMatchObject({
      type: 'deploy',
      revision: 'c0a614a0dc140e7133a8980fb7f90493e9a07350',
      at: '2026-12-01T22:44:02Z',
    });
    expect(app.events[0]?.text).toContain(
      'synced at 2026-12-01T22:44:02Z by Argo CD Application argocd/hello',
    );
  });

  it('an object nothing deployed, and a deployer that records no history, say so', async () => {
    const orphan = await historyOf('drift', 'deployment', 'flux-app', 'drift');
    expect(orphan.events).toEqual([]);
    expect(orphan.warnings.join(' ')).toMatch(/Kustomization|deployer/);
    const demo = await historyOf('../../shared/demo', 'deployment', 'nginx', 'demo');
    expect(demo.deployer).toMatchObject({ kind: 'Kustomization', name: 'apps' });
    expect(demo.warnings).toContain(
      'Flux Kustomization flux-system/apps records no history (status.history of Kustomization flux-system/apps is empty)',
    );
  });
});
