// `cub-scout trace --app <name>`: an Application traced directly, with its resources listed the way
// `argocd app get` lists them (kind, namespace, name, sync status, health). Health comes from what
// Argo CD stored, else from the live object (Argo CD v3 stores none by default).
import type { ClusterIndex, KindRequest } from '../index/cluster-index.js';
import type { TraceResult } from '../model/trace-result.js';
import { ARGO_GROUP } from './argo-tracking.js';
import { computeHealth } from './health.js';
import { type TraceOptions, traceResource } from './trace.js';

export interface AppResource {
  group: string;
  kind: string;
  namespace?: string;
  name: string;
  /** Synced / OutOfSync / Unknown as Argo CD recorded it. */
  sync: string | null;
  health: string | null;
  healthMessage?: string;
  /** Where the health came from: Argo CD's status, the live object, or nowhere. */
  healthSource: 'argo' | 'computed' | 'none';
  /** The object exists in the cluster (null: its kind could not be read). */
  live: boolean | null;
  requiresPruning?: boolean;
  hook?: boolean;
}

export interface AppTrace {
  trace: TraceResult;
  resources: AppResource[];
}

interface ResourceStatus {
  group?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  status?: string;
  health?: { status?: string; message?: string };
  requiresPruning?: boolean;
  hook?: boolean;
}

/** Trace the Application and read its resources' live objects (each kind once). */
export async function traceApplication(
  index: ClusterIndex,
  name: string,
  namespace: string,
  options: TraceOptions = {},
): Promise<AppTrace> {
  const trace = await traceResource(index, 'applications.argoproj.io', name, namespace, options);
  const app = index.get(ARGO_GROUP, 'Application', namespace, name);
  const entries = statusResources(app?.status?.resources);
  const kinds = new Map<string, KindRequest>();
  for (const e of entries)
    kinds.set(`${e.group ?? ''}/${e.kind}`, { group: e.group ?? '', kind: e.kind ?? '' });
  await index.load([...kinds.values()]);
  return { trace, resources: entries.map((e) => appResource(e, index)) };
}

function statusResources(list: unknown): ResourceStatus[] {
  return Array.isArray(list) ? (list as ResourceStatus[]).filter((e) => e?.kind && e.name) : [];
}

function appResource(entry: ResourceStatus, index: ClusterIndex): AppResource {
  const group = entry.group ?? '';
  const kind = entry.kind as string;
  const name = entry.name as string;
  const live = index.get(group, kind, entry.namespace, name);
  const readable = index.readable(group, kind);
  const row: AppResource = {
    group,
    kind,
    name,
    sync: entry.status ?? null,
    health: null,
    healthSource: 'none',
    live: live ? true : readable ? false : null,
  };
  if (entry.namespace) row.namespace = entry.namespace;
  if (entry.requiresPruning) row.requiresPruning = true;
  if (entry.hook) row.hook = true;
  if (entry.health?.status) {
    row.health = entry.health.status;
    row.healthSource = 'argo';
    if (entry.health.message) row.healthMessage = entry.health.message;
  } else if (live) {
    const computed = computeHealth(live);
    if (computed) {
      row.health = computed.status;
      row.healthSource = 'computed';
      if (computed.message) row.healthMessage = computed.message;
    }
  } else if (readable) {
    row.health = 'Missing';
    row.healthSource = 'computed';
  }
  return row;
}
