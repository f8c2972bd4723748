// Batch tracing must agree with single traces: for every scenario and the demo cluster, each
// object traced in the batch equals the same object traced alone in a fresh engine (tracedAt aside).
import { describe, expect, it } from 'vitest';
import { Engine } from '../../shared/engine.js';
import { batchIndexes, buildAllBatchIndexes } from '../../shared/index/batch-indexes.js';
import { isSkippedKind } from '../../shared/inventory/kinds.js';
import type { TraceResult } from '../../shared/model/trace-result.js';
import { groupOf } from '../../shared/reader/types.js';
import { DEMO_DIR, scenarioNames, scenarioPath, traceList } from '../helpers/scenario.js';

const NOW = new Date('2026-11-28T01:00:00Z');

const clusters = [
  ...scenarioNames().map((name) => ({ name, path: scenarioPath(name) })),
  { name: 'demo', path: DEMO_DIR },
];

function comparable(result: TraceResult): Omit<TraceResult, 'tracedAt'> {
  const { tracedAt: _ignored, ...rest } = result;
  return rest;
}

describe('batch tracing equals single traces', () => {
  it.each(clusters)('$name: every object', async ({ path }) => {
    const engine = await Engine.open({ snapshot: path });
    const batch = await engine.traceAll({ now: NOW });
    await engine.close();
    expect(batch.results.length).toBeGreaterThan(0);
    for (const result of batch.results) {
      const single = await Engine.open({ snapshot: path });
      const o = result.object;
      const alone = await single.traceRef(o, { now: NOW });
      await single.close();
      expect(comparable(result), `${o.kind}/${o.name} -n ${o.namespace ?? ''}`).toEqual(comparable(alone));
    }
  });

  it.each(clusters)('$name: every object of trace.list is in the batch', async ({ path }) => {
    const engine = await Engine.open({ snapshot: path });
    const batch = await engine.traceAll({ now: NOW });
    for (const target of traceList(path)) {
      const kind = await engine.reader.resolveKind(target.kind);
      if (isSkippedKind(kind.group, kind.kind)) continue; // Endpoints, Events: never batch-traced
      const found = batch.results.find(
        (r) =>
          r.object.kind === kind.kind &&
          groupOf(r.object.apiVersion) === kind.group &&
          r.object.name === target.name &&
          (!kind.namespaced || r.object.namespace === (target.namespace ?? 'default')),
      );
      expect(found, target.line).toBeDefined();
    }
    await engine.close();
  });
});

describe('whole-cluster lookups', () => {
  it('owner -> children, label -> objects, inventory entry -> deployers, from one loaded index', async () => {
    const engine = await Engine.open({ demo: true });
    const index = await engine.loadAll();
    const lookups = buildAllBatchIndexes(index);
    await engine.close();
    const nginx = index.get('apps', 'Deployment', 'demo', 'nginx');
    expect(
      lookups.ownerChildren.get(nginx?.metadata.uid ?? '')?.map((o) => `${o.kind}/${o.metadata.name}`),
    ).toEqual(['ReplicaSet/nginx-7c5ddbdf54']);
    expect(
      lookups.labels
        .find('kustomize.toolkit.fluxcd.io/name', 'apps')
        .map((o) => `${o.kind}/${o.metadata.name}`)
        .sort(),
    ).toEqual(['ConfigMap/nginx-config', 'Deployment/nginx', 'Service/nginx']);
    expect(
      lookups.listedBy.get('apps/Deployment/demo/nginx')?.map((d) => `${d.kind}/${d.metadata.name}`),
    ).toEqual(['Kustomization/apps']);
    expect(batchIndexes(index)).toBe(lookups); // built once per index
  });
});
