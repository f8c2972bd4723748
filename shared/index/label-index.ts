// Objects by label key and value: the marks delivery tools stamp (`kustomize.toolkit.fluxcd.io/name`,
// `app.kubernetes.io/instance`, `confighub.com/UnitSlug`) become lookups instead of scans.
import type { KubeObject } from '../reader/types.js';

export class LabelIndex {
  /** key -> value -> objects; only the keys asked for at construction are indexed. */
  private readonly byKey = new Map<string, Map<string, KubeObject[]>>();

  constructor(
    objects: Iterable<KubeObject>,
    private readonly keys: readonly string[],
  ) {
    for (const key of keys) this.byKey.set(key, new Map());
    for (const obj of objects) this.add(obj);
  }

  /** Index one object (a lookup per indexed key: cheaper than walking every label it has). */
  add(obj: KubeObject): void {
    const labels = obj.metadata.labels;
    if (!labels) return;
    for (const key of this.keys) {
      const value = labels[key];
      if (value === undefined) continue;
      const byValue = this.byKey.get(key) as Map<string, KubeObject[]>;
      const list = byValue.get(value);
      if (list) list.push(obj);
      else byValue.set(value, [obj]);
    }
  }

  /** Objects carrying `key=value`. */
  find(key: string, value: string): KubeObject[] {
    return this.byKey.get(key)?.get(value) ?? [];
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
