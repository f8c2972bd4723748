// Objects by the Helm release that rendered them (annotations `meta.helm.sh/release-name` and
// `meta.helm.sh/release-namespace`), so a release's objects are a lookup.
import type { KubeObject } from '../reader/types.js';
import { appendTo } from './multimap.js';

export const RELEASE_NAME = 'meta.helm.sh/release-name';
export const RELEASE_NAMESPACE = 'meta.helm.sh/release-namespace';

export function releaseKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export function buildHelmReleaseIndex(objects: Iterable<KubeObject>): Map<string, KubeObject[]> {
  const byRelease = new Map<string, KubeObject[]>();
  for (const obj of objects) {
    const name = obj.metadata.annotations?.[RELEASE_NAME];
    if (!name) continue;
    const namespace = obj.metadata.annotations?.[RELEASE_NAMESPACE] ?? obj.metadata.namespace ?? '';
    const key = releaseKey(namespace, name);
    appendTo(byRelease, key, obj);
  }
  return byRelease;
}
