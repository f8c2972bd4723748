// Hostile or broken API servers end a run within the reader's limits, with one line naming the
// server and the context: a port that accepts and stays silent, a slow drip, a list that never
// answers, a huge answer, and paging that never ends. Limits are set short through options here;
// the defaults are the same mechanism with longer numbers.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../shared/engine.js';
import { CubScoutError } from '../../shared/errors/index.js';
import { loadKubeconfig } from '../../shared/reader/kubeconfig.js';
import { LiveReader, type LiveReaderOptions, openLiveReader } from '../../shared/reader/live.js';
import { type FakeApiServer, type FakeOptions, startFakeApiServer } from '../helpers/fake-apiserver.js';

let server: FakeApiServer | undefined;
let silent: { server: Server; sockets: Socket[] } | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const socket of silent?.sockets ?? []) socket.destroy();
  silent?.server.close();
  silent = undefined;
});

async function readerFor(options: FakeOptions, limits: LiveReaderOptions = {}) {
  server = await startFakeApiServer(options);
  const dir = mkdtempSync(join(tmpdir(), 'cub-scout-limits-'));
  return openLiveReader({ kubeconfig: server.kubeconfig(dir), ...limits });
}

/** The error a promise rejects with, and how long it took to. */
async function failure(promise: Promise<unknown>): Promise<{ error: CubScoutError; seconds: number }> {
  const started = Date.now();
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CubScoutError);
  return { error: error as CubScoutError, seconds: (Date.now() - started) / 1000 };
}

function expectOneLineNaming(error: CubScoutError, url: string, context: string) {
  expect(error.message).toContain(url);
  expect(error.message).toContain(`context ${context}`);
  expect(error.message).not.toContain('\n');
  expect(error.exitCode).toBe(3);
}

describe('live reader: slow and silent servers', () => {
  it('a plain-http port that accepts and never answers fails within the first-byte limit', async () => {
    const sockets: Socket[] = [];
    const listener = createServer((socket) => sockets.push(socket)); // accepts, says nothing
    silent = { server: listener, sockets };
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const address = listener.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const dir = mkdtempSync(join(tmpdir(), 'cub-scout-limits-'));
    const file = join(dir, 'silent.kubeconfig');
    writeFileSync(
      file,
      JSON.stringify({
        clusters: [{ name: 'c', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'u', user: { token: 't' } }],
        contexts: [{ name: 'silent', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'silent',
      }),
    );
    const reader = await openLiveReader({ kubeconfig: file, firstByteTimeoutMs: 500 });
    const { error, seconds } = await failure(reader.resolveKind('deploy'));
    expect(seconds).toBeLessThan(3);
    expect(error.code).toBe('unreachable');
    expect(error.message).toMatch(/no answer .* within 0.5 s/);
    expectOneLineNaming(error, url, 'silent');
  });

  it('a response that drips a byte at a time fails at the low-speed limit', async () => {
    const reader = await readerFor({ dripOn: '/apis' }, { lowSpeedWindowMs: 500 });
    const { error, seconds } = await failure(reader.resolveKind('deploy'));
    expect(seconds).toBeLessThan(3);
    expect(error.message).toMatch(/too slow/);
    expectOneLineNaming(error, server?.url ?? '', 'fake');
  });

  it('one list that never answers fails the whole-cluster view in one line, not after minutes', async () => {
    server = await startFakeApiServer({ hangOn: '/api/v1/configmaps' });
    const dir = mkdtempSync(join(tmpdir(), 'cub-scout-limits-'));
    const reader = new LiveReader(loadKubeconfig({ kubeconfig: server.kubeconfig(dir) }), {
      firstByteTimeoutMs: 500,
    });
    const engine = new Engine(reader);
    const { error, seconds } = await failure(engine.pipelines());
    expect(seconds).toBeLessThan(3);
    expect(error.message).toMatch(/no answer to \/api\/v1\/configmaps within 0.5 s/);
    expectOneLineNaming(error, server.url, 'fake');
  });

  it('an answer larger than the response limit is refused while it streams', async () => {
    const reader = await readerFor(
      { hugeOn: { path: '/api/v1/namespaces/demo/configmaps', bytes: 64 << 20 } },
      { maxResponseBytes: 1 << 20 },
    );
    const cm = await reader.resolveKind('cm');
    const { error, seconds } = await failure(reader.list(cm, { namespace: 'demo' }));
    expect(seconds).toBeLessThan(3);
    expect(error.message).toMatch(/larger than 1 MiB/);
    expectOneLineNaming(error, server?.url ?? '', 'fake');
  });

  it('a gzip answer that unpacks past the response limit is refused', async () => {
    const reader = await readerFor(
      { gzipOn: { path: '/api/v1/namespaces/demo/configmaps', bytes: 32 << 20 } },
      { maxResponseBytes: 1 << 20 },
    );
    const cm = await reader.resolveKind('cm');
    const { error } = await failure(reader.list(cm, { namespace: 'demo' }));
    expect(error.message).toMatch(/unpacks to more than 1 MiB/);
    expectOneLineNaming(error, server?.url ?? '', 'fake');
  });
});

describe('live reader: paging that never ends', () => {
  it('a continue token that comes back unchanged is an error, on the second page', async () => {
    const reader = await readerFor({ endlessContinue: 'same' });
    const cm = await reader.resolveKind('cm');
    const { error } = await failure(reader.list(cm));
    expect(error.message).toMatch(/continue token .* again/);
    expectOneLineNaming(error, server?.url ?? '', 'fake');
    const pages = server?.requests.filter((r) => r.path === '/api/v1/configmaps') ?? [];
    expect(pages).toHaveLength(2);
  });

  it('a fresh token on every page stops at the page limit', async () => {
    const reader = await readerFor({ endlessContinue: 'fresh' }, { maxListPages: 20 });
    const cm = await reader.resolveKind('cm');
    const { error } = await failure(reader.list(cm));
    expect(error.message).toMatch(/more than 20 pages/);
    expect(server?.requests.filter((r) => r.path === '/api/v1/configmaps')).toHaveLength(20);
  });

  it('a list that grows past the byte limit stops there', async () => {
    const reader = await readerFor({ endlessContinue: 'fresh' }, { maxListBytes: 4096 });
    const cm = await reader.resolveKind('cm');
    const { error } = await failure(reader.list(cm));
    expect(error.message).toMatch(/larger than 4 KiB/);
    const pages = server?.requests.filter((r) => r.path === '/api/v1/configmaps').length ?? 0;
    expect(pages).toBeGreaterThan(1);
    expect(pages).toBeLessThan(20);
  });
});
