// Desired vs live, the way a person judges drift: only what the desired state sets is compared (a
// field the server defaulted or populated is not drift), server-owned metadata and status never
// are, and list items are matched by their key (containers by name, ports by port) so that a
// reordered list is not a change. Quantities compare by value (`0.5` is `500m`).
import { fieldPath, indexPath, keyedItemPath } from './field-paths.js';

export interface RawChange {
  path: string;
  change: 'changed' | 'missing' | 'added';
  desired?: unknown;
  live?: unknown;
}

/** Metadata the API server sets or owns: never part of a desired state. */
const SERVER_METADATA = new Set([
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
  'ownerReferences',
  'finalizers',
]);
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Keys list items are matched by, most specific first (strategic merge keys of core kinds). */
const LIST_KEYS = ['name', 'containerPort', 'port', 'mountPath', 'devicePath', 'ip', 'topologyKey', 'key'];

export function compareObjects(desired: Record<string, unknown>, live: Record<string, unknown>): RawChange[] {
  const out: RawChange[] = [];
  for (const [key, value] of Object.entries(desired)) {
    if (key === 'status' || key === 'apiVersion' || key === 'kind') continue;
    if (key === 'metadata' && isMap(value)) {
      compareMetadata(value, isMap(live.metadata) ? live.metadata : {}, out);
      continue;
    }
    compare(value, live[key], key, out);
  }
  return out;
}

function compareMetadata(desired: Record<string, unknown>, live: Record<string, unknown>, out: RawChange[]) {
  for (const [key, value] of Object.entries(desired)) {
    if (SERVER_METADATA.has(key)) continue;
    if (key === 'annotations' && isMap(value)) {
      const { [LAST_APPLIED]: _ignored, ...rest } = value;
      compare(rest, live.annotations, 'metadata.annotations', out);
      continue;
    }
    compare(value, live[key], fieldPath('metadata', key), out);
  }
}

function compare(desired: unknown, live: unknown, path: string, out: RawChange[]): void {
  if (desired === null || desired === undefined) return; // unset in the desired state
  if (isMap(desired)) {
    if (live === undefined || live === null) {
      if (Object.keys(desired).length > 0) out.push({ path, change: 'missing', desired });
      return;
    }
    if (!isMap(live)) {
      out.push({ path, change: 'changed', desired, live });
      return;
    }
    for (const [key, value] of Object.entries(desired)) compare(value, live[key], fieldPath(path, key), out);
    return;
  }
  if (Array.isArray(desired)) {
    if (live === undefined || live === null) {
      if (desired.length > 0) out.push({ path, change: 'missing', desired });
      return;
    }
    if (!Array.isArray(live)) {
      out.push({ path, change: 'changed', desired, live });
      return;
    }
    compareLists(desired, live, path, out);
    return;
  }
  if (live === undefined || live === null) {
    out.push({ path, change: 'missing', desired });
    return;
  }
  if (!sameScalar(desired, live)) out.push({ path, change: 'changed', desired, live });
}

function compareLists(desired: unknown[], live: unknown[], path: string, out: RawChange[]): void {
  const key = listKey(desired, live);
  if (!key) {
    if (desired.length !== live.length) {
      out.push({ path, change: 'changed', desired, live });
      return;
    }
    desired.forEach((item, i) => {
      compare(item, live[i], indexPath(path, i), out);
    });
    return;
  }
  const byKey = new Map(live.map((item) => [String((item as Record<string, unknown>)[key]), item]));
  const wanted = new Set<string>();
  for (const item of desired as Record<string, unknown>[]) {
    const id = String(item[key]);
    wanted.add(id);
    const itemPath = keyedItemPath(path, { [key]: item[key] });
    const match = byKey.get(id);
    if (match === undefined) out.push({ path: itemPath, change: 'missing', desired: item });
    else compare(item, match, itemPath, out);
  }
  for (const item of live as Record<string, unknown>[]) {
    const id = String(item[key]);
    if (!wanted.has(id))
      out.push({ path: keyedItemPath(path, { [key]: item[key] }), change: 'added', live: item });
  }
}

/** The key every item of both lists has, with values unique in each list; undefined: match by position. */
function listKey(desired: unknown[], live: unknown[]): string | undefined {
  if (desired.length === 0 || !desired.every(isMap) || !live.every(isMap)) return undefined;
  return LIST_KEYS.find((key) =>
    [desired, live].every((list) => {
      const values = (list as Record<string, unknown>[]).map((item) => item[key]);
      return (
        values.every((v) => typeof v === 'string' || typeof v === 'number') &&
        new Set(values).size === values.length
      );
    }),
  );
}

function sameScalar(desired: unknown, live: unknown): boolean {
  if (desired === live) return true;
  if (typeof desired === 'object' || typeof live === 'object') return false;
  const a = quantity(desired);
  const b = quantity(live);
  if (a !== undefined && b !== undefined) return Math.abs(a - b) <= Math.abs(a) * 1e-9;
  return false;
}

const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const QUANTITY = /^([+-]?\d+(?:\.\d+)?)(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

/** A Kubernetes quantity (`500m`, `1Gi`, `0.5`, 2) as a number; undefined for anything else. */
function quantity(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const match = QUANTITY.exec(value);
  if (!match) return undefined;
  return Number(match[1]) * (SUFFIX[match[2] ?? ''] ?? 1);
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
