// Helm release storage (Secrets, or ConfigMaps of Helm's ConfigMap driver) in a snapshot. The index
// keeps a reduced release (metadata and the names of the objects in its manifest); a snapshot file
// must hold what a reader decodes on load, so the reduction is written back in Helm's own storage
// format (base64 of gzip of release JSON, in `data.release`; a Secret base64-encodes it once more),
// holding nothing but that reduction: no values (`config`), no templates, no chart files, no
// manifest bodies. Any reader of Helm releases, ours included, reads it back.
import { gzipSync } from 'node:zlib';
import { stringify } from 'yaml';
import { HELM_RELEASE_FIELD, type ReducedHelmRelease } from './index/secrets.js';
import type { KubeObject } from './reader/types.js';

/** A reduced release Secret or ConfigMap ready for a snapshot file: the reduced release re-encoded
 * as `data.release`. */
export function helmStorageForSnapshot(reduced: KubeObject): KubeObject {
  const { [HELM_RELEASE_FIELD]: kept, ...secret } = reduced;
  const reduction = kept as ReducedHelmRelease | undefined;
  if (!reduction?.ok) return secret as KubeObject; // undecodable: the reader reports it again
  const summary = reduction.release;
  const manifest = summary.objects
    .map((o) =>
      stringify({
        apiVersion: o.apiVersion,
        kind: o.kind,
        metadata: { name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}) },
      }),
    )
    .map((doc) => `---\n${doc}`)
    .join('');
  const info: Record<string, string> = { status: summary.status };
  if (summary.firstDeployed) info.first_deployed = summary.firstDeployed;
  if (summary.lastDeployed) info.last_deployed = summary.lastDeployed;
  if (summary.description) info.description = summary.description;
  const json = JSON.stringify({
    name: summary.name,
    namespace: summary.namespace,
    version: summary.version,
    info,
    chart: { metadata: summary.chart },
    manifest,
  });
  // Helm stores base64(gzip(json)); the Secret encoding adds the outer base64.
  const helmEncoded = gzipSync(Buffer.from(json)).toString('base64');
  const release = reduced.kind === 'Secret' ? Buffer.from(helmEncoded).toString('base64') : helmEncoded;
  return { ...(secret as KubeObject), data: { release } };
}
