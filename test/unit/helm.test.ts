// Helm: release Secrets reduced on the way into the index, standalone release chains, several
// revisions, a corrupt payload, and release facts on a Flux HelmRelease link.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { Engine } from '../../shared/engine.js';
import { HELM_RELEASE_FIELD, reduceSecret } from '../../shared/index/secrets.js';
import type { KubeObject } from '../../shared/reader/types.js';
import { chainNames, DEMO_DIR, scenarioPath, traceScenario } from '../helpers/scenario.js';

function releaseSecrets(): KubeObject[] {
  const text = readFileSync(join(scenarioPath('helm-revisions'), 'release-secrets.yaml'), 'utf8');
  return parseAllDocuments(text).map((d) => d.toJS() as KubeObject);
}

describe('reduceSecret', () => {
  it('keeps release metadata and the manifest object list, and drops data and values', () => {
    const secret = releaseSecrets().find(
      (s) => s.metadata.name === 'sh.helm.release.v1.shop.v2',
    ) as KubeObject;
    const reduced = reduceSecret(secret);
    expect(reduced.data).toBeUndefined();
    expect(JSON.stringify(reduced)).not.toContain('CANARY-5f3a');
    expect(reduced[HELM_RELEASE_FIELD]).toMatchObject({
      ok: true,
      release: {
        name: 'shop',
        namespace: 'shop',
        version: 2,
        status: 'deployed',
        chart: { name: 'shop', version: '1.4.0', appVersion: '2.4.0' },
      },
    });
    const objects = (
      reduced[HELM_RELEASE_FIELD] as { release: { objects: { kind: string; name: string }[] } }
    ).release.objects;
    expect(objects.map((o) => `${o.kind}/${o.name}`)).toEqual([
      'Deployment/shop-web',
      'Service/shop-web',
      'Secret/shop-db',
    ]);
  });

  it('turns a corrupt payload into an error marker, never an exception', () => {
    const reduced = reduceSecret({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'helm.sh/release.v1',
      metadata: { name: 'sh.helm.release.v1.x.v1', namespace: 'x', labels: { owner: 'helm', name: 'x' } },
      data: { release: 'bm90LWEtZ3ppcC1wYXlsb2FkIENBTkFSWS01ZjNh' },
    });
    expect(reduced[HELM_RELEASE_FIELD]).toMatchObject({ ok: false });
    expect(JSON.stringify(reduced)).not.toContain('CANARY');
  });

  it('redacts the last-applied copy of a plain Secret but keeps that it was applied with kubectl', () => {
    const reduced = reduceSecret({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 's',
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"p":"CANARY-5f3a"}}' },
      },
      data: { p: 'Q0FOQVJZLTVmM2E=' },
      stringData: { p: 'CANARY-5f3a' },
    });
    expect(JSON.stringify(reduced)).not.toContain('CANARY');
    expect(reduced.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toBe(
      '(redacted)',
    );
  });
});

describe('standalone Helm releases', () => {
  it('shows the newest deployed revision and the failed upgrade above it', async () => {
    const r = await traceScenario('helm-revisions', 'deployment', 'shop-web', 'shop');
    expect(chainNames(r)).toEqual(['Release/shop', 'Deployment/shop-web']);
    expect(r.tool).toBe('helm');
    expect(r.managed).toBe('managed');
    expect(r.fullyManaged).toBe(true);
    expect(r.chain[0]).toMatchObject({
      role: 'release',
      apiVersion: 'helm.sh/v3',
      revision: '2',
      ready: false,
      reason: 'UpgradeFailed',
    });
    expect(r.chain[0]?.details).toMatchObject({
      chart: 'shop',
      chartVersion: '1.4.0',
      appVersion: '2.4.0',
      latestRevision: '3',
      latestStatus: 'failed',
    });
    expect(r.diagnosis).toMatchObject({
      running: 'revision 2',
      expected: 'revision 3',
      stale: true,
      brokenAt: 0,
    });
    expect(r.diagnosis.summary).toMatch(/Upgrade "shop" failed/);
  });

  it('is healthy for a release whose only revision is deployed and lists the object', async () => {
    const r = await traceScenario('helm-revisions', 'statefulset', 'cache-redis', 'shop');
    expect(r.diagnosis.healthy).toBe(true);
    expect(r.chain[0]).toMatchObject({ name: 'cache', ready: true, status: 'deployed' });
    expect(r.evidence?.some((e) => e.kind === 'release' && e.note === 'listed in the release manifest')).toBe(
      true,
    );
  });

  it('matches manifest objects without a namespace to the release namespace', async () => {
    const r = await traceScenario('helm-revisions', 'service', 'shop-web', 'shop');
    expect(r.managed).toBe('managed');
  });

  it('warns about a release Secret whose payload is corrupt and still uses its labels', async () => {
    const r = await traceScenario('helm-corrupt', 'deployment', 'billing', 'billing');
    expect(r.tool).toBe('helm');
    expect(r.managed).toBe('managed');
    expect(r.chain[0]).toMatchObject({ name: 'billing', revision: '4', status: 'deployed' });
    expect(r.warnings.join('\n')).toMatch(/payload cannot be decoded/);
  });

  it('adds the Helm release behind a Flux HelmRelease to its link', async () => {
    // The demo cluster has a Flux HelmRelease with real release Secrets.
    const engine = await Engine.open({ snapshot: DEMO_DIR });
    const result = await engine.trace('deployment', 'podinfo', 'podinfo');
    await engine.close();
    const hr = result.chain.find((l) => l.kind === 'HelmRelease');
    expect(result.tool).toBe('flux');
    expect(hr?.details).toMatchObject({
      releaseRevision: '3',
      releaseStatus: 'deployed',
      chartVersion: '6.7.1',
    });
  });
});
