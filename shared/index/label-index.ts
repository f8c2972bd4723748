// Objects by label key and value: the marks delivery tools stamp (`kustomize.toolkit.fluxcd.io/name`,
// `app.kubernetes.io/instance`, `confighub.com/UnitSlug`) become lookups instead of scans.
import type { KubeObject } from '../reader/types.js';

export class LabelIndex {
  private readonly byPair = new Map<string, KubeObject[]>();

  constructor(objects: Iterable<KubeObject>, keys: readonly string[]) {
    const wanted = new Set(keys);
    for (const obj of objects) {
      const labels = obj.metadata.labels;
      if (!labels) continue;
      for (const key in labels) {
        if (!wanted.has(key)) continue;
        const pair = `${key}=${labels[key]}`;
        let list = this.byPair.get(pair);
        if (!list) {
          list = [];
          this.byPair.set(pair, list);
        }
        list.push(obj);
      }
    }
  }

  /** Objects carrying `key=value`. */
  find(key: string, value: string): KubeObject[] {
    return this.byPair.get(`${key}=${value}`) ?? [];
  }
}

/** The label keys worth indexing: the delivery marks of gitops-facts.md. */
export const MARK_LABELS = [
  'kustomize.toolkit.fluxcd.io/name',
  'helm.toolkit.fluxcd.io/name',
  'resourceset.fluxcd.controlplane.io/name',
  'fluxcd.controlplane.io/name',
  'app.kubernetes.io/instance',
  'app.kubernetes.io/managed-by',
  'confighub.com/UnitSlug',
  'owner',
] as const;
