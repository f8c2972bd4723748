// The live reader's protocol handling against a stand-in API server: discovery (aggregated and
// legacy), kind resolution like kubectl, pagination, 410 Gone, metadata-only lists, errors and
// time limits. The same reader runs against the real kube-apiserver in test/live.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CubScoutError } from '../../shared/errors/index.js';
import { openLiveReader } from '../../shared/reader/live.js';
import type { ClusterReader } from '../../shared/reader/types.js';
import { type FakeApiServer, type FakeOptions, startFakeApiServer } from '../helpers/fake-apiserver.js';

let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function readerFor(
  options: FakeOptions = {},
  extra: Record<string, unknown> = {},
): Promise<ClusterReader> {
  server = await startFakeApiServer(options);
  const dir = mkdtempSync(join(tmpdir(), 'cub-scout-live-'));
  return openLiveReader({ kubeconfig: server.kubeconfig(dir), ...extra });
}

async function thrown(promise: Promise<unknown>): Promise<CubScoutError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CubScoutError);
  return error as CubScoutError;
}

describe('live reader: kinds through discovery', () => {
  for (const legacyDiscovery of [false, true]) {
    const mode = legacyDiscovery ? 'legacy' : 'aggregated';
    it(`resolves short names, plurals, singular and group-qualified names (${mode} discovery)`, async () => {
      const reader = await readerFor({ legacyDiscovery });
      for (const input of ['deploy', 'deployments', 'deployment', 'Deployment', 'deployments.apps']) {
        expect((await reader.resolveKind(input)).kind).toBe('Deployment');
      }
      const ks = await reader.resolveKind('ks');
      expect(ks).toMatchObject({
        group: 'kustomize.toolkit.fluxcd.io',
        version: 'v1',
        plural: 'kustomizations',
      });
      expect((await reader.resolveKind('ns')).namespaced).toBe(false);
      expect(await reader.kindFor('argoproj.io', 'Application')).toBeUndefined();
      expect((await reader.kindFor('apps', 'Deployment'))?.version).toBe('v1');
      expect((await thrown(reader.resolveKind('widgets'))).code).toBe('unknown-kind');
    });
  }

  it('asks discovery once per reader', async () => {
    const reader = await readerFor();
    await reader.resolveKind('deploy');
    await reader.resolveKind('cm');
    await reader.kindFor('apps', 'Deployment');
    expect(server?.requests.filter((r) => r.path === '/apis')).toHaveLength(1);
  });
});

describe('live reader: lists', () => {
  it('pages through a list with limit and continue', async () => {
    const reader = await readerFor({}, { pageSize: 2 });
    const cm = await reader.resolveKind('cm');
    const objects = await reader.list(cm, { namespace: 'demo' });
    expect(objects.map((o) => o.metadata.name)).toEqual(['cm-0', 'cm-1', 'cm-2', 'cm-3', 'cm-4']);
    expect(objects.every((o) => o.apiVersion === 'v1' && o.kind === 'ConfigMap')).toBe(true);
    const pages = server?.requests.filter((r) => r.path === '/api/v1/namespaces/demo/configmaps') ?? [];
    expect(pages.map((r) => r.query.get('limit'))).toEqual(['2', '2', '2']);
    expect(pages.map((r) => r.query.get('continue'))).toEqual([null, '2', '4']);
  });

  it('restarts a list once when the continue token expires (410 Gone)', async () => {
    const reader = await readerFor({}, { pageSize: 2 });
    const cm = await reader.resolveKind('cm');
    if (server) server.expireNextContinue = 1;
    const objects = await reader.list(cm);
    expect(objects).toHaveLength(5);
    const firstPages = server?.requests.filter(
      (r) => r.path === '/api/v1/configmaps' && !r.query.get('continue'),
    );
    expect(firstPages).toHaveLength(2);
  });

  it('gives up with a clear error when the list expires again', async () => {
    const reader = await readerFor({}, { pageSize: 2 });
    const cm = await reader.resolveKind('cm');
    if (server) server.expireNextContinue = 2;
    const error = await thrown(reader.list(cm));
    expect(error.message).toContain('410 Gone');
  });

  it('asks for PartialObjectMetadataList and returns the objects under their real kind', async () => {
    const reader = await readerFor();
    const cm = await reader.resolveKind('cm');
    const objects = await reader.list(cm, { namespace: 'demo', metadataOnly: true });
    const request = server?.requests.find((r) => r.path === '/api/v1/namespaces/demo/configmaps');
    expect(request?.accept).toContain('as=PartialObjectMetadataList;g=meta.k8s.io;v=v1');
    expect(objects[0]).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm-0' } });
    expect(objects[0]).not.toHaveProperty('data');
  });

  it('sends the label selector to the server', async () => {
    const reader = await readerFor();
    await reader.list(await reader.resolveKind('cm'), { labelSelector: 'owner=helm' });
    expect(server?.requests.at(-1)?.query.get('labelSelector')).toBe('owner=helm');
  });

  it('turns 403 into forbidden and 404 into not-served', async () => {
    const reader = await readerFor();
    const secrets = await reader.resolveKind('secrets');
    const forbidden = await thrown(reader.list(secrets));
    expect(forbidden.code).toBe('forbidden');
    expect(forbidden.message).toContain('cannot list secrets');
    const ks = await reader.resolveKind('ks');
    expect((await thrown(reader.list(ks))).code).toBe('not-served');
  });
});

describe('live reader: get', () => {
  it('returns the object, undefined when it does not exist, and forbidden on 403', async () => {
    const reader = await readerFor();
    const cm = await reader.resolveKind('cm');
    expect((await reader.get(cm, 'cm-1', 'demo'))?.metadata.uid).toBe('uid-1');
    expect(await reader.get(cm, 'nope', 'demo')).toBeUndefined();
    const secrets = await reader.resolveKind('secret');
    expect((await thrown(reader.get(secrets, 'top-secret', 'demo'))).code).toBe('forbidden');
  });
});

describe('live reader: credentials and time limits', () => {
  it('sends the kubeconfig token', async () => {
    const reader = await readerFor({ token: 'fake-token' });
    await reader.resolveKind('deploy');
    expect(server?.requests[0]?.authorization).toBe('Bearer fake-token');
  });

  it('runs exec credential plugins', async () => {
    const credential = JSON.stringify({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      status: { token: 'from-exec-plugin' },
    });
    server = await startFakeApiServer({ token: 'from-exec-plugin' });
    const dir = mkdtempSync(join(tmpdir(), 'cub-scout-live-'));
    const exec = {
      apiVersion: 'client.authentication.k8s.io/v1',
      command: process.execPath,
      args: ['-e', `process.stdout.write(${JSON.stringify(credential)})`],
      interactiveMode: 'Never',
    };
    const reader = await openLiveReader({ kubeconfig: server.kubeconfig(dir, { exec }) });
    expect((await reader.resolveKind('deploy')).kind).toBe('Deployment');
  });

  it('reports rejected credentials in one line', async () => {
    server = await startFakeApiServer({ token: 'right' });
    const dir = mkdtempSync(join(tmpdir(), 'cub-scout-live-'));
    const reader = await openLiveReader({ kubeconfig: server.kubeconfig(dir, { token: 'wrong' }) });
    const error = await thrown(reader.resolveKind('deploy'));
    expect(error.message).toMatch(/rejected the credentials/);
    expect(error.exitCode).toBe(3);
  });

  it('fails fast, naming server and context, when nothing listens', async () => {
    server = await startFakeApiServer();
    const dir = mkdtempSync(join(tmpdir(), 'cub-scout-live-'));
    const file = server.kubeconfig(dir, { token: 'x' }, 'gone');
    const url = server.url;
    await server.close();
    server = undefined;
    const started = Date.now();
    const reader = await openLiveReader({ kubeconfig: file });
    const error = await thrown(reader.resolveKind('deploy'));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain(url);
    expect(error.message).toContain('context gone');
    expect(error.message).not.toContain('\n');
  });

  it('gives up within the connect timeout on a port that accepts but never completes TLS', async () => {
    const silent = createServer(() => undefined); // accepts TCP, never speaks
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const dir = mkdtempSync(join(tmpdir(), 'cub-scout-live-'));
    const file = join(dir, 'silent.kubeconfig');
    writeFileSync(
      file,
      JSON.stringify({
        clusters: [{ name: 'c', cluster: { server: `https://127.0.0.1:${port}` } }],
        users: [{ name: 'u', user: { token: 't' } }],
        contexts: [{ name: 'silent', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'silent',
      }),
    );
    try {
      const reader = await openLiveReader({ kubeconfig: file, connectTimeoutMs: 500 });
      const started = Date.now();
      const error = await thrown(reader.resolveKind('deploy'));
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(error.message).toMatch(/no connection within 0.5 s/);
    } finally {
      silent.close();
    }
  });

  it('gives up on a server that never answers', async () => {
    const reader = await readerFor({ hangOn: '/apis' }, { requestTimeoutMs: 500 });
    const started = Date.now();
    const error = await thrown(reader.resolveKind('deploy'));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.code).toBe('unreachable');
    expect(error.message).toMatch(/no answer to \/apis within 0.5 s/);
  });
});
