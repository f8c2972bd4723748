// A tiny HTTP stand-in for a kube-apiserver, for unit tests of the live reader's protocol handling
// (discovery formats, pagination, 410 Gone, metadata-only lists, error statuses, timeouts) that a
// real server cannot be made to produce on demand. The live suite (test/live) runs the same reader
// against the real kube-apiserver of the test bed.
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { KubeObject } from '../../shared/reader/types.js';
import { FakeCluster } from './fake-cluster.js';

export interface FakeRequest {
  path: string;
  query: URLSearchParams;
  accept: string;
  authorization: string;
}

export interface FakeApiServer {
  url: string;
  requests: FakeRequest[];
  /** Return 410 Gone for the next request that carries a continue token. */
  expireNextContinue: number;
  close(): Promise<void>;
  /** Write a kubeconfig pointing at this server (plain HTTP, so TLS verification is skipped). */
  kubeconfig(dir: string, user?: Record<string, unknown>, context?: string): string;
}

const CONFIGMAPS = Array.from({ length: 5 }, (_, i) => ({
  metadata: { name: `cm-${i}`, namespace: 'demo', labels: { n: String(i) }, uid: `uid-${i}` },
  data: { key: 'value' },
}));

/** Aggregated discovery of the core group: ConfigMaps, Secrets, Namespaces. */
export const AGGREGATED_CORE = {
  kind: 'APIGroupDiscoveryList',
  items: [
    {
      metadata: { name: '' },
      versions: [
        {
          version: 'v1',
          resources: [
            resource('configmaps', 'ConfigMap', '', 'v1', ['cm']),
            resource('secrets', 'Secret', '', 'v1', []),
            resource('namespaces', 'Namespace', '', 'v1', ['ns'], 'Cluster'),
          ],
        },
      ],
    },
  ],
};

const AGGREGATED_GROUPS = {
  kind: 'APIGroupDiscoveryList',
  items: [
    {
      metadata: { name: 'apps' },
      versions: [
        { version: 'v1', resources: [resource('deployments', 'Deployment', 'apps', 'v1', ['deploy'])] },
      ],
    },
    {
      metadata: { name: 'kustomize.toolkit.fluxcd.io' },
      versions: [
        {
          version: 'v1',
          resources: [
            resource('kustomizations', 'Kustomization', 'kustomize.toolkit.fluxcd.io', 'v1', ['ks']),
          ],
        },
        {
          version: 'v1beta2',
          resources: [
            resource('kustomizations', 'Kustomization', 'kustomize.toolkit.fluxcd.io', 'v1beta2', ['ks']),
          ],
        },
      ],
    },
  ],
};

function resource(
  plural: string,
  kind: string,
  group: string,
  version: string,
  shortNames: string[],
  scope = 'Namespaced',
) {
  return {
    resource: plural,
    responseKind: { group, version, kind },
    scope,
    singularResource: kind.toLowerCase(),
    shortNames,
    verbs: ['get', 'list', 'watch'],
    subresources: [{ subresource: 'status', verbs: ['get'] }],
  };
}

export interface FakeOptions {
  /** Answer discovery the pre-1.26 way (APIVersions, APIGroupList, APIResourceList). */
  legacyDiscovery?: boolean;
  /** Never answer requests to this path (to test the request timeout). */
  hangOn?: string;
  /** Answer this path with headers, then one byte every `dripIntervalMs` (default 50), forever. */
  dripOn?: string;
  dripIntervalMs?: number;
  /** Answer this path with a valid list of about `bytes` bytes (one ConfigMap with a long value). */
  hugeOn?: { path: string; bytes: number };
  /** The same, gzip-compressed (a few kilobytes on the wire that unpack to `bytes`). */
  gzipOn?: { path: string; bytes: number };
  /** The ConfigMap list never ends: the same continue token every page, or a fresh one each time. */
  endlessContinue?: 'same' | 'fresh';
  /** Required bearer token (401 otherwise). */
  token?: string;
  /** Serve these objects instead of the built-in ConfigMaps: discovery of every built-in kind and
   * of the objects' own kinds, lists (label selectors, namespaces, paging, metadata-only) and gets. */
  cluster?: KubeObject[];
  /** Answer 403 to every request, discovery included (credentials with no rights at all). */
  forbidAll?: boolean;
  /** Answer pods/<name>/log: a status and the text (an error status's text is a metav1.Status message). */
  logs?: (pod: string, query: URLSearchParams) => [number, string];
}

export async function startFakeApiServer(options: FakeOptions = {}): Promise<FakeApiServer> {
  const requests: FakeRequest[] = [];
  const state = { expireNextContinue: 0, pages: 0 };
  const cluster = options.cluster ? await FakeCluster.create(options.cluster) : undefined;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const request: FakeRequest = {
      path: url.pathname,
      query: url.searchParams,
      accept: String(req.headers.accept ?? ''),
      authorization: String(req.headers.authorization ?? ''),
    };
    requests.push(request);
    if (options.hangOn === url.pathname) return; // never answer
    if (options.token && request.authorization !== `Bearer ${options.token}`)
      return send(res, 401, status(401, 'Unauthorized'));
    if (options.forbidAll)
      return send(res, 403, status(403, `forbidden: User "fake" cannot get path "${url.pathname}"`));
    if (options.dripOn === url.pathname) return drip(res, options.dripIntervalMs ?? 50);
    if (options.hugeOn?.path === url.pathname) return sendHuge(res, options.hugeOn.bytes);
    if (options.gzipOn?.path === url.pathname) return sendGzipBomb(res, options.gzipOn.bytes);
    const log = /^\/api\/v1\/namespaces\/[^/]+\/pods\/([^/]+)\/log$/.exec(url.pathname);
    if (log && options.logs) {
      const [code, text] = options.logs(decodeURIComponent(log[1] as string), url.searchParams);
      if (code >= 400) return send(res, code, status(code, text));
      res.writeHead(code, { 'Content-Type': 'text/plain' });
      return void res.end(text);
    }
    if (cluster && url.pathname !== '/api' && url.pathname !== '/apis')
      return send(res, ...cluster.answer(request));
    send(res, ...answer(request, options, state, cluster));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    requests,
    get expireNextContinue() {
      return state.expireNextContinue;
    },
    set expireNextContinue(n: number) {
      state.expireNextContinue = n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    kubeconfig(dir, user = { token: 'fake-token' }, context = 'fake') {
      const file = join(dir, `${context}.kubeconfig`);
      writeFileSync(
        file,
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Config',
          clusters: [{ name: 'fake-cluster', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
          users: [{ name: 'fake-user', user }],
          contexts: [
            { name: context, context: { cluster: 'fake-cluster', user: 'fake-user', namespace: 'demo' } },
          ],
          'current-context': context,
        }),
      );
      return file;
    },
  };
}

interface ListState {
  expireNextContinue: number;
  pages: number;
}

function answer(
  request: FakeRequest,
  options: FakeOptions,
  state: ListState,
  cluster: FakeCluster | undefined,
): [number, unknown] {
  const aggregated = request.accept.includes('as=APIGroupDiscoveryList') && !options.legacyDiscovery;
  switch (request.path) {
    case '/api':
      if (cluster) return [200, cluster.discovery(true)];
      return [200, aggregated ? AGGREGATED_CORE : { kind: 'APIVersions', versions: ['v1'] }];
    case '/apis':
      if (cluster) return [200, cluster.discovery(false)];
      return [200, aggregated ? AGGREGATED_GROUPS : legacyGroups()];
    case '/api/v1':
    case '/apis/apps/v1':
    case '/apis/kustomize.toolkit.fluxcd.io/v1':
    case '/apis/kustomize.toolkit.fluxcd.io/v1beta2':
      return [200, legacyResources(request.path)];
    case '/api/v1/namespaces/demo/configmaps':
    case '/api/v1/configmaps':
      if (options.endlessContinue) return endlessPage(state, options.endlessContinue);
      return listConfigMaps(request, state);
    case '/api/v1/namespaces/demo/configmaps/cm-1':
      return [200, { apiVersion: 'v1', kind: 'ConfigMap', ...CONFIGMAPS[1] }];
    case '/api/v1/secrets':
    case '/api/v1/namespaces/demo/secrets/top-secret':
      return [403, status(403, 'secrets is forbidden: User "fake" cannot list resource "secrets"')];
    case '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations':
      return [404, status(404, 'the server could not find the requested resource')];
    default:
      return [404, status(404, `${request.path} not found`)];
  }
}

/** A list whose paging never ends: every page holds the ConfigMaps and a continue token. */
function endlessPage(state: ListState, mode: 'same' | 'fresh'): [number, unknown] {
  state.pages++;
  const token = mode === 'same' ? 'again' : `page-${state.pages}`;
  return [200, { kind: 'ConfigMapList', apiVersion: 'v1', metadata: { continue: token }, items: CONFIGMAPS }];
}

function listConfigMaps(request: FakeRequest, state: ListState): [number, unknown] {
  const token = request.query.get('continue');
  if (token && state.expireNextContinue > 0) {
    state.expireNextContinue--;
    return [410, status(410, 'The provided continue parameter is too old')];
  }
  const limit = Number(request.query.get('limit') ?? '500');
  const start = token ? Number(token) : 0;
  const page = CONFIGMAPS.slice(start, start + limit);
  const next = start + limit < CONFIGMAPS.length ? String(start + limit) : undefined;
  const metadataOnly = request.accept.startsWith('application/json;as=PartialObjectMetadataList');
  const items = metadataOnly
    ? page.map((cm) => ({
        apiVersion: 'meta.k8s.io/v1',
        kind: 'PartialObjectMetadata',
        metadata: cm.metadata,
      }))
    : page;
  return [
    200,
    {
      apiVersion: metadataOnly ? 'meta.k8s.io/v1' : 'v1',
      kind: metadataOnly ? 'PartialObjectMetadataList' : 'ConfigMapList',
      metadata: next ? { continue: next } : {},
      items,
    },
  ];
}

function legacyGroups() {
  return {
    kind: 'APIGroupList',
    groups: [
      { name: 'apps', versions: [{ version: 'v1' }], preferredVersion: { version: 'v1' } },
      {
        name: 'kustomize.toolkit.fluxcd.io',
        versions: [{ version: 'v1beta2' }, { version: 'v1' }],
        preferredVersion: { version: 'v1' },
      },
    ],
  };
}

function legacyResources(path: string) {
  const [group, version] =
    path === '/api/v1' ? ['', 'v1'] : (path.replace('/apis/', '').split('/') as [string, string]);
  const source = group === '' ? AGGREGATED_CORE.items : AGGREGATED_GROUPS.items;
  const versions = source.find((g) => g.metadata.name === group)?.versions ?? [];
  const resources = versions.find((v) => v.version === version)?.resources ?? [];
  return {
    kind: 'APIResourceList',
    groupVersion: group ? `${group}/${version}` : version,
    resources: resources.flatMap((r) => [
      {
        name: r.resource,
        singularName: r.singularResource,
        namespaced: r.scope === 'Namespaced',
        kind: r.responseKind.kind,
        verbs: r.verbs,
        shortNames: r.shortNames,
      },
      {
        name: `${r.resource}/status`,
        singularName: '',
        namespaced: r.scope === 'Namespaced',
        kind: r.responseKind.kind,
        verbs: ['get'],
      },
    ]),
  };
}

function status(code: number, message: string) {
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', message, code };
}

function send(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Headers at once, then a body one byte at a time: a server that answers, too slowly to matter. */
function drip(res: ServerResponse, intervalMs: number): void {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  const timer = setInterval(() => res.write(' '), intervalMs);
  res.on('close', () => clearInterval(timer));
}

/** A valid ConfigMapList that unpacks to about `bytes` bytes. */
function sendGzipBomb(res: ServerResponse, bytes: number): void {
  const list = `{"kind":"ConfigMapList","apiVersion":"v1","metadata":{},"items":[{"metadata":{"name":"bomb"},"data":{"x":"${'x'.repeat(bytes)}"}}]}`;
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
  res.end(gzipSync(list));
}

/** A valid ConfigMapList of about `bytes` bytes, streamed in 1 MiB chunks. */
function sendHuge(res: ServerResponse, bytes: number): void {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.write('{"kind":"ConfigMapList","apiVersion":"v1","metadata":{},"items":[{"metadata":');
  res.write('{"name":"huge","namespace":"demo"},"data":{"big":"');
  const chunk = 'x'.repeat(1 << 20);
  let left = bytes;
  const writeMore = () => {
    while (left > 0) {
      left -= chunk.length;
      if (!res.write(chunk)) return void res.once('drain', writeMore);
    }
    res.end('"}}]}');
  };
  res.on('close', () => {
    left = 0;
  });
  writeMore();
}
