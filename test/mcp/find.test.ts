// Finding an object from a name alone (shared/find.ts), which trace_resource uses: the kinds it
// searches, the one-workload rule, candidates otherwise.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../shared/engine.js';
import { chooseTarget, describeFound, findObjects, similarNames } from '../../shared/find.js';

async function demoIndex() {
  return (await Engine.open({ demo: true })).index;
}

describe('findObjects', () => {
  it('finds every workload, Service and GitOps object of a name across namespaces', async () => {
    const found = await findObjects(await demoIndex(), { name: 'web' });
    expect(found.map(describeFound).sort()).toEqual([
      'Deployment/web -n demo',
      'Kustomization/web -n flux-system',
      'Service/web -n demo',
    ]);
  });

  it('narrows by kind (as typed) and namespace', async () => {
    const index = await demoIndex();
    expect((await findObjects(index, { name: 'web', kind: 'ks' })).map(describeFound)).toEqual([
      'Kustomization/web -n flux-system',
    ]);
    expect((await findObjects(index, { name: 'web', namespace: 'demo' })).map(describeFound).sort()).toEqual([
      'Deployment/web -n demo',
      'Service/web -n demo',
    ]);
    await expect(findObjects(index, { name: 'web', kind: 'frobnicator' })).rejects.toThrow(/unknown kind/);
  });

  it('suggests similar names when nothing matches', async () => {
    const index = await demoIndex();
    expect(await findObjects(index, { name: 'ngin' })).toEqual([]);
    expect(similarNames(index, { name: 'ngin' }).map(describeFound)).toContain('Deployment/nginx -n demo');
  });
});

describe('chooseTarget', () => {
  const deploy = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'x', namespace: 'a' };
  const service = { apiVersion: 'v1', kind: 'Service', name: 'x', namespace: 'a' };
  const ks = {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    name: 'x',
    namespace: 'flux-system',
  };

  it('takes a single match, or a workload over its companions in its namespace', () => {
    expect(chooseTarget([])).toBeUndefined();
    expect(chooseTarget([ks])).toEqual({ target: ks, alsoMatched: [] });
    expect(chooseTarget([deploy, service])).toEqual({ target: deploy, alsoMatched: [service] });
  });

  it('leaves the choice to the user across namespaces, kinds of objects, or several workloads', () => {
    expect(chooseTarget([deploy, ks])).toEqual({ candidates: [deploy, ks] });
    expect(chooseTarget([deploy, { ...service, namespace: 'b' }])).toHaveProperty('candidates');
    expect(chooseTarget([deploy, { ...deploy, namespace: 'b' }])).toHaveProperty('candidates');
  });
});
