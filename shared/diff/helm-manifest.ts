// The desired state of an object Helm installed: its document in the rendered manifest of the
// release's latest deployed revision. Standalone Helm and Flux's helm-controller both store a normal
// Helm release (a Secret, or a ConfigMap with Helm's ConfigMap driver) in the release namespace, or
// for a Flux HelmRelease in its status.storageNamespace. Storage is found by labels (metadata only);
// the one revision needed is then read whole and only the object's own document is kept: never the
// values (`config`), never the rest of the manifest, and Secret/ConfigMap data as key names only.
import { parseAllDocuments } from 'yaml';
import { oneLine } from '../errors/index.js';
import { decodeReleaseJson, type HelmStorageKind } from '../index/secrets.js';
import { type ClusterReader, groupOf, type KindInfo, type KubeObject } from '../reader/types.js';
import { hideData } from './hidden-data.js';

export const RELEASE_NAME = 'meta.helm.sh/release-name';
export const RELEASE_NAMESPACE = 'meta.helm.sh/release-namespace';
const FLUX_HR_NAME = 'helm.toolkit.fluxcd.io/name';
const FLUX_HR_NAMESPACE = 'helm.toolkit.fluxcd.io/namespace';

export type HelmDesired =
  | { found: true; doc: Record<string, unknown>; from: string; release: string; warnings: string[] }
  | { found: false; release: string; why: string; warnings: string[] };

interface Revision {
  storage: HelmStorageKind;
  kind: KindInfo;
  name: string;
  namespace: string;
  version: number;
  status: string;
}

/** Undefined when the object names no Helm release. */
export async function helmDesired(reader: ClusterReader, live: KubeObject): Promise<HelmDesired | undefined> {
  const name = live.metadata.annotations?.[RELEASE_NAME];
  if (!name) return undefined;
  const warnings: string[] = [];
  const namespaces = await storageNamespaces(reader, live, warnings);
  const release = `${namespaces[0]}/${name}`;
  const revisions = await releaseRevisions(reader, name, namespaces, warnings);
  const chosen = latestDeployed(revisions);
  if (!chosen)
    return { found: false, release, why: `no storage of Helm release ${release} is readable`, warnings };
  if (chosen.status !== 'deployed')
    warnings.push(
      `Helm release ${release} has no deployed revision; using revision ${chosen.version} (${chosen.status})`,
    );
  const from = `Helm release ${chosen.namespace}/${name} revision ${chosen.version} (${chosen.storage} ${chosen.name})`;
  if (!reader.readWhole)
    return { found: false, release, why: `${reader.source} does not hold release manifests`, warnings };
  let picked: Picked | undefined;
  try {
    picked = await reader.readWhole(chosen.kind, chosen.name, chosen.namespace, (storage) =>
      objectDocument(storage, chosen.storage, live, chosen.namespace),
    );
  } catch (e) {
    return { found: false, release, why: `cannot read ${from}: ${oneLine(e)}`, warnings };
  }
  if (!picked) return { found: false, release, why: `${from} disappeared while reading it`, warnings };
  if ('why' in picked) return { found: false, release, why: `${from}: ${picked.why}`, warnings };
  return { found: true, doc: picked.doc, from, release, warnings };
}

/** The release namespace (annotation), then a Flux HelmRelease's storage namespace. */
async function storageNamespaces(
  reader: ClusterReader,
  live: KubeObject,
  warnings: string[],
): Promise<string[]> {
  const own = live.metadata.annotations?.[RELEASE_NAMESPACE] ?? live.metadata.namespace ?? 'default';
  const namespaces = [own];
  const hrName = live.metadata.labels?.[FLUX_HR_NAME];
  const hrNamespace = live.metadata.labels?.[FLUX_HR_NAMESPACE];
  if (hrName && hrNamespace) {
    try {
      const kind = await reader.kindFor('helm.toolkit.fluxcd.io', 'HelmRelease');
      const hr = kind ? await reader.get(kind, hrName, hrNamespace) : undefined;
      const storage = hr?.status?.storageNamespace;
      namespaces.push(typeof storage === 'string' && storage ? storage : hrNamespace);
    } catch (e) {
      warnings.push(`cannot read HelmRelease ${hrNamespace}/${hrName}: ${oneLine(e)}`);
    }
  }
  return [...new Set(namespaces)];
}

async function releaseRevisions(
  reader: ClusterReader,
  name: string,
  namespaces: string[],
  warnings: string[],
): Promise<Revision[]> {
  const revisions: Revision[] = [];
  for (const storage of ['Secret', 'ConfigMap'] as const) {
    const kind = await reader.kindFor('', storage);
    if (!kind) continue;
    for (const namespace of namespaces) {
      try {
        const objects = await reader.list(kind, {
          namespace,
          labelSelector: `owner=helm,name=${name}`,
          metadataOnly: true,
        });
        for (const o of objects) {
          const version = Number(o.metadata.labels?.version);
          if (!Number.isInteger(version)) continue;
          revisions.push({
            storage,
            kind,
            name: o.metadata.name,
            namespace,
            version,
            status: o.metadata.labels?.status ?? 'unknown',
          });
        }
      } catch (e) {
        warnings.push(`cannot list Helm release storage (${storage}s in ${namespace}): ${oneLine(e)}`);
      }
    }
    if (revisions.length > 0) break; // one driver per release
  }
  return revisions;
}

/** The newest deployed revision, else the newest of any status. */
function latestDeployed(revisions: Revision[]): Revision | undefined {
  const newestFirst = [...revisions].sort((a, b) => b.version - a.version);
  return newestFirst.find((r) => r.status === 'deployed') ?? newestFirst[0];
}

type Picked = { doc: Record<string, unknown> } | { why: string };

/** Inside readWhole: decode the payload, find the object's document, keep only it. */
function objectDocument(
  storage: KubeObject,
  driver: HelmStorageKind,
  live: KubeObject,
  releaseNamespace: string,
): Picked {
  const decoded = decodeReleaseJson((storage.data as Record<string, unknown> | undefined)?.release, driver);
  if (!decoded.ok) return { why: decoded.error };
  const manifest = decoded.release.manifest;
  if (typeof manifest !== 'string') return { why: 'the release has no rendered manifest' };
  const group = groupOf(live.apiVersion);
  const namespace = live.metadata.namespace;
  for (const document of parseAllDocuments(manifest)) {
    if (document.errors.length > 0) continue;
    const doc = document.toJS() as Record<string, unknown> | null;
    const metadata = doc?.metadata as Record<string, unknown> | undefined;
    if (!doc || doc.kind !== live.kind || metadata?.name !== live.metadata.name) continue;
    if (typeof doc.apiVersion !== 'string' || groupOf(doc.apiVersion) !== group) continue;
    const docNamespace = typeof metadata.namespace === 'string' ? metadata.namespace : releaseNamespace;
    if (namespace && docNamespace !== namespace) continue;
    if (Object.keys(doc).every((k) => k === 'apiVersion' || k === 'kind' || k === 'metadata'))
      return { why: 'the stored manifest names the object but holds no body (a reduced snapshot?)' };
    return { doc: hideData(doc) };
  }
  return { why: `the rendered manifest has no ${live.kind} ${live.metadata.name}` };
}
