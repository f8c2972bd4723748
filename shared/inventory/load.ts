// Loading a whole cluster into one index: each kind listed once. First the delivery kinds (exactly
// as a single trace loads them), then every other kind worth tracing, then any kind a deployer's
// inventory names that we did not list yet (CRDs the cluster serves).
import { CubScoutError } from '../errors/index.js';
import type { ClusterIndex, KindRequest } from '../index/cluster-index.js';
import { listedEntries } from '../index/inventory-entries.js';
import type { OnProgress } from '../progress.js';
import { groupKindKey, groupOf } from '../reader/types.js';
import { defaultInventoryKinds, FIRST_PASS, inventoryRequest, isSkippedKind } from './kinds.js';

export interface LoadOptions {
  onProgress?: OnProgress;
  /** Read the namespaced everyday kinds from this namespace only (`cub-scout snapshot -n`); the
   * delivery kinds are always read cluster-wide, since a chain crosses namespaces. */
  namespace?: string;
}

/** List every relevant kind into `index` (kinds already loaded are not listed again). */
export async function loadInventory(index: ClusterIndex, options: LoadOptions = {}): Promise<void> {
  const report = options.onProgress;
  await loadReporting(index, FIRST_PASS, report, 'delivery kinds');
  await loadReporting(index, defaultInventoryKinds(options.namespace), report, 'kinds');
  // Kinds named in inventories (custom resources a Kustomization applied) that we have not listed.
  const known = new Set<string>();
  const extra: KindRequest[] = [];
  for (const obj of index.all()) known.add(groupKindKey(groupOf(obj.apiVersion), obj.kind));
  for (const obj of index.all()) {
    if (!['Kustomization', 'HelmRelease', 'Application'].includes(obj.kind)) continue;
    for (const entry of listedEntries(obj)) {
      const key = groupKindKey(entry.group, entry.kind);
      if (known.has(key) || isSkippedKind(entry.group, entry.kind) || index.state(entry.group, entry.kind))
        continue;
      known.add(key);
      extra.push(inventoryRequest(entry.group, entry.kind));
    }
  }
  if (extra.length) await loadReporting(index, extra, report, 'kinds named in inventories');
  // Every kind refused or failed (no rights at all, a server URL that is not one): an empty answer
  // would read as "all clear". Nothing read is an unreadable cluster.
  if (!index.readAnything())
    throw new CubScoutError(
      'unreadable',
      `nothing could be read from ${index.source}${index.warnings[0] ? `: ${index.warnings[0]}` : ''}`,
    );
  report?.({ phase: 'load', message: `loaded ${index.size} objects`, objects: index.size });
}

async function loadReporting(
  index: ClusterIndex,
  requests: KindRequest[],
  report: OnProgress | undefined,
  what: string,
): Promise<void> {
  let done = 0;
  await Promise.all(
    requests.map(async (request) => {
      await index.load([request]);
      done++;
      const count = index.list(request.group, request.kind).length;
      report?.({
        phase: 'load',
        message: `loading ${what}: ${count} ${request.kind} (${index.size} objects)`,
        done,
        total: requests.length,
        objects: index.size,
      });
    }),
  );
}
