// The targeted single trace on clusters built to mislead it: it must end, give the batch's answer
// and read nothing it should not. (Every scenario's objects: test/unit/batch.test.ts.)
import { describe, expect, it } from 'vitest';
import { Engine } from '../../shared/engine.js';
import { SnapshotReader } from '../../shared/reader/snapshot.js';
import type { ClusterReader, KubeObject } from '../../shared/reader/types.js';

const NOW = new Date('2026-11-28T01:00:00Z');

function deployment(name: string, extra: Partial<KubeObject['metadata']> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'demo', uid: `uid-${name}`, ...extra },
    spec: { replicas: 1 },
  };
}

async function bothWays(objects: KubeObject[], wrap: (r: ClusterReader) => ClusterReader = (r) => r) {
  const batch = await new Engine(wrap(SnapshotReader.fromObjects(objects))).traceAll({ now: NOW });
  const single = await new Engine(wrap(SnapshotReader.fromObjects(objects))).trace(
    'deployment',
    'web',
    'demo',
    {
      now: NOW,
    },
  );
  const inBatch = batch.results.find((r) => r.object.name === 'web');
  const { tracedAt: _a, ...a } = single;
  const { tracedAt: _b, ...b } = inBatch ?? single;
  expect(inBatch).toBeDefined();
  expect(a).toEqual(b);
  return single;
}

describe('targeted trace on misleading clusters', () => {
  it('a Helm release namespace no object can be in: orphaned release, as in the batch, and no error', async () => {
    const web = deployment('web', {
      annotations: { 'meta.helm.sh/release-name': 'web', 'meta.helm.sh/release-namespace': '..' },
    });
    const result = await bothWays([web]);
    expect(result.tool).toBe('helm');
    expect(result.managed).toBe('orphaned');
  });

  it('a server that answers a GET with another object: the owner is missing and the trace ends', async () => {
    const rs = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'other', namespace: 'demo', uid: 'uid-rs' },
    };
    const web = deployment('web', {
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-rs', uid: 'uid-web-rs', controller: true },
      ],
    });
    let gets = 0;
    const lying = (inner: ClusterReader): ClusterReader => ({
      source: inner.source,
      resolveKind: (input) => inner.resolveKind(input),
      kindFor: (group, kind, options) => inner.kindFor(group, kind, options),
      list: (kind, options) => inner.list(kind, options),
      get: async (kind, name, namespace) => {
        if (kind.kind !== 'ReplicaSet') return inner.get(kind, name, namespace);
        gets++;
        return rs as KubeObject; // asked for web-rs, answers "other"
      },
    });
    const single = await new Engine(lying(SnapshotReader.fromObjects([web]))).trace(
      'deployment',
      'web',
      'demo',
      {
        now: NOW,
      },
    );
    expect(gets).toBe(1);
    expect(single.warnings.join('\n')).toMatch(/owner ReplicaSet\/web-rs of Deployment\/web does not exist/);
  });
});
