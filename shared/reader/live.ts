// The live backend: a real cluster through the kubeconfig, read-only (GET requests only, never a
// watch, never a write). Kinds come from discovery, cached for the life of the reader; lists are
// paginated and restart once when their continue token expires (410 Gone); metadata-only lists ask
// for PartialObjectMetadataList so that the index does not download whole objects it only needs
// the labels and ownerReferences of. Secrets and ConfigMaps are only ever fetched whole through a
// label selector or when their metadata shows that a trace reads their data (Helm release storage,
// argocd-cm), and reduced (index/reduce.ts) before they are kept: their data never stays in memory.
import { CubScoutError, unknownKind } from '../errors/index.js';
import { dataIsRead, hasSensitiveData, reduceObject } from '../index/reduce.js';
import { matchKinds } from './builtin-kinds.js';
import { type DiscoveryKey, readDiscovery, writeDiscovery } from './discovery-cache.js';
import { type KubeconfigOptions, loadKubeconfig, type ResolvedKubeconfig } from './kubeconfig.js';
import { discoverKinds } from './live-discovery.js';
import { type ApiResponse, formatBytes, KubeHttp, type TimeoutOptions } from './live-http.js';
import {
  apiVersionOf,
  type ClusterReader,
  type KindForOptions,
  type KindInfo,
  type KubeObject,
  type ListOptions,
  type LogOptions,
} from './types.js';

export interface ListLimits {
  /** Objects per page (default 500, like kubectl). */
  pageSize?: number;
  /** Pages one list may take (default 10,000: five million objects at 500 a page). */
  maxListPages?: number;
  /** Bytes one list may bring, all pages together (default 1 GiB). */
  maxListBytes?: number;
}

export interface LiveReaderOptions extends KubeconfigOptions, TimeoutOptions, ListLimits {}

const METADATA_LIST_ACCEPT =
  'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
const METADATA_ACCEPT = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';
const DEFAULT_PAGE_SIZE = 500;
const DEFAULT_MAX_LIST_PAGES = 10_000;
const DEFAULT_MAX_LIST_BYTES = 1 << 30;

export async function openLiveReader(options: LiveReaderOptions): Promise<ClusterReader> {
  return new LiveReader(loadKubeconfig(options), options);
}

export class LiveReader implements ClusterReader {
  readonly source: string;
  private readonly http: KubeHttp;
  private readonly pageSize: number;
  private readonly maxListPages: number;
  private readonly maxListBytes: number;
  private kinds: Promise<KindInfo[]> | undefined;
  /** Whether the kinds came from the disk cache (and may miss a CRD installed since). */
  private fromDisk = false;

  constructor(
    readonly kube: ResolvedKubeconfig,
    options: TimeoutOptions & ListLimits = {},
  ) {
    this.source = `context ${kube.context}`;
    this.http = new KubeHttp(kube, options);
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    this.maxListPages = options.maxListPages ?? DEFAULT_MAX_LIST_PAGES;
    this.maxListBytes = options.maxListBytes ?? DEFAULT_MAX_LIST_BYTES;
  }

  close(): void {
    this.http.close();
  }

  /** Discovery: from the disk cache when fresh (discovery-cache.ts), else from the server (then
   * saved). A failed discovery is not cached, so the next call retries. */
  private discovered(): Promise<KindInfo[]> {
    if (!this.kinds) {
      const cached = readDiscovery(this.discoveryKey());
      if (cached) {
        this.fromDisk = true;
        this.kinds = Promise.resolve(cached);
      } else this.kinds = this.discoverNow();
    }
    return this.kinds;
  }

  private discoveryKey(): DiscoveryKey {
    const cluster = this.kube.config.getCurrentCluster();
    return { server: this.kube.server, ca: cluster?.caData ?? cluster?.caFile ?? '' };
  }

  private discoverNow(): Promise<KindInfo[]> {
    this.fromDisk = false;
    const kinds = discoverKinds(this.http).then((found) => {
      writeDiscovery(this.discoveryKey(), found);
      return found;
    });
    kinds.catch(() => {
      if (this.kinds === kinds) this.kinds = undefined;
    });
    this.kinds = kinds;
    return kinds;
  }

  /** Kinds from the disk cache may be older than a CRD: ask the server again, once per reader. */
  async refreshKinds(): Promise<boolean> {
    await this.discovered();
    if (!this.fromDisk) return false;
    await this.discoverNow();
    return true;
  }

  async resolveKind(input: string): Promise<KindInfo> {
    let matches = matchKinds(input, await this.discovered());
    if (matches.length === 0 && (await this.refreshKinds()))
      matches = matchKinds(input, await this.discovered());
    if (matches.length === 0) throw unknownKind(input, `the server at ${this.http.where} does not serve it`);
    if (matches.length > 1) {
      const names = matches.map((k) => `${k.plural}.${k.group || 'core'}`).join(', ');
      throw new CubScoutError('ambiguous', `kind "${input}" is ambiguous: ${names}`);
    }
    return matches[0] as KindInfo;
  }

  async kindFor(group: string, kind: string, options: KindForOptions = {}): Promise<KindInfo | undefined> {
    const find = (kinds: KindInfo[]) => kinds.find((k) => k.group === group && k.kind === kind);
    const found = find(await this.discovered());
    if (found || !options.named || !(await this.refreshKinds())) return found;
    return find(await this.discovered());
  }

  async get(kind: KindInfo, name: string, namespace?: string): Promise<KubeObject | undefined> {
    const path = `${resourcePath(kind, kind.namespaced ? (namespace ?? 'default') : undefined)}/${encodeURIComponent(name)}`;
    const sensitive = hasSensitiveData(kind.group, kind.kind);
    // Secrets and ConfigMaps: metadata first, and the whole object only when a trace reads its data.
    let response = await this.http.get(path, {}, sensitive ? METADATA_ACCEPT : 'application/json');
    if (response.status === 404) return undefined;
    if (response.status !== 200) throw this.failure(response, 'get', kind);
    if (sensitive && dataIsRead(kind.kind, (response.body as KubeObject)?.metadata ?? { name })) {
      response = await this.http.get(path);
      if (response.status === 404) return undefined;
      if (response.status !== 200) throw this.failure(response, 'get', kind);
    }
    return reduceObject(withKind(response.body as KubeObject, kind));
  }

  async readWhole<T>(
    kind: KindInfo,
    name: string,
    namespace: string | undefined,
    use: (obj: KubeObject) => T,
  ): Promise<T | undefined> {
    const path = `${resourcePath(kind, kind.namespaced ? (namespace ?? 'default') : undefined)}/${encodeURIComponent(name)}`;
    const response = await this.http.get(path);
    if (response.status === 404) return undefined;
    if (response.status !== 200) throw this.failure(response, 'get', kind);
    return use(withKind(response.body as KubeObject, kind));
  }

  async list(kind: KindInfo, options: ListOptions = {}): Promise<KubeObject[]> {
    const namespace = kind.namespaced ? options.namespace : undefined;
    const path = resourcePath(kind, namespace);
    // A Secret or ConfigMap list is whole only when a label selector narrows it to what a trace
    // reads (owner=helm, argocd-cm); any other is metadata only, whoever asks.
    const metadataOnly =
      options.metadataOnly || (hasSensitiveData(kind.group, kind.kind) && !options.labelSelector);
    const accept = metadataOnly ? METADATA_LIST_ACCEPT : 'application/json';
    let restarted = false;
    for (;;) {
      const objects: KubeObject[] = [];
      let token = '';
      let expired = false;
      // A server whose paging never ends (the same token again, or a fresh one forever) must not
      // keep us listing: a token seen before is an error at once, and pages and bytes are bounded.
      const tokens = new Set<string>();
      let pages = 0;
      let bytes = 0;
      do {
        const query: Record<string, string> = { limit: String(this.pageSize) };
        if (token) query.continue = token;
        if (options.labelSelector) query.labelSelector = options.labelSelector;
        if (options.fieldSelector) query.fieldSelector = options.fieldSelector;
        const response = await this.http.get(path, query, accept);
        if (response.status === 410 && token) {
          // The continue token outlived etcd's compaction: start the list again, once.
          expired = true;
          break;
        }
        if (response.status !== 200) throw this.failure(response, 'list', kind);
        pages++;
        bytes += response.bytes;
        if (bytes > this.maxListBytes)
          throw this.endless(kind, `is larger than ${formatBytes(this.maxListBytes)} after ${pages} pages`);
        for (const item of (response.body?.items as KubeObject[] | undefined) ?? [])
          objects.push(reduceObject(withKind(item, kind)));
        token = typeof response.body?.metadata?.continue === 'string' ? response.body.metadata.continue : '';
        if (token && tokens.has(token))
          throw this.endless(kind, `returned a continue token it had given before (page ${pages} again)`);
        tokens.add(token);
        if (token && pages >= this.maxListPages)
          throw this.endless(kind, `takes more than ${this.maxListPages} pages`);
      } while (token);
      if (!expired) return objects;
      if (restarted) {
        throw new CubScoutError(
          'unreadable',
          `${this.http.where}: listing ${describe(kind)} expired twice (410 Gone); the cluster changes too fast to list it`,
        );
      }
      restarted = true;
    }
  }

  async logs(namespace: string, pod: string, options: LogOptions): Promise<string> {
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`;
    const query: Record<string, string> = {
      container: options.container,
      tailLines: String(options.tailLines),
      limitBytes: String(options.limitBytes),
    };
    if (options.previous) query.previous = 'true';
    const response = await this.http.getText(path, query);
    if (response.status === 200) return String(response.body ?? '');
    const what = `read the log of pod ${namespace}/${pod} container ${options.container}`;
    switch (response.status) {
      case 403:
        throw new CubScoutError('forbidden', `cannot ${what}: forbidden: ${response.message}`);
      case 404:
        throw new CubScoutError('not-found', `cannot ${what}: ${response.message}`);
      default:
        // 400: the container is waiting to start, has no previous instance, the pod has no node...
        throw new CubScoutError('unreadable', `cannot ${what}: ${response.message}`);
    }
  }

  private endless(kind: KindInfo, what: string): CubScoutError {
    return new CubScoutError(
      'unreadable',
      `${this.http.where}: listing ${describe(kind)} ${what}; giving up`,
    );
  }

  private failure(response: ApiResponse, verb: string, kind: KindInfo): CubScoutError {
    const what = `${verb} ${describe(kind)}`;
    switch (response.status) {
      case 401:
        return new CubScoutError(
          'unreadable',
          `${this.http.where} rejected the credentials: ${response.message}`,
        );
      case 403:
        return new CubScoutError('forbidden', `cannot ${what}: forbidden: ${response.message}`);
      case 404:
        return new CubScoutError('not-served', `cannot ${what}: the server does not serve it`);
      default:
        return new CubScoutError('unreadable', `cannot ${what} from ${this.http.where}: ${response.message}`);
    }
  }
}

/** `deployments.apps`, the way kubectl names a resource. */
function describe(kind: KindInfo): string {
  return kind.group ? `${kind.plural}.${kind.group}` : kind.plural;
}

function resourcePath(kind: KindInfo, namespace: string | undefined): string {
  const root = kind.group ? `/apis/${kind.group}/${kind.version}` : `/api/${kind.version}`;
  const ns = namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${root}${ns}/${kind.plural}`;
}

/** List items come without apiVersion/kind, and metadata-only items claim to be
 * meta.k8s.io/v1 PartialObjectMetadata: give every object its real kind, as a snapshot has it. */
function withKind(obj: KubeObject, kind: KindInfo): KubeObject {
  if (typeof obj !== 'object' || obj === null) return obj; // the index skips it with a warning
  const { apiVersion: _apiVersion, kind: _kind, metadata, ...rest } = obj;
  return { apiVersion: apiVersionOf(kind), kind: kind.kind, metadata: metadata ?? { name: '' }, ...rest };
}
