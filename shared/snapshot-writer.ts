// `cub-scout snapshot`: save what the engine reads from a cluster into one file that `--snapshot`
// reads back, so a trace can be repeated offline, shared in a bug report or attached to a ticket.
// Secret data is never written: every Secret goes through the index's reduceSecret, and Helm
// release Secrets keep only release metadata and the names of the objects in their manifest
// (re-encoded the way Helm stores releases, see snapshot-helm.ts).
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { stringify } from 'yaml';
import { isCubScoutError, oneLine } from './errors/index.js';
import type { KindRequest } from './index/cluster-index.js';
import { isHelmReleaseSecret, reduceSecret } from './index/secrets.js';
import { type ClusterReader, groupOf, type KubeObject, objectKey } from './reader/types.js';
import { helmSecretForSnapshot } from './snapshot-helm.js';
import { DELIVERY_KINDS } from './trace/trace.js';

/** Kinds a trace may start from or walk through besides the delivery kinds: workloads and their
 * owners, and the everyday objects GitOps tools apply. */
const OBJECT_KINDS: KindRequest[] = [
  { group: '', kind: 'Namespace' },
  { group: 'apps', kind: 'Deployment' },
  { group: 'apps', kind: 'ReplicaSet' },
  { group: 'apps', kind: 'StatefulSet' },
  { group: 'apps', kind: 'DaemonSet' },
  { group: 'batch', kind: 'Job' },
  { group: 'batch', kind: 'CronJob' },
  { group: '', kind: 'Pod' },
  { group: '', kind: 'Service' },
  { group: '', kind: 'ServiceAccount' },
  { group: '', kind: 'ConfigMap' },
  // Any Secret may be traced, but only its metadata is needed (Helm release Secrets come in full
  // through DELIVERY_KINDS and are reduced).
  { group: '', kind: 'Secret', metadataOnly: true },
  { group: '', kind: 'PersistentVolumeClaim' },
  { group: 'networking.k8s.io', kind: 'Ingress' },
  { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
  { group: 'policy', kind: 'PodDisruptionBudget' },
  { group: 'autoscaling', kind: 'HorizontalPodAutoscaler' },
  { group: 'rbac.authorization.k8s.io', kind: 'Role' },
  { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
];

export interface SnapshotOptions {
  /** Only objects of this namespace; the delivery kinds (Flux, Argo CD, Helm releases) are still
   * read from every namespace, since a chain crosses namespaces. */
  namespace?: string;
}

export interface Snapshot {
  objects: KubeObject[];
  /** Kinds that could not be read (forbidden, failed): the snapshot is incomplete there. */
  warnings: string[];
}

export async function takeSnapshot(reader: ClusterReader, options: SnapshotOptions = {}): Promise<Snapshot> {
  const warnings: string[] = [];
  const byKey = new Map<string, KubeObject>();
  const requests: KindRequest[] = [
    ...OBJECT_KINDS.map((r) =>
      options.namespace && r.kind !== 'Namespace' ? { ...r, namespace: options.namespace } : r,
    ),
    ...DELIVERY_KINDS,
  ];
  const results = await Promise.all(requests.map((request) => readKind(reader, request, warnings)));
  // Later requests (full Helm release Secrets) replace earlier metadata-only copies.
  for (const objects of results) for (const obj of objects) byKey.set(objectKey(obj), clean(obj));
  const objects = [...byKey.values()].filter(
    (o) => !options.namespace || o.kind !== 'Namespace' || o.metadata.name === options.namespace,
  );
  return { objects: objects.sort(byKindThenName), warnings: [...new Set(warnings)] };
}

async function readKind(
  reader: ClusterReader,
  request: KindRequest,
  warnings: string[],
): Promise<KubeObject[]> {
  const what = `${request.kind}${request.group ? `.${request.group}` : ''}`;
  try {
    const kind = await reader.kindFor(request.group, request.kind);
    if (!kind) return []; // not served: Argo CD or Flux not installed
    return await reader.list(kind, {
      ...(request.namespace ? { namespace: request.namespace } : {}),
      ...(request.labelSelector ? { labelSelector: request.labelSelector } : {}),
      ...(request.metadataOnly ? { metadataOnly: true } : {}),
    });
  } catch (e) {
    if (
      isCubScoutError(e) &&
      (e.code === 'unreachable' || e.code === 'unreadable' || e.code === 'no-cluster')
    )
      throw e;
    if (isCubScoutError(e) && e.code === 'not-served') return [];
    warnings.push(`cannot list ${what}: ${oneLine(e)}`);
    return [];
  }
}

/** Secrets reduced (never their data); server bookkeeping that no trace reads left out: the
 * resourceVersion and the field sets of managedFields (who wrote the object and when is kept). */
function clean(obj: KubeObject): KubeObject {
  const secret = obj.kind === 'Secret' && groupOf(obj.apiVersion) === '';
  const reduced = !secret
    ? obj
    : isHelmReleaseSecret(obj)
      ? helmSecretForSnapshot(reduceSecret(obj))
      : reduceSecret(obj);
  const { resourceVersion: _rv, managedFields, ...rest } = reduced.metadata;
  const metadata: KubeObject['metadata'] = rest;
  if (managedFields)
    metadata.managedFields = managedFields.map(({ manager, operation, apiVersion, time, subresource }) => ({
      ...(manager !== undefined ? { manager } : {}),
      ...(operation !== undefined ? { operation } : {}),
      ...(apiVersion !== undefined ? { apiVersion } : {}),
      ...(time !== undefined ? { time } : {}),
      ...(subresource !== undefined ? { subresource } : {}),
    }));
  return { ...reduced, metadata };
}

function byKindThenName(a: KubeObject, b: KubeObject): number {
  return objectKey(a).localeCompare(objectKey(b));
}

/** Write a snapshot: JSON (`kind: List`) for a .json file, else multi-document YAML. */
export async function writeSnapshot(file: string, snapshot: Snapshot, source: string): Promise<void> {
  if (extname(file).toLowerCase() === '.json') {
    const list = { apiVersion: 'v1', kind: 'List', items: snapshot.objects };
    await writeFile(file, `${JSON.stringify(list, null, 2)}\n`);
    return;
  }
  const header = [
    `# cub-scout snapshot of ${source}, taken ${new Date().toISOString()}.`,
    '# Secret data is not included. Helm release Secrets hold a re-encoded release with only its',
    '# metadata and the names of the objects in its manifest (no values, templates or manifests).',
    '# Read it back with: cub-scout trace <kind>/<name> -n <ns> --snapshot <this file>',
    ...snapshot.warnings.map((w) => `# warning: ${w}`),
  ].join('\n');
  const docs = snapshot.objects.map((o) => stringify(o, { lineWidth: 0 }).trimEnd());
  await writeFile(file, `${header}\n${docs.map((d) => `---\n${d}`).join('\n')}\n`);
}
