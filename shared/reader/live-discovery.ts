// Which kinds a live cluster serves, from API discovery. Aggregated discovery (one request for all
// groups, Kubernetes 1.26+ and GA in 1.30) is tried first; older servers answer it with a plain
// APIGroupList, and then the per-version resource lists are read (/api/v1, /apis/<group>/<version>).
// Versions come in the server's preference order, so the first version that serves a kind is the
// one kubectl would use.
import { CubScoutError } from '../errors/index.js';
import type { KubeHttp } from './live-http.js';
import type { KindInfo } from './types.js';

const AGGREGATED_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

/** Every kind the server serves, preferred version first, subresources left out. */
export async function discoverKinds(http: KubeHttp): Promise<KindInfo[]> {
  const [core, groups] = await Promise.all([
    request(http, '/api', AGGREGATED_ACCEPT),
    request(http, '/apis', AGGREGATED_ACCEPT),
  ]);
  const kinds = new KindSet();
  if (isAggregated(core) && isAggregated(groups)) {
    for (const group of [...core.items, ...groups.items]) addAggregatedGroup(kinds, group);
    return kinds.all();
  }
  // Legacy discovery: /api lists core versions, /apis the groups with their preferred version first.
  const versions: Array<{ group: string; version: string; path: string }> = [];
  for (const version of (core?.versions as string[] | undefined) ?? ['v1'])
    versions.push({ group: '', version, path: `/api/${version}` });
  // biome-ignore lint/suspicious/noExplicitAny: APIGroupList from the server
  for (const group of (groups?.groups as any[] | undefined) ?? []) {
    const preferred: string | undefined = group.preferredVersion?.version;
    // biome-ignore lint/suspicious/noExplicitAny: APIGroup versions
    const all: string[] = (group.versions ?? []).map((v: any) => v.version as string);
    const ordered = preferred ? [preferred, ...all.filter((v) => v !== preferred)] : all;
    for (const version of ordered)
      versions.push({ group: group.name, version, path: `/apis/${group.name}/${version}` });
  }
  const lists = await Promise.all(versions.map((v) => request(http, v.path, 'application/json', true)));
  versions.forEach((v, i) => {
    // biome-ignore lint/suspicious/noExplicitAny: APIResourceList from the server
    for (const resource of (lists[i]?.resources as any[] | undefined) ?? []) {
      if (typeof resource.name !== 'string' || resource.name.includes('/')) continue;
      kinds.add({
        group: v.group,
        version: v.version,
        kind: resource.kind,
        plural: resource.name,
        singular: resource.singularName || String(resource.kind).toLowerCase(),
        shortNames: resource.shortNames ?? [],
        namespaced: resource.namespaced === true,
      });
    }
  });
  return kinds.all();
}

// biome-ignore lint/suspicious/noExplicitAny: APIGroupDiscovery from the server
function addAggregatedGroup(kinds: KindSet, group: any): void {
  const name: string = group?.metadata?.name ?? '';
  for (const version of group?.versions ?? []) {
    for (const resource of version.resources ?? []) {
      const kind: string | undefined = resource.responseKind?.kind;
      if (!kind || typeof resource.resource !== 'string') continue;
      kinds.add({
        group: name,
        version: version.version,
        kind,
        plural: resource.resource,
        singular: resource.singularResource || kind.toLowerCase(),
        shortNames: resource.shortNames ?? [],
        namespaced: resource.scope === 'Namespaced',
      });
    }
  }
}

// biome-ignore lint/suspicious/noExplicitAny: discovery documents
function isAggregated(doc: any): doc is { items: any[] } {
  return doc?.kind === 'APIGroupDiscoveryList' && Array.isArray(doc.items);
}

/** Kinds by group/kind, the first (preferred) version kept. */
class KindSet {
  private readonly byKey = new Map<string, KindInfo>();

  add(kind: KindInfo): void {
    const key = `${kind.group}/${kind.kind}`;
    if (!this.byKey.has(key)) this.byKey.set(key, kind);
  }

  all(): KindInfo[] {
    return [...this.byKey.values()];
  }
}

// biome-ignore lint/suspicious/noExplicitAny: discovery documents
async function request(http: KubeHttp, path: string, accept: string, optional = false): Promise<any> {
  const response = await http.get(path, {}, accept);
  if (response.status === 200) return response.body;
  // A group version that an aggregated API server no longer serves (metrics-server down) must not
  // stop discovery of the rest: kubectl warns and goes on, so do we.
  if (optional && (response.status === 404 || response.status === 503)) return undefined;
  if (response.status === 401)
    throw new CubScoutError('unreadable', `${http.where} rejected the credentials: ${response.message}`);
  if (response.status === 403)
    throw new CubScoutError(
      'forbidden',
      `${http.where}: discovery of ${path} forbidden: ${response.message}`,
    );
  throw new CubScoutError(
    'unreadable',
    `${http.where}: discovery of ${path} failed: ${response.status} ${response.message}`,
  );
}
