// Secret data never enters the index: it is dropped on the way in. Helm release Secrets are the one
// exception the engine needs, and they are reduced here to release metadata and the list of objects
// in the rendered manifest (see shared/trace/helm-release.ts), never values (`config`).
import type { KubeObject } from '../reader/types.js';

export const HELM_RELEASE_SECRET_TYPE = 'helm.sh/release.v1';

export function reduceSecret(secret: KubeObject): KubeObject {
  const { data: _data, stringData: _stringData, ...rest } = secret;
  return rest as KubeObject;
}
