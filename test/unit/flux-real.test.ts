// Regression tests on state written by the real Flux controllers (test/scenarios/flux-real, saved by
// test/live/flux-real.test.ts after its commit 2): the four false statements of issue 12 and the
// dependsOn diagnosis. Expected values are read from what the controllers wrote, never typed in.
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../shared/engine.js';
import { SnapshotReader } from '../../shared/reader/snapshot.js';
import type { KubeObject } from '../../shared/reader/types.js';
import { expectFluxRealPipelines } from '../helpers/flux-real-pipelines.js';
import { chainNames, scenarioPath, traceScenario } from '../helpers/scenario.js';

const SCENARIO = 'flux-real';
const NS = 'flux-system';

let objects: KubeObject[] = [];
const find = (kind: string, name: string, namespace = NS): KubeObject => {
  const found = objects.find(
    (o) => o.kind === kind && o.metadata.name === name && o.metadata.namespace === namespace,
  );
  if (!found) throw new Error(`${kind} ${namespace}/${name} is not in the scenario`);
  return found;
};
type Condition = { type: string; reason?: string; message?: string; observedGeneration?: number };
const ready = (obj: KubeObject) =>
  ((obj.status?.conditions ?? []) as Condition[]).find((c) => c.type === 'Ready');
const trace = (kind: string, name: string, namespace = NS) => traceScenario(SCENARIO, kind, name, namespace);

beforeAll(async () => {
  objects = (await SnapshotReader.load(scenarioPath(SCENARIO))).allObjects();
});

describe('real Flux: objects helm-controller creates for a HelmRelease', () => {
  it('its HelmChart is managed by the HelmRelease, shown once, never orphaned', async () => {
    const chart = find('HelmChart', 'flux-system-hello');
    expect(chart.metadata.labels?.['helm.toolkit.fluxcd.io/name']).toBe('hello');
    const result = await trace('helmchart', 'flux-system-hello');
    expect(result.managed).toBe('managed');
    expect(result.diagnosis.summary).not.toMatch(/orphan/);
    expect(chainNames(result).filter((n) => n === 'HelmChart/flux-system-hello')).toHaveLength(1);
    expect(chainNames(result).slice(-2)).toEqual(['HelmRelease/hello', 'HelmChart/flux-system-hello']);
  });

  it('its Helm storage Secret belongs to the HelmRelease, not to a standalone Helm release', async () => {
    const storage = find('HelmRelease', 'hello').status?.storageNamespace as string;
    const result = await trace('secret', 'sh.helm.release.v1.hello.v1', storage);
    expect(result).toMatchObject({ tool: 'flux', managed: 'managed' });
    expect(chainNames(result).slice(-2)).toEqual(['HelmRelease/hello', 'Secret/sh.helm.release.v1.hello.v1']);
  });

  it('pipelines: no Release pipeline beside the HelmRelease, no orphan, counts of applied objects', async () => {
    const engine = await Engine.open({ snapshot: scenarioPath(SCENARIO) });
    try {
      const report = await engine.pipelines({});
      expectFluxRealPipelines(report);
    } finally {
      await engine.close();
    }
  });
});

describe('real Flux: a traced deployer runs its own revision', () => {
  it('a suspended nested Kustomization runs its own last applied commit and is stale', async () => {
    const web = find('Kustomization', 'web');
    const source = find('GitRepository', 'repo');
    expect(web.spec?.suspend).toBe(true);
    const result = await trace('kustomization', 'web');
    expect(chainNames(result)).toEqual(['GitRepository/repo', 'Kustomization/root', 'Kustomization/web']);
    expect(result.diagnosis).toMatchObject({
      running: web.status?.lastAppliedRevision,
      expected: source.status?.artifact?.revision,
      stale: true,
    });
    expect(result.diagnosis.running).not.toBe(find('Kustomization', 'root').status?.lastAppliedRevision);
  });

  it('a HelmRelease applied by a Kustomization runs its chart version', async () => {
    const hr = find('HelmRelease', 'hello');
    const result = await trace('helmrelease', 'hello');
    expect(result.diagnosis.running).toBe(hr.status?.history?.[0]?.chartVersion);
    expect(result.diagnosis.summary).not.toContain(find('Kustomization', 'root').status?.lastAppliedRevision);
  });
});

describe('real Flux: a new spec the controller reconciled and failed', () => {
  it.each([
    ['Kustomization', 'infra'],
    ['GitRepository', 'moved'],
    ['HelmRelease', 'hello-bad'],
  ])('%s %s is not "not reconciled yet"', async (kind, name) => {
    const obj = find(kind, name);
    expect(ready(obj)?.observedGeneration).toBe(obj.metadata.generation);
    const result = await trace(kind.toLowerCase(), name);
    expect(result.chain.filter((l) => l.reconciled === false)).toEqual([]);
    expect(result.diagnosis.summary).not.toMatch(/not reconciled/);
  });

  it('the spec changes the issue saw: status.observedGeneration stayed behind', () => {
    for (const name of ['infra', 'moved']) {
      const obj = find(name === 'infra' ? 'Kustomization' : 'GitRepository', name);
      expect(obj.status?.observedGeneration).toBeLessThan(obj.metadata.generation as number);
    }
  });
});

describe('real Flux: dependsOn', () => {
  it('the chain and the diagnosis name the failed dependency as the cause', async () => {
    const infra = ready(find('Kustomization', 'infra'));
    expect(ready(find('Kustomization', 'apps'))?.reason).toBe('DependencyNotReady');
    const result = await trace('kustomization', 'apps');
    expect(result.chain.map((l) => `${l.role} ${l.kind}/${l.name}`)).toEqual([
      'source GitRepository/repo',
      'dependency Kustomization/infra',
      'object Kustomization/apps',
    ]);
    expect(result.diagnosis.brokenAt).toBe(1);
    expect(result.diagnosis.summary).toContain(
      `Kustomization ${NS}/apps is blocked by Kustomization ${NS}/infra, which failed: ${infra?.reason}: ${infra?.message}`,
    );
  });
});
