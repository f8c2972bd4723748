// --compare on the demo cluster: our trace of the demo snapshot against what flux v2.9.5 printed
// for the same objects loaded on the test bed (test/fixtures/crosscheck), and argocd answers in the
// documented format. Each difference names what a user would look at, and why the tools disagree.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgocdApp } from '../../shared/crosscheck/argocd-app-parse.js';
import { compareTraces } from '../../shared/crosscheck/compare.js';
import { parseFluxTrace } from '../../shared/crosscheck/flux-trace-parse.js';
import { managingApplication } from '../../shared/crosscheck/via.js';
import { Engine } from '../../shared/engine.js';
import type { TraceResult } from '../../shared/model/trace-result.js';
import { renderCrossCheckText } from '../../shared/render/crosscheck-text.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'crosscheck');
const read = (file: string) => readFileSync(join(DIR, file), 'utf8');
const NOW = new Date('2026-11-28T01:00:00Z');

describe('compare: cub-scout and the flux / argocd CLIs on the demo cluster', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await Engine.open({ demo: true });
  });
  afterAll(async () => {
    await engine.close();
  });
  const ours = (kind: string, name: string, ns: string) => engine.trace(kind, name, ns, { now: NOW });
  const theirsFlux = (fixture: string, result: TraceResult) =>
    parseFluxTrace(read(`flux-trace-${fixture}.out`), read(`flux-trace-${fixture}.err`), result.object, NOW)
      .theirs as TraceResult;

  it('a failing nested Kustomization: flux trace shows one level and calls the failed Kustomization "Last reconciled"', async () => {
    const result = await ours('deployment', 'nginx', 'demo');
    const differences = compareTraces('flux', result, theirsFlux('kustomization-failed', result));
    expect(differences.map((d) => [d.aspect, d.link ?? '', d.ours])).toEqual([
      ['chain', '', 'GitRepository/flux-system, Kustomization/flux-system'],
      ['status', 'Kustomization/apps', 'Reconciliation failed: BuildFailed'],
    ]);
    expect(differences[0]?.why).toMatch(/^flux trace shows one level/);
    expect(differences[1]?.theirs).toBe('Last reconciled at 2026-11-28 00:58:30 +0000 UTC');
    expect(differences[1]?.why).toContain('kustomization path not found');
  });

  it('a Pod: the owners and the root Kustomization are ours only; nothing else differs', async () => {
    const result = await ours('pod', 'web-5d8f9c7b6-4kq7m', 'demo');
    const differences = compareTraces('flux', result, theirsFlux('pod-owner', result));
    expect(differences).toHaveLength(1);
    expect(differences[0]?.ours).toBe(
      'GitRepository/flux-system, Kustomization/flux-system, Deployment/web, ReplicaSet/web-5d8f9c7b6',
    );
  });

  it('a HelmRelease chain agrees link for link (revisions included)', async () => {
    const result = await ours('deployment', 'podinfo', 'podinfo');
    const differences = compareTraces('flux', result, theirsFlux('helmrelease', result));
    expect(differences.filter((d) => d.aspect !== 'chain')).toEqual([]);
  });

  it('an object of an Argo CD app: flux says not managed by Flux, we say Argo CD', async () => {
    const result = await ours('deployment', 'api', 'payments');
    const differences = compareTraces('flux', result, theirsFlux('argo', result));
    expect(differences[0]).toMatchObject({ aspect: 'managed', ours: 'managed', theirs: 'never-managed' });
    expect(differences[0]?.why).toBe('flux trace knows only Flux; cub-scout traced it to argo');
  });

  it('an orphan left under prune: false: flux trace (labels only) says managed, we say orphaned, and why', async () => {
    const result = await ours('deployment', 'legacy-exporter', 'observability');
    expect(result.managed).toBe('orphaned');
    // What flux trace prints for an object whose labels still name a Kustomization.
    const theirs = parseFluxTrace(
      `\nObject:          Deployment/legacy-exporter\nNamespace:       observability\nStatus:          Managed by Flux\n`,
      '',
      result.object,
      NOW,
    ).theirs as TraceResult;
    const differences = compareTraces('flux', result, theirs);
    expect(differences[0]).toMatchObject({ aspect: 'managed', ours: 'orphaned', theirs: 'managed' });
    expect(differences[0]?.why).toContain("flux trace reads the object's labels only");
    expect(differences[0]?.why).toContain('prune: false');
  });

  it('argocd: the app of the object (a failed sync in our trace, Synced/Healthy in theirs); the chain above it is ours only', async () => {
    const result = await ours('deployment', 'cart', 'shop');
    const app = managingApplication(result);
    expect(app).toBeDefined();
    const json = JSON.stringify({
      metadata: { name: app?.name, namespace: app?.namespace },
      spec: { source: { repoURL: 'https://github.com/acme/shop', path: 'apps/cart' } },
      status: {
        sync: { status: 'Synced', revision: result.diagnosis.running },
        health: { status: 'Healthy' },
        resources: [{ group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'cart', status: 'Synced' }],
      },
    });
    const theirs = parseArgocdApp(json, result.object, NOW).theirs as TraceResult;
    const differences = compareTraces('argocd', result, theirs);
    expect(app).toEqual({ name: 'shop', namespace: 'argocd' });
    expect(differences.map((d) => [d.aspect, d.link ?? '', d.ours, d.theirs])).toEqual([
      ['chain', '', 'Unit/cart, Application/root', null],
      // Told Synced at what runs, argocd expects that; we expect the commit the failed sync tried.
      ['expected', '', result.diagnosis.expected, result.diagnosis.running],
      ['ready', 'Application/shop', 'Sync failed', 'Synced/Healthy'],
    ]);
    expect(result.diagnosis.expected).not.toBe(result.diagnosis.running);
    expect(differences[0]?.why).toMatch(/^argocd app get shows one Application/);
    const text = renderCrossCheckText({ tool: 'argocd', command: ['argocd'], theirs, differences }, true);
    expect(text).toContain(`Application/${app?.name}`);
    expect(text).toMatch(/COMPARE cub-scout and argocd app get: (no differences|\d+ difference)/);
  });
});
