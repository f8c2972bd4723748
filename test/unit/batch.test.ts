// Batch tracing must agree with single traces: for every scenario and the demo cluster, each
// object traced in the batch equals the same object traced alone in a fresh engine (tracedAt aside).
// The single trace is the targeted one (it reads only what the chain names), so "targeted = batch";
// and it never lists a kind whole except the GitOps kinds it reads up front.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../shared/engine.js';
import { batchIndexes, buildAllBatchIndexes } from '../../shared/index/batch-indexes.js';
import { isSkippedKind } from '../../shared/inventory/kinds.js';
import type { TraceResult } from '../../shared/model/trace-result.js';
import { SnapshotReader } from '../../shared/reader/snapshot.js';
import { type ClusterReader, groupOf } from '../../shared/reader/types.js';
import { TARGETED_KINDS } from '../../shared/trace/trace.js';
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
    const upFront = new Set(TARGETED_KINDS.map((k) => `${k.group}/${k.kind}`));
    for (const result of batch.results) {
      const lists: string[] = [];
      const single = new Engine(listLogging(await SnapshotReader.load(path), lists));
      const o = result.object;
      const alone = await single.traceRef(o, { now: NOW });
      await single.close();
      const what = `${o.kind}/${o.name} -n ${o.namespace ?? ''}`;
      expect(comparable(result), what).toEqual(comparable(alone));
      // Whole kinds: only the GitOps kinds read up front. Anything else narrowed by a label
      // selector in one namespace (Helm release storage) or by its label (argocd-cm).
      const wide = lists.filter((l) => !upFront.has(l) && !/\?(.*)\?.+=/.test(l));
      expect(wide, what).toEqual([]);
      expect(
        lists.filter((l) => l.includes('owner=helm') && l.includes('??')),
        what,
      ).toEqual([]);
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

/** The reader, noting each list as `group/Kind` (whole kind) or `group/Kind?namespace?selector`. */
function listLogging(inner: ClusterReader, lists: string[]): ClusterReader {
  return {
    source: inner.source,
    warnings: inner.warnings ?? [],
    resolveKind: (input) => inner.resolveKind(input),
    kindFor: (group, kind, options) => inner.kindFor(group, kind, options),
    get: (kind, name, namespace) => inner.get(kind, name, namespace),
    list: (kind, options = {}) => {
      const narrowed = options.namespace || options.labelSelector;
      lists.push(
        `${kind.group}/${kind.kind}${narrowed ? `?${options.namespace ?? ''}?${options.labelSelector ?? ''}` : ''}`,
      );
      return inner.list(kind, options);
    },
    close: () => inner.close?.(),
  };
}

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
