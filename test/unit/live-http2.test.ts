// The live reader over HTTPS the way kube-apiserver serves it: HTTP/2 negotiated by ALPN, every
// request of a trace on one connection, and the same limits as over HTTP/1.1 (first byte, low
// speed, size, gzip). A server that only speaks HTTP/1.1 still works, over keep-alive connections.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http2 from 'node:http2';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { httpStats } from '../../shared/reader/http-stats.js';
import { openLiveReader } from '../../shared/reader/live.js';
import type { ClusterReader } from '../../shared/reader/types.js';
import { AGGREGATED_CORE } from '../helpers/fake-apiserver.js';

const TLS_DIR = join(import.meta.dirname, '..', 'fixtures', 'tls');
const cert = readFileSync(join(TLS_DIR, 'cert.pem'));
const key = readFileSync(join(TLS_DIR, 'key.pem'));

const GROUPS = { kind: 'APIGroupDiscoveryList', items: [] };

type Handler = (
  path: string,
  respond: (status: number, body: Buffer | string, gzip?: boolean) => void,
  raw: { write(b: string): void; stream?: http2.ServerHttp2Stream },
) => boolean;

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

function list(n: number, padding = 0) {
  return JSON.stringify({
    kind: 'ConfigMapList',
    metadata: {},
    items: Array.from({ length: n }, (_, i) => ({
      metadata: { name: `cm-${i}`, namespace: 'demo', annotations: { pad: 'x'.repeat(padding) } },
    })),
  });
}

/** An HTTPS server: HTTP/2 only, or HTTP/1.1 only. Counts TLS connections. */
async function serve(
  protocol: 'h2' | 'http/1.1',
  special: Handler = () => false,
): Promise<{ kubeconfig: string; connections: () => number; reader: () => Promise<ClusterReader> }> {
  let connections = 0;
  const answer = (path: string, respond: (status: number, body: Buffer | string, gzip?: boolean) => void) => {
    if (path === '/api') return respond(200, JSON.stringify(AGGREGATED_CORE));
    if (path === '/apis') return respond(200, JSON.stringify(GROUPS));
    if (path === '/api/v1/configmaps' || path.startsWith('/api/v1/namespaces/')) return respond(200, list(3));
    respond(404, JSON.stringify({ kind: 'Status', message: 'not found' }));
  };
  let server: http2.Http2SecureServer | https.Server;
  if (protocol === 'h2') {
    const h2 = http2.createSecureServer({ cert, key, allowHTTP1: false });
    h2.on('stream', (stream, headers) => {
      const path = String(headers[':path']).split('?')[0] as string;
      const respond = (status: number, body: Buffer | string, gzip = false) => {
        if (stream.destroyed) return;
        stream.respond({
          ':status': status,
          'content-type': 'application/json',
          ...(gzip ? { 'content-encoding': 'gzip' } : {}),
        });
        stream.end(body);
      };
      if (!special(path, respond, { write: (b) => stream.write(b), stream })) answer(path, respond);
    });
    server = h2;
  } else {
    server = https.createServer({ cert, key }, (req, res) => {
      const path = (req.url ?? '/').split('?')[0] as string;
      const respond = (status: number, body: Buffer | string, gzip = false) => {
        res.writeHead(status, {
          'content-type': 'application/json',
          ...(gzip ? { 'content-encoding': 'gzip' } : {}),
        });
        res.end(body);
      };
      if (!special(path, respond, { write: (b) => res.write(b) })) answer(path, respond);
    });
  }
  server.on('secureConnection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const dir = mkdtempSync(join(tmpdir(), 'cub-scout-h2-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'tls',
          cluster: {
            server: `https://127.0.0.1:${port}`,
            'certificate-authority-data': cert.toString('base64'),
          },
        },
      ],
      users: [{ name: 'u', user: { token: 'fake-token' } }],
      contexts: [{ name: 'tls', context: { cluster: 'tls', user: 'u' } }],
      'current-context': 'tls',
    }),
  );
  const readers: ClusterReader[] = [];
  close = async () => {
    for (const r of readers) await r.close?.();
    const s = server as { closeAllConnections?: () => void; close(cb: () => void): void };
    s.closeAllConnections?.();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  return {
    kubeconfig,
    connections: () => connections,
    reader: async () => {
      const r = await openLiveReader({
        kubeconfig,
        firstByteTimeoutMs: 300,
        lowSpeedWindowMs: 300,
        maxResponseBytes: 64 << 10,
      });
      readers.push(r);
      return r;
    },
  };
}

async function listIn(reader: ClusterReader, namespace: string) {
  return reader.list((await reader.kindFor('', 'ConfigMap')) as never, { namespace });
}

describe('live reader over HTTPS', () => {
  for (const protocol of ['h2', 'http/1.1'] as const) {
    it(`${protocol}: twelve parallel lists after discovery take ${protocol === 'h2' ? 'one connection' : 'at most four connections'}`, async () => {
      const server = await serve(protocol);
      const reader = await server.reader();
      const before = httpStats();
      const lists = await Promise.all(Array.from({ length: 12 }, (_, i) => listIn(reader, `ns-${i}`)));
      expect(lists.every((l) => l.length === 3)).toBe(true);
      const after = httpStats();
      expect(after.requests - before.requests).toBe(14); // discovery (2) + 12 lists
      expect(after.rounds - before.rounds).toBe(2); // discovery, then the lists together
      // h2: one connection. HTTP/1.1: the ALPN probe, then the keep-alive agent's few sockets.
      if (protocol === 'h2') expect(server.connections()).toBe(1);
      else expect(server.connections()).toBeLessThanOrEqual(5);
    });
  }

  it('h2: an answer that never starts fails at the first-byte limit', async () => {
    const server = await serve('h2', (path) => path === '/api/v1/namespaces/slow/configmaps');
    const reader = await server.reader();
    await expect(listIn(reader, 'slow')).rejects.toThrow(
      /no answer to \/api\/v1\/namespaces\/slow\/configmaps within 0.3 s/,
    );
  });

  it('h2: a body that drips fails at the low-speed limit', async () => {
    const server = await serve('h2', (path, _respond, raw) => {
      if (path !== '/api/v1/namespaces/drip/configmaps') return false;
      raw.stream?.respond({ ':status': 200 });
      const timer = setInterval(() => (raw.stream?.destroyed ? clearInterval(timer) : raw.write(' ')), 50);
      return true;
    });
    const reader = await server.reader();
    await expect(listIn(reader, 'drip')).rejects.toThrow(/too slow/);
  });

  it('h2: an answer over the size limit, plain or gzip, is refused; the session still serves the next', async () => {
    const server = await serve('h2', (path, respond) => {
      if (path === '/api/v1/namespaces/huge/configmaps') respond(200, list(1, 100 << 10));
      else if (path === '/api/v1/namespaces/bomb/configmaps') respond(200, gzipSync(list(1, 1 << 20)), true);
      else return false;
      return true;
    });
    const reader = await server.reader();
    await expect(listIn(reader, 'huge')).rejects.toThrow(/larger than 64 KiB/);
    await expect(listIn(reader, 'bomb')).rejects.toThrow(/unpacks to more than 64 KiB/);
    expect(await listIn(reader, 'fine')).toHaveLength(3);
    expect(server.connections()).toBe(1);
  });
});
