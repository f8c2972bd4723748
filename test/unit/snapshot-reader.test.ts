// The snapshot backend: file formats, kind resolution like kubectl, selectors, and bad input.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClusterIndex } from '../../shared/index/cluster-index.js';
import { SnapshotReader } from '../../shared/reader/snapshot.js';
import { traceObject } from '../../shared/trace/trace.js';
import { DEMO_DIR } from '../helpers/scenario.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

describe('loading snapshots', () => {
  it('reads a directory of multi-document YAML', async () => {
    const reader = await SnapshotReader.load(DEMO_DIR);
    const deployments = await reader.list(await reader.resolveKind('deploy'));
    expect(deployments.map((d) => `${d.metadata.namespace}/${d.metadata.name}`)).toEqual(
      expect.arrayContaining([
        'demo/nginx',
        'demo/web',
        'podinfo/podinfo',
        'cache/redis',
        'monitoring/grafana',
      ]),
    );
  });

  it('reads kind: List, typed lists from kubectl get -o yaml, and plain JSON objects', async () => {
    const reader = await SnapshotReader.load(join(FIXTURES, 'list-json'));
    const deploy = await reader.resolveKind('deployments.apps');
    expect((await reader.list(deploy, { namespace: 'shop' })).map((d) => d.metadata.name).sort()).toEqual([
      'api',
      'ui',
    ]);
    const svc = await reader.get(await reader.resolveKind('svc'), 'api', 'shop');
    expect(svc).toMatchObject({ apiVersion: 'v1', kind: 'Service' });
    expect(await reader.get(await reader.resolveKind('cm'), 'shop-settings', 'shop')).toBeDefined();
  });

  it('filters lists by label selector', async () => {
    const reader = await SnapshotReader.load(join(FIXTURES, 'list-json'));
    const deploy = await reader.resolveKind('deployment');
    const names = async (labelSelector: string) =>
      (await reader.list(deploy, { labelSelector })).map((d) => d.metadata.name).sort();
    expect(await names('tier=backend')).toEqual(['api']);
    expect(await names('tier!=backend')).toEqual(['ui']);
    expect(await names('app in (api,ui),tier')).toEqual(['api', 'ui']);
    expect(await names('!tier')).toEqual([]);
  });

  it('rejects malformed YAML with the file and line, as an unreadable snapshot', async () => {
    const error = await SnapshotReader.load(join(FIXTURES, 'malformed')).catch((e) => e);
    expect(error).toMatchObject({ code: 'unreadable', exitCode: 3 });
    expect(error.message).toMatch(/broken\.yaml:\d+: malformed YAML/);
  });

  it('rejects documents that are not Kubernetes objects, and paths that do not exist', async () => {
    await expect(SnapshotReader.load(join(FIXTURES, 'not-k8s'))).rejects.toMatchObject({
      code: 'unreadable',
    });
    await expect(SnapshotReader.load(join(FIXTURES, 'nope'))).rejects.toThrow(/no such file or directory/);
  });
});

describe('resolving kinds like kubectl', () => {
  it.each([
    ['deploy', 'Deployment'],
    ['deployment', 'Deployment'],
    ['deployments', 'Deployment'],
    ['deployments.apps', 'Deployment'],
    ['deployments.v1.apps', 'Deployment'],
    ['Deployment', 'Deployment'],
    ['ks', 'Kustomization'],
    ['kustomizations.kustomize.toolkit.fluxcd.io', 'Kustomization'],
    ['hr', 'HelmRelease'],
    ['gitrepo', 'GitRepository'],
    ['ocirepo', 'OCIRepository'],
    ['app', 'Application'],
    ['po', 'Pod'],
  ])('%s -> %s', async (input, kind) => {
    const reader = SnapshotReader.fromObjects([]);
    expect((await reader.resolveKind(input)).kind).toBe(kind);
  });

  it('an unknown kind is bad input (exit 2)', async () => {
    const reader = SnapshotReader.fromObjects([]);
    await expect(reader.resolveKind('frobnicator')).rejects.toMatchObject({
      code: 'unknown-kind',
      exitCode: 2,
    });
  });
});

describe('ownerReference cycles', () => {
  it('stop the walk with a warning instead of looping', async () => {
    const reader = await SnapshotReader.load(join(FIXTURES, 'owner-cycle'));
    const index = new ClusterIndex(reader);
    await index.load([
      { group: 'apps', kind: 'ReplicaSet' },
      { group: '', kind: 'Pod' },
    ]);
    const pod = index.get('', 'Pod', 'demo', 'loop-pod');
    if (!pod) throw new Error('fixture pod missing');
    const result = traceObject(pod, index);
    expect(result.warnings.join('\n')).toMatch(/ownerReference cycle/);
    expect(result.chain.map((l) => l.name)).toEqual(['loop-b', 'loop-a', 'loop-pod']);
    expect(result.managed).toBe('never-managed');
  });
});
