// `cub-scout snapshot`: save what the engine reads from a cluster into one file that `--snapshot`
// reads back, so a trace can be repeated offline, shared in a bug report or attached to a ticket.
// Secret data is never written: every Secret goes through the index's reduceSecret, and Helm
// release Secrets keep only release metadata and the names of the objects in their manifest
// (re-encoded the way Helm stores releases, see snapshot-helm.ts).
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { stringify } from 'yaml';
import { ClusterIndex } from './index/cluster-index.js';
import { isHelmReleaseSecret, reduceSecret } from './index/secrets.js';
import { loadInventory } from './inventory/load.js';
import { type ClusterReader, groupOf, type KubeObject, objectKey } from './reader/types.js';
import { helmSecretForSnapshot } from './snapshot-helm.js';

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
