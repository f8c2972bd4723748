// Argo CD tracking ids (`<app>:<group>/<kind>:<namespace>/<name>`, app part `<appNs>_<app>` with
// apps in any namespace) indexed by application, so "what does this Application track" is a lookup.
import type { KubeObject } from '../reader/types.js';
// One parser for tracking ids, the Argo CD module's, so that batch lookups and traces agree.
import { parseTrackingId, TRACKING_ID } from '../trace/argo-tracking.js';
import { appendTo } from './multimap.js';

/** application (as written in the id) -> objects whose tracking id names them and that app. */
export function buildTrackingIndex(objects: Iterable<KubeObject>): Map<string, KubeObject[]> {
  const byApp = new Map<string, KubeObject[]>();
  for (const obj of objects) {
    const value = obj.metadata.annotations?.[TRACKING_ID];
    if (!value) continue;
    const id = parseTrackingId(value);
    if (!id) continue;
    appendTo(byApp, id.app, obj);
  }
  return byApp;
}
