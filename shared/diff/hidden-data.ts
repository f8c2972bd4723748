// Secret and ConfigMap data in a diff: key names only, never a value. Secrets hold credentials, and
// ConfigMaps often hold what Helm values rendered into them, so both sides of a diff (the rendered
// manifest, last-applied-configuration, the live object) pass through here the moment they are
// read: every value becomes the same placeholder, so keys compare and values never leave.
import type { KubeObject } from '../reader/types.js';
import { LAST_APPLIED } from './compare.js';

export const HIDDEN = '(value hidden)';
const DATA_FIELDS = ['data', 'stringData', 'binaryData'];

export function hasHiddenData(kind: unknown): boolean {
  return kind === 'Secret' || kind === 'ConfigMap';
}

/** A copy of a Secret or ConfigMap with every data value replaced (Secret stringData counts as
 * data: the server stores it there); any other object as it is. */
export function hideData<T extends Record<string, unknown>>(obj: T): T {
  if (!hasHiddenData(obj.kind)) return obj;
  const copy: Record<string, unknown> = { ...obj };
  const keys: Record<string, string> = {};
  for (const field of DATA_FIELDS) {
    const data = copy[field];
    delete copy[field];
    if (!data || typeof data !== 'object') continue;
    const target = field === 'binaryData' ? 'binaryData' : 'data';
    if (target === 'binaryData') copy.binaryData = placeholders(data as object);
    else for (const key of Object.keys(data as object)) keys[key] = HIDDEN;
  }
  if (Object.keys(keys).length > 0) copy.data = keys;
  const metadata = copy.metadata as KubeObject['metadata'] | undefined;
  if (metadata?.annotations?.[LAST_APPLIED] !== undefined) {
    const annotations = { ...metadata.annotations };
    delete annotations[LAST_APPLIED];
    copy.metadata = { ...metadata, annotations };
  }
  return copy as T;
}

function placeholders(data: object): Record<string, string> {
  return Object.fromEntries(Object.keys(data).map((key) => [key, HIDDEN]));
}

/** The last-applied-configuration of an object, parsed, its data hidden; undefined when absent or
 * not a JSON object. Read before hideData drops the annotation. */
export function lastAppliedOf(obj: KubeObject): Record<string, unknown> | undefined {
  const text = obj.metadata?.annotations?.[LAST_APPLIED];
  if (typeof text !== 'string' || text === '(redacted)') return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
    return hideData({ kind: obj.kind, ...(parsed as Record<string, unknown>) });
  } catch {
    return undefined;
  }
}
