// `cub-scout snapshot`: save what the engine reads from a cluster into one file that `--snapshot`
// reads back, so a trace can be repeated offline, shared in a bug report or attached to a ticket.
// Secret and ConfigMap data is never written: the index keeps them reduced (index/reduce.ts), and
// Helm release storage keeps only release metadata and the names of the objects in its manifest
// (re-encoded the way Helm stores releases, see snapshot-helm.ts). The file is the user's alone
// (0600), like a kubeconfig: it still names every object of the cluster.
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { stringify } from 'yaml';
import { ClusterIndex } from './index/cluster-index.js';
import { reduceObject } from './index/reduce.js';
import { HELM_RELEASE_FIELD } from './index/secrets.js';
import { loadInventory } from './inventory/load.js';
import { type ClusterReader, groupOf, type KubeObject, objectKey } from './reader/types.js';
import { helmStorageForSnapshot } from './snapshot-helm.js';

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

/** Read the cluster as the whole-cluster view does (loadInventory: the same kinds, the same
 * metadata-only lists, the same handling of refusals), so that a snapshot holds exactly what the
 * engine reads, and traces of it agree with traces of the cluster. */
export async function takeSnapshot(reader: ClusterReader, options: SnapshotOptions = {}): Promise<Snapshot> {
  const index = new ClusterIndex(reader);
  await loadInventory(index, options.namespace ? { namespace: options.namespace } : {});
  const objects = index
    .all()
    .filter((o) => !options.namespace || o.kind !== 'Namespace' || o.metadata.name === options.namespace)
    .map(clean);
  return { objects: objects.sort(byKindThenName), warnings: [...new Set(index.warnings)] };
}

/** Secrets and ConfigMaps reduced (never their data); server bookkeeping that no trace reads left
 * out: the resourceVersion and the field sets of managedFields (who wrote the object and when is kept). */
function clean(obj: KubeObject): KubeObject {
  const core = groupOf(obj.apiVersion) === '';
  const reduced = core ? reduceObject(obj) : obj;
  if (reduced !== obj && HELM_RELEASE_FIELD in reduced) return tidy(helmStorageForSnapshot(reduced));
  return tidy(reduced);
}

function tidy(reduced: KubeObject): KubeObject {
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
    await writePrivate(file, `${JSON.stringify(list, null, 2)}\n`);
    return;
  }
  const header = [
    `# cub-scout snapshot of ${source}, taken ${new Date().toISOString()}.`,
    '# Secret and ConfigMap data is not included. Helm release Secrets and ConfigMaps hold a',
    '# re-encoded release with only its metadata and the names of the objects in its manifest',
    '# (no values, templates or manifests).',
    '# Read it back with: cub-scout trace <kind>/<name> -n <ns> --snapshot <this file>',
    ...snapshot.warnings.map((w) => `# warning: ${w}`),
  ].join('\n');
  const docs = snapshot.objects.map((o) => stringify(o, { lineWidth: 0 }).trimEnd());
  await writePrivate(file, `${header}\n${docs.map((d) => `---\n${d}`).join('\n')}\n`);
}

/** Write a file only its owner can read; an existing file is narrowed to that too (a pipe or a
 * terminal named as the output is left as it is). */
async function writePrivate(file: string, text: string): Promise<void> {
  const handle = await open(file, 'w', 0o600);
  try {
    if ((await handle.stat()).isFile()) await handle.chmod(0o600);
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}
