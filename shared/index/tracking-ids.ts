// Argo CD tracking ids (`<app>:<group>/<kind>:<namespace>/<name>`, app part `<appNs>_<app>` with
// apps in any namespace) indexed by application, so "what does this Application track" is a lookup.
import type { KubeObject } from '../reader/types.js';

export const TRACKING_ID = 'argocd.argoproj.io/tracking-id';

export interface TrackingId {
  app: string;
  group: string;
  kind: string;
  namespace: string;
  name: string;
}

export function parseTrackingId(value: string): TrackingId | undefined {
  const match = /^([^:]+):([^/]*)\/([^:]+):([^/]*)\/(.+)$/.exec(value);
  if (!match) return undefined;
  const [, app = '', group = '', kind = '', namespace = '', name = ''] = match;
  return { app, group, kind, namespace, name };
}

/** application (as written in the id) -> objects whose tracking id names them and that app. */
export function buildTrackingIndex(objects: Iterable<KubeObject>): Map<string, KubeObject[]> {
  const byApp = new Map<string, KubeObject[]>();
  for (const obj of objects) {
    const value = obj.metadata.annotations?.[TRACKING_ID];
    if (!value) continue;
    const id = parseTrackingId(value);
    if (!id) continue;
    let list = byApp.get(id.app);
    if (!list) {
      list = [];
      byApp.set(id.app, list);
    }
    list.push(obj);
  }
  return byApp;
}
