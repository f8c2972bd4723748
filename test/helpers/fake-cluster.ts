// The objects a fake API server serves (test/helpers/fake-apiserver.ts `cluster` option): aggregated
// discovery of every built-in kind and of the objects' own kinds, and lists and gets the way a
// kube-apiserver answers them (label selectors, namespaces, limit/continue paging, metadata-only
// PartialObjectMetadataList when the Accept header asks for it, Secret stringData stored as data).
import { BUILTIN_KINDS } from '../../shared/reader/builtin-kinds.js';
import { matchesSelector } from '../../shared/reader/label-selector.js';
import { SnapshotReader } from '../../shared/reader/snapshot.js';
import { apiVersionOf, groupOf, type KindInfo, type KubeObject } from '../../shared/reader/types.js';
import type { FakeRequest } from './fake-apiserver.js';

export class FakeCluster {
  private constructor(
    private readonly kinds: KindInfo[],
    private readonly objects: KubeObject[],
  ) {}

  /** The kinds come as a snapshot reader learns them: the built-in table, CRDs, the objects' kinds. */
  static async create(objects: KubeObject[]): Promise<FakeCluster> {
    const reader = SnapshotReader.fromObjects(objects);
    const kinds = new Map(BUILTIN_KINDS.map((k) => [`${k.group}/${k.kind}`, k]));
    for (const obj of reader.allObjects()) {
      const key = `${groupOf(obj.apiVersion)}/${obj.kind}`;
      const kind = kinds.has(key) ? undefined : await reader.kindFor(groupOf(obj.apiVersion), obj.kind);
      if (kind) kinds.set(key, kind);
    }
    return new FakeCluster([...kinds.values()], reader.allObjects().map(asStored));
  }

  /** APIGroupDiscoveryList of the core group (`/api`) or of every other group (`/apis`). */
  discovery(core: boolean): unknown {
    const groups = new Map<string, KindInfo[]>();
    for (const k of this.kinds) {
      if ((k.group === '') !== core) continue;
      groups.set(k.group, [...(groups.get(k.group) ?? []), k]);
    }
    return {
      kind: 'APIGroupDiscoveryList',
      apiVersion: 'apidiscovery.k8s.io/v2',
      items: [...groups].map(([group, kinds]) => ({
        metadata: { name: group },
        versions: [...new Set(kinds.map((k) => k.version))].map((version) => ({
          version,
          resources: kinds
            .filter((k) => k.version === version)
            .map((k) => ({
              resource: k.plural,
              responseKind: { group, version, kind: k.kind },
              scope: k.namespaced ? 'Namespaced' : 'Cluster',
              singularResource: k.singular,
              shortNames: k.shortNames,
              verbs: ['get', 'list', 'watch'],
            })),
        })),
      })),
    };
  }

  /** A list or a get; anything else is a 404. */
  answer(request: FakeRequest): [number, unknown] {
    const target = this.parse(request.path);
    if (!target) return [404, notFound(request.path)];
    const { kind, namespace, name } = target;
    const metadataOnly = request.accept.includes('as=PartialObjectMetadata');
    const matching = this.objects.filter(
      (o) =>
        o.kind === kind.kind &&
        groupOf(o.apiVersion) === kind.group &&
        (namespace === undefined || o.metadata.namespace === namespace),
    );
    if (name !== undefined) {
      const found = matching.find((o) => o.metadata.name === name);
      return found ? [200, metadataOnly ? partial(found) : found] : [404, notFound(request.path)];
    }
    const selected = matching.filter((o) =>
      matchesSelector(o.metadata.labels, request.query.get('labelSelector') ?? undefined),
    );
    const limit = Number(request.query.get('limit') ?? selected.length) || selected.length;
    const start = Number(request.query.get('continue') ?? 0);
    const page = selected.slice(start, start + limit);
    const next = start + limit < selected.length ? String(start + limit) : undefined;
    return [
      200,
      {
        apiVersion: metadataOnly ? 'meta.k8s.io/v1' : apiVersionOf(kind),
        kind: metadataOnly ? 'PartialObjectMetadataList' : `${kind.kind}List`,
        metadata: next ? { continue: next } : {},
        items: page.map((o) => (metadataOnly ? partial(o) : o)),
      },
    ];
  }

  /** `/api/v1[/namespaces/<ns>]/<plural>[/<name>]`, `/apis/<group>/<version>/...`. */
  private parse(path: string): { kind: KindInfo; namespace?: string; name?: string } | undefined {
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    const [root] = parts;
    const group = root === 'api' ? '' : root === 'apis' ? parts[1] : undefined;
    if (group === undefined) return undefined;
    let rest = parts.slice(root === 'api' ? 2 : 3);
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const [plural, name] = rest;
    const kind = this.kinds.find((k) => k.group === group && k.plural === plural);
    if (!kind || rest.length > 2) return undefined;
    return { kind, ...(namespace !== undefined ? { namespace } : {}), ...(name ? { name } : {}) };
  }
}

/** What the API server stores: a Secret's stringData becomes base64 data. */
function asStored(obj: KubeObject): KubeObject {
  if (obj.kind !== 'Secret' || !obj.stringData) return obj;
  const { stringData, ...rest } = obj;
  const data = { ...((obj.data as Record<string, string> | undefined) ?? {}) };
  for (const [key, value] of Object.entries(stringData as Record<string, string>))
    data[key] = Buffer.from(value).toString('base64');
  return { ...rest, data } as KubeObject;
}

function partial(obj: KubeObject): unknown {
  return { apiVersion: 'meta.k8s.io/v1', kind: 'PartialObjectMetadata', metadata: obj.metadata };
}

function notFound(path: string) {
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: `${path} not found`, code: 404 };
}
