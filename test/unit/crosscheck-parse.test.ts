// Parsers of the other CLIs' output (trace --via): `flux trace` text captured from flux v2.9.5 on
// the test bed holding the demo cluster, `argocd app get -o json` captured from argocd v3.2.11 (on a
// test bed, and through argocd-server on the real-Argo bed: CUB_SCOUT_CAPTURE_VIA),
// hand-written outputs in the documented formats (multi-line messages, a failing source, a failed
// sync), failed-trace stderr; and random and truncated input, which must never throw.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../bench/generate.js';
import { parseArgocdApp } from '../../shared/crosscheck/argocd-app-parse.js';
import { fluxTraceBlocks, parseFluxTrace } from '../../shared/crosscheck/flux-trace-parse.js';
import type { ResourceRef } from '../../shared/model/trace-result.js';
import { TraceResultSchema } from '../../shared/model/trace-result.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'crosscheck');
const read = (file: string) => readFileSync(join(DIR, file), 'utf8');
const NOW = new Date('2026-11-28T01:00:00Z');
const deployment = (name: string, namespace: string): ResourceRef => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  name,
  namespace,
});
const chainOf = (links: Array<{ role: string; kind: string; name: string }>) =>
  links.map((l) => `${l.role} ${l.kind}/${l.name}`);

function flux(name: string, object: ResourceRef) {
  return parseFluxTrace(read(`flux-trace-${name}.out`), read(`flux-trace-${name}.err`), object, NOW);
}

describe('flux trace text (captured from flux v2.9.5)', () => {
  it('a Deployment of a failing Kustomization: one level, revisions, the failure only in the message', () => {
    const { theirs, warning } = flux('kustomization-failed', deployment('nginx', 'demo'));
    expect(warning).toBeUndefined();
    expect(theirs && chainOf(theirs.chain)).toEqual([
      'source GitRepository/infra-repo',
      'deployer Kustomization/apps',
      'object Deployment/nginx',
    ]);
    expect(theirs?.managed).toBe('managed');
    expect(theirs?.chain[1]).toMatchObject({
      namespace: 'flux-system',
      path: './clusters/prod/apps',
      revision: 'main@sha1:abc1230f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b',
      status: 'Last reconciled at 2026-11-28 00:58:30 +0000 UTC',
      // The text says "Last reconciled" for a failed Kustomization: no readiness is read from it.
      ready: null,
      details: { target: 'demo' },
    });
    expect(theirs?.chain[1]?.message).toMatch(/^kustomization path not found/);
    expect(theirs?.chain[0]).toMatchObject({
      url: 'https://github.com/acme/infra',
      details: { branch: 'main' },
      revision: 'main@sha1:def4560a1b2c3d4e5f60718293a4b5c6d7e8f901',
    });
    expect(theirs?.diagnosis).toMatchObject({
      running: 'main@sha1:abc1230f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b',
      expected: 'main@sha1:def4560a1b2c3d4e5f60718293a4b5c6d7e8f901',
      stale: true,
    });
    expect(() => TraceResultSchema.parse(theirs)).not.toThrow();
  });

  it('a HelmRelease: chart source, HelmChart, HelmRelease, object; a chart version is not compared with a source digest', () => {
    const { theirs } = flux('helmrelease', deployment('podinfo', 'podinfo'));
    expect(theirs && chainOf(theirs.chain)).toEqual([
      'chart-source HelmRepository/podinfo',
      'chart HelmChart/flux-system-podinfo',
      'deployer HelmRelease/podinfo',
      'object Deployment/podinfo',
    ]);
    expect(theirs?.chain[1]?.details).toEqual({ chart: 'podinfo', version: '6.7.x' });
    expect(theirs?.diagnosis).toMatchObject({ running: '6.7.1', expected: null });
  });

  it('an OCI source with its origin annotations', () => {
    const { theirs } = flux('oci', deployment('redis', 'cache'));
    expect(theirs?.chain[0]).toMatchObject({
      kind: 'OCIRepository',
      url: 'oci://ghcr.io/acme/manifests/redis',
      details: {
        tag: '7.4',
        originRevision: 'main@sha1:4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c',
        originSource: 'https://github.com/acme/redis-manifests',
      },
    });
    expect(theirs?.diagnosis.stale).toBe(false);
  });

  it('a Pod: flux trace names the Kustomization of its owner, no owners in between', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', name: 'web-5d8f9c7b6-4kq7m', namespace: 'demo' };
    const { theirs } = flux('pod-owner', pod);
    expect(theirs && chainOf(theirs.chain)).toEqual([
      'source GitRepository/web-repo',
      'deployer Kustomization/web',
      'object Pod/web-5d8f9c7b6-4kq7m',
    ]);
  });

  it('an object Flux does not manage: stderr says so, exit 0: never-managed, not a failure', () => {
    for (const name of ['unmanaged', 'argo']) {
      const { theirs, warning } = flux(name, deployment('x', 'demo'));
      expect(warning).toBeUndefined();
      expect(theirs).toMatchObject({ managed: 'never-managed', tool: 'none' });
      expect(theirs?.chain).toHaveLength(1);
    }
  });
});

describe('flux trace text (documented format)', () => {
  it('multi-line messages keep their lines; a message line that looks like a key stays in the message', () => {
    const blocks = fluxTraceBlocks(read('flux-trace-multiline.out'));
    expect(blocks.map((b) => b[0]?.[0])).toEqual(['Object', 'Kustomization', 'GitRepository']);
    const message = blocks[1]?.find(([k]) => k === 'Message')?.[1];
    expect(message?.split('\n')).toEqual([
      'ConfigMap/shop/broken dry-run failed: ConfigMap "broken" is invalid:',
      'data[not a valid key]: Invalid value: "not a valid key": a valid config key must consist of alphanumeric characters',
      'Status: this line looks like a key but is part of the message',
    ]);
    expect(blocks[1]?.filter(([k]) => k === 'Status')).toHaveLength(1);
  });

  it('a failing Git source (a block padded to another width) reads as not ready', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', name: 'settings', namespace: 'shop' };
    const { theirs } = parseFluxTrace(read('flux-trace-multiline.out'), '', cm, NOW);
    expect(theirs?.chain[0]).toMatchObject({
      kind: 'GitRepository',
      name: 'shop-repo',
      ready: false,
      details: { tag: 'v1.2.3' },
      url: 'ssh://git@example.com/shop.git',
    });
    expect(theirs?.chain[0]?.message).toContain('\nssh: handshake failed');
    expect(theirs?.diagnosis).toMatchObject({ healthy: false, brokenAt: 0 });
  });

  it('a failed trace (the Kustomization is gone) is a one-line warning, not an answer', () => {
    const ks = {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      name: 'gone',
      namespace: 'flux-system',
    };
    const parsed = flux('deployer-gone', ks);
    expect(parsed.theirs).toBeUndefined();
    expect(parsed.warning).toBe(
      'flux trace failed: failed to find kustomization: kustomizations.kustomize.toolkit.fluxcd.io "gone" not found',
    );
  });

  it('empty output, or text without an Object line, is a warning', () => {
    expect(parseFluxTrace('', '', deployment('a', 'b')).warning).toMatch(/no trace/);
    expect(parseFluxTrace('Usage:\n  flux trace [flags]\n', '', deployment('a', 'b')).warning).toMatch(
      /no trace/,
    );
  });
});

describe('argocd app get -o json', () => {
  it('captured from argocd v3.2.11 (an app never synced): no kind in the output, sync and health Unknown', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', name: 'ui', namespace: 'gb' };
    const { theirs, warning } = parseArgocdApp(read('argocd-app-get-unsynced.json'), cm, NOW);
    expect(warning).toBeUndefined();
    expect(theirs?.chain[0]).toMatchObject({
      kind: 'Application',
      name: 'guestbook',
      namespace: 'argocd',
      status: 'Unknown/Unknown',
      path: 'deploy',
      url: 'https://x/y.git',
    });
    expect(theirs?.chain[1]).toMatchObject({ status: 'not listed by the Application', ready: null });
    expect(theirs?.managed).toBe('never-managed');
    expect(() => TraceResultSchema.parse(theirs)).not.toThrow();
  });

  it('captured from argocd v3.2.11 through argocd-server on the real-Argo bed: a Synced app (the server fills in health)', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', name: 'guestbook-ui', namespace: 'argo-guestbook' };
    const { theirs } = parseArgocdApp(read('argocd-app-get-real-guestbook.json'), svc, NOW);
    expect(theirs?.chain.map((l) => [l.kind, l.status, l.ready])).toEqual([
      ['Application', 'Synced/Healthy', true],
      ['Service', 'Synced/Healthy', true],
    ]);
    // Synced at a commit outside the app's path: what runs is the sync revision, not the older history.
    expect(theirs?.diagnosis).toMatchObject({
      running: '8dfa5ea6657838a750fcc91edc2c95425d0097d9',
      expected: '8dfa5ea6657838a750fcc91edc2c95425d0097d9',
      stale: false,
    });
    expect(theirs?.chain[0]).toMatchObject({
      path: 'deploy',
      url: expect.stringMatching(/^git:\/\/127\.0\.0\.1:\d+\/guestbook$/),
    });
  });

  it('captured on the real-Argo bed: an OutOfSync app with auto-sync off runs its last synced commit', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', name: 'blog-settings', namespace: 'argo-blog' };
    const { theirs } = parseArgocdApp(read('argocd-app-get-real-blog.json'), cm, NOW);
    expect(theirs?.chain.map((l) => [l.kind, l.status, l.ready])).toEqual([
      ['Application', 'OutOfSync/Healthy', false],
      ['ConfigMap', 'OutOfSync', false],
    ]);
    expect(theirs?.diagnosis).toMatchObject({
      healthy: false,
      brokenAt: 0,
      running: '8465fcd7fccccc521d52d28eb4daf4f7621a41da',
      expected: 'edfabf8fdf2898fa5d78029f7e9151fbf58ea79b',
      stale: true,
    });
  });

  it('a healthy app (multi-source): the listed Deployment is managed, Synced/Healthy, at the synced commit', () => {
    const { theirs } = parseArgocdApp(
      read('argocd-app-get-healthy.json'),
      deployment('ui', 'guestbook'),
      NOW,
    );
    expect(theirs?.managed).toBe('managed');
    expect(theirs?.chain.map((l) => [l.kind, l.status, l.ready])).toEqual([
      ['Application', 'Synced/Healthy', true],
      ['Deployment', 'Synced/Healthy', true],
    ]);
    expect(theirs?.diagnosis).toMatchObject({
      healthy: true,
      running: 'cccccccccccccccccccccccccccccccccccccccc',
      stale: false,
    });
  });

  it('a failed sync: the app is broken with the operation message (multi-line), the object runs the old commit', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', name: 'shop-settings', namespace: 'argo-shop' };
    const { theirs } = parseArgocdApp(read('argocd-app-get-failed-sync.json'), cm, NOW);
    expect(theirs?.chain[0]).toMatchObject({
      ready: false,
      reason: 'SyncFailed',
      status: 'OutOfSync/Healthy',
    });
    expect(theirs?.chain[0]?.message?.split('\n')).toHaveLength(2);
    expect(theirs?.chain[1]).toMatchObject({ status: 'OutOfSync', ready: false });
    expect(theirs?.diagnosis).toMatchObject({
      brokenAt: 0,
      running: 'a'.repeat(40),
      expected: 'b'.repeat(40),
      stale: true,
    });
  });

  it('not JSON, or JSON that is no Application, is a warning', () => {
    const cm = deployment('x', 'y');
    expect(parseArgocdApp('time="..." level=fatal msg="boom"', cm).warning).toBe('argocd printed no JSON');
    expect(parseArgocdApp('{"items":[]}', cm).warning).toMatch(/not an Application/);
    expect(parseArgocdApp('null', cm).warning).toMatch(/not an Application/);
  });
});

describe('random and truncated input never throws', () => {
  const random = seededRandom(20261202);
  const ALPHABET = 'abcXYZ:-/ \n\t{}[]",0123456789.@✗Object:Status:Message:---Kustomization:';
  const randomText = (n: number) =>
    Array.from({ length: n }, () => ALPHABET[Math.floor(random() * ALPHABET.length)]).join('');
  const fixtures = [
    'flux-trace-kustomization-failed.out',
    'flux-trace-helmrelease.out',
    'flux-trace-oci.out',
    'flux-trace-multiline.out',
    'argocd-app-get-unsynced.json',
    'argocd-app-get-healthy.json',
    'argocd-app-get-failed-sync.json',
    'argocd-app-get-real-guestbook.json',
    'argocd-app-get-real-blog.json',
  ].map(read);
  const inputs = [
    ...Array.from({ length: 150 }, () => randomText(Math.floor(random() * 400))),
    ...fixtures.flatMap((text) =>
      Array.from({ length: 40 }, () => text.slice(0, Math.floor(random() * text.length))),
    ),
    // Fixtures with random bytes overwritten.
    ...fixtures.flatMap((text) =>
      Array.from({ length: 20 }, () => {
        const at = Math.floor(random() * text.length);
        return `${text.slice(0, at)}${randomText(5)}${text.slice(at + 5)}`;
      }),
    ),
    // JSON of the wrong shapes where the parser expects objects and lists.
    ...[null, 1, 'x', [], [null], { metadata: { name: 'a' }, spec: {}, status: 7 }].map((v) =>
      JSON.stringify({ metadata: { name: 'a' }, spec: v, status: { resources: v, history: v, sync: v } }),
    ),
  ];
  const object = deployment('nginx', 'demo');

  it(`${inputs.length} inputs: each parser returns an answer that fits the model, or a warning`, () => {
    for (const input of inputs) {
      for (const parsed of [
        parseFluxTrace(input, '', object, NOW),
        parseFluxTrace('', input, object, NOW),
        parseArgocdApp(input, object, NOW),
      ]) {
        expect(parsed.theirs !== undefined || typeof parsed.warning === 'string').toBe(true);
        if (parsed.theirs) TraceResultSchema.parse(parsed.theirs);
        if (parsed.warning) expect(parsed.warning).not.toContain('\n');
      }
    }
  });
});
