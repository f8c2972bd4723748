// Which Argo CD Application claims an object: the tracking-id annotation (validated), the instance
// label (weak on its own: many Helm charts set app.kubernetes.io/instance too), apps in any namespace
// (`<ns>_<app>`), and the installation id of argocd-cm. Facts: gitops-facts.md §Argo CD.
import type { ClusterIndex, KindRequest } from '../index/cluster-index.js';
import type { Evidence } from '../model/trace-result.js';
import { groupOf, type KubeObject } from '../reader/types.js';
import { annotation, label } from './status.js';

export const ARGO_GROUP = 'argoproj.io';
export const TRACKING_ID = 'argocd.argoproj.io/tracking-id';
export const INSTALLATION_ID = 'argocd.argoproj.io/installation-id';
export const DEFAULT_INSTANCE_LABEL = 'app.kubernetes.io/instance';

/** argocd-cm, found by its standard label so that no other ConfigMap is listed. */
export const ARGO_CM_REQUEST: KindRequest = {
  group: '',
  kind: 'ConfigMap',
  labelSelector: 'app.kubernetes.io/name=argocd-cm',
};

export interface ArgoSettings {
  /** The control-plane namespace (where argocd-cm lives); plain app names in marks refer to it. */
  namespace: string | undefined;
  installationID: string | undefined;
  trackingMethod: string | undefined;
  instanceLabelKey: string;
}

/** Settings per index, read once: every trace asks, and a whole-cluster batch traces every object
 * (scanning all ConfigMaps each time made it quadratic). The index's generation tells whether it
 * changed since. */
const settingsCache = new WeakMap<ClusterIndex, { generation: number; settings: ArgoSettings }>();

export function argoSettings(index: ClusterIndex): ArgoSettings {
  const cached = settingsCache.get(index);
  if (cached && cached.generation === index.generation) return cached.settings;
  const settings = readArgoSettings(index);
  settingsCache.set(index, { generation: index.generation, settings });
  return settings;
}

function readArgoSettings(index: ClusterIndex): ArgoSettings {
  index.need(ARGO_CM_REQUEST);
  // Only the labelled argocd-cm counts: that is the one read, whether all ConfigMaps were listed or not.
  const cm = index
    .list('', 'ConfigMap')
    .find((c) => c.metadata.name === 'argocd-cm' && label(c, 'app.kubernetes.io/name') === 'argocd-cm');
  const data = (cm?.data ?? {}) as Record<string, string>;
  return {
    namespace: cm?.metadata.namespace,
    installationID: data.installationID || undefined,
    trackingMethod: data['application.resourceTrackingMethod'] || undefined,
    instanceLabelKey: data['application.instanceLabelKey'] || DEFAULT_INSTANCE_LABEL,
  };
}

export interface TrackingId {
  app: string;
  group: string;
  kind: string;
  namespace: string;
  name: string;
}

/** `<app>:<group>/<kind>:<namespace>/<name>`; the core group and cluster scope are empty. */
export function parseTrackingId(value: string): TrackingId | undefined {
  const m = /^([^:]+):([^/:]*)\/([^:/]+):([^/]*)\/(.+)$/.exec(value.trim());
  if (!m) return undefined;
  const [, app, group, kind, namespace, name] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return { app, group, kind, namespace, name };
}

/** The app part of a mark: `<appNamespace>_<appName>` with apps in any namespace, else a name in
 * the control-plane namespace. Kubernetes names cannot hold `_`, so the split is unambiguous. */
export interface AppKey {
  namespace: string | undefined;
  name: string;
}

export function parseAppKey(app: string): AppKey {
  const underscore = app.indexOf('_');
  return underscore < 0
    ? { namespace: undefined, name: app }
    : { namespace: app.slice(0, underscore), name: app.slice(underscore + 1) };
}

export function findApp(key: AppKey, index: ClusterIndex, settings: ArgoSettings): KubeObject | undefined {
  const namespace = key.namespace ?? settings.namespace;
  if (namespace) return index.get(ARGO_GROUP, 'Application', namespace, key.name);
  const named = index.list(ARGO_GROUP, 'Application').filter((a) => a.metadata.name === key.name);
  return named.length === 1 ? named[0] : undefined;
}

/** The entry of `status.resources` for `obj`: the entry, null when the list lacks it, undefined
 * when the Application has no list at all (never reconciled). */
// biome-ignore lint/suspicious/noExplicitAny: status.resources entries are untyped
export function resourceEntry(app: KubeObject, obj: KubeObject): any | null | undefined {
  const resources = app.status?.resources;
  if (!Array.isArray(resources)) return undefined;
  const group = groupOf(obj.apiVersion);
  return (
    resources.find(
      (r: { group?: string; kind?: string; namespace?: string; name?: string }) =>
        (r.group ?? '') === group &&
        r.kind === obj.kind &&
        (r.namespace ?? '') === (obj.metadata.namespace ?? '') &&
        r.name === obj.metadata.name,
    ) ?? null
  );
}

/** Applications whose status.resources list each object, per index (built once: a whole-cluster
 * batch asks for every object). Same size rule as the settings cache. */
const listingCache = new WeakMap<ClusterIndex, { size: number; byObject: Map<string, KubeObject[]> }>();

function objectKey(group: string, kind: string, namespace: string, name: string): string {
  return `${group}/${kind}/${namespace}/${name}`;
}

/** Every Application that lists `obj` in status.resources. Two of them mean two apps apply the
 * same object: Argo CD then raises SharedResourceWarning on the one whose mark it lost. */
export function appsListing(obj: KubeObject, index: ClusterIndex): KubeObject[] {
  let cached = listingCache.get(index);
  if (!cached || cached.size !== index.size) {
    const byObject = new Map<string, KubeObject[]>();
    for (const app of index.list(ARGO_GROUP, 'Application')) {
      const resources = Array.isArray(app.status?.resources) ? app.status.resources : [];
      for (const r of resources as { group?: string; kind?: string; namespace?: string; name?: string }[]) {
        if (!r?.kind || !r.name) continue;
        const key = objectKey(r.group ?? '', r.kind, r.namespace ?? '', r.name);
        byObject.set(key, [...(byObject.get(key) ?? []), app]);
      }
    }
    cached = { size: index.size, byObject };
    listingCache.set(index, cached);
  }
  const key = objectKey(groupOf(obj.apiVersion), obj.kind, obj.metadata.namespace ?? '', obj.metadata.name);
  return cached.byObject.get(key) ?? [];
}

export interface Claim {
  /** The Application named by the trusted mark. */
  key: AppKey;
  via: 'annotation' | 'label';
  evidence: Evidence[];
  warnings: string[];
}

/** The Application an object's marks point at, after validation; undefined when no mark counts.
 * Evidence and warnings explain marks that were ignored, even then. */
export function argoClaim(
  obj: KubeObject,
  index: ClusterIndex,
  settings: ArgoSettings,
): {
  claim: Claim | undefined;
  foreign?: AppKey & { installation: string };
  evidence: Evidence[];
  warnings: string[];
} {
  let foreign: (AppKey & { installation: string }) | undefined;
  const evidence: Evidence[] = [];
  const warnings: string[] = [];
  const self = `${obj.kind}/${obj.metadata.name}`;
  const owned = (obj.metadata.ownerReferences?.length ?? 0) > 0;

  let fromAnnotation: AppKey | undefined;
  const trackingValue = annotation(obj, TRACKING_ID);
  if (trackingValue !== undefined) {
    const id = parseTrackingId(trackingValue);
    const installation = annotation(obj, INSTALLATION_ID);
    if (!id) {
      warnings.push(`${self}: malformed ${TRACKING_ID} "${trackingValue}" ignored`);
      evidence.push({
        kind: 'annotation',
        key: TRACKING_ID,
        value: trackingValue,
        note: 'malformed; ignored',
      });
    } else if (!namesObject(id, obj)) {
      warnings.push(
        `${self}: ${TRACKING_ID} names ${id.kind} ${id.namespace ? `${id.namespace}/` : ''}${id.name}, not this object (copied manifest?); ignored`,
      );
      evidence.push({
        kind: 'annotation',
        key: TRACKING_ID,
        value: trackingValue,
        note: 'names another object (copied from another manifest); ignored',
      });
    } else if (owned) {
      evidence.push({
        kind: 'annotation',
        key: TRACKING_ID,
        value: trackingValue,
        note: 'ignored: Argo CD does not track objects that have ownerReferences',
      });
    } else if (settings.installationID && installation !== settings.installationID) {
      foreign = { ...parseAppKey(id.app), installation: installation ?? '(absent)' };
      warnings.push(
        `${self}: tracked by another Argo CD installation (${INSTALLATION_ID} ${installation ?? 'absent'}, argocd-cm installationID ${settings.installationID}): its Application is not visible here`,
      );
      evidence.push({
        kind: 'annotation',
        key: INSTALLATION_ID,
        value: installation ?? '(absent)',
        note: `does not match installationID ${settings.installationID} in argocd-cm`,
      });
    } else {
      fromAnnotation = parseAppKey(id.app);
      evidence.push({ kind: 'annotation', key: TRACKING_ID, value: trackingValue });
      if (installation) evidence.push({ kind: 'annotation', key: INSTALLATION_ID, value: installation });
    }
  }

  let fromLabel: AppKey | undefined;
  const labelValue = label(obj, settings.instanceLabelKey);
  if (labelValue && !owned) {
    const key = parseAppKey(labelValue);
    if (fromAnnotation) {
      if (!sameKey(key, fromAnnotation, settings)) {
        warnings.push(
          `${self}: label ${settings.instanceLabelKey}=${labelValue} disagrees with ${TRACKING_ID} (app ${fromAnnotation.name}); the annotation wins`,
        );
        evidence.push({
          kind: 'label',
          key: settings.instanceLabelKey,
          value: labelValue,
          note: 'disagrees with the tracking-id annotation, which wins',
        });
      } else evidence.push({ kind: 'label', key: settings.instanceLabelKey, value: labelValue });
    } else if (settings.trackingMethod === 'annotation') {
      evidence.push({
        kind: 'label',
        key: settings.instanceLabelKey,
        value: labelValue,
        note: 'ignored: argocd-cm tracks by annotation only',
      });
    } else {
      // The label alone is trusted only when the Application it names exists and lists the object.
      const app = findApp(key, index, settings);
      if (app && resourceEntry(app, obj)) {
        fromLabel = key;
        evidence.push({
          kind: 'label',
          key: settings.instanceLabelKey,
          value: labelValue,
          note: `confirmed: Application ${app.metadata.namespace}/${app.metadata.name} lists it`,
        });
      } else {
        evidence.push({
          kind: 'label',
          key: settings.instanceLabelKey,
          value: labelValue,
          note: 'weak evidence: no Argo CD Application by that name lists this object (Helm charts set this label too)',
        });
      }
    }
  }

  const key = fromAnnotation ?? fromLabel;
  if (!key) return { claim: undefined, ...(foreign ? { foreign } : {}), evidence, warnings };
  return {
    claim: { key, via: fromAnnotation ? 'annotation' : 'label', evidence, warnings },
    evidence,
    warnings,
  };
}

/** Argo CD's own test (controller isSelfReferencedObj): group, kind and name must match, and the
 * namespace too unless the object is cluster-scoped, whose id carries the app's destination
 * namespace (`app:rbac.authorization.k8s.io/ClusterRole:<dest-ns>/reader`). */
function namesObject(id: TrackingId, obj: KubeObject): boolean {
  const namespace = obj.metadata.namespace ?? '';
  return (
    id.group === groupOf(obj.apiVersion) &&
    id.kind === obj.kind &&
    (id.namespace === namespace || namespace === '') &&
    id.name === obj.metadata.name
  );
}

function sameKey(a: AppKey, b: AppKey, settings: ArgoSettings): boolean {
  const ns = (k: AppKey) => k.namespace ?? settings.namespace ?? '';
  return a.name === b.name && ns(a) === ns(b);
}
