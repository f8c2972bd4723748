// Flux inventory entries (`<namespace>_<name>_<group>_<kind>`) and Argo CD `status.resources`
// turned into "which deployer lists this object". A listed object that does not exist is a pruning
// gap; an object whose deployer no longer lists it is an orphan.
import type { KubeObject } from '../reader/types.js';
import { appendTo } from './multimap.js';

export interface InventoryEntry {
  group: string;
  kind: string;
  namespace: string;
  name: string;
}

/** Parse a Flux inventory id: split on the first `_` and the last two (names may contain `_`). */
export function parseInventoryId(id: string): InventoryEntry | undefined {
  const first = id.indexOf('_');
  const last = id.lastIndexOf('_');
  const beforeLast = id.lastIndexOf('_', last - 1);
  if (first < 0 || beforeLast <= first) return undefined;
  return {
    namespace: id.slice(0, first),
    name: id.slice(first + 1, beforeLast),
    group: id.slice(beforeLast + 1, last),
    kind: id.slice(last + 1),
  };
}

/** The entries a deployer lists: Flux `status.inventory.entries`, Argo CD `status.resources`. */
export function listedEntries(deployer: KubeObject): InventoryEntry[] {
  const fluxEntries = deployer.status?.inventory?.entries;
  if (Array.isArray(fluxEntries)) {
    return fluxEntries
      .map((e: { id?: string }) => (typeof e?.id === 'string' ? parseInventoryId(e.id) : undefined))
      .filter((e): e is InventoryEntry => !!e);
  }
  const argoResources = deployer.kind === 'Application' ? deployer.status?.resources : undefined;
  if (Array.isArray(argoResources)) {
    return argoResources
      .filter((r: { kind?: string; name?: string }) => r?.kind && r.name)
      .map((r: { group?: string; kind: string; namespace?: string; name: string }) => ({
        group: r.group ?? '',
        kind: r.kind,
        namespace: r.namespace ?? '',
        name: r.name,
      }));
  }
  return [];
}

export function entryKey(e: InventoryEntry): string {
  return `${e.group}/${e.kind}/${e.namespace}/${e.name}`;
}

/** entry key -> the deployers that list it. */
export function buildInventoryIndex(deployers: Iterable<KubeObject>): Map<string, KubeObject[]> {
  const byEntry = new Map<string, KubeObject[]>();
  for (const deployer of deployers) {
    for (const entry of listedEntries(deployer)) {
      const key = entryKey(entry);
      appendTo(byEntry, key, deployer);
    }
  }
  return byEntry;
}
