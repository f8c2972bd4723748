// What the index keeps of an object: everything, except the data of Secrets and ConfigMaps, which
// no trace reads and which may hold credentials (Helm's ConfigMap driver stores values, NOTES and
// the rendered Secrets of a release in plain ConfigMaps). Three exceptions, reduced to what a
// trace reads: Helm release storage of either driver (release metadata and manifest object names,
// secrets.ts), and argocd-cm (the three settings argo-tracking.ts reads). Readers apply the same
// rule before they keep anything (the live reader fetches only what it keeps), the index again on
// the way in, the disk cache and snapshot exports take what the index holds.
import type { KubeObject, ObjectMeta } from '../reader/types.js';
import { isHelmReleaseStorage, keepHelmRelease, reduceSecret, withoutLastApplied } from './secrets.js';

export const ARGO_CM_NAME = 'argocd-cm';
/** The settings of argocd-cm that Argo CD tracking depends on (see readArgoSettings). */
const ARGO_SETTINGS_KEYS = [
  'installationID',
  'application.resourceTrackingMethod',
  'application.instanceLabelKey',
];

/** Whether a Secret's or ConfigMap's data holds something a trace reads: Helm release storage and
 * argocd-cm; decided from metadata, so a reader can ask for metadata first. */
export function dataIsRead(kind: string, metadata: ObjectMeta): boolean {
  if (kind === 'Secret') return isHelmReleaseStorage(metadata);
  if (kind === 'ConfigMap') return isHelmReleaseStorage(metadata) || metadata.name === ARGO_CM_NAME;
  return false;
}

/** Kinds whose data is never kept whole. */
export function hasSensitiveData(group: string, kind: string): boolean {
  return group === '' && (kind === 'Secret' || kind === 'ConfigMap');
}

export function reduceObject(obj: KubeObject): KubeObject {
  if (obj.kind === 'Secret') return reduceSecret(obj);
  if (obj.kind === 'ConfigMap') return reduceConfigMap(obj);
  return obj;
}

export function reduceConfigMap(cm: KubeObject): KubeObject {
  const { data, binaryData: _binaryData, ...rest } = cm;
  const reduced = withoutLastApplied(rest as KubeObject);
  if (isHelmReleaseStorage(cm.metadata)) keepHelmRelease(cm, reduced, data, 'ConfigMap');
  else if (cm.metadata.name === ARGO_CM_NAME && data && typeof data === 'object') {
    const settings: Record<string, unknown> = {};
    for (const key of ARGO_SETTINGS_KEYS)
      if (key in data) settings[key] = (data as Record<string, unknown>)[key];
    reduced.data = settings;
  }
  return reduced;
}
